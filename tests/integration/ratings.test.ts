import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PollDefinitionInput } from '../../shared/domain/polls/definition.js';
import type { SatisfactionResult, ScoringResult } from '../../shared/domain/polls/result.js';
import { makeCore, openOnPaper, seedTerm, type TestCore } from '../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

/** A poll on the item, opened, the given paper sheets entered, closed and sealed. */
async function sealedPoll(agendaItemId: number, definition: PollDefinitionInput, sheets: unknown[]) {
  const poll = await t.call('poll.create', { agendaItemId: agendaItemId as never, definition });
  await openOnPaper(t, poll.id);
  for (const payload of sheets) await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: payload as never });
  return t.call('poll.close', { id: poll.id });
}

const sat = (marks: Record<string, string>) => ({ kind: 'satisfaction', marks: Object.fromEntries(Object.entries(marks).map(([k, o]) => [k, [o]])) });
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

async function setup() {
  const { term, members } = await seedTerm(t, 20);
  const body = async (name: string, kind: 'government' | 'department' | 'court') => t.call('body.create', { name, kind, sortOrder: 0, active: true });
  const gov = await body('市人民政府', 'government');
  const edu = await body('市教育局', 'department');
  const court = await body('市中级人民法院', 'court');
  const meeting = async (number: number, date: string) => {
    const m = await t.call('meeting.create', { termId: term.id, fields: { number, date, place: '第一会议室', status: 'ready' } });
    await t.call('attendance.set', { meetingId: m.id, memberIds: members.map((x) => x.id), status: 'present' });
    return m;
  };
  const item = async (meetingId: number, kind: 'special_report' | 'opinion_handling_report' | 'decision' | 'work_review', title: string, bodyId: number | null, voteKind: 'satisfaction' | 'decision' | 'scoring') =>
    t.call('agenda.create', { meetingId: meetingId as never, fields: { kind, title, bodyId: bodyId as never, notes: null, voteKind } });

  // 2024: the court's report rated on a one-row sheet (matched by its agenda item); three
  // departments rated by name on the government's item; a decision on the bureau's item.
  const m1 = await meeting(10, '2024-03-05');
  const a = await item(m1.id, 'special_report', '听取和审议市中级人民法院关于行政审判工作情况的报告', court.id, 'satisfaction');
  const courtReport = await sealedPoll(a.id, { kind: 'satisfaction', title: '对行政审判工作报告的满意度测评', targets: [{ key: 't1', label: '行政审判工作' }] }, [
    ...times(16, sat({ t1: 'satisfied' })),
    ...times(2, sat({ t1: 'unsatisfied' })),
  ]);
  const b = await item(m1.id, 'opinion_handling_report', '审议意见研究处理情况的报告', gov.id, 'satisfaction');
  const threeDepartments = await sealedPoll(
    b.id,
    {
      kind: 'satisfaction',
      title: '对有关部门审议意见研究处理情况的满意度测评',
      targets: [
        { key: 'd1', label: '市民政局' },
        { key: 'd2', label: '市教育局' },
        { key: 'd3', label: '市交通运输局' },
      ],
    },
    [...times(12, sat({ d1: 'basically', d2: 'satisfied', d3: 'unsatisfied' })), ...times(6, sat({ d1: 'satisfied', d2: 'basically', d3: 'unsatisfied' }))],
  );
  const c = await item(m1.id, 'decision', '审议关于教育工作的决议', edu.id, 'decision');
  await sealedPoll(c.id, { kind: 'decision', title: '表决：关于教育工作的决议', targets: [{ key: 'motion', label: '市教育局' }] }, times(15, { kind: 'decision', marks: { motion: ['for'] } }));

  // 2025: a work review scoring the bureau and the court by name; a one-row sheet on the
  // bureau's item that is still a draft (not sealed, so not a rating yet).
  const m2 = await meeting(11, '2025-06-10');
  const d = await item(m2.id, 'work_review', '工作评议', null, 'scoring');
  const review = await sealedPoll(
    d.id,
    { kind: 'scoring', title: '工作评议打分', targets: [{ key: 's1', label: '市教育局' }, { key: 's2', label: '市中级人民法院' }] },
    [90, 80, 85].map((x) => ({ kind: 'scoring', group: null, scores: { s1: x, s2: 95 } })),
  );
  const e = await item(m2.id, 'special_report', '听取和审议市教育局关于“双减”工作的报告', edu.id, 'satisfaction');
  await t.call('poll.create', { agendaItemId: e.id, definition: { kind: 'satisfaction', title: '对“双减”工作报告的满意度测评', targets: [{ key: 't1', label: '市教育局' }] } });
  return { gov, edu, court, m1, m2, courtReport, threeDepartments, review };
}

describe('body.ratings', () => {
  it("lists the sealed rows that rated a body, newest first, with the sealed verdicts, rates and scores", async () => {
    const s = await setup();

    const edu = await t.call('body.ratings', { bodyId: s.edu.id });
    expect(edu.bodyName).toBe('市教育局');
    expect(edu.rows.map((r) => [r.date, r.kind, r.target.label, r.matchedBy])).toEqual([
      ['2025-06-10', 'scoring', '市教育局', 'label'],
      ['2024-03-05', 'satisfaction', '市教育局', 'label'],
    ]);
    const [scored, rated] = edu.rows;
    // Scores 90, 80, 85: mean 85.00, 良好 by the default bands, second of two behind the court's 95.
    expect(scored).toMatchObject({ pollId: s.review.pollId, score: '85.00', verdict: '良好', rank: 2, of: 2, satisfactionRate: null, options: [], ballotCount: 3 });
    expect(scored!.meetingTitle).toBe('第十七届人大常委会第十一次会议');
    // 12 满意 of 20 serving members is more than half: 满意 under the default preset.
    const sealed = (s.threeDepartments.result as SatisfactionResult).targets.find((x) => x.key === 'd2')!;
    expect(rated).toMatchObject({ pollId: s.threeDepartments.pollId, verdict: '满意', satisfactionRate: sealed.satisfactionRate.text, rank: sealed.rank, of: 3, ballotCount: 18 });
    expect(rated!.satisfactionRate).toBe('90.00%');
    expect(rated!.options.map((o) => [o.key, o.count, o.rate])).toEqual(sealed.options.map((o) => [o.key, o.count, o.rate.text]));
    expect(rated!.denominator).toEqual({ label: sealed.denominator.label, value: 20 });

    const court = await t.call('body.ratings', { bodyId: s.court.id });
    expect(court.rows.map((r) => [r.date, r.target.label, r.matchedBy])).toEqual([
      ['2025-06-10', '市中级人民法院', 'label'],
      ['2024-03-05', '行政审判工作', 'agenda'],
    ]);
    expect(court.rows[0]).toMatchObject({ score: '95.00', verdict: '优秀', rank: 1 });
    const courtSealed = (s.courtReport.result as SatisfactionResult).targets[0]!;
    expect(court.rows[1]).toMatchObject({ verdict: '满意', satisfactionRate: '80.00%', rank: courtSealed.rank, of: 1 });
    expect((s.review.result as ScoringResult).targets[1]!.score?.text).toBe('95.00');

    // The government presented the departments' sheet but was not itself a row of it.
    expect((await t.call('body.ratings', { bodyId: s.gov.id })).rows).toEqual([]);
  });

  it('refuses an unknown body', async () => {
    await seedTerm(t, 5);
    expect((await t.fail('body.ratings', { bodyId: 999 })).code).toBe('NOT_FOUND');
    expect((await t.fail('body.ratings', { bodyId: 0 })).code).toBe('VALIDATION');
  });
});
