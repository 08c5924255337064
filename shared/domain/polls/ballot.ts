import { z } from 'zod';
import { KeySchema, MAX_TARGETS, SatisfactionOptionSchema, type PollDefinition, type ScoringPoll, type Target } from './definition.js';
import { DECISION_OPTIONS, type RowState, type SheetState } from './labels.js';
import { add, div, fromDecimal, mul, q, sum, toHundredths, type Q } from './rational.js';

/**
 * What one ballot sheet carries, and how a parsed sheet is classified. A payload that does
 * not parse is rejected before it is stored; a payload that parses is stored even when the
 * sheet turns out invalid, and is counted as invalid.
 *
 * Payloads are strict objects: an anonymous ballot can carry nothing but the choices.
 * Set-like arrays are sorted and de-duplicated on parse, so a parsed payload is canonical.
 */

/** Row key of an appointment sheet with `combined: true` (one vote for the whole list). */
export const COMBINED_KEY = 'combined';

const sortUnique = <T extends string>(xs: T[]): T[] => [...new Set(xs)].sort();
const bounded = <T extends object>(r: T) => Object.keys(r).length <= MAX_TARGETS + 1;
const TOO_MANY = { error: `一张选票最多 ${MAX_TARGETS} 个对象` };

/** Per row, the options marked: [] or absent = not filled; two or more = over-marked. */
const marksOf = <E extends z.ZodType<string>>(option: E) =>
  z
    .record(KeySchema, z.array(option).max(10).transform(sortUnique))
    .refine(bounded, TOO_MANY)
    .transform(dropEmpty);

/**
 * A row left empty and a row left out mean the same (未填), so both parse to "left out":
 * two clerks or two devices that differ only in that store the same text.
 */
function dropEmpty<T>(r: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(r)) if (!(v === null || (Array.isArray(v) && v.length === 0))) out[k] = v;
  return out;
}

export const SatisfactionBallotSchema = z.strictObject({ kind: z.literal('satisfaction'), marks: marksOf(SatisfactionOptionSchema) });
export const DecisionBallotSchema = z.strictObject({ kind: z.literal('decision'), marks: marksOf(z.enum(DECISION_OPTIONS)) });
export const AppointmentBallotSchema = z.strictObject({ kind: z.literal('appointment'), marks: marksOf(z.enum(DECISION_OPTIONS)) });

const scoreValue = z.number().nullable();
export const ScoringBallotSchema = z.strictObject({
  kind: z.literal('scoring'),
  /** Rater group key when the poll blends groups, else null. */
  group: KeySchema.nullable().default(null),
  /** Per target: a score (single scale) or indicator key -> points; null/absent = not filled. */
  scores: z
    .record(KeySchema, z.union([scoreValue, z.record(KeySchema, scoreValue).refine(bounded).transform(dropEmpty)]))
    .refine(bounded, TOO_MANY)
    .transform(dropEmpty),
});

export const SelectionBallotSchema = z.strictObject({
  kind: z.literal('selection'),
  chosen: z.array(KeySchema).max(MAX_TARGETS + 1, TOO_MANY).transform(sortUnique),
});

export const BallotPayloadSchema = z.discriminatedUnion('kind', [
  SatisfactionBallotSchema,
  ScoringBallotSchema,
  DecisionBallotSchema,
  AppointmentBallotSchema,
  SelectionBallotSchema,
]);
export type BallotPayload = z.infer<typeof BallotPayloadSchema>;
export type BallotPayloadInput = z.input<typeof BallotPayloadSchema>;

const SCHEMA_BY_KIND = {
  satisfaction: SatisfactionBallotSchema,
  scoring: ScoringBallotSchema,
  decision: DecisionBallotSchema,
  appointment: AppointmentBallotSchema,
  selection: SelectionBallotSchema,
} as const;

/** Parses a raw payload for this poll's kind; throws a ZodError when the shape is wrong. */
export function parseBallot(def: PollDefinition, raw: unknown): BallotPayload {
  return SCHEMA_BY_KIND[def.kind].parse(raw);
}

/** The rows a sheet shows, in order: the targets, or one row for a combined appointment. */
export function ballotRows(def: PollDefinition): Target[] {
  if (def.kind === 'appointment' && def.combined) return [{ key: COMBINED_KEY, label: def.combinedLabel }];
  return def.targets;
}

/** One row of a read sheet. `choice` is the option marked; `score` the sheet's score for it. */
export interface ReadRow {
  key: string;
  state: RowState;
  reason: string | null;
  choice: string | null;
  score: Q | null;
  /** Indicator points in the definition's indicator order (indicator scales only). */
  points: Q[] | null;
}

