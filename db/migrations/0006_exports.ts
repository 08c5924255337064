import { sql, type Kysely } from 'kysely';

/**
 * Reports for the party committee (issue 10): the list of files the export centre built.
 * A row names a report and its file in the data folder's exports/ directory; it holds no
 * figure of a poll and nothing of a ballot (the file holds sealed aggregates only).
 * Frozen: never edit once landed; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE export_file (
    id INTEGER PRIMARY KEY,
    report TEXT NOT NULL CHECK (length(report) BETWEEN 1 AND 40),
    format TEXT NOT NULL CHECK (format IN ('docx', 'xlsx', 'csv')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    stored_name TEXT CHECK (stored_name IS NULL OR length(stored_name) BETWEEN 1 AND 200),
    size INTEGER CHECK (size IS NULL OR size >= 0),
    status TEXT NOT NULL CHECK (status IN ('building', 'done', 'failed')),
    error TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT
  ) STRICT`.execute(db);
}
