import { describe, expect, it } from 'vitest';
import { checkBallot, describeRule, inspectBallot, parseBallot, SATISFACTION_PRESETS, satisfactionPreset, type SatisfactionResult } from '../../shared/domain/polls/index.js';
import { def, tallyIn, targets, times } from './polls-helpers.js';

type Preset = 'majority_of_all_three_tier' | 'unsatisfied_majority' | 'rates_only' | 'satisfaction_rate';

function sat(preset: Preset, s: number, b: number, u: number, serving: number, extra: { blank?: number; present?: number; rule?: object } = {}) {
  const d = def({ kind: 'satisfaction', title: '测评', targets: targets('a'), rule: { preset, ...extra.rule } as never });
  const ballots = [
    ...times(s, d, { kind: 'satisfaction', marks: { a: ['satisfied'] } }),
    ...times(b, d, { kind: 'satisfaction', marks: { a: ['basically'] } }),
    ...times(u, d, { kind: 'satisfaction', marks: { a: ['unsatisfied'] } }),
    ...times(extra.blank ?? 0, d, { kind: 'satisfaction', marks: {} }),
  ];
  const r = tallyIn(d, ballots, { serving, present: extra.present ?? serving }) as SatisfactionResult;
  return { r, t: r.targets[0]! };
}

describe('majority_of_all_three_tier (Zhenhai 2022)', () => {
  it.each([
    [29, 14, 0, 15, 'unsatisfied', '不满意'],
    [29, 17, 11, 1, 'satisfied', '满意'],
    [30, 15, 0, 15, 'unsatisfied', '不满意'],
    [30, 10, 6, 14, 'basically', '基本满意'],
  ])('%i members, %i/%i/%i -> %s', (serving, s, b, u, key, label) => {
    const { t } = sat('majority_of_all_three_tier', s, b, u, serving);
    expect(t.verdict).toEqual({ key, label });
    expect(t.denominator).toEqual({ kind: 'all_members', label: '全体组成人员', value: serving });
  });

  it('counts against all serving members, not those voting: 15 of 20 voting but 30 serving is not 满意', () => {
    const { t } = sat('majority_of_all_three_tier', 15, 0, 5, 30, { present: 20 });
    expect(t.verdict?.key).toBe('unsatisfied');
    expect(t.options[0]!.rate).toEqual({ num: 15, den: 30, text: '50.00%' });
  });

  it('prints the rule with the denominator value', () => {
    const { r, t } = sat('majority_of_all_three_tier', 14, 0, 15, 29);
    expect(t.ruleText).toBe('满意票超过全体组成人员（29人）的半数为满意；满意与基本满意票之和超过半数为基本满意；否则为不满意');
    expect(r.rule).toMatchObject({ preset: 'majority_of_all_three_tier', name: '全体组成人员过半数三档评定', adjusted: false });
    // Where a preset comes from is for the preset picker, not printed with results.
    expect(r.rule).not.toHaveProperty('practice');
    expect(SATISFACTION_PRESETS.find((p) => p.key === 'majority_of_all_three_tier')!.practice).toContain('镇海');
    expect(describeRule(satisfactionPreset('majority_of_all_three_tier'))).toBe(
      '满意票超过全体组成人员的半数为满意；满意与基本满意票之和超过半数为基本满意；否则为不满意',
    );
  });

  it('an adjusted denominator is flagged and printed', () => {
    const { r, t } = sat('majority_of_all_three_tier', 11, 0, 9, 30, { present: 20, rule: { denominator: 'present' } });
    expect(t.verdict?.key).toBe('satisfied');
    expect(r.rule.adjusted).toBe(true);
    expect(t.ruleText).toContain('出席会议的组成人员（20人）');
  });
});

describe('unsatisfied_majority (Shanxi 2011)', () => {
  it('不满意 when 不满意 is more than half of ballots returned', () => {
    expect(sat('unsatisfied_majority', 5, 3, 9, 30).t.verdict?.key).toBe('unsatisfied'); // 9 of 17
    expect(sat('unsatisfied_majority', 5, 3, 8, 30).t.verdict?.key).toBe('satisfied'); // 8 of 16 is not more than half
  });

  it('blank sheets are returned ballots and count in the denominator', () => {
    const { t } = sat('unsatisfied_majority', 0, 0, 9, 30, { blank: 9 }); // 9 of 18
    expect(t.denominator).toEqual({ kind: 'ballots_returned', label: '收回选票', value: 18 });
    expect(t.verdict?.key).toBe('basically'); // 9 of 18 is not more than half; 0 = 0 is a tie -> 基本满意
  });

  it('otherwise the larger of 满意 and 基本满意; a tie is 基本满意 by default, 满意 when configured', () => {
    expect(sat('unsatisfied_majority', 6, 9, 5, 30).t.verdict?.key).toBe('basically');
    expect(sat('unsatisfied_majority', 7, 7, 6, 30).t.verdict?.key).toBe('basically');
    expect(sat('unsatisfied_majority', 7, 7, 6, 30, { rule: { tie: 'satisfied' } }).t.verdict?.key).toBe('satisfied');
    expect(sat('unsatisfied_majority', 7, 7, 6, 30).t.ruleText).toBe(
      '不满意票超过收回选票（20张）的半数为不满意；否则满意票多于基本满意票为满意，基本满意票多于满意票为基本满意，两者相等为基本满意',
    );
  });
});

