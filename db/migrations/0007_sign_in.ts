import { sql, type Kysely } from 'kysely';

/**
 * Running the room (issue 11): signing in at the door.
 * - attendance.method says how a member came to be recorded: a card at the sign-in desk
 *   ('card'), logging in on a device when the meeting allows it ('device'), signed for by a
 *   clerk with a reason ('proxy', 代签), or set by hand in the attendance list ('clerk').
 *   Rows written before this migration have no method.
 * - attendance.note: the reason for 代签 or 请假, as the clerk wrote it.
 * - meeting.device_sign_in: whether logging in on a device signs a member in (off by default).
 * - attendee: people who attend without a vote (列席). They are not members and are never
 *   counted in the quorum; nothing here links to a ballot.
 * Frozen: never edit once landed; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`ALTER TABLE attendance ADD COLUMN method TEXT CHECK (method IS NULL OR method IN ('card', 'device', 'proxy', 'clerk'))`,
    sql`ALTER TABLE attendance ADD COLUMN note TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 200)`,
    sql`ALTER TABLE meeting ADD COLUMN device_sign_in INTEGER NOT NULL DEFAULT 0 CHECK (device_sign_in IN (0, 1))`,
    sql`CREATE TABLE attendee (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
      organisation TEXT NOT NULL CHECK (length(organisation) BETWEEN 0 AND 60),
      category TEXT NOT NULL CHECK (category IN ('official', 'deputy', 'public', 'other')),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX attendee_meeting ON attendee (meeting_id)`,
  ];
  for (const s of statements) await s.execute(db);
}
