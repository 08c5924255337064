import { sql, type Kysely } from 'kysely';

/**
 * Polls, ballots, the roll of who has voted, paper-ballot entry and sealed results.
 *
 * Anonymity is a property of these tables: `ballot` has no member id, no timestamp and
 * no rowid; its key is random, so the table's order says nothing about arrival order.
 * Who has voted (for turnout and "once per poll") lives in `poll_voter`, apart from the
 * ballots, keyed by member so its order says nothing either.
 * Frozen: never edit once landed; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE poll (
      id INTEGER PRIMARY KEY,
      agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (id),
      series_id INTEGER REFERENCES poll (id),
      round INTEGER NOT NULL CHECK (round >= 1),
      kind TEXT NOT NULL CHECK (kind IN ('satisfaction', 'scoring', 'decision', 'appointment', 'selection')),
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
      definition TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'released')),
      auto_close INTEGER NOT NULL DEFAULT 0 CHECK (auto_close IN (0, 1)),
      double_entry INTEGER NOT NULL DEFAULT 0 CHECK (double_entry IN (0, 1)),
      paper_issued INTEGER CHECK (paper_issued IS NULL OR paper_issued >= 0),
      serving_at_open INTEGER,
      present_at_open INTEGER,
      opened_at TEXT,
      closed_at TEXT,
      released_at TEXT,
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX poll_item ON poll (agenda_item_id, round)`,
    sql`CREATE UNIQUE INDEX poll_series_round ON poll (coalesce(series_id, id), round)`,
    sql`CREATE TABLE ballot (
      id TEXT PRIMARY KEY CHECK (length(id) = 32),
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      payload TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('device', 'paper'))
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE INDEX ballot_poll ON ballot (poll_id, id)`,
    sql`CREATE TABLE poll_voter (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      member_id INTEGER NOT NULL REFERENCES member (id),
      PRIMARY KEY (poll_id, member_id)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE named_vote (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      member_id INTEGER NOT NULL REFERENCES member (id),
      ballot_id TEXT NOT NULL REFERENCES ballot (id),
      PRIMARY KEY (poll_id, member_id)
    ) STRICT, WITHOUT ROWID`,
    // One row per paper sheet while the poll is open: what the first and (with double
    // entry) the second clerk typed, and the ballot it became. Purged when the poll closes,
    // so the order in which sheets were entered does not outlive the count.
    sql`CREATE TABLE paper_sheet (
      poll_id INTEGER NOT NULL REFERENCES poll (id),
      sheet_no INTEGER NOT NULL CHECK (sheet_no >= 1),
      first_entry TEXT NOT NULL,
      second_entry TEXT,
      ballot_id TEXT REFERENCES ballot (id),
      PRIMARY KEY (poll_id, sheet_no)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE poll_result (
      poll_id INTEGER PRIMARY KEY REFERENCES poll (id),
      result TEXT NOT NULL,
      ballot_count INTEGER NOT NULL,
      digest TEXT NOT NULL CHECK (length(digest) = 64),
      sealed_at TEXT NOT NULL
    ) STRICT`,
  ];
  for (const s of statements) await s.execute(db);
}
