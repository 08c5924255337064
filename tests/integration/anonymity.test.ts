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
    await t.call('paperBallot.handOut', { pollId: poll.id, memberIds: members.map((m) => m.id) });
    // Each sheet's score is its arrival index (40, 41, … 99): any trace of arrival order would show as sorted scores.
    const scores = Array.from({ length: 60 }, (_, i) => 40 + i);
    for (const s of scores) await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'scoring', group: null, scores: { bureau: s } } });
    const sealed = await t.call('poll.close', { id: poll.id });
    expect(fs.statSync(`${t.core.dbFile}-wal`).size).toBe(0);
    await t.call('poll.release', { id: poll.id });

    const raw = new BetterSqlite3(t.core.dbFile, { readonly: true });
    // Schema: a sealed ballot is the poll, its place in the sorted set, and the choices — no
    // member, no time, no channel, no receipt, no rowid.
    const cols = (raw.prepare("SELECT name FROM pragma_table_info('ballot')").all() as { name: string }[]).map((c) => c.name);
    expect(cols.sort()).toEqual(['payload', 'poll_id', 'seq']);
    const tableList = raw.prepare("SELECT wr FROM pragma_table_list WHERE name = 'ballot'").get() as { wr: number };
    expect(tableList.wr).toBe(1); // WITHOUT ROWID: no hidden insertion counter
    expect(() => raw.prepare('SELECT rowid FROM ballot').all()).toThrow(/no such column/);

    // Rows: stored in the order of their choices (the arrival order is not kept; the byte-level
    // attack in anonymity-attack.test.ts reads the pages themselves).
    const rows = raw.prepare('SELECT seq, payload FROM ballot ORDER BY seq').all() as { seq: number; payload: string }[];
    expect(rows).toHaveLength(60);
    expect(rows.map((r) => r.payload)).toEqual(rows.map((r) => r.payload).sort());
    const stored = rows.map((r) => (JSON.parse(r.payload) as { scores: { bureau: number } }).scores.bureau);
    expect([...stored].sort((a, b) => a - b)).toEqual(scores);
    for (const r of rows) expect(Object.keys(JSON.parse(r.payload) as object).sort()).toEqual(['group', 'kind', 'scores']);
    // The stored ballots themselves: no other row may hold one beside a member.
    const ballotIds = new Set(rows.map((r) => r.payload));

    // No table row anywhere holds both a member and a ballot key or payload.
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((x) => x.name);
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
    // Staging (which has an entry order) is empty after the count; the roll lists the 60 who
    // were handed a sheet, in member order, with no channel; no named votes.
    for (const table of ['paper_sheet', 'ballot_stage', 'roll_stage', 'receipt_stage', 'named_stage', 'named_vote']) {
      expect(raw.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
    expect((raw.prepare('SELECT member_id FROM poll_voter ORDER BY member_id').all() as { member_id: number }[]).map((r) => r.member_id)).toEqual(
      members.map((m) => m.id as number).sort((a, b) => a - b),
    );
    raw.close();
    // The WAL holds pages in commit order; it was folded in and truncated at close, so no ballot is left in it.
    const wal = fs.readFileSync(`${t.core.dbFile}-wal`).toString('utf8');
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
