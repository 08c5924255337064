import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { AppError } from '../shared/api/errors.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.js';
import type { Database } from './schema.js';
import { foldWal } from './wal.js';

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The driver handle, for pragmas, backups and hot paths that need sync statements. */
  raw: BetterSqlite3.Database;
  file: string;
  schemaVersion: number;
  /** Migrations applied by this open, in order. */
  applied: string[];
  /** Copy taken before migrating an existing database, if any. */
  backupFile: string | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Where to put the copy taken before migrating (default: `<dir>/backups`). */
  backupDir?: string;
  /** Migrations to know about; tests pass a prefix to build an older database. */
  migrations?: Record<string, Migration>;
  log?: (line: string) => void;
}


/** Pragmas first: WAL for concurrent readers, FULL so an acknowledged commit survives power loss. */
function applyPragmas(raw: BetterSqlite3.Database): void {
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // Deleted rows (paper sheets after a count) are overwritten, not left in free pages.
  raw.pragma('secure_delete = ON');
}

function executedMigrations(raw: BetterSqlite3.Database): string[] {
  raw.exec('CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
  return (raw.prepare('SELECT name FROM schema_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Open (creating if needed) the database file, refuse one written by newer code, back it
 * up if it needs migrating, and migrate it to the latest schema.
 */
export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<OpenedDatabase> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const log = opts.log ?? (() => {});
  fs.mkdirSync(path.dirname(file), { recursive: true });

  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(file);
    applyPragmas(raw);
  } catch (err) {
    throw new AppError('BAD_FILE', `无法打开数据库文件 ${file}：${(err as Error).message}。请确认文件未损坏且有读写权限。`);
  }

  const known = new Set(Object.keys(migrations));
  const executed = executedMigrations(raw);
  const unknown = executed.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    raw.close();
    throw new AppError(
      'DB_TOO_NEW',
      `数据库文件由更新版本的程序写入（其结构版本 ${executed.length}，本程序支持到 ${known.size}），本程序不能打开它。请安装最新版本的常委会会务；数据库未作任何改动。`,
    );
  }

  const pending = [...known].filter((name) => !executed.includes(name)).sort();
  let backupFile: string | null = null;
  if (pending.length > 0 && executed.length > 0) {
    const dir = opts.backupDir ?? path.join(path.dirname(file), 'backups');
    fs.mkdirSync(dir, { recursive: true });
    backupFile = path.join(dir, `${path.basename(file, path.extname(file))}-v${executed.length}-${stamp()}.sqlite`);
    // VACUUM INTO writes a consistent, compacted copy even with a live WAL.
    raw.prepare('VACUUM INTO ?').run(backupFile);
    log(`database backed up before migrating: ${backupFile}`);
  }
  const scrubbers = pending.map((name) => migrations[name]!.scrubCopy).filter((f): f is NonNullable<Migration['scrubCopy']> => f !== undefined);

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  // Each migration and its bookkeeping row commit together, so a crash or a failing step
  // leaves the database exactly as before that migration and nothing is applied twice.
  const applied: string[] = [];
  for (const name of pending) {
    try {
      await db.transaction().execute(async (trx) => {
        await migrations[name]!.up(trx);
        await sql`INSERT INTO schema_migration (name, applied_at) VALUES (${name}, ${new Date().toISOString()})`.execute(trx);
      });
    } catch (err) {
      await db.destroy();
      const detail = err instanceof Error ? err.message : String(err);
      throw new AppError(
        'INTERNAL',
        `数据库升级失败（${name}）：${detail}。该步升级未生效${backupFile ? `，升级前的副本在 ${backupFile}` : ''}。`,
      );
    }
    applied.push(name);
    log(`migration applied: ${name}`);
  }
  const schemaVersion = executed.length + applied.length;
  raw.pragma(`user_version = ${schemaVersion}`);
  // A crash after a poll closed but before its log was folded leaves commit-ordered pages in
  // the -wal; fold them now, before anything else reads or copies the folder.
  if (!foldWal(raw)) log('database log could not be folded at start-up (another program holds the file open)');
  // Copies made before a privacy migration (this run's backup and earlier ones) are scrubbed
  // of what the migration removed from the live file.
  if (scrubbers.length > 0 && applied.length > 0) {
    const dir = opts.backupDir ?? path.join(path.dirname(file), 'backups');
    const copies = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite')).map((f) => path.join(dir, f)) : [];
    for (const copy of copies) {
      try {
        if (scrubbers.map((scrub) => scrub(copy)).some(Boolean)) log(`backup scrubbed of per-ballot markers: ${copy}`);
      } catch (err) {
        log(`backup could not be scrubbed (${(err as Error).message}): ${copy}`);
      }
    }
  }

  return {
    db,
    raw,
    file,
    schemaVersion,
    applied,
    backupFile,
    close: async () => {
      await db.destroy();
    },
  };
}

export { SCHEMA_VERSION };
