import { sql, type Kysely } from 'kysely';

/**
 * Supervision from plan to closure (issue 9): settings, the register of appointed persons,
 * the year's supervision plan, deliberation notes, review opinions with their problems,
 * handling reports and rectification lists, files, the event history of each opinion, and the
 * link of each rated row of a poll to the subject it rates (by id, not by its current name).
 *
 * Existing polls get their subject links by the rule body.ratings used until now (a row
 * labelled with a body's name; a one-row sheet on the body's own agenda item). Nothing here
 * touches a ballot: a link names the row of the sheet, never a voter.
 * Frozen: never edit once landed; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE setting (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE TABLE appointee (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
      office TEXT NOT NULL CHECK (length(office) BETWEEN 1 AND 60),
      body_id INTEGER REFERENCES body (id),
      appointed_on TEXT,
      left_on TEXT,
      note TEXT,
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE TABLE plan_item (
      id INTEGER PRIMARY KEY,
      year INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2200),
      position INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('special_report', 'enforcement_inspection', 'special_inquiry', 'work_review', 'performance_review', 'satisfaction_rating', 'audit_rectification', 'budget_audit', 'livelihood_project', 'opinion_follow_up', 'research', 'other')),
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      lead_body_id INTEGER REFERENCES body (id),
      planned_month INTEGER CHECK (planned_month IS NULL OR planned_month BETWEEN 1 AND 12),
      notes TEXT,
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX plan_item_year ON plan_item (year, position)`,
    sql`CREATE TABLE plan_item_subject (
      plan_item_id INTEGER NOT NULL REFERENCES plan_item (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      body_id INTEGER REFERENCES body (id),
      appointee_id INTEGER REFERENCES appointee (id),
      CHECK ((body_id IS NULL) <> (appointee_id IS NULL)),
      PRIMARY KEY (plan_item_id, position)
    ) STRICT, WITHOUT ROWID`,
    sql`ALTER TABLE agenda_item ADD COLUMN plan_item_id INTEGER REFERENCES plan_item (id)`,
    sql`CREATE INDEX agenda_item_plan ON agenda_item (plan_item_id) WHERE plan_item_id IS NOT NULL`,
    sql`CREATE TABLE speech (
      id INTEGER PRIMARY KEY,
      agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      member_id INTEGER NOT NULL REFERENCES member (id),
      points TEXT NOT NULL CHECK (length(points) BETWEEN 1 AND 4000),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX speech_item ON speech (agenda_item_id, position)`,
    sql`CREATE TABLE opinion (
      id INTEGER PRIMARY KEY,
      agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (id),
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      lead_body_id INTEGER REFERENCES body (id),
      assessment TEXT NOT NULL,
      recommendations TEXT NOT NULL,
      copy_to TEXT NOT NULL CHECK (json_valid(copy_to)),
      status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'sent', 'reported', 'rehearing', 'satisfied', 'unsatisfied', 'escalated', 'closed')),
      approved_on TEXT,
      sent_on TEXT,
      deadline TEXT,
      rehearing_agenda_item_id INTEGER REFERENCES agenda_item (id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX opinion_item ON opinion (agenda_item_id)`,
    sql`CREATE INDEX opinion_rehearing ON opinion (rehearing_agenda_item_id) WHERE rehearing_agenda_item_id IS NOT NULL`,
    sql`CREATE TABLE opinion_body (
      opinion_id INTEGER NOT NULL REFERENCES opinion (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      body_id INTEGER NOT NULL REFERENCES body (id),
      PRIMARY KEY (opinion_id, body_id)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE INDEX opinion_body_body ON opinion_body (body_id)`,
    sql`CREATE TABLE opinion_problem (
      id INTEGER PRIMARY KEY,
      opinion_id INTEGER NOT NULL REFERENCES opinion (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
      body_id INTEGER NOT NULL REFERENCES body (id),
      UNIQUE (opinion_id, position)
    ) STRICT`,
    sql`CREATE TABLE handling_report (
      id INTEGER PRIMARY KEY,
      opinion_id INTEGER NOT NULL REFERENCES opinion (id) ON DELETE CASCADE,
      round INTEGER NOT NULL CHECK (round >= 1),
      received_on TEXT NOT NULL,
      summary TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (opinion_id, round)
    ) STRICT`,
    sql`CREATE TABLE rectification (
      report_id INTEGER NOT NULL REFERENCES handling_report (id) ON DELETE CASCADE,
      problem_id INTEGER NOT NULL REFERENCES opinion_problem (id) ON DELETE CASCADE,
      measures TEXT NOT NULL CHECK (length(measures) <= 4000),
      status TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'done', 'ongoing')),
      PRIMARY KEY (report_id, problem_id)
    ) STRICT, WITHOUT ROWID`,
    // A problem's state is its latest rectification: looked up by problem for every ledger row.
    sql`CREATE INDEX rectification_problem ON rectification (problem_id)`,
    sql`CREATE TABLE opinion_file (
      id INTEGER PRIMARY KEY,
      opinion_id INTEGER NOT NULL REFERENCES opinion (id) ON DELETE CASCADE,
      report_id INTEGER REFERENCES handling_report (id) ON DELETE CASCADE,
      problem_id INTEGER REFERENCES opinion_problem (id) ON DELETE CASCADE,
      file_name TEXT NOT NULL,
      mime TEXT NOT NULL,
      size INTEGER NOT NULL CHECK (size >= 0),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX opinion_file_opinion ON opinion_file (opinion_id)`,
    sql`CREATE INDEX opinion_file_sha ON opinion_file (sha256)`,
    sql`CREATE TABLE opinion_event (
      id INTEGER PRIMARY KEY,
      opinion_id INTEGER NOT NULL REFERENCES opinion (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('drafted', 'approved', 'sent', 'extended', 'reported', 'rehearing', 'rated', 'interviewed', 'reassigned', 'consented', 'interpellated', 'investigated', 'closed')),
      on_date TEXT NOT NULL,
      actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 100),
      reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      data TEXT NOT NULL CHECK (json_valid(data)),
      recorded_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX opinion_event_opinion ON opinion_event (opinion_id, id)`,
    // Both ids null: a clerk said this row rates no subject (kept, so saving the draft again does not re-link it by name).
    sql`CREATE TABLE poll_target_subject (
      poll_id INTEGER NOT NULL REFERENCES poll (id) ON DELETE CASCADE,
      target_key TEXT NOT NULL,
      body_id INTEGER REFERENCES body (id),
      appointee_id INTEGER REFERENCES appointee (id),
      CHECK (body_id IS NULL OR appointee_id IS NULL),
      PRIMARY KEY (poll_id, target_key)
    ) STRICT, WITHOUT ROWID`,
    sql`CREATE INDEX poll_target_subject_body ON poll_target_subject (body_id) WHERE body_id IS NOT NULL`,
    sql`CREATE INDEX poll_target_subject_appointee ON poll_target_subject (appointee_id) WHERE appointee_id IS NOT NULL`,
    // Existing rated rows, linked as body.ratings matched them until now.
    sql`INSERT OR IGNORE INTO poll_target_subject (poll_id, target_key, body_id)
      SELECT p.id, t.value ->> 'key', b.id
      FROM poll p, json_each(p.definition, '$.targets') t
      JOIN body b ON b.name = t.value ->> 'label'
      WHERE p.kind IN ('satisfaction', 'scoring')`,
    sql`INSERT OR IGNORE INTO poll_target_subject (poll_id, target_key, body_id)
      SELECT p.id, p.definition ->> '$.targets[0].key', a.body_id
      FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id
      WHERE p.kind IN ('satisfaction', 'scoring') AND a.body_id IS NOT NULL AND json_array_length(p.definition, '$.targets') = 1`,
  ];
  for (const s of statements) await s.execute(db);
}
