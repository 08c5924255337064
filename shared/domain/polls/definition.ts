import { z } from 'zod';
import { AGGREGATIONS, PARTIAL_SHEET_POLICIES, SATISFACTION_OPTION_LABEL, SATISFACTION_OPTIONS } from './labels.js';
import { toHundredths } from './rational.js';
import { DecisionRuleSchema, SatisfactionRuleSchema } from './rules.js';

/** Poll definitions, one schema per kind, discriminated on `kind`. */

export const MAX_TARGETS = 60;

/**
 * Keys of targets, indicators, grades and rater groups. Starting with a letter or digit
 * keeps "__proto__" and friends out of the records that ballots are parsed into.
 */
export const KeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: '标识只能由字母、数字、下划线、点和连字符组成，以字母或数字开头，最长 64 个字符' });

const label = (what: string, max = 100) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, { error: `${what}不能为空` })
    .max(max, { error: `${what}不能超过 ${max} 个字` });

/** A number with at most two decimals within [min, max]. */
const decimal2 = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what}应为数字` })
    .min(min, { error: `${what}不能小于 ${min}` })
    .max(max, { error: `${what}不能大于 ${max}` })
    .refine((x) => toHundredths(x) !== null, { error: `${what}最多保留两位小数` });

function uniqueKeys<T extends { key: string }>(what: string) {
  return (items: readonly T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.key)) ctx.addIssue({ code: 'custom', message: `${what}标识重复：${it.key}`, path: [i, 'key'] });
      seen.add(it.key);
    });
  };
}

export const TargetSchema = z.strictObject({ key: KeySchema, label: label('对象名称') });
export type Target = z.infer<typeof TargetSchema>;

const targets = (max: number) =>
  z
    .array(TargetSchema)
    .min(1, { error: '至少需要一个表决对象' })
    .max(max, { error: `一张选票最多 ${max} 个对象` })
    .superRefine(uniqueKeys('对象'));

const common = {
  title: label('表决事项名称', 200),
  /** 无记名 by default; 记名 only when chosen before the poll opens. */
  anonymous: z.boolean().default(true),
};

/**
 * Multi-target sheets: 'count_filled' (default) counts every row marked once and records
 * a row left empty as 未填 and a row marked twice as invalid for that target only;
 * 'void' makes the whole sheet invalid when any row is not marked exactly once.
 */
const partialSheet = z.enum(PARTIAL_SHEET_POLICIES).default('count_filled');

export const SatisfactionOptionSchema = z.enum(SATISFACTION_OPTIONS);
export const DEFAULT_SATISFACTION_OPTIONS = SATISFACTION_OPTIONS.map((key) => ({ key, label: SATISFACTION_OPTION_LABEL[key] }));

export const SatisfactionPollSchema = z.strictObject({
  kind: z.literal('satisfaction'),
  ...common,
  targets: targets(MAX_TARGETS),
  /** Labels are editable; the key fixes the meaning. 满意 and 不满意 are required. */
  options: z
    .array(z.strictObject({ key: SatisfactionOptionSchema, label: label('选项名称', 20) }))
    .min(2)
    .max(3)
    .superRefine(uniqueKeys('选项'))
    .refine((os) => os.some((o) => o.key === 'satisfied') && os.some((o) => o.key === 'unsatisfied'), {
      error: '选项必须包括“满意”和“不满意”',
    })
    .prefault(DEFAULT_SATISFACTION_OPTIONS),
  rule: SatisfactionRuleSchema.prefault({ preset: 'majority_of_all_three_tier' }),
  partialSheet,
});
export type SatisfactionPoll = z.infer<typeof SatisfactionPollSchema>;

export const IndicatorSchema = z.strictObject({
  key: KeySchema,
  label: label('指标名称'),
  maxPoints: decimal2('指标满分', 0.01, 1000),
  /** Relative weight; null means the indicator's maxPoints (so points simply add up). */
  weight: decimal2('指标权重', 0.01, 1000).nullable().default(null),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const ScaleSchema = z.discriminatedUnion('mode', [
  z
    .strictObject({
      mode: z.literal('single'),
      min: decimal2('最低分', 0, 1000).default(0),
      max: decimal2('最高分', 0, 1000).default(100),
      step: decimal2('计分单位', 0.01, 1000).default(1),
    })
    .refine((s) => s.min < s.max, { error: '最高分应大于最低分', path: ['max'] }),
  z.strictObject({
    mode: z.literal('indicators'),
    indicators: z.array(IndicatorSchema).min(1).max(20).superRefine(uniqueKeys('指标')),
    step: decimal2('计分单位', 0.01, 1000).default(1),
  }),
]);
export type Scale = z.infer<typeof ScaleSchema>;

export const GradeBandSchema = z.strictObject({ key: KeySchema, label: label('等次名称', 20), min: decimal2('等次分数线', 0, 1000) });
export type GradeBand = z.infer<typeof GradeBandSchema>;
export const DEFAULT_GRADE_BANDS: GradeBand[] = [
  { key: 'excellent', label: '优秀', min: 90 },
  { key: 'good', label: '良好', min: 80 },
  { key: 'fair', label: '一般', min: 60 },
  { key: 'poor', label: '较差', min: 0 },
];

export const RaterGroupSchema = z.strictObject({ key: KeySchema, label: label('评议人类别', 40), weight: decimal2('权重', 0.01, 1000) });
export type RaterGroup = z.infer<typeof RaterGroupSchema>;

export const ScoringPollSchema = z.strictObject({
  kind: z.literal('scoring'),
  ...common,
  targets: targets(MAX_TARGETS),
  scale: ScaleSchema.prefault({ mode: 'single' }),
  aggregation: z.enum(AGGREGATIONS).default('mean'),
  /** Highest band first after parsing; a score gets the first band whose min it reaches. */
  grades: z
    .array(GradeBandSchema)
    .max(10)
    .superRefine(uniqueKeys('等次'))
    .transform((bs) => [...bs].sort((a, b) => b.min - a.min))
    .prefault(DEFAULT_GRADE_BANDS),
  /** Rater groups blended by weight (empty: no groups); a ballot then names its group. */
  groups: z.array(RaterGroupSchema).max(6).superRefine(uniqueKeys('评议人类别')).default([]),
  partialSheet,
});
export type ScoringPoll = z.infer<typeof ScoringPollSchema>;

export const DecisionPollSchema = z.strictObject({
  kind: z.literal('decision'),
  ...common,
  /** Exactly one target: the motion. */
  targets: z.array(TargetSchema).length(1, { error: '表决只能针对一个事项' }),
  rule: DecisionRuleSchema.prefault({ preset: 'majority_of_all' }),
});
export type DecisionPoll = z.infer<typeof DecisionPollSchema>;

export const AppointmentPollSchema = z.strictObject({
  kind: z.literal('appointment'),
  ...common,
  targets: targets(MAX_TARGETS),
  /** One vote for the whole list instead of one per person. */
  combined: z.boolean().default(false),
  /** Row label for a combined vote, e.g. 任命名单. */
  combinedLabel: label('合并表决名称', 100).default('全部人选（合并表决）'),
  rule: DecisionRuleSchema.prefault({ preset: 'majority_of_all' }),
  partialSheet,
});
export type AppointmentPoll = z.infer<typeof AppointmentPollSchema>;

export const SelectionPollSchema = z
  .strictObject({
    kind: z.literal('selection'),
    ...common,
    targets: targets(MAX_TARGETS),
    maxChoices: z.number().int().min(1, { error: '应选数至少为 1' }),
    /** A sheet with fewer marks is invalid; a sheet with none is blank (also invalid). */
    minChoices: z.number().int().min(1).default(1),
    /** Also require more than half of valid ballots to be selected. */
    requireMajority: z.boolean().default(false),
    /**
     * Set on a run-off (另行投票): the round whose tie at the cut-off it settles. Absent on a full
     * vote. Optional without a default, so definitions stored before it parse to the same JSON.
     */
    runoff: z.strictObject({ round: z.number().int().min(1) }).optional(),
  })
  .refine((d) => d.maxChoices <= d.targets.length, { error: '应选数不能多于候选项目数', path: ['maxChoices'] })
  .refine((d) => d.minChoices <= d.maxChoices, { error: '最少选择数不能多于应选数', path: ['minChoices'] });
export type SelectionPoll = z.infer<typeof SelectionPollSchema>;

export const PollDefinitionSchema = z.discriminatedUnion('kind', [
  SatisfactionPollSchema,
  ScoringPollSchema,
  DecisionPollSchema,
  AppointmentPollSchema,
  SelectionPollSchema,
]);
/** A parsed definition with every default filled in; this is what is stored and sealed. */
export type PollDefinition = z.infer<typeof PollDefinitionSchema>;
/** What a form may send: defaults may be left out. */
export type PollDefinitionInput = z.input<typeof PollDefinitionSchema>;

/** Parses a definition (throws a ZodError with Chinese messages on bad input). */
export function parsePollDefinition(input: unknown): PollDefinition {
  return PollDefinitionSchema.parse(input);
}
