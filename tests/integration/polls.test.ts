import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SatisfactionResult } from '../../shared/domain/polls/result.js';
import { makeCore, openOnPaper, seedTerm, type TestCore } from '../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

const TARGETS = [
  { key: 'edu', label: '市教育局' },
  { key: 'health', label: '市卫生健康委员会' },
  { key: 'traffic', label: '市交通运输局' },
];

/** 29 serving members, 20 present, an agenda item with a three-target satisfaction poll. */
async function setup(opts: { doubleEntry?: boolean; present?: number } = {}) {
  const { term, members } = await seedTerm(t, 29);
  const meeting = await t.call('meeting.create', { termId: term.id, fields: { number: 12, date: '2026-12-01', place: '第一会议室', status: 'ready' } });
  await t.call('attendance.set', { meetingId: meeting.id, memberIds: members.slice(0, opts.present ?? 20).map((m) => m.id), status: 'present' });
  const item = await t.call('agenda.create', { meetingId: meeting.id, fields: { kind: 'opinion_handling_report', title: '审议意见办理情况', bodyId: null, notes: null, voteKind: 'satisfaction' } });
  const poll = await t.call('poll.create', {
    agendaItemId: item.id,
    definition: { kind: 'satisfaction', title: '对三个部门办理审议意见情况的满意度测评', targets: TARGETS },
    doubleEntry: opts.doubleEntry ?? false,
  });
  return { term, members, meeting, item, poll };
}

type Opt = 'satisfied' | 'basically' | 'unsatisfied' | '';
const one = (o: Opt) => (o ? [o] : []);
const sheet = (edu: Opt, health: Opt, traffic: Opt) => ({
  kind: 'satisfaction' as const,
  marks: { edu: one(edu), health: one(health), traffic: one(traffic) },
});

