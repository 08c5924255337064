import type { Target } from './definition.js';
import type { Denominator, PollKind, SelectionState } from './labels.js';
import type { Rate } from './rational.js';

/**
 * The shape of a tally: plain JSON, no ballot-level data, identical for any ballot order.
 * These types describe the results of every tally version, so old seals still render:
 * fields new in version 2 are optional (absent from version 1 results), and fields version 2
 * dropped are optional too. shared/domain/polls/v1/result.ts is the exact version 1 shape.
 */

export type { Rate };

/** The denominator a figure was computed against, printed with it. */
export interface DenominatorValue {
  kind: Denominator;
  label: string;
  value: number;
}

/** The rule that produced a result. `text` is printed with the result. */
export interface RuleInfo {
  preset: string;
  name: string;
  /** Version 1 only: where the preset comes from (the preset picker still shows it). */
  practice?: string;
  /** Parameters differ from the named preset's. */
  adjusted: boolean;
  text: string;
}

export interface Verdict {
  key: string;
  label: string;
}

export interface OptionTally {
  key: string;
  label: string;
  count: number;
  /** count / the rule's denominator for this target. */
  rate: Rate;
}

/** How the rows of valid sheets went for one target. Rows of invalid sheets are not counted. */
export interface RowCounts {
  counted: number;
  /** Marked more than once / score out of range on an otherwise valid sheet. */
  invalid: number;
  /** Left empty (未填) on an otherwise valid sheet. */
  unfilled: number;
}

/** One line of the sheet reconciliation a clerk reads out (version 2). */
export interface ReconciliationLine {
  key: 'paper_handed_out' | 'paper_returned' | 'paper_not_returned' | 'device' | 'returned' | 'valid' | 'invalid' | 'blank';
  label: string;
  count: number;
}

export interface SheetSummary {
  serving: number;
  /** Members present when the poll opened: those entitled to vote. */
  present: number;
  /** Paper sheets handed out (version 2: always a number; version 1: null when not recorded). */
  issued: number | null;
  /** Every ballot in the box, device and paper. */
  returned: number;
  valid: number;
  /** Every sheet that does not count, blank sheets included. */
  invalid: number;
  /** Sheets with nothing marked; a subset of `invalid`. */
  blank: number;
  /** Version 2: ballots cast on devices. */
  device?: number;
  /** Version 2: paper sheets returned and counted. */
  paperReturned?: number;
  /** Version 2: handed out, returned, not returned, device, total, valid, invalid, blank. */
  reconciliation?: ReconciliationLine[];
}

export interface InvalidReason {
  reason: string;
  count: number;
}

export interface RankEntry {
  key: string;
  label: string;
  /** Competition rank (1, 2, 2, 4); null when the target has nothing to rank by. */
  rank: number | null;
  /** The figures ranked by, as printed ("85.33", "满意，58.62%，96.55%", "17票"). */
  value: string;
}

/** A score as printed (two decimals, half up) and the same as a number for charts. */
export interface ScoreValue {
  text: string;
  value: number;
}

export interface SatisfactionTargetResult extends RowCounts {
  key: string;
  label: string;
  options: OptionTally[];
  /** (满意 + 基本满意) / the rule's denominator. */
  satisfactionRate: Rate;
  denominator: DenominatorValue;
  ruleText: string;
  /** null under rates_only, with nothing to judge against, and (version 2) with no ballots. */
  verdict: Verdict | null;
  rank: number | null;
}

export interface DecisionTargetResult extends RowCounts {
  key: string;
  label: string;
  /** The persons of a combined appointment vote; empty otherwise. */
  persons: Target[];
  options: OptionTally[];
  denominator: DenominatorValue;
  /** Smallest number of 赞成 that adopts. */
  required: number;
  ruleText: string;
  verdict: Verdict;
}

export interface ScoreStats {
  counted: number;
  mean: ScoreValue | null;
  /** One highest and one lowest removed; null with fewer than 3 scores. */
  trimmedMean: ScoreValue | null;
  min: ScoreValue | null;
  max: ScoreValue | null;
  /** mean or trimmed mean per the poll's aggregation (mean when too few to trim). */
  score: ScoreValue | null;
}

export interface ScoringTargetResult extends RowCounts {
  key: string;
  label: string;
  /** Over all valid sheets, groups pooled. */
  stats: ScoreStats;
  /** The final score: stats.score, or the weighted blend of group scores. */
  score: ScoreValue | null;
  grade: Verdict | null;
  rank: number | null;
  denominator: DenominatorValue;
  /** Mean points per indicator (indicator scales only). */
  indicators: { key: string; label: string; maxPoints: number; mean: ScoreValue | null }[];
  /** Per rater group (blended polls only). */
  groups: ({ key: string; label: string; weight: number } & ScoreStats)[];
}

export interface SelectionTargetResult {
  key: string;
  label: string;
  votes: number;
  /** votes / valid ballots. */
  rate: Rate;
  /** More than half of valid ballots. */
  majority: boolean;
  /** null (version 2) when the poll received no ballot. */
  rank: number | null;
  /** null (version 2) when the poll received no ballot: nothing was decided. */
  state: SelectionState | null;
  stateLabel: string | null;
}

export interface SelectionSummary {
  seats: number;
  selected: number;
  /** Seats to be decided by a run-off among the tied candidates at the cut-off. */
  runoffSeats: number;
  runoffCandidates: number;
  /** Seats nobody qualified for (e.g. too few projects with a majority). */
  vacantSeats: number;
}

interface ResultBase<K extends PollKind> {
  kind: K;
  /** The tally version that produced the result; absent on version 1 results. */
  tally?: 2;
  /** Version 2: the poll received no ballot (未收到选票). */
  noBallots?: boolean;
  title: string;
  anonymous: boolean;
  sheets: SheetSummary;
  /** Invalid sheets by reason, most frequent first. */
  invalidReasons: InvalidReason[];
  rule: RuleInfo;
  /** The rule's denominator kind; per-target values are on each target. */
  denominator: { kind: Denominator; label: string };
  /** Targets by rank (ties share a rank, then definition order); empty for decisions. */
  ranking: RankEntry[];
  /** Version 2: how the ranking is ordered, in words (null for decisions). */
  sortKey?: string | null;
  /** Things a clerk must look at (no ballots, attendance fell below the quorum …). */
  warnings: string[];
}

export type SatisfactionResult = ResultBase<'satisfaction'> & { targets: SatisfactionTargetResult[] };
export type ScoringResult = ResultBase<'scoring'> & { targets: ScoringTargetResult[] };
export type DecisionResult = ResultBase<'decision'> & { targets: DecisionTargetResult[] };
export type AppointmentResult = ResultBase<'appointment'> & { combined: boolean; targets: DecisionTargetResult[] };
export type SelectionResult = ResultBase<'selection'> & { targets: SelectionTargetResult[]; selection: SelectionSummary };

export type PollResult = SatisfactionResult | ScoringResult | DecisionResult | AppointmentResult | SelectionResult;