export interface ReadSheet {
  state: SheetState;
  reason: string | null;
  group: string | null;
  /** Empty when the sheet was rejected as a whole before its rows were read. */
  rows: ReadRow[];
}

const own = <T>(rec: Record<string, T>, key: string): T | undefined => (Object.hasOwn(rec, key) ? rec[key] : undefined);
const reject = (reason: string, state: SheetState = 'invalid'): ReadSheet => ({ state, reason, group: null, rows: [] });
const row = (key: string, state: RowState, reason: string | null = null, extra: Partial<ReadRow> = {}): ReadRow => ({
  key,
  state,
  reason,
  choice: null,
  score: null,
  points: null,
  ...extra,
});

/** Sheet verdict from its rows, shared by choice and score sheets (see partialSheet). */
function finish(rows: ReadRow[], policy: 'count_filled' | 'void', group: string | null = null): ReadSheet {
  const done = (state: SheetState, reason: string | null): ReadSheet => ({ state, reason, group, rows });
  if (rows.every((r) => r.state === 'unfilled')) return done('blank', '空白票（未作任何选择）');
  if (!rows.some((r) => r.state === 'counted')) {
    return done('invalid', rows.length === 1 ? (rows[0]!.reason ?? '选票无效') : '没有一个对象作出有效选择');
  }
  if (policy === 'void' && rows.some((r) => r.state !== 'counted')) return done('invalid', '有对象未填或多选，按规定整张选票无效');
  return done('valid', null);
}

/** The row keys of a sheet, per rows array (a definition's targets are read thousands of times at close). */
const keySets = new WeakMap<readonly Target[], Set<string>>();
function keysOf(rows: readonly Target[]): Set<string> {
  let keys = keySets.get(rows);
  if (!keys) {
    keys = new Set(rows.map((r) => r.key));
    keySets.set(rows, keys);
  }
  return keys;
}

function choiceRow(key: string, state: RowState, reason: string | null, choice: string | null): ReadRow {
  return { key, state, reason, choice, score: null, points: null };
}

function readChoices(rows: readonly Target[], allowed: readonly string[], marks: Record<string, string[]>, policy: 'count_filled' | 'void'): ReadSheet {
  const keys = keysOf(rows);
  const marked = Object.keys(marks);
  for (const k of marked) if (!keys.has(k)) return reject('选票含有表决对象以外的内容');
  for (const k of marked) for (const m of marks[k]!) if (!allowed.includes(m)) return reject('选票含有本次表决没有的选项');
  const read: ReadRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const key = rows[i]!.key;
    const ms = own(marks, key);
    if (ms === undefined || ms.length === 0) read[i] = choiceRow(key, 'unfilled', null, null);
    else if (ms.length > 1) read[i] = choiceRow(key, 'invalid', '同一对象选择了多个选项', null);
    else read[i] = choiceRow(key, 'counted', null, ms[0]!);
  }
  return finish(read, policy);
}

/** A score in hundredths within [lo, hi] on the step grid from lo, or the reason it is not. */
function checkPoints(x: number, lo: number, hi: number, step: number, what: string): Q | string {
  const h = toHundredths(x);
  if (h === null) return `${what}最多保留两位小数`;
  if (h < toHundredths(lo)! || h > toHundredths(hi)!) return `${what}应在 ${lo} 至 ${hi} 之间`;
  if ((h - toHundredths(lo)!) % toHundredths(step)! !== 0n) return `${what}应为 ${step} 的整数倍`;
  return q(h, 100n);
}

function readScores(def: ScoringPoll, p: Extract<BallotPayload, { kind: 'scoring' }>): ReadSheet {
  const keys = new Set(def.targets.map((t) => t.key));
  if (Object.keys(p.scores).some((k) => !keys.has(k))) return reject('选票含有评分对象以外的内容');
  if (def.groups.length > 0 && !def.groups.some((g) => g.key === p.group)) return reject('未注明评议人类别或类别无效');
  if (def.groups.length === 0 && p.group !== null) return reject('本次评分不分评议人类别');
  const scale = def.scale;
  const read: ReadRow[] = [];
  for (const t of def.targets) {
    const v = own(p.scores, t.key);
    if (v === undefined || v === null) {
      read.push(row(t.key, 'unfilled'));
    } else if (scale.mode === 'single') {
      if (typeof v !== 'number') return reject('评分格式与评分方式不符');
      const s = checkPoints(v, scale.min, scale.max, scale.step, '分数');
      read.push(typeof s === 'string' ? row(t.key, 'invalid', s) : row(t.key, 'counted', null, { score: s }));
    } else {
      if (typeof v === 'number') return reject('评分格式与评分方式不符');
      const known = new Set(scale.indicators.map((i) => i.key));
      if (Object.keys(v).some((k) => !known.has(k))) return reject('选票含有评分指标以外的内容');
      const given = scale.indicators.map((i) => own(v, i.key) ?? null);
      if (given.every((x) => x === null)) {
        read.push(row(t.key, 'unfilled'));
        continue;
      }
      if (given.some((x) => x === null)) {
        read.push(row(t.key, 'invalid', '评分指标未填全'));
        continue;
      }
      const pts = scale.indicators.map((ind, i) => checkPoints(given[i]!, 0, ind.maxPoints, scale.step, `“${ind.label}”得分`));
      const bad = pts.find((x): x is string => typeof x === 'string');
      if (bad !== undefined) {
        read.push(row(t.key, 'invalid', bad));
        continue;
      }
      const points = pts as Q[];
      read.push(row(t.key, 'counted', null, { score: indicatorScore(def, points), points }));
    }
  }
  return finish(read, def.partialSheet, p.group);
}

