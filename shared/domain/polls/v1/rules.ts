import type { DecisionRule, PollRule, SatisfactionRule, Threshold } from '../rules.js';
import type { SatisfactionOption } from './labels.js';

/**
 * Tally version 1, frozen: the integer evaluation of verdict rules, and the parameters each
 * named preset had, so "adjusted" is judged as it was. The rule schemas stay live: they are
 * the stored vocabulary.
 */

export type { DecisionRule, PollRule, SatisfactionRule, Threshold };

export const MORE_THAN_HALF: Threshold = { num: 1, den: 2, inclusive: false };
export const AT_LEAST_TWO_THIRDS: Threshold = { num: 2, den: 3, inclusive: true };

/** Each preset's rule with its default parameters, as the schemas filled them in version 1. */
export const PRESET_DEFAULTS: Record<Exclude<PollRule['preset'], 'custom'>, PollRule> = {
  majority_of_all_three_tier: { preset: 'majority_of_all_three_tier', denominator: 'all_members', threshold: MORE_THAN_HALF },
  unsatisfied_majority: { preset: 'unsatisfied_majority', denominator: 'ballots_returned', threshold: MORE_THAN_HALF, tie: 'basically' },
  rates_only: { preset: 'rates_only', denominator: 'ballots_returned' },
  satisfaction_rate: {
    preset: 'satisfaction_rate',
    denominator: 'valid_ballots',
    satisfied: { num: 4, den: 5, inclusive: true },
    basically: { num: 3, den: 5, inclusive: true },
  },
  majority_of_all: { preset: 'majority_of_all', denominator: 'all_members', threshold: MORE_THAN_HALF },
  two_thirds_of_all: { preset: 'two_thirds_of_all', denominator: 'all_members', threshold: AT_LEAST_TWO_THIRDS },
};

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
