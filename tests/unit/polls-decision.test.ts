import { describe, expect, it } from 'vitest';
import { COMBINED_KEY, ballotRows, checkBallot, decisionPreset, describeRule, parseBallot, votesRequired, type AppointmentResult, type DecisionResult } from '../../shared/domain/polls/index.js';
import { def, tallyIn, targets, times } from './polls-helpers.js';

function vote(rule: object | undefined, f: number, a: number, ab: number, serving: number, present = serving) {
  const d = def({ kind: 'decision', title: '关于批准某某决议的决定', targets: [{ key: 'm', label: '决议草案' }], ...(rule ? { rule: rule as never } : {}) });
  const ballots = [
    ...times(f, d, { kind: 'decision', marks: { m: ['for'] } }),
    ...times(a, d, { kind: 'decision', marks: { m: ['against'] } }),
    ...times(ab, d, { kind: 'decision', marks: { m: ['abstain'] } }),
  ];
  const r = tallyIn(d, ballots, { serving, present }) as DecisionResult;
  return { r, t: r.targets[0]! };
}

describe('decision vote', () => {
  it('exactly half of all members is not adopted; one more is', () => {
    const half = vote(undefined, 15, 0, 0, 30);
    expect(half.t.verdict).toEqual({ key: 'rejected', label: '未通过' });
    expect(half.t.required).toBe(16);
    expect(vote(undefined, 16, 10, 2, 30).t.verdict).toEqual({ key: 'adopted', label: '通过' });
    expect(vote(undefined, 15, 0, 0, 29).t.verdict.key).toBe('adopted'); // 15 > 14.5
    expect(vote(undefined, 14, 0, 0, 29).t.verdict.key).toBe('rejected');
  });

  it('counts against all serving members: 16 of 20 present fails when 33 serve', () => {
    const { t } = vote(undefined, 16, 4, 0, 33, 20);
    expect(t.verdict.key).toBe('rejected');
    expect(t.denominator).toEqual({ kind: 'all_members', label: '全体组成人员', value: 33 });
    expect(t.options.map((o) => [o.label, o.count, o.rate.text])).toEqual([
      ['赞成', 16, '48.48%'],
      ['反对', 4, '12.12%'],
      ['弃权', 0, '0.00%'],
    ]);
  });

  it('two thirds: the preset is "三分之二以上" (includes 20 of 30); a strict custom rule needs 21', () => {
    const preset = { preset: 'two_thirds_of_all' };
    expect(vote(preset, 20, 0, 0, 30).t.verdict.key).toBe('adopted');
    expect(vote(preset, 19, 0, 0, 30).t.verdict.key).toBe('rejected');
    expect(vote(preset, 19, 0, 0, 29).t.required).toBe(20);
    const strict = { preset: 'custom', denominator: 'all_members', threshold: { num: 2, den: 3, inclusive: false } };
    expect(vote(strict, 20, 0, 0, 30).t.verdict.key).toBe('rejected');
    expect(vote(strict, 21, 0, 0, 30).t.verdict.key).toBe('adopted');
    expect(vote(strict, 21, 0, 0, 30).t.required).toBe(21);
  });

  it('custom denominator: more than half of those present', () => {
    const rule = { preset: 'custom', denominator: 'present', threshold: { num: 1, den: 2 } };
    const { t, r } = vote(rule, 11, 9, 0, 30, 20);
    expect(t.verdict.key).toBe('adopted');
    expect(r.rule).toMatchObject({ preset: 'custom', name: '自定义比例', adjusted: false });
    expect(t.ruleText).toBe('赞成票超过出席会议的组成人员（20人）的半数为通过（至少11票）');
  });

  it('rule texts', () => {
    expect(describeRule(decisionPreset('majority_of_all'), { value: 30 })).toBe('赞成票超过全体组成人员（30人）的半数为通过（至少16票）');
    expect(describeRule(decisionPreset('two_thirds_of_all'), { value: 30 })).toBe('赞成票不少于全体组成人员（30人）的三分之二为通过（至少20票）');
    expect(describeRule(decisionPreset('majority_of_all'))).toBe('赞成票超过全体组成人员的半数为通过');
  });

  it('votesRequired uses integer math', () => {
    expect(votesRequired(30, { num: 1, den: 2, inclusive: false })).toBe(16);
    expect(votesRequired(29, { num: 1, den: 2, inclusive: false })).toBe(15);
    expect(votesRequired(30, { num: 2, den: 3, inclusive: true })).toBe(20);
    expect(votesRequired(30, { num: 2, den: 3, inclusive: false })).toBe(21);
    expect(votesRequired(0, { num: 1, den: 2, inclusive: false })).toBe(1);
  });

  it('blank and double-marked paper ballots are invalid; not pressing is not a ballot at all', () => {
    const d = def({ kind: 'decision', title: 't', targets: [{ key: 'm', label: '议案' }] });
    const blank = parseBallot(d, { kind: 'decision', marks: {} });
    const both = parseBallot(d, { kind: 'decision', marks: { m: ['against', 'for'] } });
    expect(checkBallot(d, blank)).toEqual({ valid: false, reason: '空白票（未作任何选择）' });
    expect(checkBallot(d, both)).toEqual({ valid: false, reason: '同一对象选择了多个选项' });
    const r = tallyIn(d, [...times(16, d, { kind: 'decision', marks: { m: ['for'] } }), blank, both], { serving: 30, present: 25 }) as DecisionResult;
    expect(r.sheets).toMatchObject({ returned: 18, valid: 16, invalid: 2, blank: 1 });
    expect(r.targets[0]!.verdict.key).toBe('adopted');
    expect(r.ranking).toEqual([]);
  });

  it('a decision has exactly one target', () => {
    expect(() => def({ kind: 'decision', title: 't', targets: targets('a', 'b') })).toThrow();
  });
});

