/**
 * Where a long name may wrap on the room screen. Chinese has no spaces, so a browser breaks
 * between any two characters: 「市人力资源和社会保障」/「局」 leaves a lone 局 on a line. The
 * screen instead breaks only between the phrases found here (with `word-break: keep-all` and a
 * <wbr> between them), and glues the last two characters together, so no line is ever a
 * single character. Pure and DOM-free: unit-tested in tests/unit/projector-phrases.test.ts.
 */

/** A phrase ends after these. */
const CLOSE_PUNCT = '、，,；;：:）)」』》〉”’】';
/** A phrase starts with these. */
const OPEN_PUNCT = '（(「『《〈“‘【';
/** Punctuation does not count towards a phrase's length. */
const PUNCT = new Set([...CLOSE_PUNCT, ...OPEN_PUNCT, '。', '.', '·', '—', '-', '…', ' ', '\u3000']);

/**
 * Names of bodies end in these; a break may come before one that ends the name (or comes
 * before punctuation: 市财政局、市发展和改革委员会、…), not inside a title. Longest first,
 * so 常务委员会 is found before 委员会. Single characters (局, 厅, 委) are left out on purpose:
 * a break before them is exactly the lone character this avoids.
 */
const SUFFIXES = [
  '人民代表大会常务委员会',
  '常务委员会',
  '中级人民法院',
  '人民检察院',
  '人民法院',
  '人民政府',
  '监督管理局',
  '管理委员会',
  '委员会',
  '办公厅',
  '办公室',
  '管理局',
  '服务中心',
].sort((a, b) => b.length - a.length);

/** A conjunction starts a phrase (人力资源 / 和社会保障局), except inside these words. */
const CONJUNCTIONS = '和与及暨';
const NOT_CONJUNCTION = ['共和', '和平', '和谐', '及时', '以及', '涉及', '普及', '危及', '与会', '参与', '给与'];

/** Words after which a phrase ends (关于 / 批准……的 / 决议), and words a phrase starts with. */
const PHRASE_ENDS = ['关于', '的', '人民政府'];
const PHRASE_STARTS = ['关于'];

const isText = (ch: string) => !PUNCT.has(ch);
const textLength = (chars: readonly string[]) => chars.filter(isText).length;

/** Indices i (0 < i < length) where a break between chars[i - 1] and chars[i] reads well. */
function breakPoints(chars: readonly string[]): Set<number> {
  const at = new Set<number>();
  const n = chars.length;
  for (let i = 1; i < n; i++) {
    const prev = chars[i - 1]!;
    const ch = chars[i]!;
    // Never between two punctuation marks (）、 stays together) or before a closing one.
    if (CLOSE_PUNCT.includes(ch) || (!isText(prev) && !isText(ch))) continue;
    if (CLOSE_PUNCT.includes(prev) || OPEN_PUNCT.includes(ch)) {
      at.add(i);
      continue;
    }
    const before = chars.slice(0, i).join('');
    const rest = chars.slice(i).join('');
    if (CONJUNCTIONS.includes(ch) && !NOT_CONJUNCTION.some((w) => rest.startsWith(w.slice(w.indexOf(ch))) && before.endsWith(w.slice(0, w.indexOf(ch))))) {
      at.add(i);
      continue;
    }
    const suffix = SUFFIXES.find((s) => rest.startsWith(s));
    if (suffix && (rest.length === suffix.length || !isText(rest[suffix.length]!))) {
      // Only where the suffix starts, not inside a longer one that also matches (常务|委员会).
      const inside = SUFFIXES.some((s) => {
        for (let k = 1; k < s.length; k++) if (before.endsWith(s.slice(0, k)) && rest.startsWith(s.slice(k))) return true;
        return false;
      });
      if (!inside) at.add(i);
      continue;
    }
    if (PHRASE_ENDS.some((w) => before.endsWith(w)) || PHRASE_STARTS.some((w) => rest.startsWith(w))) at.add(i);
  }
  // A digit run (2026年, 4.5亿) never breaks inside.
  for (let i = 1; i < n; i++) if (/[0-9A-Za-z.%]/.test(chars[i - 1]!) && /[0-9A-Za-z.%]/.test(chars[i]!)) at.delete(i);
  return at;
}

/**
 * The phrases of a name, in order; joined they give the name back. Every phrase holds at
 * least two characters that are not punctuation (a name of one character is one phrase).
 */
export function phrases(name: string): string[] {
  const chars = Array.from(name);
  if (chars.length === 0) return [];
  const points = [...breakPoints(chars)].sort((a, b) => a - b);
  let parts: string[][] = [];
  let from = 0;
  for (const p of [...points, chars.length]) {
    parts.push(chars.slice(from, p));
    from = p;
  }
  // A phrase too short to stand alone joins its neighbour: the next one, or the one before at the end.
  const merged: string[][] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last && textLength(last) < 2) last.push(...part);
    else merged.push([...part]);
  }
  parts = merged;
  while (parts.length > 1 && textLength(parts.at(-1)!) < 2) {
    const tail = parts.pop()!;
    parts.at(-1)!.push(...tail);
  }
  return parts.map((p) => p.join(''));
}

/** A phrase without its last two characters, and those two: a line never starts with the last one alone. */
export function splitTail(phrase: string): [string, string] {
  const chars = Array.from(phrase);
  const keep = Math.min(2, chars.length);
  return [chars.slice(0, chars.length - keep).join(''), chars.slice(chars.length - keep).join('')];
}