/**
 * Score of one sheet for one target on an indicator scale, out of 100:
 * 100 × Σ wᵢ·(pointsᵢ / maxᵢ) / Σ wᵢ, where wᵢ defaults to maxᵢ. With no weights set this is
 * the plain sum of points scaled to 100 (5 indicators × 20 points: the sum itself).
 */
export function indicatorScore(def: ScoringPoll, points: readonly Q[]): Q {
  if (def.scale.mode !== 'indicators') throw new TypeError('not an indicator scale');
  const inds = def.scale.indicators;
  const w = inds.map((i) => fromDecimal(i.weight ?? i.maxPoints));
  const weighted = sum(inds.map((ind, i) => mul(w[i]!, div(points[i]!, fromDecimal(ind.maxPoints)))));
  return mul(q(100), div(weighted, w.reduce(add)));
}

/** Reads a parsed payload against its poll. Never throws for a payload of the right shape. */
export function readBallot(def: PollDefinition, payload: BallotPayload): ReadSheet {
  if (payload.kind !== def.kind) return reject('选票类型与表决方式不符');
  switch (def.kind) {
    case 'satisfaction':
      return readChoices(def.targets, def.options.map((o) => o.key), (payload as { marks: Record<string, string[]> }).marks, def.partialSheet);
    case 'decision':
      return readChoices(def.targets, DECISION_OPTIONS, (payload as { marks: Record<string, string[]> }).marks, 'count_filled');
    case 'appointment':
      return readChoices(ballotRows(def), DECISION_OPTIONS, (payload as { marks: Record<string, string[]> }).marks, def.partialSheet);
    case 'scoring':
      return readScores(def, payload as Extract<BallotPayload, { kind: 'scoring' }>);
    case 'selection': {
      const chosen = (payload as Extract<BallotPayload, { kind: 'selection' }>).chosen;
      const keys = new Set(def.targets.map((t) => t.key));
      if (chosen.some((k) => !keys.has(k))) return reject('选票含有候选项目以外的内容');
      if (chosen.length === 0) return reject('空白票（未作任何选择）', 'blank');
      if (chosen.length > def.maxChoices) return reject(`所选项目超过 ${def.maxChoices} 个`);
      if (chosen.length < def.minChoices) return reject(`所选项目少于 ${def.minChoices} 个`);
      const rows = def.targets.map((t) => row(t.key, chosen.includes(t.key) ? 'counted' : 'unfilled'));
      return { state: 'valid', reason: null, group: null, rows };
    }
  }
}

/** The classification of one sheet, for paper entry screens and double-entry checks. */
export interface BallotInspection {
  state: SheetState;
  reason: string | null;
  rows: { key: string; state: RowState; reason: string | null }[];
}

/** Classifies a sheet and each of its rows (rows empty when rejected as a whole). */
export function inspectBallot(def: PollDefinition, payload: BallotPayload): BallotInspection {
  const s = readBallot(def, payload);
  return { state: s.state, reason: s.reason, rows: s.rows.map((r) => ({ key: r.key, state: r.state, reason: r.reason })) };
}

export type BallotCheck = { valid: true } | { valid: false; reason: string };

/**
 * Whether a sheet counts. Invalid sheets (blank, too many marks, out-of-range score,
 * unknown target) are kept and counted as invalid; this classifies and never throws.
 */
export function checkBallot(def: PollDefinition, payload: BallotPayload): BallotCheck {
  const s = readBallot(def, payload);
  return s.state === 'valid' ? { valid: true } : { valid: false, reason: s.reason ?? '选票无效' };
}
