import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, seedTerm, type TestCore } from '../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

/**
 * An anonymous poll must leave nothing that ties a member to a choice: not in the schema,
 * not in any row, not in the order of rows, not in the log, not in what is exported.
 */
describe('anonymous polls', () => {
  it('store ballots without member, time or order, and log and export only counts', async () => {
    const { term, members } = await seedTerm(t, 60);
    const meeting = await t.call('meeting.create', { termId: term.id, fields: { number: 3, date: '2026-12-01', place: '第一会议室', status: 'ready' } });
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: members.map((m) => m.id), status: 'present' });
    const item = await t.call('agenda.create', { meetingId: meeting.id, fields: { kind: 'work_review', title: '工作评议', bodyId: null, notes: null, voteKind: 'scoring' } });
    const poll = await t.call('poll.create', {
      agendaItemId: item.id,
      definition: { kind: 'scoring', title: '工作评议打分', targets: [{ key: 'bureau', label: '市民政局' }] },
    });
    expect(poll.anonymous).toBe(true);
    await t.call('poll.open', { id: poll.id });
    // Each sheet's score is its arrival index (40, 41, … 99): any trace of arrival order would show as sorted scores.
    const scores = Array.from({ length: 60 }, (_, i) => 40 + i);
    for (const s of scores) await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'scoring', group: null, scores: { bureau: s } } });
    const sealed = await t.call('poll.close', { id: poll.id });
    expect(fs.statSync(`${t.core.dbFile}-wal`).size).toBe(0);
    await t.call('poll.release', { id: poll.id });

    const raw = new BetterSqlite3(t.core.dbFile, { readonly: true });
    // Schema: the ballot table carries only its random key, the poll, the choices and paper/device.
    const cols = (raw.prepare("SELECT name FROM pragma_table_info('ballot')").all() as { name: string }[]).map((c) => c.name);
    expect(cols.sort()).toEqual(['id', 'payload', 'poll_id', 'receipt', 'source']);
    const tableList = raw.prepare("SELECT wr FROM pragma_table_list WHERE name = 'ballot'").get() as { wr: number };
    expect(tableList.wr).toBe(1); // WITHOUT ROWID: no hidden insertion counter
    expect(() => raw.prepare('SELECT rowid FROM ballot').all()).toThrow(/no such column/);

    // Rows: keys are random 128-bit hex; storage order (by key) is not arrival order.
    const rows = raw.prepare('SELECT id, payload FROM ballot ORDER BY id').all() as { id: string; payload: string }[];
    expect(rows).toHaveLength(60);
    for (const r of rows) expect(r.id).toMatch(/^[0-9a-f]{32}$/);
    const stored = rows.map((r) => (JSON.parse(r.payload) as { scores: { bureau: number } }).scores.bureau);
    expect(stored).not.toEqual(scores);
    expect([...stored].sort((a, b) => a - b)).toEqual(scores);
    // Kendall-like check: a random order has about half of adjacent pairs ascending.
    const ascending = stored.slice(1).filter((s, i) => s > stored[i]!).length;
    expect(ascending).toBeGreaterThan(15);
    expect(ascending).toBeLessThan(45);
    for (const r of rows) expect(Object.keys(JSON.parse(r.payload) as object).sort()).toEqual(['group', 'kind', 'scores']);

    // No table row anywhere holds both a member and a ballot key or payload.
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((x) => x.name);
    const ballotIds = new Set(rows.map((r) => r.id));
    const memberIds = new Set(members.map((m) => m.id));
    for (const table of tables) {
      const all = raw.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      for (const row of all) {
        const text = JSON.stringify(row);
        const hasBallot = [...ballotIds].some((id) => text.includes(id));
        const hasMember = Object.entries(row).some(([k, v]) => /member/.test(k) && memberIds.has(v as never));
        expect(hasBallot && hasMember, `${table}: ${text.slice(0, 120)}`).toBe(false);
      }
    }
    // Paper-sheet entry rows (which have an entry order) are gone after the count.
    expect(raw.prepare('SELECT count(*) AS n FROM paper_sheet').get()).toEqual({ n: 0 });
    expect(raw.prepare('SELECT count(*) AS n FROM poll_voter').get()).toEqual({ n: 0 });
    expect(raw.prepare('SELECT count(*) AS n FROM named_vote').get()).toEqual({ n: 0 });
    raw.close();
    // The WAL holds pages in commit order; it was folded in and truncated at close, so no ballot is left in it.
    const wal = fs.readFileSync(`${t.core.dbFile}-wal`).toString('latin1');
    for (const id of ballotIds) expect(wal).not.toContain(id);

    // Log: nothing per ballot.
    const log = t.logs.join('\n');
    for (const id of ballotIds) expect(log).not.toContain(id);
    expect(log).not.toMatch(/"scores"|bureau/);

    // What leaves the core (the sealed result, the room screen): counts and statistics only.
    for (const exported of [sealed, await t.call('poll.result', { id: poll.id }), await t.call('projector.state', {})]) {
      const text = JSON.stringify(exported);
      for (const id of ballotIds) expect(text).not.toContain(id);
      for (const m of members) expect(text).not.toContain(m.name);
      expect(text).not.toMatch(/"payload"|"scores"/);
    }
  });
});
