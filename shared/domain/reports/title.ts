/** A 2号 title line holds 20 characters in the 156 mm text block. */
export const TITLE_LINE_CHARS = 20;

/** Where a title may break well: after these words, or before these. */
const BREAK_AFTER = ['的', '》', '报告', '情况', '会议', '工作', '常委会', '意见'];
const BREAK_BEFORE = ['关于', '《'];

function breakScore(chars: readonly string[], i: number, target: number): number {
  const before = chars.slice(0, i).join('');
  const after = chars.slice(i).join('');
  let score = Math.abs(i - target);
  if (BREAK_AFTER.some((w) => before.endsWith(w)) || BREAK_BEFORE.some((w) => after.startsWith(w))) score -= 5;
  // Not inside a 《book title》, and no line starts with 的 or a closing mark.
  if (before.lastIndexOf('《') > before.lastIndexOf('》')) score += 4;
  if (/^[的》）、，。]/.test(after)) score += 6;
  return score;
}

function split(segment: string, max: number): string[] {
  const chars = [...segment];
  if (chars.length <= max) return [segment];
  const lines = Math.ceil(chars.length / max);
  const target = chars.length / lines;
  let best = max;
  let bestScore = Infinity;
  // The first line may be as short as the rest allows and no longer than a line.
  for (let i = Math.max(1, chars.length - max * (lines - 1)); i <= Math.min(max, chars.length - 1); i++) {
    const s = breakScore(chars, i, target);
    if (s < bestScore) [best, bestScore] = [i, s];
  }
  return [chars.slice(0, best).join(''), ...split(chars.slice(best).join(''), max)];
}

/**
 * A document title in lines that fit the block (GB/T 9704 7.3.2: 回行时要做到词意完整，排列对称),
 * as even as the words allow: breaks the builder already put ("\n") are kept, a longer line is
 * split near its middle at a word boundary, never inside a 《title》 if it can help it, and never
 * leaving a line that starts with 的 or a closing mark.
 */
export function balanceTitle(title: string, max = TITLE_LINE_CHARS): string {
  return title
    .split('\n')
    .flatMap((s) => split(s.trim(), max))
    .join('\n');
}
