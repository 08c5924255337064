import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionResult, SatisfactionResult, SelectionResult } from '../../shared/domain/polls/result.js';
import type { PollDefinitionInput } from '../../shared/domain/polls/definition.js';
import { makeCore, seedTerm, type TestCore } from '../helpers/core.js';
import { newReceipt } from '../helpers/voter.js';

/**
 * Counts that never mislead (issue 8, point 5): the members entitled to vote are fixed when a
 * poll opens; a member votes on one channel; the paper reconciliation is sealed; auto-close
 * follows whichever channel came last; no rate exceeds 100%; an empty box says so; a lost
 * quorum is stated; a selection's run-off holds only the tied candidates.
 */

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
];
const satisfied = { kind: 'satisfaction', marks: { edu: ['satisfied'], health: ['satisfied'] } };

async function room(opts: { members?: number; present?: number; definition?: PollDefinitionInput; autoClose?: boolean } = {}) {
  const { term, members } = await seedTerm(t, opts.members ?? 9);
  const meeting = await t.call('meeting.create', { termId: term.id, fields: { number: 3, date: '2026-12-14', place: '第一会议室', status: 'ready' } });
  const present = members.slice(0, opts.present ?? 5);
  await t.call('attendance.set', { meetingId: meeting.id, memberIds: present.map((m) => m.id), status: 'present' });
  const item = await t.call('agenda.create', { meetingId: meeting.id, fields: { kind: 'satisfaction_rating', title: '满意度测评', bodyId: null, notes: null, voteKind: 'satisfaction' } });
  const poll = await t.call('poll.create', {
    agendaItemId: item.id,
    definition: opts.definition ?? { kind: 'satisfaction', title: '两个部门满意度测评', targets: TARGETS },
    autoClose: opts.autoClose ?? false,
  });
  const code = async (memberId: number) => (await t.call('credential.list', { meetingId: meeting.id })).rows.find((c) => c.memberId === memberId)!.code!;
  const cast = async (memberId: number, ballot: unknown = satisfied) =>
    t.core.voter.cast(t.core.voter.authenticate(await code(memberId)), { pollId: poll.id, receipt: newReceipt(), ballot }).catch((e: unknown) => e as Error & { code: string });
  return { meeting, members, present, item, poll, cast };
}

describe('the members entitled to vote are fixed when the poll opens', () => {
  it('a member marked present later is told on the device, and no rate passes 100%', async () => {
    const { meeting, members, present, poll, cast } = await room({
      definition: {
        kind: 'satisfaction',
        title: '按出席人数计算的测评',
        targets: TARGETS,
        rule: { preset: 'satisfaction_rate', denominator: 'present' },
      },
    });
    await t.call('poll.open', { id: poll.id });
    // Four more members arrive after the vote began.
    const late = members.slice(5, 9);
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: late.map((m) => m.id), status: 'present' });
    for (const m of late) {
      const state = t.core.voter.state(t.core.voter.authenticate((await t.call('credential.list', { meetingId: meeting.id })).rows.find((c) => c.memberId === m.id)!.code!));
      expect(state).toMatchObject({ entitled: false, voted: false, paperSheet: false });
      const refused = await cast(m.id);
      expect((refused as { code: string }).code).toBe('NOT_ENTITLED');
      expect((refused as Error).message).toContain('尚未签到');
    }
    for (const m of present) expect(await cast(m.id)).toMatchObject({ replay: false });
    // Nor can a late member be handed a sheet.
    const sheet = await t.fail('paperBallot.handOut', { pollId: poll.id, memberIds: [late[0]!.id] });
    expect(sheet.message).toContain('未签到');
    const sealed = await t.call('poll.close', { id: poll.id });
    const r = sealed.result as SatisfactionResult;
    expect(r.sheets).toMatchObject({ present: 5, returned: 5, device: 5 });
    for (const target of r.targets) {
      expect(target.denominator.value).toBe(5);
      expect(target.satisfactionRate.text).toBe('100.00%');
      for (const o of target.options) expect(o.rate.num).toBeLessThanOrEqual(o.rate.den);
    }
  });
});

