import type { BallotPayload } from '../ballot.js';
import type { AppointmentPoll, DecisionPoll, PollDefinition, SatisfactionPoll } from '../definition.js';
import { ballotRows, readBallot, type ReadSheet } from './ballot.js';
import { DECISION_OPTION_LABEL, DECISION_OPTIONS, DECISION_VERDICT_LABEL, DENOMINATOR_LABEL, SATISFACTION_OPTIONS, type SatisfactionOption } from './labels.js';
import { describeRule, isAdjusted, presetInfo } from './presets.js';
import { rate, rateKey } from './rational.js';
import type { AppointmentResult, DecisionResult, DecisionTargetResult, PollResult, RuleInfo, SatisfactionResult, SheetSummary } from './result.js';
import { decisionAdopted, satisfactionVerdict, votesRequired, type PollRule } from './rules.js';
import { tallyScoring } from './tally-scoring.js';
import { tallySelection } from './tally-selection.js';
import { denominatorValue, rankTargets, resultBase, summarise, TallyContextSchema, type TallyContext } from './tally-common.js';

export { TallyContextSchema, type TallyContext };

/**
 * Tally version 1, frozen. Counts a poll. `ballots` are parsed payloads (see parseBallot),
 * valid or not, in any order: the result depends only on their multiset. Throws only on a
 * malformed context.
 */
export function tally(def: PollDefinition, ballots: readonly BallotPayload[], ctx: TallyContext): PollResult {
  const c = TallyContextSchema.parse(ctx);
  const sheets = ballots.map((b) => readBallot(def, b));
  const summary = summarise(sheets, c);
  switch (def.kind) {
    case 'satisfaction':
      return tallySatisfaction(def, sheets, summary);
    case 'decision':
    case 'appointment':
      return tallyDecision(def, sheets, summary);
    case 'scoring':
      return tallyScoring(def, sheets, summary);
    case 'selection':
      return tallySelection(def, sheets, summary);
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

function ruleInfo(rule: PollRule, text: string): RuleInfo {
  const p = presetInfo(rule);
  return { preset: rule.preset, name: p.name, practice: p.practice, adjusted: isAdjusted(rule), text };
}

/** The value printed in the poll-level rule text: per-target bases differ only for valid_ballots. */
function pollLevelBase(rule: PollRule, s: SheetSummary): number {
  return denominatorValue(rule.denominator, s, s.valid).value;
}

function tallySatisfaction(def: SatisfactionPoll, sheets: ReadSheet[], summary: SheetSummary): SatisfactionResult {
  const rule = def.rule;
  const labels = Object.fromEntries(def.options.map((o) => [o.key, o.label])) as Partial<Record<SatisfactionOption, string>>;
  const label = (k: SatisfactionOption) => labels[k] ?? k;
  const counts = countRows(def.targets.map((t) => t.key), sheets);
  const warnings: string[] = [];
  const rows = def.targets.map((t) => {
    const acc = counts.get(t.key)!;
    const n = Object.fromEntries(SATISFACTION_OPTIONS.map((o) => [o, acc.choices.get(o) ?? 0])) as Record<SatisfactionOption, number>;
    const denominator = denominatorValue(rule.denominator, summary, acc.counted);
    // Nothing to judge against (no valid marks for this target, nobody present …): no verdict.
    const verdict = denominator.value > 0 ? satisfactionVerdict(rule, n, denominator.value) : null;
    if (denominator.value === 0 && rule.preset !== 'rates_only') warnings.push(`${t.label}：${denominator.label}为0，不作评定`);
    return {
      key: t.key,
      label: t.label,
      counted: acc.counted,
      invalid: acc.invalid,
      unfilled: acc.unfilled,
      options: def.options.map((o) => ({ key: o.key, label: o.label, count: n[o.key], rate: rate(n[o.key], denominator.value) })),
      satisfactionRate: rate(n.satisfied + n.basically, denominator.value),
      denominator,
      ruleText: describeRule(rule, { value: denominator.value, labels }),
      verdict: verdict === null ? null : { key: verdict, label: label(verdict) },
    };
  });
  // Ranked by the printed 满意率, so equal printed figures share a rank.
  const { ranks, ranking } = rankTargets(
    def.targets,
    rows.map((r) => rateKey(r.satisfactionRate)),
    rows.map((r) => r.satisfactionRate.text),
  );
  const base = resultBase(def, sheets, summary);
  return {
    ...base,
    kind: 'satisfaction',
    warnings: [...base.warnings, ...warnings],
    rule: ruleInfo(rule, describeRule(rule, { value: pollLevelBase(rule, summary), labels })),
    denominator: { kind: rule.denominator, label: DENOMINATOR_LABEL[rule.denominator] },
    ranking,
    targets: rows.map((r, i) => ({ ...r, rank: ranks[i] ?? null })),
  };
}

function tallyDecision(def: DecisionPoll | AppointmentPoll, sheets: ReadSheet[], summary: SheetSummary): DecisionResult | AppointmentResult {
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
  const shared = {
    ...resultBase(def, sheets, summary),
    rule: ruleInfo(rule, describeRule(rule, { value: pollLevelBase(rule, summary) })),
    denominator: { kind: rule.denominator, label: DENOMINATOR_LABEL[rule.denominator] },
    ranking: [],
    targets,
  };
  return def.kind === 'appointment' ? { ...shared, kind: 'appointment', combined } : { ...shared, kind: 'decision' };
}
