import type { DecisionTargetResult, SheetSummary } from './result.js';

/** 赞成 / 反对 / 弃权 of one motion or person, with 无效 and 未按 as a meeting screen announces them. */
export interface DecisionCounts {
  for: number;
  against: number;
  abstain: number;
  invalid: number;
  notVoted: number;
}

/**
 * 未按 of one motion or person: members entitled to vote (present when the poll opened) who
 * cast no 赞成 / 反对 / 弃权 on it: no ballot, a blank sheet, or the row left empty. A row
 * marked twice, or a sheet void as a whole though marked, is 无效 instead: counted apart.
 * Read from the sealed result only; the room screen and the console show the same figure.
 */
export function decisionCounts(r: { sheets: SheetSummary }, t: DecisionTargetResult): DecisionCounts {
  const count = (key: string) => t.options.find((o) => o.key === key)?.count ?? 0;
  const invalid = t.invalid + Math.max(0, r.sheets.invalid - r.sheets.blank);
  const cast = count('for') + count('against') + count('abstain');
  return { for: count('for'), against: count('against'), abstain: count('abstain'), invalid, notVoted: Math.max(0, r.sheets.present - cast - invalid) };
}
