import type {
  DecisionTargetResult,
  DenominatorValue,
  PollResult,
  SatisfactionResult,
  ScoringResult,
  SelectionResult,
  SheetSummary,
} from '../../shared/domain/polls/result.js';
import { checkCode } from '../../shared/domain/format.js';
import { decisionCounts } from '../../shared/domain/polls/decision-counts.js';
import { DENOMINATOR_UNIT } from '../../shared/domain/polls/labels.js';
import { inRankingOrder } from '../lib/ranking.js';

/**
 * A sealed result reshaped into rows the room screen can draw, whatever the poll kind:
 * pure data, so the layout code stays a plain table and this mapping can be tested alone.
 */

export type Tone = 'good' | 'mid' | 'bad' | 'muted' | 'accent';

export interface BoardColumn {
  key: string;
  label: string;
  tone: Tone;
  /** The column is a piece of the row's bar (its header then carries the colour key). */
  inBar: boolean;
}

/** A big figure of a decision (应到 29 人, 赞成 16 …), as Chinese meeting screens show them. */
export interface BoardFigure {
  key: string;
  label: string;
  value: number;
  unit: string;
  tone: Tone | null;
}

export interface BoardCell {
  main: string;
  sub: string | null;
}

/** A piece of a row's horizontal bar: `fraction` of the whole track (0..1). */
export interface BoardSegment {
  key: string;
  fraction: number;
  tone: Tone;
  text: string;
}

export interface BoardRow {
  key: string;
  label: string;
  /** Position, or rank for the kinds that are ranked. */
  index: string;
  /** A second, smaller line under the label (persons of a combined vote, votes needed …). */
  note: string | null;
  segments: BoardSegment[];
  /** One per column. */
  cells: BoardCell[];
  verdict: { label: string; tone: Tone } | null;
}

export interface Board {
  indexHeader: string;
  columns: BoardColumn[];
  /** The bar is stacked from the columns' options: their headers carry the colour key. */
  legend: boolean;
  verdictHeader: string;
  rows: BoardRow[];
  /** 全体组成人员（29人） when every row counts against the same figure, else only the label. */
  denominator: string;
  /** Kind-specific summary line (selection: seats and run-offs). */
  summary: string | null;
  /** 未收到选票 when the poll received no ballot (version 2): shown above the rows. */
  notice: string | null;
  /** How the rows are ordered, when they follow a ranking of several targets (version 2). */
  sortKey: string | null;
  /**
   * Decisions and appointments: 应到 / 实到, and for a single motion or person also
   * 赞成 / 反对 / 弃权 / 未按 (the table carries them per row otherwise). Empty for other kinds.
   */
  figures: BoardFigure[];
}

const NO_BALLOTS = '未收到选票';
/** With no ballot a row has nothing to show in its verdict column. */
const NOTHING: BoardRow['verdict'] = { label: '—', tone: 'muted' };

const OPTION_TONE: Record<string, Tone> = {
  satisfied: 'good',
  basically: 'mid',
  unsatisfied: 'bad',
  for: 'good',
  against: 'bad',
  abstain: 'muted',
};

const VERDICT_TONE: Record<string, Tone> = {
  satisfied: 'good',
  basically: 'mid',
  unsatisfied: 'bad',
  adopted: 'good',
  rejected: 'bad',
  excellent: 'good',
  good: 'good',
  fair: 'mid',
  poor: 'bad',
  selected: 'good',
  runoff: 'mid',
  not_selected: 'muted',
};

const toneOf = (map: Record<string, Tone>, key: string, fallback: Tone = 'accent'): Tone => (Object.hasOwn(map, key) ? map[key]! : fallback);

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

export function denominatorText(d: DenominatorValue): string {
  return `${d.label}（${d.value}${DENOMINATOR_UNIT[d.kind]}）`;
}

/** One text when all rows share it; otherwise the label once and the figure per row. */
function sharedDenominator(label: string, values: DenominatorValue[]): { shared: string; perRow: boolean } {
  const texts = new Set(values.map(denominatorText));
  if (texts.size === 1) return { shared: [...texts][0]!, perRow: false };
  return { shared: label, perRow: texts.size > 1 };
}

const joinNotes = (...parts: (string | null)[]): string | null => {
  const kept = parts.filter((p): p is string => !!p);
  return kept.length ? kept.join('；') : null;
};

/**
 * Ranked kinds list the best first, in the order of the result's ranking; version 1 results
 * of kinds it did not rank keep the sheet's order. Unranked targets come last.
 */
function ranked<T extends { key: string; rank: number | null }>(r: PollResult & { targets: T[] }): T[] {
  return r.ranking.length > 0 ? inRankingOrder(r.targets, r.ranking) : r.targets;
}

const rankText = (rank: number | null) => (rank === null ? '—' : String(rank));

