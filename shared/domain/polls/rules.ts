import { z } from 'zod';
import { DENOMINATORS, type SatisfactionOption } from './labels.js';

/** Schemas of verdict rules and their integer evaluation. Named presets live in presets.ts. */

export const DenominatorSchema = z.enum(DENOMINATORS, { error: '计票基数应为 全体组成人员 / 出席人员 / 收回选票 / 有效票' });

/**
 * A share of the denominator. `inclusive: false` means "more than" (超过, 过半数: exactly half
 * is not enough); `inclusive: true` means "at least" (不少于, and the legal sense of
 * "三分之二以上", which includes the number itself).
 */
export const ThresholdSchema = z
  .strictObject({
    num: z.number().int().min(1, { error: '比例的分子至少为 1' }).max(1000),
    den: z.number().int().min(1, { error: '比例的分母至少为 1' }).max(1000),
    inclusive: z.boolean().default(false),
  })
  .refine((t) => t.num <= t.den, { error: '比例不能超过 1', path: ['num'] });
export type Threshold = z.infer<typeof ThresholdSchema>;

export const MORE_THAN_HALF: Threshold = { num: 1, den: 2, inclusive: false };
export const AT_LEAST_TWO_THIRDS: Threshold = { num: 2, den: 3, inclusive: true };

/** votes meet t of base; integer math only (2·votes > base for "more than half"). */
export function meets(votes: number, base: number, t: Threshold): boolean {
  if (base <= 0) return false;
  const l = votes * t.den;
  const r = t.num * base;
  return t.inclusive ? l >= r : l > r;
}

/** The smallest vote count that meets t of base (16 of 30 for more than half). */
export function votesRequired(base: number, t: Threshold): number {
  const p = t.num * base;
  const need = t.inclusive ? Math.ceil(p / t.den) : Math.floor(p / t.den) + 1;
  return Math.max(need, 1);
}

// Each rule carries its full parameters with the preset's values as defaults, so a stored
// rule is self-describing and a locality can adjust one parameter without a new preset.

export const ThreeTierRuleSchema = z.strictObject({
  preset: z.literal('majority_of_all_three_tier'),
  denominator: DenominatorSchema.default('all_members'),
  threshold: ThresholdSchema.prefault(MORE_THAN_HALF),
});

export const UnsatisfiedMajorityRuleSchema = z.strictObject({
  preset: z.literal('unsatisfied_majority'),
  denominator: DenominatorSchema.default('ballots_returned'),
  threshold: ThresholdSchema.prefault(MORE_THAN_HALF),
  /** Verdict when 满意 and 基本满意 are equal: the cautious 基本满意 unless set otherwise. */
  tie: z.enum(['basically', 'satisfied']).default('basically'),
});

export const RatesOnlyRuleSchema = z.strictObject({
  preset: z.literal('rates_only'),
  denominator: DenominatorSchema.default('ballots_returned'),
});

/** 满意率 = (满意 + 基本满意) / denominator; defaults ≥ 80% 满意, ≥ 60% 基本满意. */
export const SatisfactionRateRuleSchema = z
  .strictObject({
    preset: z.literal('satisfaction_rate'),
    denominator: DenominatorSchema.default('valid_ballots'),
    satisfied: ThresholdSchema.prefault({ num: 4, den: 5, inclusive: true }),
    /** null: two tiers only (满意 / 不满意). */
    basically: ThresholdSchema.nullable().prefault({ num: 3, den: 5, inclusive: true }),
  })
  .refine((r) => r.basically === null || r.basically.num * r.satisfied.den <= r.satisfied.num * r.basically.den, {
    error: '基本满意的比例不能高于满意的比例',
    path: ['basically'],
  });

export const SatisfactionRuleSchema = z.discriminatedUnion('preset', [
  ThreeTierRuleSchema,
  UnsatisfiedMajorityRuleSchema,
  RatesOnlyRuleSchema,
  SatisfactionRateRuleSchema,
]);
export type SatisfactionRule = z.infer<typeof SatisfactionRuleSchema>;
export type SatisfactionRuleInput = z.input<typeof SatisfactionRuleSchema>;
export type SatisfactionPreset = SatisfactionRule['preset'];

export const DecisionRuleSchema = z.discriminatedUnion('preset', [
  z.strictObject({
    preset: z.literal('majority_of_all'),
    denominator: DenominatorSchema.default('all_members'),
    threshold: ThresholdSchema.prefault(MORE_THAN_HALF),
  }),
  z.strictObject({
    preset: z.literal('two_thirds_of_all'),
    denominator: DenominatorSchema.default('all_members'),
    threshold: ThresholdSchema.prefault(AT_LEAST_TWO_THIRDS),
  }),
  z.strictObject({ preset: z.literal('custom'), denominator: DenominatorSchema, threshold: ThresholdSchema }),
]);
export type DecisionRule = z.infer<typeof DecisionRuleSchema>;
export type DecisionRuleInput = z.input<typeof DecisionRuleSchema>;
export type DecisionPreset = DecisionRule['preset'];

export type PollRule = SatisfactionRule | DecisionRule;

export type SatisfactionCounts = Record<SatisfactionOption, number>;

/**
 * The verdict of a satisfaction rule, or null for rates_only.
 * `base` is the value of the rule's denominator for this target.
 */
export function satisfactionVerdict(rule: SatisfactionRule, c: SatisfactionCounts, base: number): SatisfactionOption | null {
  switch (rule.preset) {
    case 'majority_of_all_three_tier':
      if (meets(c.satisfied, base, rule.threshold)) return 'satisfied';
      if (meets(c.satisfied + c.basically, base, rule.threshold)) return 'basically';
      return 'unsatisfied';
    case 'unsatisfied_majority':
      if (meets(c.unsatisfied, base, rule.threshold)) return 'unsatisfied';
      if (c.satisfied > c.basically) return 'satisfied';
      if (c.basically > c.satisfied) return 'basically';
      return rule.tie;
    case 'rates_only':
      return null;
    case 'satisfaction_rate': {
      const favourable = c.satisfied + c.basically;
      if (meets(favourable, base, rule.satisfied)) return 'satisfied';
      if (rule.basically && meets(favourable, base, rule.basically)) return 'basically';
      return 'unsatisfied';
    }
  }
}

/** Whether a motion (or one person) is adopted: 赞成 meets the threshold of the denominator. */
export function decisionAdopted(rule: DecisionRule, votesFor: number, base: number): boolean {
  return meets(votesFor, base, rule.threshold);
}
