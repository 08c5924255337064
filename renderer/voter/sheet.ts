/**
 * The ballot sheet as data: what the member has filled in (a Draft), what is still missing
 * or wrong, the payload sent to the host, and the lines of the review step. No DOM here.
 * Payload shapes follow shared/domain/polls/ballot.ts (imported as types only: the module
 * itself pulls zod).
 */
import type { BallotPayloadInput } from '../../shared/domain/polls/ballot.js';
import type { PollDefinition, ScoringPoll, Target } from '../../shared/domain/polls/definition.js';
import { DECISION_OPTION_LABEL, DECISION_OPTIONS } from '../../shared/domain/polls/labels.js';

/** Row key of a combined appointment vote (COMBINED_KEY in ballot.ts). */
export const COMBINED_KEY = 'combined';

export interface Option {
  key: string;
  label: string;
}

export interface Draft {
  /** Choice sheets: row key -> option key. */
  marks: Record<string, string>;
  /** Scoring sheets: raw text as typed, by scoreKey(). */
  scores: Record<string, string>;
  /** Scoring sheets with rater groups. */
  group: string | null;
  /** Selection sheets, in the order ticked. */
  chosen: string[];
}

export const emptyDraft = (): Draft => ({ marks: {}, scores: {}, group: null, chosen: [] });

export const scoreKey = (target: string, indicator?: string): string => (indicator ? `${target}/${indicator}` : target);

const has = (rec: object, key: string): boolean => Object.prototype.hasOwnProperty.call(rec, key);

/** The rows a sheet shows: the targets, or one row for a combined appointment. */
export function rowsOf(def: PollDefinition): Target[] {
  if (def.kind === 'appointment' && def.combined) return [{ key: COMBINED_KEY, label: def.combinedLabel }];
  return def.targets;
}

/** The options of a choice sheet; null for scoring and selection. */
export function choiceOptions(def: PollDefinition): Option[] | null {
  if (def.kind === 'satisfaction') return def.options;
  if (def.kind === 'decision' || def.kind === 'appointment') return DECISION_OPTIONS.map((key) => ({ key, label: DECISION_OPTION_LABEL[key] }));
  return null;
}

/** Fullwidth digits and points (Chinese input methods) read as ASCII. */
function asciiDigits(s: string): string {
  return s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)).replace(/[\uFF0E。]/g, '.');
}

export interface ParsedScore {
  value: number | null;
  error: string | null;
}

/** Why a score is off its grid, in the words a member reads: 请填写整数, not 应为 1 的整数倍. */
export function stepMessage(lo: number, step: number): string {
  if (step === 1 && Number.isInteger(lo)) return '请填写整数';
  if (step === 0.5 && Number.isInteger(lo)) return '请填写整数或半分（如 8.5）';
  const example = Math.round((lo + step) * 100) / 100;
  return `每档 ${step} 分，请填写如 ${example} 这样的分数`;
}

/** A typed score: empty (not filled), a number on the step grid within [lo, hi], or why not. */
export function parseScore(text: string, lo: number, hi: number, step: number): ParsedScore {
  const t = asciiDigits(text).replace(/\s/g, '');
  if (t === '') return { value: null, error: null };
  // 「九十」 or 「90分」: say how to write it, with a number from this scale.
  if (!/^\d+(\.\d+)?$/.test(t)) return { value: null, error: `请用阿拉伯数字填写，如 ${Math.round((lo + hi) / 2)}` };
  const x = Number(t);
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return { value: null, error: '最多保留两位小数' };
  const hx = Math.round(x * 100);
  if (hx < Math.round(lo * 100) || hx > Math.round(hi * 100)) return { value: null, error: `应在 ${lo} 至 ${hi} 之间` };
  const hs = Math.round(step * 100);
  if (hs > 0 && (hx - Math.round(lo * 100)) % hs !== 0) return { value: null, error: stepMessage(lo, step) };
  return { value: x, error: null };
}

/** The bounds of one score field. */
export function scoreBounds(def: ScoringPoll, indicator?: string): { lo: number; hi: number; step: number } {
  const s = def.scale;
  if (s.mode === 'single') return { lo: s.min, hi: s.max, step: s.step };
  const ind = s.indicators.filter((i) => i.key === indicator)[0];
  return { lo: 0, hi: ind ? ind.maxPoints : 0, step: s.step };
}

export type RowStatus = 'filled' | 'unfilled' | 'error';

/** Per scoring target: filled when every field parses, error when some field is wrong or missing. */
export function scoringRow(def: ScoringPoll, d: Draft, t: Target): { status: RowStatus; error: string | null; total: number | null } {
  const fields = def.scale.mode === 'single' ? [undefined] : def.scale.indicators.map((i) => i.key);
  let given = 0;
  let total = 0;
  for (const ind of fields) {
    const b = scoreBounds(def, ind);
    const p = parseScore(d.scores[scoreKey(t.key, ind)] ?? '', b.lo, b.hi, b.step);
    if (p.error) return { status: 'error', error: p.error, total: null };
    if (p.value !== null) {
      given++;
      total += p.value;
    }
  }
  if (given === 0) return { status: 'unfilled', error: null, total: null };
  if (given < fields.length) return { status: 'error', error: '评分指标未填全', total: null };
  return { status: 'filled', error: null, total: Math.round(total * 100) / 100 };
}

