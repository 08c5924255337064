import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { openDatabase } from '../../db/open.js';
import { sealStored, verifyPoll } from '../../electron/core/seal.js';
import { canonicalJson } from '../../shared/domain/polls/canonical.js';
import { parsePollDefinition } from '../../shared/domain/polls/definition.js';
import { seededRandom } from '../../shared/domain/random.js';
import { makeCore } from '../helpers/core.js';
import { DbFile } from '../helpers/sqlite-pages.js';
import { tempDir } from '../helpers/tmp.js';

/** One test per migration, each on a database seeded at the version before it. */

const NAMES = Object.keys(MIGRATIONS).sort();
const upTo = (name: string) => Object.fromEntries(NAMES.filter((n) => n <= name).map((n) => [n, MIGRATIONS[n]!]));
const before = (name: string) => NAMES[NAMES.indexOf(name) - 1]!;

async function databaseAt(name: string): Promise<{ file: string; dir: string }> {
  const dir = tempDir('desk-mig-');
  const file = path.join(dir, 'committee-desk.sqlite');
  await (await openDatabase(file, { migrations: upTo(name) })).close();
  return { file, dir };
}

function seedFoundation(raw: BetterSqlite3.Database, members: number): { meetingId: number; itemId: number; memberIds: number[] } {
  const now = '2026-11-30T08:00:00.000Z';
  raw.prepare("INSERT INTO term (id, name, level, start_date, end_date, created_at) VALUES (1, '第十七届', 'city', '2022-01-10', NULL, ?)").run(now);
  const memberIds: number[] = [];
  for (let i = 1; i <= members; i++) {
    raw.prepare("INSERT INTO member (id, term_id, name, role, status, seat_order, note, created_at) VALUES (?, 1, ?, 'member', 'serving', ?, NULL, ?)").run(i, `委员${i}`, i, now);
    memberIds.push(i);
  }
  raw.prepare("INSERT INTO meeting (id, term_id, number, date, place, status, created_at, updated_at) VALUES (1, 1, 12, '2026-03-05', '第一会议室', 'in_progress', ?, ?)").run(now, now);
  for (const m of memberIds) raw.prepare("INSERT INTO attendance (meeting_id, member_id, status, updated_at) VALUES (1, ?, 'present', ?)").run(m, now);
  raw.prepare("INSERT INTO agenda_item (id, meeting_id, position, kind, title, body_id, notes, vote_kind, created_at) VALUES (1, 1, 1, 'satisfaction_rating', '满意度测评', NULL, NULL, 'satisfaction', ?)").run(now);
  return { meetingId: 1, itemId: 1, memberIds };
}

describe('migration 0002_polls, on a database at 0001', () => {
  it('adds the poll tables and keeps what was there', async () => {
    const { file } = await databaseAt(before('0002_polls'));
    const raw = new BetterSqlite3(file);
    seedFoundation(raw, 9);
    raw.close();
    const d = await openDatabase(file, { migrations: upTo('0002_polls') });
    expect(d.applied).toEqual(['0002_polls']);
    expect(d.backupFile).not.toBeNull();
    const tables = (d.raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['poll', 'ballot', 'poll_voter', 'named_vote', 'paper_sheet', 'poll_result']) expect(tables).toContain(t);
    expect(d.raw.prepare('SELECT count(*) AS n FROM member').get()).toEqual({ n: 9 });
    expect(d.raw.prepare('SELECT count(*) AS n FROM attendance').get()).toEqual({ n: 9 });
    await d.close();
  });
});