describe('rates_only (Zhanyi 2019)', () => {
  it('gives shares of ballots returned and no verdict', () => {
    const { t, r } = sat('rates_only', 20, 5, 3, 30, { blank: 0 });
    expect(t.verdict).toBeNull();
    expect(t.options.map((o) => [o.label, o.count, o.rate.text])).toEqual([
      ['满意', 20, '71.43%'],
      ['基本满意', 5, '17.86%'],
      ['不满意', 3, '10.71%'],
    ]);
    expect(t.options[0]!.rate).toEqual({ num: 20, den: 28, text: '71.43%' });
    expect(r.rule.text).toBe('按收回选票（28张）计算各选项所占比例，不作满意度评定');
  });
});

describe('satisfaction_rate', () => {
  it('defaults: ≥ 80% 满意, ≥ 60% 基本满意 of valid ballots', () => {
    expect(sat('satisfaction_rate', 16, 8, 6, 30).t.verdict?.key).toBe('satisfied'); // 24/30 = 80%
    expect(sat('satisfaction_rate', 16, 7, 7, 30).t.verdict?.key).toBe('basically'); // 23/30 = 76.67%
    expect(sat('satisfaction_rate', 9, 9, 12, 30).t.verdict?.key).toBe('basically'); // 18/30 = 60%
    expect(sat('satisfaction_rate', 9, 8, 13, 30).t.verdict?.key).toBe('unsatisfied'); // 17/30
  });

  it('invalid sheets leave the valid-ballot denominator', () => {
    const { t, r } = sat('satisfaction_rate', 16, 4, 8, 30, { blank: 2 });
    expect(t.denominator.value).toBe(28);
    expect(t.satisfactionRate).toEqual({ num: 20, den: 28, text: '71.43%' });
    expect(t.verdict?.key).toBe('basically');
    expect(r.sheets).toMatchObject({ returned: 30, valid: 28, invalid: 2, blank: 2 });
  });

  it('custom thresholds (strict 2/3, two tiers)', () => {
    const rule = { satisfied: { num: 2, den: 3, inclusive: false }, basically: null };
    expect(sat('satisfaction_rate', 10, 10, 10, 30, { rule }).t.verdict?.key).toBe('unsatisfied'); // exactly 2/3
    const { t } = sat('satisfaction_rate', 11, 10, 9, 30, { rule });
    expect(t.verdict?.key).toBe('satisfied');
    expect(t.ruleText).toBe('满意率＝（满意票＋基本满意票）÷有效票（30张）；满意率高于三分之二为满意；否则为不满意');
  });

  it('default rule text', () => {
    expect(describeRule(satisfactionPreset('satisfaction_rate'), { value: 28 })).toBe(
      '满意率＝（满意票＋基本满意票）÷有效票（28张）；满意率不低于80%为满意；满意率不低于60%为基本满意；否则为不满意',
    );
  });
});

