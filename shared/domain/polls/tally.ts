import { ballotRows, readBallot, type BallotPayload, type ReadSheet } from './ballot.js';
import type { AppointmentPoll, DecisionPoll, PollDefinition, SatisfactionPoll } from './definition.js';
import { DECISION_OPTION_LABEL, DECISION_OPTIONS, DECISION_VERDICT_LABEL, DENOMINATOR_LABEL, SATISFACTION_OPTION_LABEL, SATISFACTION_OPTIONS, type SatisfactionOption } from './labels.js';
import { denominatorText, describeRule, isAdjusted, presetInfo } from './presets.js';
import { rate, rateKey, type Rate } from './rational.js';
import type { AppointmentResult, DecisionResult, DecisionTargetResult, PollResult, RuleInfo, SatisfactionResult, SheetSummary } from './result.js';
import { decisionAdopted, satisfactionVerdict, votesRequired, type PollRule, type SatisfactionRule } from './rules.js';
import { tallyScoring } from './tally-scoring.js';
import { tallySelection } from './tally-selection.js';
import { checkedContext, denominatorValue, rankTargets, resultBase, summarise, TallyContextSchema, type TallyContext } from './tally-common.js';

export { TallyContextSchema, type TallyContext };

/**
 * Counts a poll (tally version 2). `ballots` are parsed payloads (see parseBallot), valid or
 * not, in any order: the result depends only on their multiset. Throws on a malformed context
 * or one that contradicts the ballot count (see checkedContext).
 */
export function tally(def: PollDefinition, ballots: readonly BallotPayload[], ctx: TallyContext): PollResult {
  const c = checkedContext(ctx, ballots.length);
  const sheets = ballots.map((b) => readBallot(def, b));
  const summary = summarise(sheets, c);
  switch (def.kind) {
    case 'satisfaction':
      return tallySatisfaction(def, sheets, summary, c);
    case 'decision':
    case 'appointment':
      return tallyDecision(def, sheets, summary, c);
    case 'scoring':
      return tallyScoring(def, sheets, summary, c);
    case 'selection':
      return tallySelection(def, sheets, summary, c);
  }
}

/** Per row key: how many valid sheets marked each option, and the rows invalid / unfilled. */
function countRows(rowKeys: readonly string[], sheets: readonly ReadSheet[]) {
  const out = new Map(rowKeys.map((k) => [k, { choices: new Map<string, number>(), counted: 0, invalid: 0, unfilled: 0 }]));
  for (const s of sheets) {
    if (s.state !== 'valid') continue;
    for (const r of s.rows) {
      const acc = out.get(r.key)!;
      acc[r.state] += 1;
      if (r.state === 'counted') acc.choices.set(r.choice!, (acc.choices.get(r.choice!) ?? 0) + 1);
    }
  }
  return out;
}

/** The rule printed with a result; where the preset comes from stays in the preset picker. */
function ruleInfo(rule: PollRule, text: string): RuleInfo {
  return { preset: rule.preset, name: presetInfo(rule).name, adjusted: isAdjusted(rule), text };
}

/** The value printed in the poll-level rule text: per-target bases differ only for valid_ballots. */
function pollLevelBase(rule: PollRule, s: SheetSummary): number {
  return denominatorValue(rule.denominator, s, s.valid).value;
}

const VERDICT_TIER: Record<SatisfactionOption, bigint> = { satisfied: 3n, basically: 2n, unsatisfied: 1n };

/**
 * How targets of a satisfaction poll are ranked, never against their verdicts: verdict first
 * (满意 > 基本满意 > 不满意), then the measures the rule itself uses, each compared as printed
 * (two decimals), so equal printed figures share a rank.
 */
function satisfactionOrder(rule: SatisfactionRule, L: Record<SatisfactionOption, string>) {
  const share = (k: SatisfactionOption) => `${L[k]}票占比`;
  const measures: { name: string; key: (r: SatisfactionRates) => Rate; lowerFirst?: true }[] =
    rule.preset === 'majority_of_all_three_tier'
      ? [
          { name: share('satisfied'), key: (r) => r.satisfied },
          { name: `${L.satisfied}与${L.basically}票之和占比`, key: (r) => r.favourable },
        ]
      : rule.preset === 'unsatisfied_majority'
        ? [
            { name: share('unsatisfied'), key: (r) => r.unsatisfied, lowerFirst: true },
            { name: share('satisfied'), key: (r) => r.satisfied },
          ]
        : [
            { name: '满意率', key: (r) => r.favourable },
            { name: share('satisfied'), key: (r) => r.satisfied },
          ];
  const [m1, m2] = measures as [(typeof measures)[0], (typeof measures)[0]];
  const by = (m: typeof m1) => `按${m.name}排序${m.lowerFirst ? '（占比低的在前）' : ''}`;
  const hasVerdict = rule.preset !== 'rates_only';
  return {
    sortKey: hasVerdict ? `按评定结果排序；结果相同的，${by(m1)}，再${by(m2)}` : `${by(m1)}；${m1.name}相同的，${by(m2)}`,
    /** null: nothing to rank by (no verdict where the rule gives one, or no denominator). */
    key(r: SatisfactionRates, verdict: SatisfactionOption | null): bigint[] | null {
      if (r.favourable.den <= 0 || (hasVerdict && verdict === null)) return null;
      const figures = measures.map((m) => (m.lowerFirst ? -1n : 1n) * rateKey(m.key(r))!);
      return verdict === null ? figures : [VERDICT_TIER[verdict], ...figures];
    },
    shown(r: SatisfactionRates, verdict: SatisfactionOption | null): string {
      return [...(verdict === null ? [] : [L[verdict]]), ...measures.map((m) => m.key(r).text)].join('，');
    },
  };
}

