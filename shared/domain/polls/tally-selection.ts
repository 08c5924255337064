import type { ReadSheet } from './ballot.js';
import { SelectionPollSchema, type SelectionPoll } from './definition.js';
import { DENOMINATOR_LABEL, SELECTION_STATE_LABEL, type SelectionState } from './labels.js';
import { rate } from './rational.js';
import type { SelectionResult, SelectionSummary, SheetSummary } from './result.js';
import { rankTargets, resultBase, type TallyContext } from './tally-common.js';

export const SELECTION_SORT_KEY = '按得票数排序';

/** 每张选票最多选择N个项目…；第N名得票相同的，另行投票确定 (a run-off says which round it settles). */
export function describeSelection(def: SelectionPoll): string {
  const n = def.maxChoices;
  const range = def.minChoices > 1 ? `最少选择${def.minChoices}个、最多选择${n}个项目，不足或超过的选票无效` : `最多选择${n}个项目，超过${n}个的选票无效`;
  const majority = def.requireMajority ? '，且得票须超过有效票的半数' : '';
  const runoff = def.runoff ? `本轮为第${def.runoff.round}轮得票相同项目的另行投票，确定${n}个名额；` : '';
  return `${runoff}每张选票${range}；按得票多少确定前${n}名${majority}；第${n}名得票相同的，另行投票确定`;
}

/**
 * Who is selected. Candidates need at least one vote (and a majority when required). If
 * the candidates tied at the N-th place do not all fit, none of them is selected and all are
 * flagged for a run-off for the remaining seats.
 */
function cut(votes: readonly number[], eligible: readonly boolean[], seats: number): { states: SelectionState[]; summary: SelectionSummary } {
  const pool = votes.filter((_, i) => eligible[i]).sort((a, b) => b - a);
  const cutoff = pool.length > seats ? pool[seats - 1]! : -1;
  const above = pool.filter((v) => v > cutoff).length;
  const at = pool.filter((v) => v === cutoff).length;
  const tieStraddles = cutoff >= 0 && above + at > seats;
  const states = votes.map((v, i): SelectionState => {
    if (!eligible[i]) return 'not_selected';
    if (v > cutoff) return 'selected';
    if (v === cutoff) return tieStraddles ? 'runoff' : 'selected';
    return 'not_selected';
  });
  const selected = states.filter((s) => s === 'selected').length;
  const runoffSeats = tieStraddles ? seats - above : 0;
  return {
    states,
    summary: {
      seats,
      selected,
      runoffSeats,
      runoffCandidates: tieStraddles ? at : 0,
      vacantSeats: seats - selected - runoffSeats,
    },
  };
}

export function tallySelection(def: SelectionPoll, sheets: ReadSheet[], summary: SheetSummary, ctx: TallyContext): SelectionResult {
  const noBallots = sheets.length === 0;
  const valid = sheets.filter((s) => s.state === 'valid');
  const votes = def.targets.map((_, i) => valid.filter((s) => s.rows[i]!.state === 'counted').length);
  const majority = votes.map((v) => 2 * v > summary.valid);
  const eligible = votes.map((v, i) => v > 0 && (!def.requireMajority || majority[i]!));
  const { states, summary: selection } = cut(votes, eligible, def.maxChoices);
  const { ranks, ranking } = rankTargets(
    def.targets,
    votes.map((v) => (noBallots ? null : [BigInt(v)])),
    votes.map((v) => `${v}票`),
  );
  const warnings: string[] = [];
  if (selection.runoffSeats > 0) {
    const tie = `第${def.maxChoices}名得票相同：${selection.runoffCandidates}个项目争${selection.runoffSeats}个名额`;
    warnings.push(def.runoff ? `另行投票后仍得票相同（${tie}），需再次另行投票` : `${tie}，需另行投票`);
  }
  if (!noBallots && selection.vacantSeats > 0) warnings.push(`有${selection.vacantSeats}个名额无项目符合入选条件`);
  const base = resultBase(def, sheets, summary, ctx);
  const text = describeSelection(def);
  return {
    ...base,
    kind: 'selection',
    warnings: [...base.warnings, ...warnings],
    rule: { preset: 'selection', name: '票决（按得票多少确定）', adjusted: false, text },
    denominator: { kind: 'valid_ballots', label: DENOMINATOR_LABEL.valid_ballots },
    ranking,
    sortKey: SELECTION_SORT_KEY,
    selection,
    // With no ballot nothing was decided: no state and no rank (the seats stay open).
    targets: def.targets.map((t, i) => ({
      key: t.key,
      label: t.label,
      votes: votes[i]!,
      rate: rate(votes[i]!, summary.valid),
      majority: majority[i]!,
      rank: ranks[i] ?? null,
      state: noBallots ? null : states[i]!,
      stateLabel: noBallots ? null : SELECTION_STATE_LABEL[states[i]!],
    })),
  };
}

