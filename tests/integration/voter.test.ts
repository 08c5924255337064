import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startVoterServer, type VoterServer } from '../../electron/server/voter-server.js';
import { makeCore, seedTerm, tempDir, type TestCore } from '../helpers/core.js';
import { newReceipt, voterRequest } from '../helpers/voter.js';

let t: TestCore;
let voter: VoterServer;
let base: string;

beforeEach(async () => {
  t = await makeCore();
  voter = await startVoterServer({ core: t.core, host: '127.0.0.1', port: 0, staticDir: tempDir() });
  base = `http://127.0.0.1:${voter.port}`;
});
afterEach(async () => {
  await voter.close();
  await t.close();
});

const TARGETS = Array.from({ length: 9 }, (_, i) => ({ key: `d${i + 1}`, label: `部门${i + 1}` }));

async function setup(present = 20, opts: { autoClose?: boolean; anonymous?: boolean } = {}) {
  const { term, members } = await seedTerm(t, 29);
  const meeting = await t.call('meeting.create', { termId: term.id, fields: { number: 5, date: '2026-12-01', place: '第一会议室', status: 'ready' } });
  await t.call('attendance.set', { meetingId: meeting.id, memberIds: members.slice(0, present).map((m) => m.id), status: 'present' });
  const item = await t.call('agenda.create', { meetingId: meeting.id, fields: { kind: 'satisfaction_rating', title: '满意度测评', bodyId: null, notes: null, voteKind: 'satisfaction' } });
  const poll = await t.call('poll.create', {
    agendaItemId: item.id,
    definition: { kind: 'satisfaction', title: '九个部门满意度测评', targets: TARGETS, anonymous: opts.anonymous ?? true },
    autoClose: opts.autoClose ?? false,
  });
  const creds = (await t.call('credential.list', { meetingId: meeting.id })).rows;
  return { meeting, poll, members, creds, codes: creds.filter((c) => c.code).map((c) => c.code!) };
}

const ballot = (o: 'satisfied' | 'basically' | 'unsatisfied') => ({ kind: 'satisfaction', marks: Object.fromEntries(TARGETS.map((x) => [x.key, [o]])) });

describe('credentials', () => {
  it('are issued when a member is marked present, stay with a member marked 请假, and vote only while present', async () => {
    const { meeting, creds, members } = await setup(20);
    expect(creds.filter((c) => c.code).length).toBe(20);
    expect(creds.find((c) => c.memberId === members[25]!.id)?.code).toBeNull();
    for (const c of creds.filter((c) => c.code)) expect(c.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    // Cards are printed before the meeting for every serving member.
    const all = (await t.call('credential.issue', { meetingId: meeting.id })).rows;
    expect(all.filter((c) => c.code).length).toBe(29);
    const card = all.find((c) => c.memberId === members[0]!.id)!.code;
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: [members[0]!.id], status: 'leave' });
    const after = (await t.call('credential.list', { meetingId: meeting.id })).rows;
    expect(after.find((c) => c.memberId === members[0]!.id)?.code).toBe(card);
    const reissued = (await t.call('credential.reissue', { meetingId: meeting.id, memberId: members[0]!.id })).rows;
    expect(reissued.find((c) => c.memberId === members[0]!.id)?.code).not.toBe(card);
  });
});