describe('migration 0003_voter_credentials, on a database at 0002', () => {
  it('adds credentials and an empty receipt to ballots already stored', async () => {
    const { file } = await databaseAt(before('0003_voter_credentials'));
    const raw = new BetterSqlite3(file);
    seedFoundation(raw, 9);
    raw.prepare("INSERT INTO poll (id, agenda_item_id, round, kind, title, anonymous, definition, status, created_at) VALUES (1, 1, 1, 'satisfaction', 't', 1, '{}', 'open', 'x')").run();
    raw.prepare("INSERT INTO ballot (id, poll_id, payload, source) VALUES (?, 1, '{}', 'paper')").run('a'.repeat(32));
    raw.close();
    const d = await openDatabase(file, { migrations: upTo('0003_voter_credentials') });
    expect(d.applied).toEqual(['0003_voter_credentials']);
    expect(d.raw.prepare('SELECT receipt FROM ballot').all()).toEqual([{ receipt: null }]);
    expect(d.raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'credential'").get()).toEqual({ n: 1 });
    await d.close();
  });
});

describe('migration 0004_sealed_ballot_storage, on a database at 0003', () => {
  const SAT = parsePollDefinition({ kind: 'satisfaction', title: '三个部门满意度测评', targets: ['a', 'b', 'c'].map((k) => ({ key: k, label: `部门${k}` })) });
  const defText = canonicalJson(SAT);
  const OPTS = ['satisfied', 'basically', 'unsatisfied'];
  const ballotOf = (r: () => number) => canonicalJson({ kind: 'satisfaction', marks: Object.fromEntries(SAT.targets.map((t) => [t.key, [OPTS[Math.floor(r() * 3)]]])) });
  const hex = (r: () => number) => Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  const receipt = (r: () => number) => Array.from({ length: 16 }, () => '0123456789ABCDEFGHIJKLMNOPQRSTUV'[Math.floor(r() * 32)]).join('');

  /**
   * As the old code left it: ballots, roll and receipts written one voter at a time (arrival
   * order in the pages), paper ballots marked `source = 'paper'` without a receipt, sealed by
   * version 1; plus a 记名 poll, a poll still open with device ballots and paper sheets, and a
   * backup from an earlier upgrade.
   */
  function seedOld(raw: BetterSqlite3.Database) {
    const r = seededRandom(4);
    const { memberIds } = seedFoundation(raw, 45);
    const oldIds: string[] = [];
    const insertPoll = raw.prepare(
      "INSERT INTO poll (id, agenda_item_id, round, kind, title, anonymous, definition, status, serving_at_open, present_at_open, paper_issued, opened_at, closed_at, created_at) VALUES (?, 1, ?, 'satisfaction', ?, ?, ?, ?, 45, 45, ?, 'x', ?, 'x')",
    );
    const addBallot = raw.prepare('INSERT INTO ballot (id, poll_id, payload, source, receipt) VALUES (?, ?, ?, ?, ?)');
    const addVoter = raw.prepare('INSERT INTO poll_voter (poll_id, member_id) VALUES (?, ?)');
    const polls: { id: number; ballots: string[]; receipts: string[]; voters: number[] }[] = [];
    for (const [id, status, anonymous, paper] of [
      [1, 'released', 1, 3],
      [2, 'closed', 0, 0],
      [3, 'open', 1, 2],
    ] as const) {
      insertPoll.run(id, id, `测评${id}`, anonymous, defText, status, paper > 0 ? 5 : null, status === 'open' ? null : 'x');
      const ballots: string[] = [];
      const receipts: string[] = [];
      const voters: number[] = [];
      // Arrival order: a seeded shuffle of the members; the first `paper` ballots are paper sheets.
      const order = [...memberIds].sort(() => r() - 0.5).slice(0, 40);
      order.forEach((m, i) => {
        const id32 = hex(r);
        // An open poll's ballots keep their key in staging; closed polls' keys must vanish.
        if (status !== 'open') oldIds.push(id32);
        const payload = ballotOf(r);
        ballots.push(payload);
        if (i < paper) {
          addBallot.run(id32, id, payload, 'paper', null);
          if (status === 'open') raw.prepare('INSERT INTO paper_sheet (poll_id, sheet_no, first_entry, second_entry, ballot_id) VALUES (?, ?, ?, NULL, ?)').run(id, i + 1, payload, id32);
          return;
        }
        const rc = receipt(r);
        receipts.push(rc);
        addBallot.run(id32, id, payload, 'device', rc);
        addVoter.run(id, m);
        voters.push(m);
        if (anonymous === 0) raw.prepare('INSERT INTO named_vote (poll_id, member_id, ballot_id) VALUES (?, ?, ?)').run(id, m, id32);
      });
      if (status !== 'open') {
        const ctx = { serving: 45, present: 45, ...(paper > 0 ? { ballotsIssued: 5 } : {}) };
        const seal = sealStored(1, defText, ballots, ctx, false);
        raw.prepare('INSERT INTO poll_result (poll_id, result, ballot_count, digest, sealed_at) VALUES (?, ?, ?, ?, ?)').run(id, seal.resultJson, seal.ballotCount, seal.digest, 'x');
      }
      polls.push({ id, ballots, receipts, voters });
    }
    return { polls, oldIds };
  }

  it('rewrites closed polls in key order, moves an open poll to staging, keeps every seal verifiable, and scrubs backups', async () => {
    const { file, dir } = await databaseAt(before('0004_sealed_ballot_storage'));
    const raw = new BetterSqlite3(file);
    const { polls, oldIds } = seedOld(raw);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    // A backup left by an earlier upgrade, with the old markers in it.
    fs.mkdirSync(path.join(dir, 'backups'));
    const older = path.join(dir, 'backups', 'committee-desk-v2-earlier.sqlite');
    fs.copyFileSync(file, older);

    const d = await openDatabase(file, { migrations: upTo('0004_sealed_ballot_storage') });
    expect(d.applied).toEqual(['0004_sealed_ballot_storage']);

    // Closed polls: sorted ballots, the same multiset; receipts and roll by key; named votes kept.
    for (const p of polls.slice(0, 2)) {
      const rows = d.raw.prepare('SELECT seq, payload FROM ballot WHERE poll_id = ? ORDER BY seq').all(p.id) as { seq: number; payload: string }[];
      expect(rows.map((x) => x.seq)).toEqual(rows.map((_, i) => i + 1));
      expect(rows.map((x) => x.payload)).toEqual([...p.ballots].sort());
      expect((d.raw.prepare('SELECT receipt FROM poll_receipt WHERE poll_id = ?').all(p.id) as { receipt: string }[]).map((x) => x.receipt)).toEqual([...p.receipts].sort());
      expect((d.raw.prepare('SELECT member_id FROM poll_voter WHERE poll_id = ?').all(p.id) as { member_id: number }[]).map((x) => x.member_id)).toEqual([...p.voters].sort((a, b) => a - b));
      expect((await verifyPoll(d.db, p.id)).ok).toBe(true);
    }
    expect(d.raw.prepare('SELECT count(*) AS n FROM named_vote WHERE poll_id = 2').get()).toEqual({ n: 40 });
    const cols = (d.raw.prepare("SELECT name FROM pragma_table_info('ballot')").all() as { name: string }[]).map((c) => c.name).sort();
    expect(cols).toEqual(['payload', 'poll_id', 'seq']);

    // The open poll: in staging, with its paper sheets counted and its entitled members.
    const open = polls[2]!;
    expect(d.raw.prepare('SELECT count(*) AS n FROM ballot_stage WHERE poll_id = 3').get()).toEqual({ n: 38 });
    expect(d.raw.prepare('SELECT count(*) AS n FROM paper_sheet WHERE poll_id = 3 AND counted IS NOT NULL').get()).toEqual({ n: 2 });
    expect(d.raw.prepare("SELECT count(*) AS n FROM roll_stage WHERE poll_id = 3 AND channel = 'device'").get()).toEqual({ n: 38 });
    expect(d.raw.prepare('SELECT paper_unnamed, present_at_open FROM poll WHERE id = 3').get()).toEqual({ paper_unnamed: 5, present_at_open: 45 });
    expect(d.raw.prepare('SELECT count(*) AS n FROM ballot WHERE poll_id = 3').get()).toEqual({ n: 0 });

    // The old tables' bytes are gone: no closed poll's old random ballot id anywhere in the file.
    await d.close();
    const bytes = new DbFile(file);
    for (const id of oldIds) expect(bytes.count(id), id).toBe(0);
    // The sealed roll is in key order inside its pages: offsets fall as keys rise.
    const voterTree = bytes.btrees().find((x) => x.name === 'poll_voter')!;
    for (const page of voterTree.pages.filter((p) => p.type === 'index-leaf')) {
      const offsets = page.cells.map((c) => c.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => b - a));
    }

    // Backups: the one taken now and the earlier one keep no paper marker in closed polls.
    const copies = fs.readdirSync(path.join(dir, 'backups')).map((f) => path.join(dir, 'backups', f));
    expect(copies).toHaveLength(2);
    for (const copy of copies) {
      const b = new BetterSqlite3(copy, { readonly: true });
      expect(b.prepare("SELECT count(*) AS n FROM ballot WHERE poll_id IN (1, 2) AND (source = 'paper' OR receipt IS NULL)").get(), copy).toEqual({ n: 0 });
      expect(b.prepare('SELECT count(*) AS n FROM ballot WHERE poll_id = 1').get()).toEqual({ n: 40 });
      b.close();
    }

    // The migrated open poll closes with today's code, seals with tally version 2 and verifies.
    const t = await makeCore(dir);
    const sealed = await t.call('poll.close', { id: 3 as never });
    expect(sealed.tallyVersion).toBe(2);
    expect(sealed.ballotCount).toBe(40);
    expect(sealed.result.sheets).toMatchObject({ device: 38, paperReturned: 2, issued: 5 });
    expect((await t.call('poll.verify', { id: 3 as never })).ok).toBe(true);
    expect((await t.call('poll.verify', { id: 1 as never })).ok).toBe(true);
    expect(open.ballots).toHaveLength(40);
    await t.close();
  });
});