describe('one channel per member', () => {
  it('refuses a device ballot from a sheet holder, a sheet to a device voter, and entries beyond the sheets handed out', async () => {
    const { present, poll, cast } = await room();
    await t.call('poll.open', { id: poll.id });
    await t.call('paperBallot.handOut', { pollId: poll.id, memberIds: [present[0]!.id] });
    const holder = await cast(present[0]!.id);
    expect((holder as { code: string }).code).toBe('PAPER_SHEET');
    expect(await cast(present[1]!.id)).toMatchObject({ replay: false });
    const both = await t.fail('paperBallot.handOut', { pollId: poll.id, memberIds: [present[1]!.id, present[2]!.id] });
    expect(both.code).toBe('STATE');
    expect(both.message).toContain('已在电子设备上投票');
    // Nothing was handed out by the refused request (all or nothing).
    expect((await t.call('paperBallot.status', { pollId: poll.id })).handedOut).toBe(1);
    await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: satisfied as never });
    const extra = await t.fail('paperBallot.enter', { pollId: poll.id, pass: 1, payload: satisfied as never });
    expect(extra.code).toBe('STATE');
    expect(extra.message).toContain('发出的张数');
    expect((await t.call('poll.get', { id: poll.id })).received).toBe(2);
  });
});

describe('the paper reconciliation is part of the sealed result', () => {
  it('6 of 8 sheets back and 2 device ballots read 发出 8 / 收回 6 / 电子 2, right after close', async () => {
    const { present, poll, cast } = await room({ members: 15, present: 10 });
    await t.call('poll.open', { id: poll.id });
    await t.call('paperBallot.handOut', { pollId: poll.id, memberIds: present.slice(0, 8).map((m) => m.id) });
    for (const m of present.slice(8, 10)) await cast(m.id);
    for (let i = 0; i < 5; i++) await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: satisfied as never });
    await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'satisfaction', marks: {} } });
    const sealed = await t.call('poll.close', { id: poll.id });
    expect(sealed.tallyVersion).toBe(2);
    expect(sealed.result.sheets).toMatchObject({ issued: 8, paperReturned: 6, device: 2, returned: 8, valid: 7, blank: 1, invalid: 1 });
    // And it stays so: nothing of it depends on rows purged at close.
    expect((await t.call('poll.result', { id: poll.id })).result.sheets).toEqual(sealed.result.sheets);
    expect((await t.call('poll.verify', { id: poll.id })).ok).toBe(true);
  });
});

describe('auto-close', () => {
  it('fires when the last ballot is a paper sheet', async () => {
    const { present, poll, cast } = await room({ autoClose: true });
    await t.call('poll.open', { id: poll.id });
    await t.call('paperBallot.handOut', { pollId: poll.id, memberIds: [present[0]!.id, present[1]!.id] });
    for (const m of present.slice(2)) await cast(m.id);
    // With one sheet still out the poll stays open (the rule itself: tests/unit/polls-lifecycle.test.ts);
    // had it closed, this second entry would be refused.
    await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: satisfied as never });
    await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: satisfied as never });
    await expect.poll(async () => (await t.call('poll.get', { id: poll.id })).status, { timeout: 10_000 }).toBe('closed');
    expect((await t.call('poll.result', { id: poll.id })).result.sheets).toMatchObject({ device: 3, paperReturned: 2 });
  });

  it('fires when the last member still away from the vote leaves the room', async () => {
    const { meeting, present, poll, cast } = await room({ autoClose: true });
    await t.call('poll.open', { id: poll.id });
    for (const m of present.slice(0, 4)) await cast(m.id);
    expect((await t.call('poll.get', { id: poll.id })).status).toBe('open');
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: [present[4]!.id], status: 'leave' });
    await expect.poll(async () => (await t.call('poll.get', { id: poll.id })).status, { timeout: 10_000 }).toBe('closed');
  });

  it('tells the console when the poll was due to close and could not', async () => {
    const { present, poll, cast } = await room({ autoClose: true });
    const notices: string[] = [];
    t.core.subscribe((event, payload) => {
      if (event === 'poll.notice') notices.push((payload as { message: string }).message);
    });
    await t.call('poll.open', { id: poll.id });
    for (const m of present.slice(0, 4)) await cast(m.id);
    // Make the close fail: a staged ballot that no longer reads (as a damaged file would).
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(t.core.dbFile);
    raw.prepare('UPDATE ballot_stage SET payload = ? WHERE id = (SELECT id FROM ballot_stage LIMIT 1)').run('not json');
    raw.close();
    await cast(present[4]!.id);
    await expect.poll(() => notices.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(notices[0]).toMatch(/已满足自动结束条件，但未能自动结束：计票数据不一致/);
    expect((await t.call('poll.get', { id: poll.id })).status).toBe('open');
    expect(t.logs.join('\n')).toMatch(/auto-close of poll \d+ refused: INTERNAL/);
  });
});

