import type { ReadSheet } from './ballot.js';
import type { SelectionPoll } from '../definition.js';
import { DENOMINATOR_LABEL, SELECTION_STATE_LABEL, type SelectionState } from './labels.js';
import { rate } from './rational.js';
import type { SelectionResult, SelectionSummary, SheetSummary } from './result.js';
import { rankTargets, resultBase } from './tally-common.js';

/** 每张选票最多选择N个项目…；第N名得票相同的，另行投票确定 */
export function describeSelection(def: SelectionPoll): string {
  const n = def.maxChoices;
  const range = def.minChoices > 1 ? `最少选择${def.minChoices}个、最多选择${n}个项目，不足或超过的选票无效` : `最多选择${n}个项目，超过${n}个的选票无效`;
  const majority = def.requireMajority ? '，且得票须超过有效票的半数' : '';
  return `每张选票${range}；按得票多少确定前${n}名${majority}；第${n}名得票相同的，另行投票确定`;
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

export function tallySelection(def: SelectionPoll, sheets: ReadSheet[], summary: SheetSummary): SelectionResult {
  const valid = sheets.filter((s) => s.state === 'valid');
  const votes = def.targets.map((_, i) => valid.filter((s) => s.rows[i]!.state === 'counted').length);
  const majority = votes.map((v) => 2 * v > summary.valid);
  const eligible = votes.map((v, i) => v > 0 && (!def.requireMajority || majority[i]!));
  const { states, summary: selection } = cut(votes, eligible, def.maxChoices);
  const { ranks, ranking } = rankTargets(
    def.targets,
    votes.map((v) => BigInt(v)),
    votes.map((v) => `${v}票`),
  );
  const warnings: string[] = [];
  if (selection.runoffSeats > 0) {
    warnings.push(`第${def.maxChoices}名得票相同：${selection.runoffCandidates}个项目争${selection.runoffSeats}个名额，需另行投票`);
  }
  if (selection.vacantSeats > 0) warnings.push(`有${selection.vacantSeats}个名额无项目符合入选条件`);
  const base = resultBase(def, sheets, summary);
  const text = describeSelection(def);
  return {
    ...base,
    kind: 'selection',
    warnings: [...base.warnings, ...warnings],
    rule: { preset: 'selection', name: '票决（按得票多少确定）', practice: '民生实事项目人大代表票决制', adjusted: false, text },
    denominator: { kind: 'valid_ballots', label: DENOMINATOR_LABEL.valid_ballots },
    ranking,
    selection,
    targets: def.targets.map((t, i) => ({
      key: t.key,
      label: t.label,
      votes: votes[i]!,
      rate: rate(votes[i]!, summary.valid),
      majority: majority[i]!,
      rank: ranks[i]!,
      state: states[i]!,
      stateLabel: SELECTION_STATE_LABEL[states[i]!],
    })),
  };
}