describe('poll lifecycle with paper ballots', () => {
  it('refuses to open without the quorum', async () => {
    const { poll } = await setup({ present: 14 });
    const e = await t.fail('poll.open', { id: poll.id });
    expect(e.code).toBe('STATE');
    expect(e.message).toContain('未达法定人数');
  });

  it('shows only the count while open, seals on close, and a second round stands beside the first', async () => {
    const { poll, meeting } = await setup();
    expect(poll.anonymous).toBe(true);
    await openOnPaper(t, poll.id);
    expect((await t.call('meeting.get', { id: meeting.id })).status).toBe('in_progress');
    // 17 satisfied for edu; health 14/0/15-like split; traffic mostly unsatisfied; one blank sheet.
    const sheets = [
      ...Array.from({ length: 15 }, () => sheet('satisfied', 'satisfied', 'unsatisfied')),
      ...Array.from({ length: 2 }, () => sheet('satisfied', 'basically', 'unsatisfied')),
      ...Array.from({ length: 2 }, () => sheet('basically', 'unsatisfied', 'basically')),
      sheet('', '', ''),
    ];
    for (const payload of sheets) await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload });
    const open = await t.call('poll.get', { id: poll.id });
    expect(open).toMatchObject({ status: 'open', received: 20, present: 20, serving: 29 });
    expect(JSON.stringify(open)).not.toMatch(/"count"|verdict|"rate"|"targets":\[\{"key":"edu","label":"市教育局","options"/);
    expect((await t.fail('poll.result', { id: poll.id })).code).toBe('STATE');
    expect((await t.call('projector.state', {})).result).toBeNull();

    const sealed = await t.call('poll.close', { id: poll.id });
    expect(sealed.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(sealed.ballotCount).toBe(20);
    const r = sealed.result as SatisfactionResult;
    expect(r.sheets).toMatchObject({ returned: 20, valid: 19, invalid: 1, blank: 1 });
    // Three-tier rule against 29 serving members: 满意 needs 15.
    expect(r.targets.map((x) => [x.label, x.verdict?.label])).toEqual([
      ['市教育局', '满意'],
      ['市卫生健康委员会', '满意'],
      ['市交通运输局', '不满意'],
    ]);
    expect(r.rule.text).toContain('29');
    expect(r.denominator.kind).toBe('all_members');
    expect((await t.call('projector.state', {})).result).toBeNull();
    expect((await t.fail('paperBallot.enter', { pollId: poll.id, pass: 1, payload: sheet('satisfied', 'satisfied', 'satisfied') })).code).toBe('STATE');
    expect((await t.fail('poll.update', { id: poll.id, definition: { kind: 'satisfaction', title: 'x', targets: TARGETS } })).code).toBe('STATE');

    await t.call('poll.release', { id: poll.id });
    const screen = await t.call('projector.state', {});
    expect(screen.poll?.status).toBe('released');
    expect(screen.result?.digest).toBe(sealed.digest);

    const round2 = await t.call('poll.newRound', { id: poll.id });
    expect(round2).toMatchObject({ round: 2, seriesId: poll.id, status: 'draft', received: 0 });
    const list = await t.call('poll.list', { meetingId: poll.meetingId });
    expect(list.map((p) => [p.round, p.status])).toEqual([
      [1, 'released'],
      [2, 'draft'],
    ]);
    expect((await t.call('poll.verify', { id: poll.id })).ok).toBe(true);
  });

  it('counts a double-entered sheet only when both clerks agree, and asks to resolve a mismatch', async () => {
    const { poll } = await setup({ doubleEntry: true });
    await openOnPaper(t, poll.id);
    const a = await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: sheet('satisfied', 'basically', 'unsatisfied') });
    expect(a.sheet.state).toBe('awaiting_second');
    expect(a.sheet.first).toBeNull();
    const b = await t.call('paperBallot.enter', { pollId: poll.id, pass: 2, sheetNo: a.sheetNo, payload: sheet('satisfied', 'basically', 'unsatisfied') });
    expect(b.sheet.state).toBe('counted');
    const c1 = await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: sheet('satisfied', 'satisfied', 'satisfied') });
    const c2 = await t.call('paperBallot.enter', { pollId: poll.id, pass: 2, sheetNo: c1.sheetNo, payload: sheet('satisfied', 'unsatisfied', 'satisfied') });
    expect(c2.sheet.state).toBe('mismatch');
    expect(c2.sheet.first?.kind).toBe('satisfaction');
    expect(c2.status).toMatchObject({ counted: 1, mismatches: 1, entered: 2 });
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(1);
    const closing = await t.fail('poll.close', { id: poll.id });
    expect(closing.message).toContain('第 2 张');
    const resolved = await t.call('paperBallot.resolve', { pollId: poll.id, sheetNo: c1.sheetNo, payload: sheet('satisfied', 'satisfied', 'satisfied') });
    expect(resolved).toMatchObject({ counted: 2, mismatches: 0 });
    // Two of the twenty sheets handed out came back.
    const sealed = await t.call('poll.close', { id: poll.id });
    expect(sealed.result.sheets).toMatchObject({ issued: 20, returned: 2, paperReturned: 2, device: 0 });
    // Sheet-entry rows (and their order) are gone once the count is sealed.
    const raw = new BetterSqlite3(t.core.dbFile, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM paper_sheet').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('rejects a sheet that does not fit the poll and changes nothing', async () => {
    const { poll } = await setup();
    await openOnPaper(t, poll.id);
    const wrongKind = await t.fail('paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'decision', marks: { motion: ['for'] } } });
    expect(wrongKind.code).toBe('VALIDATION');
    const badOption = await t.fail('paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'satisfaction', marks: { edu: ['excellent'] } } });
    expect(badOption.code).toBe('VALIDATION');
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(0);
  });
});