/** Common fields of every board: the notice and the sort key of a ranking. */
function extras(r: PollResult, rows: number): Pick<Board, 'notice' | 'sortKey'> {
  return { notice: r.noBallots ? NO_BALLOTS : null, sortKey: rows > 1 && r.sortKey ? r.sortKey : null };
}

function satisfactionBoard(r: SatisfactionResult): Board {
  const options = r.targets[0]?.options ?? [];
  const { shared, perRow } = sharedDenominator(r.denominator.label, r.targets.map((t) => t.denominator));
  const ratesOnly = r.rule.preset === 'rates_only' || (!r.tally && r.targets.every((t) => t.verdict === null));
  // Version 2 ranks satisfaction targets (verdict first); version 1 showed them in the sheet's order.
  const byRanking = r.tally === 2;
  const targets = byRanking ? ranked(r) : r.targets;
  return {
    indexHeader: byRanking ? '名次' : '序号',
    columns: options.map((o) => ({ key: o.key, label: o.label, tone: toneOf(OPTION_TONE, o.key), inBar: true })),
    legend: true,
    verdictHeader: ratesOnly ? '满意率' : '评定结果',
    rows: targets.map((t, i) => ({
      key: t.key,
      label: t.label,
      index: byRanking ? rankText(t.rank) : String(i + 1),
      note: perRow ? `基数 ${t.denominator.value}${DENOMINATOR_UNIT[t.denominator.kind]}` : null,
      segments: t.options.map((o) => ({ key: o.key, fraction: clamp01(o.rate.den > 0 ? o.count / o.rate.den : 0), tone: toneOf(OPTION_TONE, o.key), text: String(o.count) })),
      cells: t.options.map((o) => ({ main: String(o.count), sub: o.rate.text })),
      verdict: t.verdict
        ? { label: t.verdict.label, tone: toneOf(VERDICT_TONE, t.verdict.key) }
        : r.noBallots
          ? NOTHING
          : ratesOnly
            ? { label: t.satisfactionRate.text, tone: 'accent' }
            : { label: '不作评定', tone: 'muted' },
    })),
    denominator: shared,
    summary: null,
    figures: [],
    ...(byRanking ? extras(r, targets.length) : { notice: null, sortKey: null }),
  };
}

function decisionBoard(r: PollResult & { targets: DecisionTargetResult[] }): Board {
  const options = r.targets[0]?.options ?? [];
  const { shared, perRow } = sharedDenominator(r.denominator.label, r.targets.map((t) => t.denominator));
  const counts = r.targets.map((t) => decisionCounts(r, t));
  const anyInvalid = counts.some((c) => c.invalid > 0);
  const columns: BoardColumn[] = [
    ...options.map((o) => ({ key: o.key, label: o.label, tone: toneOf(OPTION_TONE, o.key), inBar: true })),
    ...(anyInvalid ? [{ key: 'invalid', label: '无效', tone: 'muted' as Tone, inBar: false }] : []),
    { key: 'not_voted', label: '未按', tone: 'muted', inBar: false },
  ];
  const figures: BoardFigure[] = [
    { key: 'serving', label: '应到', value: r.sheets.serving, unit: '人', tone: null },
    { key: 'present', label: '实到', value: r.sheets.present, unit: '人', tone: null },
  ];
  const only = r.targets.length === 1 ? counts[0] : undefined;
  if (only) {
    figures.push(
      { key: 'for', label: '赞成', value: only.for, unit: '票', tone: 'good' },
      { key: 'against', label: '反对', value: only.against, unit: '票', tone: 'bad' },
      { key: 'abstain', label: '弃权', value: only.abstain, unit: '票', tone: 'muted' },
    );
    if (anyInvalid) figures.push({ key: 'invalid', label: '无效', value: only.invalid, unit: '票', tone: 'muted' });
    figures.push({ key: 'not_voted', label: '未按', value: only.notVoted, unit: '人', tone: null });
  }
  return {
    indexHeader: '序号',
    columns,
    legend: true,
    verdictHeader: '表决结果',
    rows: r.targets.map((t, i) => ({
      key: t.key,
      label: t.label,
      index: String(i + 1),
      note: joinNotes(
        t.persons.length ? t.persons.map((p) => p.label).join('、') : null,
        `赞成票达到 ${t.required} 票为通过`,
        perRow ? `基数 ${t.denominator.value}${DENOMINATOR_UNIT[t.denominator.kind]}` : null,
      ),
      segments: t.options.map((o) => ({ key: o.key, fraction: clamp01(o.rate.den > 0 ? o.count / o.rate.den : 0), tone: toneOf(OPTION_TONE, o.key), text: String(o.count) })),
      cells: [
        ...t.options.map((o) => ({ main: String(o.count), sub: o.rate.text })),
        ...(anyInvalid ? [{ main: String(counts[i]!.invalid), sub: null }] : []),
        { main: String(counts[i]!.notVoted), sub: null },
      ],
      verdict: { label: t.verdict.label, tone: toneOf(VERDICT_TONE, t.verdict.key) },
    })),
    denominator: shared,
    summary: null,
    figures,
    ...extras(r, 0),
  };
}

