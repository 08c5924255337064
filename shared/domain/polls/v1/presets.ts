import { canonicalJson } from '../canonical.js';
import { chineseNumber } from './format.js';
import { DENOMINATOR_LABEL, DENOMINATOR_UNIT, SATISFACTION_OPTION_LABEL, type Denominator, type SatisfactionOption } from './labels.js';
import type { DecisionPreset, SatisfactionPreset } from '../rules.js';
import { PRESET_DEFAULTS, votesRequired, type PollRule, type Threshold } from './rules.js';

/** Tally version 1, frozen: preset names, their practice and the rule texts its results print. */

/** A named verdict rule and the practice it follows. */
export interface PresetInfo<K extends string = string> {
  key: K;
  /** Chinese name shown when choosing a rule and printed with results. */
  name: string;
  /** Where the rule comes from. */
  practice: string;
}

/** Satisfaction presets in display order (DOMAIN.md, "Satisfaction presets"). */
export const SATISFACTION_PRESETS: readonly PresetInfo<SatisfactionPreset>[] = [
  { key: 'majority_of_all_three_tier', name: '全体组成人员过半数三档评定', practice: '宁波市镇海区人大常委会（2022年）' },
  { key: 'unsatisfied_majority', name: '不满意票过半数评定', practice: '山西省人大常委会（2011年）' },
  { key: 'rates_only', name: '只公布各选项比例，不作评定', practice: '曲靖市沾益区人大常委会（2019年）' },
  { key: 'satisfaction_rate', name: '满意率评定', practice: '常见做法：满意率＝（满意＋基本满意）÷有效票' },
];

export const DECISION_PRESETS: readonly PresetInfo<DecisionPreset>[] = [
  { key: 'majority_of_all', name: '全体组成人员过半数通过', practice: '《地方各级人民代表大会和地方各级人民政府组织法》' },
  { key: 'two_thirds_of_all', name: '全体组成人员三分之二以上通过', practice: '议事规则规定的特别事项' },
  { key: 'custom', name: '自定义比例', practice: '本地议事规则' },
];

/** Whether a rule's parameters differ from its named preset (then it is printed as adjusted). */
export function isAdjusted(rule: PollRule): boolean {
  if (rule.preset === 'custom') return false;
  return canonicalJson(PRESET_DEFAULTS[rule.preset]) !== canonicalJson(rule);
}

export function presetInfo(rule: PollRule): PresetInfo {
  const all: readonly PresetInfo[] = [...SATISFACTION_PRESETS, ...DECISION_PRESETS];
  return all.find((p) => p.key === rule.preset)!;
}

/** Context for rule text: the denominator's value when known, and the poll's option labels. */
export interface RuleTextContext {
  value?: number;
  labels?: Partial<Record<SatisfactionOption, string>>;
}

/** 全体组成人员（29人）; without a value only the label. */
export function denominatorText(kind: Denominator, value?: number): string {
  return value === undefined ? DENOMINATOR_LABEL[kind] : `${DENOMINATOR_LABEL[kind]}（${value}${DENOMINATOR_UNIT[kind]}）`;
}

/** 半数, 三分之二, 五分之三 … */
export function shareText(t: Threshold): string {
  if (t.num * 2 === t.den) return '半数';
  if (t.num === t.den) return '全数';
  return `${chineseNumber(t.den)}分之${chineseNumber(t.num)}`;
}

/** "80%" when the threshold is a whole number of hundredths of a percent, else 三分之二. */
function percentText(t: Threshold): string {
  const bp = (t.num * 10000) / t.den;
  if (!Number.isInteger(bp)) return shareText(t);
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

const cmpWord = (t: Threshold): string => (t.inclusive ? '不少于' : '超过');

/**
 * The Chinese rule text printed with results, e.g.
 * "满意票超过全体组成人员（29人）的半数为满意；满意与基本满意票之和超过半数为基本满意；否则为不满意".
 */
export function describeRule(rule: PollRule, ctx: RuleTextContext = {}): string {
  const D = denominatorText(rule.denominator, ctx.value);
  const L = { ...SATISFACTION_OPTION_LABEL, ...ctx.labels };
  switch (rule.preset) {
    case 'majority_of_all_three_tier': {
      const w = cmpWord(rule.threshold);
      const s = shareText(rule.threshold);
      return `${L.satisfied}票${w}${D}的${s}为${L.satisfied}；${L.satisfied}与${L.basically}票之和${w}${s}为${L.basically}；否则为${L.unsatisfied}`;
    }
    case 'unsatisfied_majority': {
      const tie = L[rule.tie];
      return (
        `${L.unsatisfied}票${cmpWord(rule.threshold)}${D}的${shareText(rule.threshold)}为${L.unsatisfied}；` +
        `否则${L.satisfied}票多于${L.basically}票为${L.satisfied}，${L.basically}票多于${L.satisfied}票为${L.basically}，两者相等为${tie}`
      );
    }
    case 'rates_only':
      return `按${D}计算各选项所占比例，不作满意度评定`;
    case 'satisfaction_rate': {
      const tier = (t: Threshold, label: string) => `满意率${t.inclusive ? '不低于' : '高于'}${percentText(t)}为${label}`;
      const parts = [`满意率＝（${L.satisfied}票＋${L.basically}票）÷${D}`, tier(rule.satisfied, L.satisfied)];
      if (rule.basically) parts.push(tier(rule.basically, L.basically));
      parts.push(`否则为${L.unsatisfied}`);
      return parts.join('；');
    }
    case 'majority_of_all':
    case 'two_thirds_of_all':
    case 'custom': {
      const need = ctx.value === undefined ? '' : `（至少${votesRequired(ctx.value, rule.threshold)}票）`;
      return `赞成票${cmpWord(rule.threshold)}${D}的${shareText(rule.threshold)}为通过${need}`;
    }
  }
}