export interface Progress {
  done: number;
  total: number;
}

export function progress(def: PollDefinition, d: Draft): Progress {
  if (def.kind === 'selection') return { done: d.chosen.length, total: def.maxChoices };
  if (def.kind === 'scoring') return { done: def.targets.filter((t) => scoringRow(def, d, t).status === 'filled').length, total: def.targets.length };
  const rows = rowsOf(def);
  return { done: rows.filter((r) => has(d.marks, r.key)).length, total: rows.length };
}

export interface SheetCheck {
  /** Must be fixed before the sheet can be reviewed. */
  errors: string[];
  /** Shown in the review step; the member may still cast. */
  warnings: string[];
  unfilled: number;
}

export function check(def: PollDefinition, d: Draft): SheetCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (def.kind === 'selection') {
    const n = d.chosen.length;
    if (n > def.maxChoices) errors.push(`最多只能选 ${def.maxChoices} 项，您选了 ${n} 项，请取消多余的选择`);
    else if (n === 0) warnings.push('您没有选择任何项目，这张选票将作为空白票（无效票）');
    else if (n < def.minChoices) warnings.push(`至少应选 ${def.minChoices} 项，您只选了 ${n} 项，这张选票将无效`);
    return { errors, warnings, unfilled: 0 };
  }
  let unfilled = 0;
  let total: number;
  if (def.kind === 'scoring') {
    if (def.groups.length > 0 && !def.groups.some((g) => g.key === d.group)) errors.push('请先选择您的评议人类别');
    def.targets.forEach((t, i) => {
      const r = scoringRow(def, d, t);
      if (r.status === 'error') errors.push(`第 ${i + 1} 项“${t.label}”：${r.error}`);
      if (r.status === 'unfilled') unfilled++;
    });
    total = def.targets.length;
  } else {
    const rows = rowsOf(def);
    unfilled = rows.filter((r) => !has(d.marks, r.key)).length;
    total = rows.length;
  }
  const verb = def.kind === 'scoring' ? '评分' : '选择';
  if (unfilled > 0 && unfilled === total) {
    warnings.push(`您没有作任何${verb}，这张选票将作为空白票（无效票）`);
  } else if (unfilled > 0) {
    const voids = def.kind !== 'decision' && def.partialSheet === 'void';
    warnings.push(voids ? `有 ${unfilled} 项未${verb}。按本次表决的规定，有未${verb}项目的选票整张无效` : `有 ${unfilled} 项未${verb}，未${verb}的项目不计票`);
  }
  return { errors, warnings, unfilled };
}

/** The payload for POST /v1/ballots. Only rows with a mark/score are sent; empty ones are 未填. */
export function payload(def: PollDefinition, d: Draft): BallotPayloadInput {
  if (def.kind === 'selection') return { kind: 'selection', chosen: d.chosen.slice().sort() };
  if (def.kind === 'scoring') {
    const scores: Record<string, number | Record<string, number>> = {};
    for (const t of def.targets) {
      if (scoringRow(def, d, t).status !== 'filled') continue;
      if (def.scale.mode === 'single') {
        const b = scoreBounds(def);
        scores[t.key] = parseScore(d.scores[t.key] ?? '', b.lo, b.hi, b.step).value!;
      } else {
        const pts: Record<string, number> = {};
        for (const ind of def.scale.indicators) {
          const b = scoreBounds(def, ind.key);
          pts[ind.key] = parseScore(d.scores[scoreKey(t.key, ind.key)] ?? '', b.lo, b.hi, b.step).value!;
        }
        scores[t.key] = pts;
      }
    }
    return { kind: 'scoring', group: def.groups.length > 0 ? d.group : null, scores };
  }
  const marks: Record<string, string[]> = {};
  for (const r of rowsOf(def)) if (has(d.marks, r.key)) marks[r.key] = [d.marks[r.key]!];
  return { kind: def.kind, marks } as BallotPayloadInput;
}

export interface ReviewLine {
  label: string;
  value: string;
  missing: boolean;
  /** Chosen option key (choice sheets), for styling. */
  option: string | null;
}

export function review(def: PollDefinition, d: Draft): ReviewLine[] {
  if (def.kind === 'selection') {
    return def.targets.filter((t) => d.chosen.indexOf(t.key) >= 0).map((t) => ({ label: t.label, value: '✓ 选择', missing: false, option: null }));
  }
  if (def.kind === 'scoring') {
    return def.targets.map((t) => {
      const r = scoringRow(def, d, t);
      if (r.status !== 'filled') return { label: t.label, value: '未评分', missing: true, option: null };
      if (def.scale.mode === 'single') return { label: t.label, value: `${r.total} 分`, missing: false, option: null };
      const parts = def.scale.indicators.map((i) => `${i.label} ${parseScore(d.scores[scoreKey(t.key, i.key)] ?? '', 0, i.maxPoints, def.scale.step).value}`);
      return { label: t.label, value: `${parts.join('，')}（合计 ${r.total} 分）`, missing: false, option: null };
    });
  }
  const opts = choiceOptions(def)!;
  return rowsOf(def).map((r) => {
    const key = has(d.marks, r.key) ? d.marks[r.key]! : null;
    const opt = opts.filter((o) => o.key === key)[0];
    return { label: r.label, value: opt ? opt.label : '未选择', missing: !opt, option: opt ? opt.key : null };
  });
}