function scoringBoard(r: ScoringResult): Board {
  // Bars are drawn against the scale's full marks: the sum of indicator maxima, else 100.
  const fullMarks = (t: ScoringResult['targets'][number]) => (t.indicators.length ? t.indicators.reduce((s, ind) => s + ind.maxPoints, 0) : 100);
  const top = Math.max(0, ...r.targets.map((t) => t.score?.value ?? 0));
  const { shared, perRow } = sharedDenominator(r.denominator.label, r.targets.map((t) => t.denominator));
  return {
    indexHeader: '名次',
    columns: [{ key: 'score', label: '得分', tone: 'accent', inBar: true }],
    legend: false,
    verdictHeader: '等次',
    rows: ranked(r).map((t) => {
      const ref = Math.max(fullMarks(t), top);
      return {
        key: t.key,
        label: t.label,
        index: rankText(t.rank),
        // Rows left empty on some sheets are scored over fewer sheets: say so where it happens.
        note: joinNotes(t.stats.counted !== r.sheets.valid ? `有效评分 ${t.stats.counted} 份` : null, perRow ? `基数 ${t.denominator.value}${DENOMINATOR_UNIT[t.denominator.kind]}` : null),
        // The score stands right beside the bar; a number inside it would only repeat it.
        segments: t.score ? [{ key: 'score', fraction: clamp01(ref > 0 ? t.score.value / ref : 0), tone: 'accent' as Tone, text: '' }] : [],
        cells: [{ main: t.score?.text ?? '—', sub: null }],
        verdict: t.grade ? { label: t.grade.label, tone: toneOf(VERDICT_TONE, t.grade.key) } : r.noBallots ? NOTHING : null,
      };
    }),
    denominator: shared,
    summary: null,
    figures: [],
    ...extras(r, r.targets.length),
  };
}

function selectionBoard(r: SelectionResult): Board {
  const s = r.selection;
  const parts = [`应选 ${s.seats} 项`];
  if (r.noBallots) parts.push('未确定入选项目');
  else {
    parts.push(`入选 ${s.selected} 项`);
    if (s.runoffSeats > 0) parts.push(`${s.runoffCandidates} 个得票相同的项目另行投票，决定 ${s.runoffSeats} 个名额`);
    if (s.vacantSeats > 0) parts.push(`空缺 ${s.vacantSeats} 个名额`);
  }
  return {
    indexHeader: '名次',
    columns: [{ key: 'votes', label: '得票', tone: 'accent', inBar: true }],
    legend: false,
    verdictHeader: '结果',
    rows: ranked(r).map((t) => ({
      key: t.key,
      label: t.label,
      index: rankText(t.rank),
      note: null,
      segments: [{ key: 'votes', fraction: clamp01(t.rate.den > 0 ? t.votes / t.rate.den : 0), tone: 'accent' as Tone, text: '' }],
      cells: [{ main: String(t.votes), sub: t.rate.text }],
      verdict: t.state === null ? NOTHING : { label: t.stateLabel ?? '', tone: toneOf(VERDICT_TONE, t.state) },
    })),
    denominator: `${r.denominator.label}（${r.sheets.valid}${DENOMINATOR_UNIT[r.denominator.kind]}）`,
    summary: parts.join('，'),
    figures: [],
    ...extras(r, r.targets.length),
  };
}

export function buildBoard(result: PollResult): Board {
  switch (result.kind) {
    case 'satisfaction':
      return satisfactionBoard(result);
    case 'decision':
    case 'appointment':
      return decisionBoard(result);
    case 'scoring':
      return scoringBoard(result);
    case 'selection':
      return selectionBoard(result);
  }
}

/**
 * 应到 / 实到 / 发出 / 收回 / 有效 / 无效, for the footer. Version 2 counts paper sheets apart
 * from device ballots: 发出 then means paper sheets, and is shown only when some were handed out.
 */
export function sheetFacts(s: SheetSummary): { label: string; value: string }[] {
  const facts = [
    { label: '应到', value: `${s.serving} 人` },
    { label: '实到', value: `${s.present} 人` },
  ];
  if (s.device === undefined) {
    if (s.issued !== null) facts.push({ label: '发出', value: `${s.issued} 张` });
  } else if (s.issued !== null && s.issued > 0) {
    facts.push({ label: '纸质选票', value: `发出 ${s.issued} 张，收回 ${s.paperReturned ?? 0} 张` });
    if (s.device > 0) facts.push({ label: '电子选票', value: `${s.device} 张` });
  }
  facts.push({ label: '收回', value: `${s.returned} 张` }, { label: '有效', value: `${s.valid} 张` }, { label: '无效', value: `${s.invalid} 张` });
  return facts;
}

/** The first 16 hex digits of the seal, in groups of four so they can be read aloud. */
export function shortDigest(digest: string): string {
  return checkCode(digest);
}
