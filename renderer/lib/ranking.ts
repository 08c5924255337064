import type { RankEntry } from '../../shared/domain/polls/result.js';

/**
 * Targets in the order of the result's own ranking (verdict first, then the rule's measures),
 * so that a table, its chart and the room screen never contradict the ranking printed beside
 * them. Targets the ranking does not list keep their place after the listed ones.
 */
export function inRankingOrder<T extends { key: string }>(targets: readonly T[], ranking: readonly RankEntry[]): T[] {
  const at = new Map(ranking.map((e, i) => [e.key, i]));
  return targets
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (at.get(a.t.key) ?? ranking.length + a.i) - (at.get(b.t.key) ?? ranking.length + b.i))
    .map(({ t }) => t);
}