describe('migration 0007_sign_in, on a database at 0006', () => {
  it('keeps attendance as it was (no method), turns device sign-in off, and adds 列席 attendees', async () => {
    const { file, dir } = await databaseAt(before('0007_sign_in'));
    const raw = new BetterSqlite3(file);
    seedFoundation(raw, 9);
    raw.prepare("UPDATE attendance SET status = 'leave' WHERE member_id = 9").run();
    raw.close();
    const d = await openDatabase(file, { migrations: upTo('0007_sign_in') });
    expect(d.applied).toEqual(['0007_sign_in']);
    await d.close();

    const after = new BetterSqlite3(file);
    expect(after.prepare('SELECT status, method, note, count(*) AS n FROM attendance GROUP BY status ORDER BY status').all()).toEqual([
      { status: 'leave', method: null, note: null, n: 1 },
      { status: 'present', method: null, note: null, n: 8 },
    ]);
    expect(after.prepare('SELECT device_sign_in FROM meeting').get()).toEqual({ device_sign_in: 0 });
    // The new checks hold at the storage level, not only in the schema of the API.
    expect(() => after.prepare("UPDATE attendance SET method = 'wave' WHERE member_id = 1").run()).toThrow(/CHECK/);
    expect(() => after.prepare('UPDATE meeting SET device_sign_in = 2').run()).toThrow(/CHECK/);
    expect(() => after.prepare("INSERT INTO attendee (meeting_id, name, organisation, category, created_at) VALUES (1, '', '', 'official', 'x')").run()).toThrow(/CHECK/);
    expect(() => after.prepare("INSERT INTO attendee (meeting_id, name, organisation, category, created_at) VALUES (1, '张三', '', 'vip', 'x')").run()).toThrow(/CHECK/);
    after.close();

    const t = await makeCore(dir);
    const list = await t.call('attendance.list', { meetingId: 1 as never });
    expect(list.quorum).toMatchObject({ serving: 9, present: 8, met: true });
    expect(list.rows[8]).toMatchObject({ status: 'leave', method: null });
    expect((await t.call('meeting.get', { id: 1 as never })).deviceSignIn).toBe(false);
    await t.close();
  });
});