describe('appointment vote', () => {
  const persons = [
    { key: 'p1', label: '张三' },
    { key: 'p2', label: '李四' },
    { key: 'p3', label: '王五' },
  ];

  it('votes on each person separately on one sheet', () => {
    const d = def({ kind: 'appointment', title: '任命', targets: persons });
    const ballots = [
      ...times(16, d, { kind: 'appointment', marks: { p1: ['for'], p2: ['for'], p3: ['against'] } }),
      ...times(14, d, { kind: 'appointment', marks: { p1: ['for'], p2: ['against'], p3: ['for'] } }),
    ];
    const r = tallyIn(d, ballots, { serving: 30, present: 30 }) as AppointmentResult;
    expect(r.combined).toBe(false);
    expect(r.targets.map((t) => [t.label, t.options[0]!.count, t.verdict.label])).toEqual([
      ['张三', 30, '通过'],
      ['李四', 16, '通过'],
      ['王五', 14, '未通过'],
    ]);
  });

  it('one person left blank on a sheet is 未填 for that person only', () => {
    const d = def({ kind: 'appointment', title: '任命', targets: persons });
    const r = tallyIn(d, times(16, d, { kind: 'appointment', marks: { p1: ['for'], p2: ['for'] } }), { serving: 30, present: 30 }) as AppointmentResult;
    expect(r.targets.map((t) => [t.counted, t.unfilled, t.verdict.key])).toEqual([
      [16, 0, 'adopted'],
      [16, 0, 'adopted'],
      [0, 16, 'rejected'],
    ]);
  });

  it('combined: one row for the whole list, one verdict', () => {
    const d = def({ kind: 'appointment', title: '任命', targets: persons, combined: true, combinedLabel: '任命名单' });
    expect(ballotRows(d)).toEqual([{ key: COMBINED_KEY, label: '任命名单' }]);
    const perPerson = parseBallot(d, { kind: 'appointment', marks: { p1: ['for'] } });
    expect(checkBallot(d, perPerson).valid).toBe(false);
    const ballots = [
      ...times(15, d, { kind: 'appointment', marks: { [COMBINED_KEY]: ['for'] } }),
      ...times(15, d, { kind: 'appointment', marks: { [COMBINED_KEY]: ['against'] } }),
    ];
    const r = tallyIn(d, ballots, { serving: 30, present: 30 }) as AppointmentResult;
    expect(r.combined).toBe(true);
    expect(r.targets).toHaveLength(1);
    expect(r.targets[0]).toMatchObject({ key: 'combined', label: '任命名单', persons, required: 16, verdict: { key: 'rejected' } });
  });
});