describe('sealed results are verifiable', () => {
  it('detects an edited, an added and a deleted ballot row, also through npm run verify', async () => {
    const { poll } = await setup();
    await openOnPaper(t, poll.id);
    for (let i = 0; i < 16; i++) await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: sheet('satisfied', 'basically', i % 2 ? 'unsatisfied' : 'satisfied') });
    await t.call('poll.close', { id: poll.id });
    expect((await t.call('poll.verify', { id: poll.id })).ok).toBe(true);
    const dataDir = t.dataDir;
    await t.close();

    const verify = () => {
      try {
        return { code: 0, out: execFileSync(process.execPath, ['dist/host/verify.mjs', '--data-dir', dataDir], { encoding: 'utf8' }) };
      } catch (e) {
        const err = e as { status: number; stdout: string };
        return { code: err.status, out: err.stdout };
      }
    };
    expect(fs.existsSync('dist/host/verify.mjs')).toBe(true);
    expect(verify()).toMatchObject({ code: 0, out: expect.stringMatching(/verified 1 results, 0 mismatches\n$/) });

    const db = path.join(dataDir, 'committee-desk.sqlite');
    const sqlite = (sql: string) => execFileSync('sqlite3', [db, sql], { encoding: 'utf8' });
    const original = sqlite('SELECT seq || char(9) || payload FROM ballot ORDER BY seq LIMIT 1').trim().split('\t');
    // Edited: one mark changed.
    sqlite(`UPDATE ballot SET payload = replace(payload, 'basically', 'unsatisfied') WHERE seq = ${original[0]}`);
    const v = verify();
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/MISMATCH poll 1/);
    expect(v.out).toMatch(/verified 1 results, 1 mismatches/);
    sqlite(`UPDATE ballot SET payload = '${original[1]}' WHERE seq = ${original[0]}`);
    expect(verify().code).toBe(0);
    // Added.
    sqlite(`INSERT INTO ballot (poll_id, seq, payload) VALUES (1, 999, '${original[1]}')`);
    expect(verify().code).toBe(1);
    sqlite('DELETE FROM ballot WHERE seq = 999');
    expect(verify().code).toBe(0);
    // Deleted.
    sqlite(`DELETE FROM ballot WHERE seq = ${original[0]}`);
    expect(verify()).toMatchObject({ code: 1, out: expect.stringContaining('票数不符') });
    t = await makeCore(dataDir);
  });
});

describe('spot checks in single entry', () => {
  it('takes a sheet out of the box when the re-entry disagrees, until it is resolved', async () => {
    const { poll } = await setup();
    await openOnPaper(t, poll.id);
    for (let i = 0; i < 3; i++) await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: sheet('satisfied', 'satisfied', 'basically') });
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(3);
    const same = await t.call('paperBallot.enter', { pollId: poll.id, pass: 2, sheetNo: 1, payload: sheet('satisfied', 'satisfied', 'basically') });
    expect(same.sheet.state).toBe('counted');
    const differs = await t.call('paperBallot.enter', { pollId: poll.id, pass: 2, sheetNo: 2, payload: sheet('satisfied', 'unsatisfied', 'basically') });
    expect(differs.sheet.state).toBe('mismatch');
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(2);
    await t.call('paperBallot.resolve', { pollId: poll.id, sheetNo: 2, payload: sheet('satisfied', 'satisfied', 'basically') });
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(3);
    const removed = await t.call('paperBallot.remove', { pollId: poll.id, sheetNo: 3 });
    expect(removed).toMatchObject({ entered: 2, counted: 2 });
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(2);
  });
});

describe('equivalent sheets', () => {
  it('treat a row sent empty and a row left out as the same sheet in double entry', async () => {
    const { poll } = await setup({ doubleEntry: true });
    await openOnPaper(t, poll.id);
    const a = await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'satisfaction', marks: { edu: ['satisfied'], health: [], traffic: ['basically'] } } });
    const b = await t.call('paperBallot.enter', { pollId: poll.id, pass: 2, sheetNo: a.sheetNo, payload: { kind: 'satisfaction', marks: { traffic: ['basically'], edu: ['satisfied'] } } });
    expect(b.sheet.state).toBe('counted');
  });
});