describe('an empty box', () => {
  it('a satisfaction poll closed with no ballot says 未收到选票 and gives no verdict', async () => {
    const { poll } = await room();
    await t.call('poll.open', { id: poll.id });
    const r = (await t.call('poll.close', { id: poll.id })).result as SatisfactionResult;
    expect(r.noBallots).toBe(true);
    expect(r.warnings).toContain('未收到选票');
    for (const target of r.targets) {
      expect(target.verdict).toBeNull();
      expect(target.rank).toBeNull();
    }
  });

  it('a decision closed with no ballot is 未通过, and says why', async () => {
    const { poll } = await room({ definition: { kind: 'decision', title: '关于批准决算的决议（草案）', targets: [{ key: 'motion', label: '决议草案' }] } });
    await t.call('poll.open', { id: poll.id });
    const r = (await t.call('poll.close', { id: poll.id })).result as DecisionResult;
    expect(r.noBallots).toBe(true);
    expect(r.targets[0]!.verdict.label).toBe('未通过');
    expect(r.warnings.join('；')).toMatch(/未收到选票/);
  });
});

describe('losing the quorum while a poll is open', () => {
  it('is stated in the sealed result', async () => {
    const { meeting, present, poll, cast } = await room();
    await t.call('poll.open', { id: poll.id });
    for (const m of present.slice(0, 3)) await cast(m.id);
    // 9 serving: 5 needed. Two leave, one comes back: the lowest was 3.
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: [present[3]!.id, present[4]!.id], status: 'leave' });
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: [present[4]!.id], status: 'present' });
    const r = (await t.call('poll.close', { id: poll.id })).result;
    expect(r.warnings.join('；')).toMatch(/出席人数曾降至3人，低于法定人数5人/);
  });
});

