import { sql, type Kysely } from 'kysely';

/**
 * Terms, members, bodies, meetings, agenda items, papers and attendance.
 * Frozen: never edit once landed; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE term (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
      level TEXT NOT NULL CHECK (level IN ('county', 'city', 'province')),
      start_date TEXT NOT NULL,
      end_date TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (name)
    ) STRICT`,
    sql`CREATE TABLE member (
      id INTEGER PRIMARY KEY,
      term_id INTEGER NOT NULL REFERENCES term (id),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
      role TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'secretary_general', 'member')),
      status TEXT NOT NULL CHECK (status IN ('serving', 'left')),
      seat_order INTEGER NOT NULL,
      note TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (term_id, name)
    ) STRICT`,
    sql`CREATE INDEX member_term_seat ON member (term_id, seat_order)`,
    sql`CREATE TABLE body (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
      kind TEXT NOT NULL CHECK (kind IN ('government', 'department', 'court', 'procuratorate', 'committee', 'other')),
      sort_order INTEGER NOT NULL DEFAULT 0,
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE TABLE meeting (
      id INTEGER PRIMARY KEY,
      term_id INTEGER NOT NULL REFERENCES term (id),
      number INTEGER NOT NULL CHECK (number > 0),
      date TEXT NOT NULL,
      place TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('preparing', 'ready', 'in_progress', 'closed')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (term_id, number)
    ) STRICT`,
    sql`CREATE INDEX meeting_date ON meeting (date)`,
    sql`CREATE TABLE agenda_item (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      kind TEXT NOT NULL,
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body_id INTEGER REFERENCES body (id),
      notes TEXT,
      vote_kind TEXT CHECK (vote_kind IS NULL OR vote_kind IN ('satisfaction', 'scoring', 'decision', 'appointment', 'selection')),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX agenda_item_meeting ON agenda_item (meeting_id, position)`,
    sql`CREATE TABLE paper (
      id INTEGER PRIMARY KEY,
      agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
      file_name TEXT NOT NULL,
      mime TEXT NOT NULL,
      size INTEGER NOT NULL CHECK (size >= 0),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX paper_item ON paper (agenda_item_id)`,
    sql`CREATE INDEX paper_sha ON paper (sha256)`,
    sql`CREATE TABLE attendance (
      meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
      member_id INTEGER NOT NULL REFERENCES member (id),
      status TEXT NOT NULL CHECK (status IN ('present', 'leave', 'absent')),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (meeting_id, member_id)
    ) STRICT, WITHOUT ROWID`,
  ];
  for (const s of statements) await s.execute(db);
}
