import { z } from 'zod';
import type { ReadSheet } from './ballot.js';
import type { PollDefinition } from '../definition.js';
import { DENOMINATOR_LABEL, type Denominator } from './labels.js';
import { competitionRanks } from './rational.js';
import type { InvalidReason, RankEntry, SheetSummary } from './result.js';

/** Tally version 1, frozen: helpers shared by the per-kind tallies, and its context. */

const count = z.number().int().min(0).max(1_000_000);
export const TallyContextSchema = z.strictObject({
  /** Serving members of the committee (全体组成人员) when the poll closed. */
  serving: count,
  /** Members present (signed in). */
  present: count,
  /** Paper ballots handed out, when known; checked against ballots returned. */
  ballotsIssued: count.optional(),
});
export type TallyContext = z.infer<typeof TallyContextSchema>;

export function summarise(sheets: readonly ReadSheet[], ctx: TallyContext): SheetSummary {
  const valid = sheets.filter((s) => s.state === 'valid').length;
  return {
    serving: ctx.serving,
    present: ctx.present,
    issued: ctx.ballotsIssued ?? null,
    returned: sheets.length,
    valid,
    invalid: sheets.length - valid,
    blank: sheets.filter((s) => s.state === 'blank').length,
  };
}

export function invalidReasons(sheets: readonly ReadSheet[]): InvalidReason[] {
  const by = new Map<string, number>();
  for (const s of sheets) if (s.state !== 'valid') by.set(s.reason ?? '', (by.get(s.reason ?? '') ?? 0) + 1);
  return [...by]
    .map(([reason, n]) => ({ reason, count: n }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

export function contextWarnings(s: SheetSummary): string[] {
  const w: string[] = [];
  if (s.present > s.serving) w.push(`出席人数（${s.present}人）多于全体组成人员（${s.serving}人），请核对`);
  if (s.issued !== null && s.returned > s.issued) w.push(`收回选票（${s.returned}张）多于发出选票（${s.issued}张），请核对`);
  if (s.returned > s.present) w.push(`收回选票（${s.returned}张）多于出席人数（${s.present}人），请核对`);
  return w;
}

/**
 * The value of a denominator. For multi-target sheets `valid_ballots` is per target: the
 * sheets on which that target was validly marked; `ballots_returned` is every sheet.
 */
export function denominatorValue(kind: Denominator, s: SheetSummary, countedForTarget: number) {
  const value = { all_members: s.serving, present: s.present, ballots_returned: s.returned, valid_ballots: countedForTarget }[kind];
  return { kind, label: DENOMINATOR_LABEL[kind], value };
}

/** Ranks and a ranking list: higher key first, ties share a rank, then definition order. */
export function rankTargets(
  targets: readonly { key: string; label: string }[],
  keys: readonly (bigint | null)[],
  shown: readonly string[],
): { ranks: (number | null)[]; ranking: RankEntry[] } {
  const ranks = competitionRanks(keys);
  const ranking = targets
    .map((t, i) => ({ key: t.key, label: t.label, rank: ranks[i]!, value: shown[i]!, i }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.i - b.i)
    .map(({ i: _i, ...e }) => e);
  return { ranks, ranking };
}

/** Fields every result shares. */
export function resultBase<K extends PollDefinition['kind']>(def: PollDefinition & { kind: K }, sheets: readonly ReadSheet[], summary: SheetSummary) {
  return {
    kind: def.kind,
    title: def.title,
    anonymous: def.anonymous,
    sheets: summary,
    invalidReasons: invalidReasons(sheets),
    warnings: contextWarnings(summary),
  };
}
