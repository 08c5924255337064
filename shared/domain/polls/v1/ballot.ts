import { COMBINED_KEY, type BallotPayload } from '../ballot.js';
import type { PollDefinition, ScoringPoll, Target } from '../definition.js';
import { DECISION_OPTIONS, type RowState, type SheetState } from './labels.js';
import { add, div, fromDecimal, mul, q, sum, toHundredths, type Q } from './rational.js';

/**
 * Tally version 1, frozen: how a parsed sheet was classified (valid / blank / invalid, per row)
 * and the reasons printed for invalid sheets. Copied rather than imported because it decides
 * what counts; the payload schemas it reads stay live (stored ballots must always parse).
 */


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

function readChoices(rows: Target[], allowed: readonly string[], marks: Record<string, string[]>, policy: 'count_filled' | 'void'): ReadSheet {
  const keys = new Set(rows.map((r) => r.key));
  if (Object.keys(marks).some((k) => !keys.has(k))) return reject('选票含有表决对象以外的内容');
  if (Object.values(marks).some((ms) => ms.some((m) => !allowed.includes(m)))) return reject('选票含有本次表决没有的选项');
  const read = rows.map((t) => {
    const ms = own(marks, t.key) ?? [];
    if (ms.length === 0) return row(t.key, 'unfilled');
    if (ms.length > 1) return row(t.key, 'invalid', '同一对象选择了多个选项');
    return row(t.key, 'counted', null, { choice: ms[0]! });
  });
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
