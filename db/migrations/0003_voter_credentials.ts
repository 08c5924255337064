import { sql, type Kysely } from 'kysely';

/**
 * Member devices: per-meeting credentials, and the receipt a device chose for its ballot.
 * The receipt sits on the ballot (it says "this ballot was counted"), never next to a member.
 * Frozen: never edit once landed; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE credential (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL REFERENCES meeting (id),
      member_id INTEGER NOT NULL REFERENCES member (id),
      code TEXT NOT NULL CHECK (length(code) = 8),
      status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
      issued_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT`,
    sql`CREATE UNIQUE INDEX credential_code_active ON credential (code) WHERE status = 'active'`,
    // Every voter request looks its code up whatever its status (a revoked code gets its own message),
    // which the partial index above cannot serve.
    sql`CREATE INDEX credential_code ON credential (code)`,
    sql`CREATE UNIQUE INDEX credential_member_active ON credential (meeting_id, member_id) WHERE status = 'active'`,
    sql`ALTER TABLE ballot ADD COLUMN receipt TEXT CHECK (receipt IS NULL OR length(receipt) = 16)`,
    sql`CREATE UNIQUE INDEX ballot_receipt ON ballot (poll_id, receipt) WHERE receipt IS NOT NULL`,
  ];
  for (const s of statements) await s.execute(db);
}