// Selection across rounds: a tie at the cut-off is settled by a run-off among the tied
// candidates for the remaining seats; the winners of a series are read off its sealed rounds.

const TITLE_MAX = 200;

/**
 * The definition of the run-off that settles the tie in `result` (the result of round `round`
 * of `def`), or null when there is no tie: only the tied candidates, as many choices as seats
 * remain, the same majority requirement and anonymity.
 */
export function runoffDefinition(def: SelectionPoll, result: SelectionResult, round: number, title?: string): SelectionPoll | null {
  const seats = result.selection.runoffSeats;
  if (seats === 0) return null;
  const tied = new Set(result.targets.filter((t) => t.state === 'runoff').map((t) => t.key));
  return SelectionPollSchema.parse({
    kind: 'selection',
    title: (title ?? `${def.title}（另行投票）`).slice(0, TITLE_MAX),
    anonymous: def.anonymous,
    targets: def.targets.filter((t) => tied.has(t.key)),
    maxChoices: seats,
    minChoices: Math.min(def.minChoices, seats),
    requireMajority: def.requireMajority,
    runoff: { round },
  });
}

/** A sealed round of a selection series. */
export interface SelectionRound {
  round: number;
  definition: SelectionPoll;
  result: SelectionResult;
}

export interface SelectionWinner {
  key: string;
  label: string;
  /** Votes in the round that selected it (votes of different rounds are not comparable). */
  votes: number;
  round: number;
}

export interface SelectionOutcome {
  seats: number;
  filled: number;
  /** By round, then votes (most first), then definition order. */
  winners: SelectionWinner[];
  /** A tie at the cut-off still to be settled by a run-off. */
  tie: { round: number; seats: number; candidates: { key: string; label: string; votes: number }[] } | null;
  /** Seats no candidate qualified for (e.g. too few with a majority). */
  vacantSeats: number;
}

/**
 * The final list of a series from its sealed rounds, taken in round order. A round without
 * `runoff` is a full vote and replaces everything before it; a run-off adds its selected
 * candidates to those already selected and leaves its own tie, if any. A run-off that received
 * no ballot decided nothing: the tie it was to settle still stands. Throws when a run-off does
 * not match the tie it claims to settle (the rounds are not one series).
 */
export function selectionOutcome(rounds: readonly SelectionRound[]): SelectionOutcome {
  if (rounds.length === 0) throw new Error('selectionOutcome: no rounds');
  let seats = 0;
  let winners: SelectionWinner[] = [];
  let tie: SelectionOutcome['tie'] = null;
  const ordered = [...rounds].sort((a, b) => a.round - b.round);
  for (const r of ordered) {
    const { definition: def, result } = r;
    const selected = result.targets
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => t.state === 'selected')
      .sort((a, b) => b.t.votes - a.t.votes || a.i - b.i)
      .map(({ t }) => ({ key: t.key, label: t.label, votes: t.votes, round: r.round }));
    const ownTie: SelectionOutcome['tie'] =
      result.selection.runoffSeats > 0
        ? {
            round: r.round,
            seats: result.selection.runoffSeats,
            candidates: result.targets.filter((t) => t.state === 'runoff').map((t) => ({ key: t.key, label: t.label, votes: t.votes })),
          }
        : null;
    if (!def.runoff) {
      seats = def.maxChoices;
      winners = selected;
      tie = ownTie;
      continue;
    }
    const open = tie;
    if (open === null || open.round !== def.runoff.round) {
      throw new Error(`selectionOutcome: round ${r.round} settles a tie of round ${def.runoff.round}, which is not the open tie`);
    }
    const candidates = new Set(open.candidates.map((c) => c.key));
    if (def.maxChoices !== open.seats || def.targets.some((t) => !candidates.has(t.key))) {
      throw new Error(`selectionOutcome: round ${r.round} is not a run-off among the tied candidates for ${open.seats} seats`);
    }
    if (result.noBallots) continue;
    winners = [...winners, ...selected];
    tie = ownTie;
  }
  const filled = winners.length;
  return { seats, filled, winners, tie, vacantSeats: seats - filled - (tie?.seats ?? 0) };
}