describe('a selection tied at the cut-off', () => {
  it('runs off only the tied candidates for the seats left, and keeps one final list', async () => {
    const { present, poll, cast } = await room({
      members: 11,
      present: 9,
      definition: {
        kind: 'selection',
        title: '2027年民生实事项目票决',
        targets: ['a', 'b', 'c', 'd', 'e'].map((k, i) => ({ key: k, label: `项目${i + 1}` })),
        maxChoices: 2,
      },
    });
    await t.call('poll.open', { id: poll.id });
    // a: 9; b: 4; c: 4; d: 1 — a is in, b and c tie for the second seat.
    const choices = [['a', 'b'], ['a', 'b'], ['a', 'b'], ['a', 'b'], ['a', 'c'], ['a', 'c'], ['a', 'c'], ['a', 'c'], ['a', 'd']];
    for (const [i, m] of present.entries()) await cast(m.id, { kind: 'selection', chosen: choices[i] });
    const first = (await t.call('poll.close', { id: poll.id })).result as SelectionResult;
    expect(first.selection).toMatchObject({ seats: 2, selected: 1, runoffSeats: 1, runoffCandidates: 2 });
    const runoff = await t.call('poll.newRound', { id: poll.id });
    expect(runoff.definition).toMatchObject({ kind: 'selection', maxChoices: 1, runoff: { round: 1 } });
    expect(runoff.definition.targets.map((x) => x.label)).toEqual(['项目2', '项目3']);
    expect(runoff.runoffOfRound).toBe(1);
    // The run-off keeps its candidates and seats; only its wording may change.
    const widened = await t.fail('poll.update', { id: runoff.id, definition: { ...runoff.definition, targets: runoff.definition.targets.concat({ key: 'd', label: '项目4' }) } as never });
    expect(widened.code).toBe('VALIDATION');
    await t.call('poll.update', { id: runoff.id, definition: { ...runoff.definition, title: '民生实事项目另行投票' } as never });
    // Another round can only follow the latest one.
    expect((await t.fail('poll.newRound', { id: poll.id })).message).toContain('最新一轮');
    await t.call('poll.open', { id: runoff.id });
    const cast2 = async (memberId: number, chosen: string[]) =>
      t.core.voter.cast(t.core.voter.authenticate((await t.call('credential.list', { meetingId: poll.meetingId })).rows.find((c) => c.memberId === memberId)!.code!), {
        pollId: runoff.id,
        receipt: newReceipt(),
        ballot: { kind: 'selection', chosen },
      });
    for (const [i, m] of present.entries()) await cast2(m.id, [i < 5 ? 'c' : 'b']);
    await t.call('poll.close', { id: runoff.id });
    const outcome = await t.call('poll.outcome', { id: runoff.id });
    expect(outcome?.winners.map((w) => [w.label, w.round])).toEqual([
      ['项目1', 1],
      ['项目3', 2],
    ]);
    expect(await t.call('poll.outcome', { id: poll.id })).toEqual(outcome);
    // A repeat after the settled run-off is a full vote again, not another run-off.
    const repeat = await t.call('poll.newRound', { id: runoff.id });
    expect(repeat).toMatchObject({ round: 3, runoffOfRound: null });
    expect(repeat.definition).toMatchObject({ maxChoices: 2 });
    expect(repeat.definition.targets).toHaveLength(5);
  });
});

describe('two meetings voting at once', () => {
  it('closing one poll keeps the other meeting’s staged ballots, and both seal and verify', async () => {
    const { term, members } = await seedTerm(t, 9);
    const polls = [];
    for (const number of [4, 5]) {
      const meeting = await t.call('meeting.create', { termId: term.id, fields: { number, date: '2026-12-14', place: `第${number}会议室`, status: 'ready' } });
      await t.call('attendance.set', { meetingId: meeting.id, memberIds: members.map((m) => m.id), status: 'present' });
      const item = await t.call('agenda.create', { meetingId: meeting.id, fields: { kind: 'satisfaction_rating', title: '测评', bodyId: null, notes: null, voteKind: 'satisfaction' } });
      const poll = await t.call('poll.create', { agendaItemId: item.id, definition: { kind: 'satisfaction', title: `第${number}次会议测评`, targets: TARGETS } });
      await t.call('poll.open', { id: poll.id });
      const codes = (await t.call('credential.list', { meetingId: meeting.id })).rows;
      for (const c of codes.slice(0, 6)) await t.core.voter.cast(t.core.voter.authenticate(c.code!), { pollId: poll.id, receipt: newReceipt(), ballot: satisfied });
      polls.push(poll);
    }
    const [a, b] = polls as [(typeof polls)[0], (typeof polls)[0]];
    await t.call('poll.close', { id: a.id });
    expect((await t.call('poll.get', { id: b.id })).received).toBe(6);
    const sealed = await t.call('poll.close', { id: b.id });
    expect(sealed.ballotCount).toBe(6);
    for (const p of [a, b]) expect((await t.call('poll.verify', { id: p.id })).ok).toBe(true);
  });
});