describe('multi-target sheets', () => {
  const d = def({ kind: 'satisfaction', title: '九部门测评', targets: targets('a', 'b', 'c') });

  it('a row left empty is 未填 for that target only; a row marked twice is invalid for that target only', () => {
    const b = parseBallot(d, { kind: 'satisfaction', marks: { a: ['satisfied'], c: ['satisfied', 'unsatisfied'] } });
    expect(checkBallot(d, b)).toEqual({ valid: true });
    expect(inspectBallot(d, b).rows).toEqual([
      { key: 'a', state: 'counted', reason: null },
      { key: 'b', state: 'unfilled', reason: null },
      { key: 'c', state: 'invalid', reason: '同一对象选择了多个选项' },
    ]);
    const r = tallyIn(d, [b], { serving: 29, present: 29 }) as SatisfactionResult;
    expect(r.targets.map((t) => [t.counted, t.unfilled, t.invalid])).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it("with partialSheet 'void' such a sheet is invalid as a whole", () => {
    const dv = def({ kind: 'satisfaction', title: 't', targets: targets('a', 'b'), partialSheet: 'void' });
    const b = parseBallot(dv, { kind: 'satisfaction', marks: { a: ['satisfied'] } });
    expect(checkBallot(dv, b)).toEqual({ valid: false, reason: '有对象未填或多选，按规定整张选票无效' });
  });

  it('blank and unknown-target sheets are invalid and reported by reason', () => {
    const ballots = [
      ...times(2, d, { kind: 'satisfaction', marks: {} }),
      ...times(1, d, { kind: 'satisfaction', marks: { a: [], b: [] } }),
      ...times(1, d, { kind: 'satisfaction', marks: { zz: ['satisfied'] } }),
      ...times(1, d, { kind: 'satisfaction', marks: { a: ['satisfied', 'basically'] } }),
      ...times(3, d, { kind: 'satisfaction', marks: { a: ['satisfied'], b: ['basically'], c: ['unsatisfied'] } }),
    ];
    const r = tallyIn(d, ballots, { serving: 29, present: 27 }) as SatisfactionResult;
    expect(r.sheets).toMatchObject({ serving: 29, present: 27, issued: 0, returned: 8, valid: 3, invalid: 5, blank: 3, device: 8, paperReturned: 0 });
    expect(r.invalidReasons).toEqual([
      { reason: '空白票（未作任何选择）', count: 3 },
      { reason: '没有一个对象作出有效选择', count: 1 },
      { reason: '选票含有表决对象以外的内容', count: 1 },
    ]);
  });

  it('rates only: ranks by 满意率, then 满意 share, with equal figures sharing a rank', () => {
    const dr = def({ kind: 'satisfaction', title: 't', targets: targets('a', 'b', 'c', 'd'), rule: { preset: 'rates_only' } });
    const ballots = [
      ...times(2, dr, { kind: 'satisfaction', marks: { a: ['unsatisfied'], b: ['satisfied'], c: ['basically'], d: ['satisfied'] } }),
      ...times(1, dr, { kind: 'satisfaction', marks: { a: ['satisfied'], b: ['satisfied'], c: ['basically'], d: ['satisfied'] } }),
    ];
    const r = tallyIn(dr, ballots, { serving: 3, present: 3 });
    expect(r.ranking).toEqual([
      { key: 'b', label: '对象b', rank: 1, value: '100.00%，100.00%' },
      { key: 'd', label: '对象d', rank: 1, value: '100.00%，100.00%' },
      { key: 'c', label: '对象c', rank: 3, value: '100.00%，0.00%' },
      { key: 'a', label: '对象a', rank: 4, value: '33.33%，33.33%' },
    ]);
    expect(r.sortKey).toBe('按满意率排序；满意率相同的，按满意票占比排序');
  });

  it('custom option labels are used in counts, verdicts and rule text; a two-option sheet works', () => {
    const d2 = def({
      kind: 'satisfaction',
      title: 't',
      targets: targets('a'),
      options: [
        { key: 'satisfied', label: '满意' },
        { key: 'unsatisfied', label: '不太满意' },
      ],
    });
    const bad = parseBallot(d2, { kind: 'satisfaction', marks: { a: ['basically'] } });
    expect(checkBallot(d2, bad)).toEqual({ valid: false, reason: '选票含有本次表决没有的选项' });
    const r = tallyIn(d2, times(15, d2, { kind: 'satisfaction', marks: { a: ['unsatisfied'] } }), { serving: 29, present: 29 }) as SatisfactionResult;
    expect(r.targets[0]!.verdict).toEqual({ key: 'unsatisfied', label: '不太满意' });
    expect(r.targets[0]!.options.map((o) => o.label)).toEqual(['满意', '不太满意']);
  });
});

describe('no base, no verdict', () => {
  it('a target nobody marked validly gets no verdict under a valid-ballot rule', () => {
    const d = def({ kind: 'satisfaction', title: 't', targets: targets('a', 'b'), rule: { preset: 'satisfaction_rate' } });
    const r = tallyIn(d, times(3, d, { kind: 'satisfaction', marks: { a: ['satisfied'] } }), { serving: 29, present: 15 }) as SatisfactionResult;
    expect(r.targets.map((t) => t.verdict?.key ?? null)).toEqual(['satisfied', null]);
    expect(r.targets[1]!.satisfactionRate.text).toBe('—');
    expect(r.warnings).toEqual(['对象b：有效票为0，不作评定']);
  });
});

describe('context checks', () => {
  it('a context that contradicts the ballots is corrupted input and throws', () => {
    const d = def({ kind: 'satisfaction', title: 't', targets: targets('a') });
    const five = times(5, d, { kind: 'satisfaction', marks: { a: ['satisfied'] } });
    expect(() => tallyIn(d, five, { serving: 29, present: 4 })).toThrow('5 ballots from 4 members present');
    expect(() => tallyIn(d, [], { serving: -1, present: 0 })).toThrow();
  });
});
