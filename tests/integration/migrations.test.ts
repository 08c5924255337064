import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../db/migrations/index.js';
import { AppError } from '../../shared/api/errors.js';
import { tempDir } from '../helpers/tmp.js';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('openDatabase', () => {
  it('creates a fresh database with the durable pragmas and every migration', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const d = await openDatabase(file);
    expect(d.applied).toEqual(Object.keys(MIGRATIONS));
    expect(d.schemaVersion).toBe(SCHEMA_VERSION);
    expect(d.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(d.raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(d.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(d.raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(d.backupFile).toBeNull();
    await d.close();
  });

  it('applies nothing twice on reopen', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    await (await openDatabase(file)).close();
    const again = await openDatabase(file);
    expect(again.applied).toEqual([]);
    const rows = again.raw.prepare('SELECT name FROM schema_migration').all() as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
    await again.close();
  });

  it('refuses a database written by newer code and leaves the file untouched', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    await (await openDatabase(file)).close();
    const raw = new BetterSqlite3(file);
    raw.prepare("INSERT INTO schema_migration (name, applied_at) VALUES ('9999_from_the_future', '2030-01-01T00:00:00.000Z')").run();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = sha(file);
    const err = await openDatabase(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('DB_TOO_NEW');
    expect((err as AppError).message).toContain('更新版本');
    expect(sha(file)).toBe(before);
  });

  it('copies the database before migrating an existing one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite');
    const first = await openDatabase(file, { migrations: { '0001_foundation': MIGRATIONS['0001_foundation']! } });
    await first.db.insertInto('term').values({ name: '第十七届', level: 'city', start_date: '2022-01-01', end_date: null, created_at: 'x' }).execute();
    await first.close();
    const later = {
      ...MIGRATIONS,
      '9000_test_column': {
        up: async (db: any) => {
          await sql`ALTER TABLE term ADD COLUMN test_col TEXT`.execute(db);
        },
      },
    };
    const second = await openDatabase(file, { migrations: later });
    expect(second.applied).toEqual([...Object.keys(MIGRATIONS).slice(1), '9000_test_column']);
    expect(second.backupFile).not.toBeNull();
    const copy = new BetterSqlite3(second.backupFile!, { readonly: true });
    expect((copy.prepare('SELECT name FROM term').all() as { name: string }[]).map((r) => r.name)).toEqual(['第十七届']);
    expect(copy.prepare('SELECT count(*) AS n FROM schema_migration').get()).toEqual({ n: 1 });
    copy.close();
    await second.close();
  });

  it('rolls back a failing migration completely', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    await (await openDatabase(file)).close();
    const broken = {
      ...MIGRATIONS,
      '9001_broken': {
        up: async (db: any) => {
          await sql`CREATE TABLE half_done (x INTEGER) STRICT`.execute(db);
          await sql`THIS IS NOT SQL`.execute(db);
        },
      },
    };
    const err = await openDatabase(file, { migrations: broken }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('INTERNAL');
    expect((err as AppError).message).toContain('数据库升级失败');
    const raw = new BetterSqlite3(file);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    raw.close();
  });
});

describe('migration 0001_foundation', () => {
  it('creates STRICT tables with the constraints the services rely on', async () => {
    const d = await openDatabase(path.join(tempDir(), 'a.sqlite'), { migrations: { '0001_foundation': MIGRATIONS['0001_foundation']! } });
    const tables = d.raw.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migration'").all() as { name: string; strict: number }[];
    expect(tables.map((t) => t.name).sort()).toEqual(['agenda_item', 'attendance', 'body', 'meeting', 'member', 'paper', 'term']);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    const now = '2024-01-01T00:00:00Z';
    d.raw.prepare("INSERT INTO term (name, level, start_date, created_at) VALUES ('第十七届', 'city', '2022-01-01', ?)").run(now);
    // STRICT rejects a string in an INTEGER column; CHECK rejects an unknown role; UNIQUE rejects a second meeting number.
    expect(() => d.raw.prepare("INSERT INTO member (term_id, name, role, status, seat_order, created_at) VALUES (1, '张三', 'member', 'serving', 'first', ?)").run(now)).toThrow(/cannot store TEXT/);
    expect(() => d.raw.prepare("INSERT INTO member (term_id, name, role, status, seat_order, created_at) VALUES (1, '张三', 'king', 'serving', 1, ?)").run(now)).toThrow(/CHECK/);
    expect(() => d.raw.prepare("INSERT INTO member (term_id, name, role, status, seat_order, created_at) VALUES (9, '张三', 'member', 'serving', 1, ?)").run(now)).toThrow(/FOREIGN KEY/);
    d.raw.prepare("INSERT INTO meeting (term_id, number, date, place, status, created_at, updated_at) VALUES (1, 3, '2024-01-01', '会议室', 'preparing', ?, ?)").run(now, now);
    expect(() => d.raw.prepare("INSERT INTO meeting (term_id, number, date, place, status, created_at, updated_at) VALUES (1, 3, '2024-02-01', '会议室', 'preparing', ?, ?)").run(now, now)).toThrow(/UNIQUE/);
    await d.close();
  });
});