interface SatisfactionRates {
  satisfied: Rate;
  unsatisfied: Rate;
  /** (满意 + 基本满意) / denominator: the 满意率 of the satisfaction-rate rule. */
  favourable: Rate;
}

function tallySatisfaction(def: SatisfactionPoll, sheets: ReadSheet[], summary: SheetSummary, ctx: TallyContext): SatisfactionResult {
  const rule = def.rule;
  const labels = Object.fromEntries(def.options.map((o) => [o.key, o.label])) as Partial<Record<SatisfactionOption, string>>;
  const L = { ...SATISFACTION_OPTION_LABEL, ...labels };
  const counts = countRows(def.targets.map((t) => t.key), sheets);
  const noBallots = sheets.length === 0;
  const order = satisfactionOrder(rule, L);
  const warnings: string[] = [];
  const rows = def.targets.map((t) => {
    const acc = counts.get(t.key)!;
    const n = Object.fromEntries(SATISFACTION_OPTIONS.map((o) => [o, acc.choices.get(o) ?? 0])) as Record<SatisfactionOption, number>;
    const denominator = denominatorValue(rule.denominator, summary, acc.counted);
    // No ballot, or nothing to judge against (no valid marks for this target …): no verdict.
    const verdict = !noBallots && denominator.value > 0 ? satisfactionVerdict(rule, n, denominator.value) : null;
    if (!noBallots && denominator.value === 0 && rule.preset !== 'rates_only') warnings.push(`${t.label}：${denominator.label}为0，不作评定`);
    const rates: SatisfactionRates = {
      satisfied: rate(n.satisfied, denominator.value),
      unsatisfied: rate(n.unsatisfied, denominator.value),
      favourable: rate(n.satisfied + n.basically, denominator.value),
    };
    return {
      row: {
        key: t.key,
        label: t.label,
        counted: acc.counted,
        invalid: acc.invalid,
        unfilled: acc.unfilled,
        options: def.options.map((o) => ({ key: o.key, label: o.label, count: n[o.key], rate: rate(n[o.key], denominator.value) })),
        satisfactionRate: rates.favourable,
        denominator,
        ruleText: describeRule(rule, { value: denominator.value, labels }),
        verdict: verdict === null ? null : { key: verdict, label: L[verdict] },
      },
      sortKey: noBallots ? null : order.key(rates, verdict),
      shown: order.shown(rates, verdict),
    };
  });
  const { ranks, ranking } = rankTargets(
    def.targets,
    rows.map((r) => r.sortKey),
    rows.map((r) => r.shown),
  );
  const base = resultBase(def, sheets, summary, ctx);
  return {
    ...base,
    kind: 'satisfaction',
    warnings: [...base.warnings, ...warnings],
    rule: ruleInfo(rule, describeRule(rule, { value: pollLevelBase(rule, summary), labels })),
    denominator: { kind: rule.denominator, label: DENOMINATOR_LABEL[rule.denominator] },
    ranking,
    sortKey: order.sortKey,
    targets: rows.map((r, i) => ({ ...r.row, rank: ranks[i] ?? null })),
  };
}

function tallyDecision(def: DecisionPoll | AppointmentPoll, sheets: ReadSheet[], summary: SheetSummary, ctx: TallyContext): DecisionResult | AppointmentResult {
  const rule = def.rule;
  const rows = ballotRows(def);
  const counts = countRows(rows.map((r) => r.key), sheets);
  const combined = def.kind === 'appointment' && def.combined;
  const targets: DecisionTargetResult[] = rows.map((t) => {
    const acc = counts.get(t.key)!;
    const denominator = denominatorValue(rule.denominator, summary, acc.counted);
    const votesFor = acc.choices.get('for') ?? 0;
    const verdict = decisionAdopted(rule, votesFor, denominator.value) ? 'adopted' : 'rejected';
    return {
      key: t.key,
      label: t.label,
      persons: combined ? def.targets : [],
      counted: acc.counted,
      invalid: acc.invalid,
      unfilled: acc.unfilled,
      options: DECISION_OPTIONS.map((o) => {
        const n = acc.choices.get(o) ?? 0;
        return { key: o, label: DECISION_OPTION_LABEL[o], count: n, rate: rate(n, denominator.value) };
      }),
      denominator,
      required: votesRequired(denominator.value, rule.threshold),
      ruleText: describeRule(rule, { value: denominator.value }),
      verdict: { key: verdict, label: DECISION_VERDICT_LABEL[verdict] },
    };
  });
  const base = resultBase(def, sheets, summary, ctx);
  const warnings: string[] = [];
  if (sheets.length === 0) {
    // A decision counts against its denominator (by law all members), so silence is not adoption.
    const value = pollLevelBase(rule, summary);
    const need = `按${denominatorText(rule.denominator, value)}计算，至少需${votesRequired(value, rule.threshold)}票`;
    warnings.push(rows.length > 1 ? `未收到选票，各项赞成票均为0：${need}，均未通过` : `未收到选票，赞成票为0：${need}，未通过`);
  }
  const shared = {
    ...base,
    warnings: [...base.warnings, ...warnings],
    rule: ruleInfo(rule, describeRule(rule, { value: pollLevelBase(rule, summary) })),
    denominator: { kind: rule.denominator, label: DENOMINATOR_LABEL[rule.denominator] },
    ranking: [],
    sortKey: null,
    targets,
  };
  return def.kind === 'appointment' ? { ...shared, kind: 'appointment', combined } : { ...shared, kind: 'decision' };
}
