import type { PollStatus, PollSummary } from '../../../shared/api/poll-schemas.js';
import { chineseNumber } from '../../../shared/domain/format.js';
import { pastedLines } from '../../../shared/domain/text.js';
import {
  ballotRows,
  DECISION_OPTION_LABEL,
  DECISION_OPTIONS,
  type BallotPayloadInput,
  type PollDefinition,
} from '../../../shared/domain/polls/index.js';

/**
 * What creating a poll of a kind is called on its button: a rating is 测评 (满意度测评, 打分评议),
 * a vote on a motion or on persons is 表决, choosing projects is 票决.
 */
export function newPollLabel(kind: PollDefinition['kind'] | null | undefined): string {
  if (kind === 'satisfaction' || kind === 'scoring') return '新建测评';
  if (kind === 'selection') return '新建票决';
  return '新建表决';
}

/** What the rows of a sheet are, by kind: a rating rates 对象, a 任免 vote is on persons (人选), a 票决 chooses among 项目. */
export const ROW_NOUN: Record<PollDefinition['kind'], string> = {
  satisfaction: '测评对象',
  scoring: '评分对象',
  decision: '表决事项',
  appointment: '人选',
  selection: '候选项目',
};

/** 第一轮, 第二轮 … */
export function roundLabel(round: number): string {
  return `第${chineseNumber(round)}轮`;
}

export const POLL_STATUS_COLOR: Record<PollStatus, string> = {
  draft: 'default',
  open: 'blue',
  closed: 'orange',
  released: 'green',
};

/** The next free key like t1, t2 … for things whose labels the user edits. */
export function nextKey(prefix: string, keys: Iterable<string>): string {
  let max = 0;
  for (const k of keys) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(k);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}${max + 1}`;
}

/** Lines of pasted text as labels: list numbering (「4 」「4、」「（四）」「①」) and blank lines dropped. */
export function pastedLabels(text: string): string[] {
  return pastedLines(text);
}

/** The options a choice sheet offers per row, in the order digits 1, 2, 3 pick them. */
export function choiceOptions(def: PollDefinition): { key: string; label: string }[] {
  if (def.kind === 'satisfaction') return def.options;
  if (def.kind === 'decision' || def.kind === 'appointment') return DECISION_OPTIONS.map((key) => ({ key, label: DECISION_OPTION_LABEL[key] }));
  return [];
}

export type SheetPayload = BallotPayloadInput;

/** A sheet with nothing marked, in the shape of the poll's kind. */
export function emptySheet(def: PollDefinition): SheetPayload {
  switch (def.kind) {
    case 'satisfaction':
    case 'decision':
    case 'appointment':
      return { kind: def.kind, marks: Object.fromEntries(ballotRows(def).map((r) => [r.key, []])) };
    case 'scoring':
      return {
        kind: 'scoring',
        group: null,
        scores: Object.fromEntries(
          def.targets.map((t) => [t.key, def.scale.mode === 'single' ? null : Object.fromEntries(def.scale.indicators.map((i) => [i.key, null]))]),
        ),
      };
    case 'selection':
      return { kind: 'selection', chosen: [] };
  }
}

/** How one row of an entered sheet reads, for showing two entries side by side. */
export function rowText(def: PollDefinition, payload: SheetPayload | null, rowKey: string): string {
  if (!payload) return '—';
  if (payload.kind === 'scoring') {
    const v = payload.scores[rowKey];
    if (v === undefined || v === null) return '（未填）';
    if (typeof v === 'number') return String(v);
    if (def.kind !== 'scoring' || def.scale.mode !== 'indicators') return JSON.stringify(v);
    return def.scale.indicators.map((i) => `${i.label} ${v[i.key] ?? '未填'}`).join('，');
  }
  if (payload.kind === 'selection') return payload.chosen.includes(rowKey) ? '✓ 选' : '';
  const marks = payload.marks[rowKey] ?? [];
  if (marks.length === 0) return '（未填）';
  const labels = new Map(choiceOptions(def).map((o) => [o.key, o.label]));
  const text = marks.map((m) => labels.get(m) ?? m).join(' + ');
  return marks.length > 1 ? `${text}（多选）` : text;
}

/** Polls of a series (all rounds of one vote), oldest round first. */
export function seriesOf(polls: readonly PollSummary[], poll: Pick<PollSummary, 'seriesId'>): PollSummary[] {
  return polls.filter((p) => p.seriesId === poll.seriesId).sort((a, b) => a.round - b.round);
}