describe('voter protocol', () => {
  it('lets a present member vote once, answers a retry with the same receipt, and publishes receipts after close', async () => {
    const { poll, codes } = await setup(20);
    const before = await voterRequest(base, 'GET', '/v1/state', codes[0]!);
    expect(before.status).toBe(200);
    expect(before.body.poll).toBeNull();
    await t.call('poll.open', { id: poll.id });
    const state = await voterRequest(base, 'GET', '/v1/state', codes[0]!);
    expect(state.body).toMatchObject({ protocol: 1, voted: false, poll: { id: poll.id, status: 'open', received: 0, present: 20 } });
    expect(state.body.poll.definition.targets).toHaveLength(9);

    const receipt = newReceipt();
    const cast = await voterRequest(base, 'POST', '/v1/ballots', codes[0]!, { pollId: poll.id, receipt, ballot: ballot('satisfied') });
    expect(cast).toEqual({ status: 201, body: { receipt, pollId: poll.id } });
    // The device did not hear the answer and sends the same thing again: same receipt, nothing added.
    const retry = await voterRequest(base, 'POST', '/v1/ballots', codes[0]!, { pollId: poll.id, receipt, ballot: ballot('satisfied') });
    expect(retry).toEqual({ status: 200, body: { receipt, pollId: poll.id } });
    const again = await voterRequest(base, 'POST', '/v1/ballots', codes[0]!, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('unsatisfied') });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_VOTED');
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(1);
    expect((await voterRequest(base, 'GET', '/v1/state', codes[0]!)).body.voted).toBe(true);

    const receipts = [receipt];
    for (const code of codes.slice(1, 10)) {
      const r = newReceipt();
      receipts.push(r);
      expect((await voterRequest(base, 'POST', '/v1/ballots', code, { pollId: poll.id, receipt: r, ballot: ballot('basically') })).status).toBe(201);
    }
    expect((await voterRequest(base, 'GET', `/v1/receipts?pollId=${poll.id}`, codes[0]!)).body.error.code).toBe('NO_OPEN_POLL');
    await t.call('poll.close', { id: poll.id });
    const late = await voterRequest(base, 'POST', '/v1/ballots', codes[15]!, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') });
    expect(late.body.error.code).toBe('POLL_CLOSED');
    const list = await voterRequest(base, 'GET', `/v1/receipts?pollId=${poll.id}`, codes[3]!);
    expect(list.body).toEqual({ pollId: poll.id, status: 'closed', receipts: [...receipts].sort(), ballotCount: 10 });
    const result = await t.call('poll.result', { id: poll.id });
    expect(result.ballotCount).toBe(10);
    expect((await t.call('poll.verify', { id: poll.id })).ok).toBe(true);
  });

  it('refuses unknown, malformed, revoked and absent credentials and bad ballots, changing nothing', async () => {
    const { meeting, poll, codes, creds, members } = await setup(20);
    await t.call('poll.open', { id: poll.id });
    const cases: [string | null, unknown, number, string][] = [
      [null, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') }, 401, 'UNAUTHORIZED'],
      ['ZZZZZZZZ', { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') }, 401, 'UNAUTHORIZED'],
      ["'; DROP TABLE ballot; --", { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') }, 401, 'UNAUTHORIZED'],
      [codes[1]!, '{not json', 400, 'BAD_REQUEST'],
      [codes[1]!, { pollId: poll.id, receipt: 'short', ballot: ballot('satisfied') }, 400, 'BAD_REQUEST'],
      [codes[1]!, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied'), memberId: 3 }, 400, 'BAD_REQUEST'],
      [codes[1]!, { pollId: poll.id, receipt: newReceipt(), ballot: { kind: 'decision', marks: { motion: ['for'] } } }, 400, 'INVALID_BALLOT'],
      [codes[1]!, { pollId: poll.id, receipt: newReceipt(), ballot: { kind: 'satisfaction', marks: { d1: ['excellent'] } } }, 400, 'BAD_REQUEST'],
      [codes[1]!, { pollId: 999, receipt: newReceipt(), ballot: ballot('satisfied') }, 409, 'NO_OPEN_POLL'],
      [codes[1]!, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied'), extra: 'x'.repeat(40_000) }, 413, 'TOO_LARGE'],
    ];
    for (const [code, body, status, errCode] of cases) {
      const r = await voterRequest(base, 'POST', '/v1/ballots', code, body);
      expect([r.status, r.body?.error?.code], JSON.stringify(body).slice(0, 80)).toEqual([status, errCode]);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    // Revoked (lost tablet): the old code stops working, the new one works.
    const lost = creds.find((c) => c.code === codes[2])!;
    const reissued = (await t.call('credential.reissue', { meetingId: meeting.id, memberId: lost.memberId })).rows.find((c) => c.memberId === lost.memberId)!;
    const old = await voterRequest(base, 'POST', '/v1/ballots', codes[2]!, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') });
    expect(old.body.error.code).toBe('REVOKED');
    expect((await voterRequest(base, 'POST', '/v1/ballots', reissued.code!, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') })).status).toBe(201);
    // A member marked absent after getting a card keeps the card but cannot vote.
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: [members[4]!.id], status: 'absent' });
    const absent = await voterRequest(base, 'POST', '/v1/ballots', creds.find((c) => c.memberId === members[4]!.id)!.code!, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') });
    expect(absent.body.error.code).toBe('NOT_PRESENT');
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(1);
    // While the poll is open its ballots wait in staging; nothing is sealed yet.
    const raw = new BetterSqlite3(t.core.dbFile, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM ballot_stage').get()).toEqual({ n: 1 });
    expect(raw.prepare('SELECT count(*) AS n FROM ballot').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('closes by itself when every present member has voted (auto-close) and tells devices over WebSocket', async () => {
    const { poll, codes } = await setup(16, { autoClose: true });
    await t.call('poll.open', { id: poll.id });
    const ws = new WebSocket(`ws://127.0.0.1:${voter.port}/v1/events?c=${codes[0]}`);
    const events: string[] = [];
    ws.on('message', (d) => events.push((JSON.parse(String(d)) as { event: string }).event));
    await new Promise((r) => ws.on('open', r));
    await Promise.all(codes.map((code) => voterRequest(base, 'POST', '/v1/ballots', code, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') })));
    await expect.poll(async () => (await t.call('poll.get', { id: poll.id })).status, { timeout: 5000 }).toBe('closed');
    await expect.poll(() => events.includes('poll.closed'), { timeout: 5000 }).toBe(true);
    expect(events).toContain('poll.progress');
    const result = await t.call('poll.result', { id: poll.id });
    expect(result.ballotCount).toBe(16);
    ws.close();
  });

  it('links member to ballot only in a named poll', async () => {
    const { poll, codes } = await setup(16, { anonymous: false });
    await t.call('poll.open', { id: poll.id });
    await voterRequest(base, 'POST', '/v1/ballots', codes[0]!, { pollId: poll.id, receipt: newReceipt(), ballot: ballot('satisfied') });
    const raw = new BetterSqlite3(t.core.dbFile, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM named_stage').get()).toEqual({ n: 1 });
    await t.call('poll.close', { id: poll.id });
    const named = raw.prepare('SELECT member_id AS memberId, payload FROM named_vote').all() as { memberId: number; payload: string }[];
    expect(named).toHaveLength(1);
    expect(JSON.parse(named[0]!.payload)).toEqual({ kind: 'satisfaction', marks: Object.fromEntries(TARGETS.map((x) => [x.key, ['satisfied']])) });
    raw.close();
  });
});
