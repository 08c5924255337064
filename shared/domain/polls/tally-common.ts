import { z } from 'zod';
import type { ReadSheet } from './ballot.js';
import type { PollDefinition } from './definition.js';
import { DENOMINATOR_LABEL, SHEET_STATE_LABEL, type Denominator } from './labels.js';
import type { InvalidReason, RankEntry, ReconciliationLine, SheetSummary } from './result.js';

/** Helpers shared by the per-kind tallies, and the tally context (version 2). */

const count = z.number().int().min(0).max(1_000_000);

/**
 * What a tally needs besides the definition and the ballots, fixed by the core. Counts at
 * the moment the poll opened, how the ballots arrived, and the lowest attendance while open.
 */
export const TallyContextSchema = z.strictObject({
  /** Serving members (全体组成人员) when the poll opened. */
  serving: count,
  /** Members present when the poll opened: the members entitled to vote (实到). */
  present: count,
  /** Ballots received from devices. */
  device: count,
  /** Paper sheets handed to named members, and sheets returned and counted. */
  paper: z.strictObject({ handedOut: count, returned: count }),
  /** The quorum, and the lowest attendance seen while the poll was open. */
  quorum: z.strictObject({ required: count, lowestPresent: count }),
});
export type TallyContext = z.infer<typeof TallyContextSchema>;

/**
 * Parses the context and checks it against the ballot count. The core builds the context so
 * that these hold (a member votes once, on a device or on a sheet handed to them), so a
 * violation means corrupted input, never something to tally around.
 */
export function checkedContext(raw: TallyContext, ballots: number): TallyContext {
  const c = TallyContextSchema.parse(raw);
  const fail = (what: string) => {
    throw new Error(`Inconsistent tally context: ${what}`);
  };
  if (c.device + c.paper.returned !== ballots) fail(`device (${c.device}) + paper.returned (${c.paper.returned}) is not the ${ballots} ballots`);
  if (c.paper.returned > c.paper.handedOut) fail(`paper.returned (${c.paper.returned}) exceeds paper.handedOut (${c.paper.handedOut})`);
  if (ballots > c.present) fail(`${ballots} ballots from ${c.present} members present`);
  if (c.present > c.serving) fail(`present (${c.present}) exceeds serving (${c.serving})`);
  return c;
}

export function summarise(sheets: readonly ReadSheet[], ctx: TallyContext): SheetSummary {
  const valid = sheets.filter((s) => s.state === 'valid').length;
  const blank = sheets.filter((s) => s.state === 'blank').length;
  const invalid = sheets.length - valid;
  const line = (key: ReconciliationLine['key'], label: string, n: number): ReconciliationLine => ({ key, label, count: n });
  return {
    serving: ctx.serving,
    present: ctx.present,
    issued: ctx.paper.handedOut,
    returned: sheets.length,
    valid,
    invalid,
    blank,
    device: ctx.device,
    paperReturned: ctx.paper.returned,
    reconciliation: [
      line('paper_handed_out', '发出纸质选票', ctx.paper.handedOut),
      line('paper_returned', '收回纸质选票', ctx.paper.returned),
      line('paper_not_returned', '未收回纸质选票', ctx.paper.handedOut - ctx.paper.returned),
      line('device', '电子选票', ctx.device),
      line('returned', '收回选票合计', sheets.length),
      line('valid', SHEET_STATE_LABEL.valid, valid),
      line('invalid', `${SHEET_STATE_LABEL.invalid}（含空白票）`, invalid),
      line('blank', `其中${SHEET_STATE_LABEL.blank}`, blank),
    ],
  };
}

export function invalidReasons(sheets: readonly ReadSheet[]): InvalidReason[] {
  const by = new Map<string, number>();
  for (const s of sheets) if (s.state !== 'valid') by.set(s.reason ?? '', (by.get(s.reason ?? '') ?? 0) + 1);
  return [...by]
    .map(([reason, n]) => ({ reason, count: n }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

export const NO_BALLOTS_WARNING = '未收到选票';

/** Warnings of every kind: no ballot at all, and attendance that fell below the quorum while open. */
export function contextWarnings(ctx: TallyContext, ballots: number): string[] {
  const w: string[] = [];
  if (ballots === 0) w.push(NO_BALLOTS_WARNING);
  if (ctx.quorum.lowestPresent < ctx.quorum.required) {
    w.push(`表决进行中出席人数曾降至${ctx.quorum.lowestPresent}人，低于法定人数${ctx.quorum.required}人`);
  }
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

/** Lexicographic order of sort keys, higher first at the first place they differ. */
function compareKeys(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}

/**
 * Ranks and a ranking list. Each target's key is a list of figures compared in order, higher
 * first; equal keys share a rank (1, 2, 2, 4); a null key has no rank and is listed last; then
 * definition order.
 */
export function rankTargets(
  targets: readonly { key: string; label: string }[],
  keys: readonly (readonly bigint[] | null)[],
  shown: readonly string[],
): { ranks: (number | null)[]; ranking: RankEntry[] } {
  const ranks = keys.map((k) => (k === null ? null : 1 + keys.filter((o) => o !== null && compareKeys(o, k) < 0).length));
  const ranking = targets
    .map((t, i) => ({ key: t.key, label: t.label, rank: ranks[i]!, value: shown[i]!, i }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.i - b.i)
    .map(({ i: _i, ...e }) => e);
  return { ranks, ranking };
}

/** Fields every version 2 result shares. */
export function resultBase<K extends PollDefinition['kind']>(def: PollDefinition & { kind: K }, sheets: readonly ReadSheet[], summary: SheetSummary, ctx: TallyContext) {
  return {
    tally: 2 as const,
    kind: def.kind,
    title: def.title,
    anonymous: def.anonymous,
    noBallots: sheets.length === 0,
    sheets: summary,
    invalidReasons: invalidReasons(sheets),
    warnings: contextWarnings(ctx, sheets.length),
  };
}
