import crypto from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';

/**
 * The ballot box, rebuilt so that the file's bytes keep the anonymity the schema promised
 * (docs/anonymity.md). SQLite writes each new cell of a b-tree page below the previous ones,
 * so any table written one ballot at a time keeps the arrival order in its cell offsets.
 *
 * - While a poll is open, what arrives goes to staging tables (`ballot_stage`, `receipt_stage`,
 *   `roll_stage`, `named_stage`, `paper_sheet`).
 * - At close, in one transaction, the sealed rows are written in key order into tables that
 *   hold nothing else of the poll — `ballot` keyed (poll_id, seq) with seq given by the sorted
 *   payloads, `poll_voter` and `poll_receipt` and `named_vote` keyed by member or receipt — and
 *   the staging rows are deleted with secure_delete on, so their freed pages are zeroed.
 * - No per-ballot marker of the channel survives: device and paper counts go into the sealed
 *   result; receipts are a list of their own, no longer a column of the ballot.
 * - `poll_entitled` fixes the members entitled to vote when the poll opens.
 *
 * Polls closed before this migration are rewritten the same way here; the old tables are
 * dropped (secure_delete zeroes their pages). Polls open during the upgrade move to staging.
 * Frozen: never edit once landed; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const closed = sql`(SELECT id FROM poll WHERE status IN ('closed', 'released'))`;
  const open = sql`(SELECT id FROM poll WHERE status = 'open')`;
  const statements = [
    // Sealed storage, written in key order at close.
    sql`CREATE TABLE ballot_v4 (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      seq INTEGER NOT NULL CHECK (seq >= 1),
      payload TEXT NOT NULL,
      PRIMARY KEY (poll_id, seq)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE poll_voter_v4 (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      member_id INTEGER NOT NULL REFERENCES member (id),
      PRIMARY KEY (poll_id, member_id)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE poll_receipt (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      receipt TEXT NOT NULL CHECK (length(receipt) = 16),
      PRIMARY KEY (poll_id, receipt)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE named_vote_v4 (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      member_id INTEGER NOT NULL REFERENCES member (id),
      payload TEXT NOT NULL,
      PRIMARY KEY (poll_id, member_id)
    ) STRICT, WITHOUT ROWID`,
    // Fixed when the poll opens: the members present then, and only they, may vote.
    sql`CREATE TABLE poll_entitled (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      member_id INTEGER NOT NULL REFERENCES member (id),
      PRIMARY KEY (poll_id, member_id)
    ) STRICT, WITHOUT ROWID`,
    // Staging while a poll is open; emptied at close.
    sql`CREATE TABLE ballot_stage (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      id TEXT NOT NULL CHECK (length(id) = 32),
      payload TEXT NOT NULL,
      PRIMARY KEY (poll_id, id)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE receipt_stage (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      receipt TEXT NOT NULL CHECK (length(receipt) = 16),
      PRIMARY KEY (poll_id, receipt)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE roll_stage (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      member_id INTEGER NOT NULL REFERENCES member (id),
      channel TEXT NOT NULL CHECK (channel IN ('device', 'paper')),
      PRIMARY KEY (poll_id, member_id)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE named_stage (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      member_id INTEGER NOT NULL REFERENCES member (id),
      ballot_id TEXT NOT NULL,
      PRIMARY KEY (poll_id, member_id)
    ) STRICT, WITHOUT ROWID`,
    // A counted sheet keeps the agreed payload itself until close (no ballot row to point at).
    sql`CREATE TABLE paper_sheet_v4 (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      sheet_no INTEGER NOT NULL CHECK (sheet_no >= 1),
      first_entry TEXT NOT NULL,
      second_entry TEXT,
      counted TEXT,
      PRIMARY KEY (poll_id, sheet_no)
    ) STRICT, WITHOUT ROWID`,

    // Closed polls: ballots sorted by payload, receipts and roll by key.
    sql`INSERT INTO ballot_v4 (poll_id, seq, payload)
      SELECT poll_id, row_number() OVER (PARTITION BY poll_id ORDER BY payload, id), payload
      FROM ballot WHERE poll_id IN ${closed} ORDER BY 1, 2`,
    sql`INSERT INTO poll_receipt (poll_id, receipt)
      SELECT poll_id, receipt FROM ballot WHERE receipt IS NOT NULL AND poll_id IN ${closed} ORDER BY 1, 2`,
    sql`INSERT INTO poll_voter_v4 (poll_id, member_id)
      SELECT poll_id, member_id FROM poll_voter WHERE poll_id IN ${closed} ORDER BY 1, 2`,
    sql`INSERT INTO named_vote_v4 (poll_id, member_id, payload)
      SELECT n.poll_id, n.member_id, b.payload FROM named_vote n JOIN ballot b ON b.id = n.ballot_id
      WHERE n.poll_id IN ${closed} ORDER BY 1, 2`,

    // Polls open during the upgrade: into staging. Their entitled members are those present
    // now and those who already voted; sheets entered without a named hand-out are counted
    // as handed out without a name, so the reconciliation still adds up.
    sql`ALTER TABLE poll ADD COLUMN paper_unnamed INTEGER NOT NULL DEFAULT 0 CHECK (paper_unnamed >= 0)`,
    sql`ALTER TABLE poll ADD COLUMN lowest_present INTEGER CHECK (lowest_present IS NULL OR lowest_present >= 0)`,
    sql`INSERT INTO ballot_stage (poll_id, id, payload)
      SELECT poll_id, id, payload FROM ballot WHERE source = 'device' AND poll_id IN ${open} ORDER BY 1, 2`,
    sql`INSERT INTO receipt_stage (poll_id, receipt)
      SELECT poll_id, receipt FROM ballot WHERE receipt IS NOT NULL AND poll_id IN ${open} ORDER BY 1, 2`,
    sql`INSERT INTO roll_stage (poll_id, member_id, channel)
      SELECT poll_id, member_id, 'device' FROM poll_voter WHERE poll_id IN ${open} ORDER BY 1, 2`,
    sql`INSERT INTO named_stage (poll_id, member_id, ballot_id)
      SELECT poll_id, member_id, ballot_id FROM named_vote WHERE poll_id IN ${open} ORDER BY 1, 2`,
    sql`INSERT INTO paper_sheet_v4 (poll_id, sheet_no, first_entry, second_entry, counted)
      SELECT s.poll_id, s.sheet_no, s.first_entry, s.second_entry, b.payload
      FROM paper_sheet s LEFT JOIN ballot b ON b.id = s.ballot_id WHERE s.poll_id IN ${open} ORDER BY 1, 2`,
    sql`INSERT INTO poll_entitled (poll_id, member_id)
      SELECT p.id, a.member_id FROM poll p JOIN agenda_item i ON i.id = p.agenda_item_id
      JOIN attendance a ON a.meeting_id = i.meeting_id AND a.status = 'present' WHERE p.status = 'open'
      UNION SELECT poll_id, member_id FROM poll_voter WHERE poll_id IN ${open}
      ORDER BY 1, 2`,
    sql`UPDATE poll SET
        present_at_open = (SELECT count(*) FROM poll_entitled e WHERE e.poll_id = poll.id),
        lowest_present = (SELECT count(*) FROM poll_entitled e WHERE e.poll_id = poll.id),
        paper_unnamed = max(coalesce(paper_issued, 0), (SELECT count(*) FROM paper_sheet s WHERE s.poll_id = poll.id))
      WHERE status = 'open'`,

    // Children first (their foreign keys name the old ballot table), then the old tables.
    sql`DROP TABLE named_vote`,
    sql`DROP TABLE paper_sheet`,
    sql`DROP TABLE poll_voter`,
    sql`DROP TABLE ballot`,
    sql`ALTER TABLE ballot_v4 RENAME TO ballot`,
    sql`ALTER TABLE poll_voter_v4 RENAME TO poll_voter`,
    sql`ALTER TABLE named_vote_v4 RENAME TO named_vote`,
    sql`ALTER TABLE paper_sheet_v4 RENAME TO paper_sheet`,

    // Which tally produced a sealed result, and (from version 2) the context it was given.
    sql`ALTER TABLE poll_result ADD COLUMN tally_version INTEGER NOT NULL DEFAULT 1 CHECK (tally_version >= 1)`,
    sql`ALTER TABLE poll_result ADD COLUMN context TEXT`,
  ];
  for (const s of statements) await s.execute(db);
}

const RECEIPT_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/**
 * Copies of the database made before this migration (the automatic backups) still mark
 * paper ballots: `source = 'paper'` and, from 0003, no receipt. Scrub those markers from the
 * closed polls of such a copy — every ballot says 'device', a paper ballot gets a random
 * receipt drawn like a device's — and VACUUM it, so the rewritten cells leave nothing behind.
 * The copy still opens in the version that wrote it, and its seals still verify (the digest
 * never covered source or receipt). Returns false when the file is not such a copy.
 */
export function scrubCopy(file: string): boolean {
  const raw = new BetterSqlite3(file, { fileMustExist: true });
  try {
    const cols = (raw.prepare("SELECT name FROM pragma_table_info('ballot')").all() as { name: string }[]).map((c) => c.name);
    if (!cols.includes('source')) return false;
    raw.pragma('secure_delete = ON');
    const closed = "poll_id IN (SELECT id FROM poll WHERE status IN ('closed', 'released'))";
    raw.transaction(() => {
      raw.prepare(`UPDATE ballot SET source = 'device' WHERE source <> 'device' AND ${closed}`).run();
      if (cols.includes('receipt')) {
        const missing = raw.prepare(`SELECT id FROM ballot WHERE receipt IS NULL AND ${closed}`).all() as { id: string }[];
        const set = raw.prepare('UPDATE ballot SET receipt = ? WHERE id = ?');
        for (const b of missing) set.run(Array.from(crypto.randomBytes(16), (x) => RECEIPT_ALPHABET[x % 32]).join(''), b.id);
      }
    })();
    raw.exec('VACUUM');
    return true;
  } finally {
    raw.close();
  }
}
