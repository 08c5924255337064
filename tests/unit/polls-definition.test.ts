import { describe, expect, it } from 'vitest';
import { BallotPayloadSchema, DEFAULT_GRADE_BANDS, SATISFACTION_PRESETS, describeRule, inspectBallot, isAdjusted, parseBallot, parsePollDefinition, satisfactionPreset } from '../../shared/domain/polls/index.js';
import { def, tallyIn, targets } from './polls-helpers.js';

describe('poll definitions', () => {
  it('fills defaults: anonymous, 满意/基本满意/不满意, three-tier majority of all members', () => {
    expect(def({ kind: 'satisfaction', title: ' 测评 ', targets: targets('a') })).toEqual({
      kind: 'satisfaction',
      title: '测评',
      anonymous: true,
      targets: [{ key: 'a', label: '对象a' }],
      options: [
        { key: 'satisfied', label: '满意' },
        { key: 'basically', label: '基本满意' },
        { key: 'unsatisfied', label: '不满意' },
      ],
      rule: { preset: 'majority_of_all_three_tier', denominator: 'all_members', threshold: { num: 1, den: 2, inclusive: false } },
      partialSheet: 'count_filled',
    });
    const s = def({ kind: 'scoring', title: 't', targets: targets('a') });
    expect(s).toMatchObject({ scale: { mode: 'single', min: 0, max: 100, step: 1 }, aggregation: 'mean', grades: DEFAULT_GRADE_BANDS, groups: [] });
    expect(def({ kind: 'decision', title: 't', targets: targets('m') })).toMatchObject({
      rule: { preset: 'majority_of_all', denominator: 'all_members', threshold: { num: 1, den: 2, inclusive: false } },
    });
  });

  it('parsing is idempotent (a stored definition re-parses to itself)', () => {
    const d = def({ kind: 'scoring', title: 't', targets: targets('a'), grades: [{ key: 'x', label: '差', min: 0 }, { key: 'y', label: '好', min: 80 }] });
    expect(d.kind === 'scoring' && d.grades.map((g) => g.key)).toEqual(['y', 'x']);
    expect(parsePollDefinition(d)).toEqual(d);
  });

  it('rejects bad definitions with Chinese messages', () => {
    expect(() => def({ kind: 'satisfaction', title: 't', targets: [...targets('a'), ...targets('a')] })).toThrow('对象标识重复：a');
    expect(() => def({ kind: 'satisfaction', title: 't', targets: [] })).toThrow('至少需要一个表决对象');
    expect(() => def({ kind: 'satisfaction', title: 't', targets: targets(...Array.from({ length: 61 }, (_, i) => `t${i}`)) })).toThrow();
    expect(() => def({ kind: 'satisfaction', title: 't', targets: [{ key: '__proto__', label: 'x' }] })).toThrow();
    expect(() => def({ kind: 'satisfaction', title: 't', targets: targets('a'), options: [{ key: 'satisfied', label: '满意' }, { key: 'basically', label: '基本满意' }] })).toThrow(
      '选项必须包括“满意”和“不满意”',
    );
    expect(() => def({ kind: 'scoring', title: 't', targets: targets('a'), scale: { mode: 'single', min: 0, max: 100, step: 0.001 } })).toThrow('最多保留两位小数');
    expect(() => def({ kind: 'satisfaction', title: 't', targets: targets('a'), rule: { preset: 'satisfaction_rate', satisfied: { num: 1, den: 2 }, basically: { num: 3, den: 5 } } })).toThrow(
      '基本满意的比例不能高于满意的比例',
    );
    expect(() => def({ kind: 'satisfaction', title: 't', targets: targets('a'), extra: 1 } as never)).toThrow();
  });

  it('named polls are possible but never the default', () => {
    expect(def({ kind: 'decision', title: 't', targets: targets('m'), anonymous: false }).anonymous).toBe(false);
  });
});

describe('ballot payloads', () => {
  const d = def({ kind: 'satisfaction', title: 't', targets: targets('a', 'b') });

  it('are strict: an anonymous ballot cannot smuggle a member id or a timestamp', () => {
    expect(() => parseBallot(d, { kind: 'satisfaction', marks: {}, memberId: 7 })).toThrow();
    expect(() => parseBallot(d, { kind: 'satisfaction', marks: {}, at: '2026-03-10T09:00:00Z' })).toThrow();
  });

  it('a payload of the wrong shape or kind is rejected, not classified', () => {
    expect(() => parseBallot(d, { kind: 'decision', marks: { a: ['for'] } })).toThrow();
    expect(() => parseBallot(d, { kind: 'satisfaction', marks: { a: 'satisfied' } })).toThrow();
    expect(() => parseBallot(d, { kind: 'satisfaction', marks: { a: ['great'] } })).toThrow();
    expect(() => parseBallot(d, { kind: 'satisfaction', marks: { 'bad key': ['satisfied'] } })).toThrow();
    expect(() => BallotPayloadSchema.parse({ kind: 'scoring', scores: { a: Infinity } })).toThrow();
  });

  it('normalises set-like arrays so equal sheets are byte-identical', () => {
    expect(parseBallot(d, { kind: 'satisfaction', marks: { a: ['unsatisfied', 'satisfied', 'satisfied'] } })).toEqual({
      kind: 'satisfaction',
      marks: { a: ['satisfied', 'unsatisfied'] },
    });
    const s = def({ kind: 'scoring', title: 't', targets: targets('a') });
    expect(parseBallot(s, { kind: 'scoring', scores: { a: 80 } })).toEqual({ kind: 'scoring', group: null, scores: { a: 80 } });
  });

  it('an own-property check keeps prototype names from reading as marks', () => {
    const d2 = def({ kind: 'satisfaction', title: 't', targets: [{ key: 'constructor', label: '某局' }, { key: 'b', label: '某委' }] });
    const b = parseBallot(d2, { kind: 'satisfaction', marks: { b: ['satisfied'] } });
    expect(inspectBallot(d2, b).rows.map((r) => r.state)).toEqual(['unfilled', 'counted']);
    const r = tallyIn(d2, [b], { serving: 1, present: 1 });
    expect(r.kind === 'satisfaction' && r.targets.map((t) => [t.counted, t.unfilled])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('presets', () => {
  it('every satisfaction preset has a name, a practice, and rule text', () => {
    for (const p of SATISFACTION_PRESETS) {
      const rule = satisfactionPreset(p.key);
      expect(p.name.length).toBeGreaterThan(0);
      expect(p.practice.length).toBeGreaterThan(0);
      expect(isAdjusted(rule)).toBe(false);
      expect(describeRule(rule, { value: 29 })).toMatch(/[（(]29/);
    }
  });
});
