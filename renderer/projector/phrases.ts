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

const ALNUM = /[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/;
/** A run of digits or Latin letters (2026, 4.5, 12.5%, GDP): a line never breaks inside one. */
const ALNUM_RUN = /[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+(?:[.,:：．%％][0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+)*[%％]?/g;

/** [start, end) of each digit / Latin run of a string, counted in code points. */
function alnumRuns(chars: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  const text = chars.join('');
  // Code unit offsets to code point offsets (names are BMP in practice; stay correct anyway).
  const index: number[] = [];
  chars.forEach((c, i) => {
    for (let k = 0; k < c.length; k++) index.push(i);
  });
  index.push(chars.length);
  for (const m of text.matchAll(ALNUM_RUN)) out.push([index[m.index]!, index[m.index + m[0].length]!]);
  return out;
}

/**
 * A phrase without its tail, and the tail: the last two characters that are not punctuation,
 * with any punctuation after them (主任）), so a line never starts with one character alone.
 * A digit / Latin run the tail cuts into goes with the tail whole (2026年 stays together).
 */
export function splitTail(phrase: string): [string, string] {
  const chars = Array.from(phrase);
  let cut = chars.length;
  for (let seen = 0; cut > 0 && seen < 2; ) {
    cut--;
    if (isText(chars[cut]!)) seen++;
  }
  // Punctuation just before the tail that cannot end a line stays with it ( 「（主任」 ).
  while (cut > 0 && OPEN_PUNCT.includes(chars[cut - 1]!)) cut--;
  for (const [from, to] of alnumRuns(chars)) if (from < cut && cut < to) cut = from;
  return [chars.slice(0, cut).join(''), chars.slice(cut).join('')];
}

/** Splits a string into words; Intl.Segmenter's word granularity where the runtime has it. */
export type WordSegmenter = (text: string) => string[];

/** Intl.Segmenter('zh', word), or null where the runtime lacks it. */
export function defaultSegmenter(): WordSegmenter | null {
  const Seg = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (typeof Seg !== 'function') return null;
  const seg = new Seg('zh', { granularity: 'word' });
  return (text) => Array.from(seg.segment(text), (s) => s.segment);
}

/** Single characters that start the word after them rather than end the one before (副|检察长, 市|卫生). */
const PREFIX_CHARS = '副第各每本该市省县总非';
/** Single characters that end the word before them (检察|院, 委员|会, 幼儿|园, 满意|度). */
const SUFFIX_CHARS = '院会长园的所局厅委度级性化者员处室部站队组团家们类式型率';

/** Without a segmenter: digit / Latin runs kept whole, the rest in pairs of characters. */
function pairs(chars: readonly string[]): string[] {
  const runs = alnumRuns(chars);
  const tokens: string[] = [];
  for (let i = 0; i < chars.length; ) {
    const run = runs.find(([from]) => from === i);
    const to = run ? run[1] : i + 1;
    tokens.push(chars.slice(i, to).join(''));
    i = to;
  }
  const out: string[] = [];
  let cur = '';
  for (const t of tokens) {
    cur += t;
    if (textLength(Array.from(cur)) >= 2) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Where a phrase wider than the line may break: at word boundaries, in words of at least two
 * characters that are not punctuation. One-character words join a neighbour (幼儿|园 → 幼儿园,
 * 提|标 → 提标, 副|检察长 → 副检察长), a digit run takes the unit after it (20|所 → 20所), a
 * digit / Latin run never splits, and punctuation stays with the word it belongs to ( （市卫生,
 * 主任） ). Joined, the words give the phrase back. Pure: the segmenter is passed in (null: pairs).
 */
export function words(phrase: string, segment: WordSegmenter | null = defaultSegmenter()): string[] {
  const chars = Array.from(phrase);
  if (chars.length === 0) return [];
  let tokens: string[] = segment ? segment(phrase).filter((t) => t !== '') : pairs(chars);
  if (tokens.join('') !== phrase) tokens = pairs(chars);
  // Glue a digit / Latin run the segmenter split (4|.|5, 12.5|%) back together.
  const runs = alnumRuns(chars);
  const merged: string[] = [];
  let at = 0;
  for (const t of tokens) {
    const len = Array.from(t).length;
    const prev = merged.at(-1);
    if (prev !== undefined && runs.some(([from, to]) => from < at && at < to)) merged[merged.length - 1] = prev + t;
    else merged.push(t);
    at += len;
  }
  tokens = merged;
  const tl = (t: string) => textLength(Array.from(t));
  const isAlnum = (t: string) => Array.from(t).every((c) => ALNUM.test(c) || !isText(c) || c === '%' || c === '％');
  // A digit run with the one-character unit after it: 20所, 2026年, 4.5亿.
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (isAlnum(tokens[i]!) && tl(tokens[i]!) > 0 && tl(tokens[i + 1]!) === 1 && !ALNUM.test(tokens[i + 1]!)) {
      tokens.splice(i, 2, tokens[i]! + tokens[i + 1]!);
    }
  }
  // Punctuation: a closing mark ends the word before it, an opening mark starts the word after it.
  const punct: string[] = [];
  for (const t of tokens) {
    const prev = punct.at(-1);
    if (prev !== undefined && (tl(t) === 0 || CLOSE_PUNCT.includes(Array.from(t)[0]!)) && !Array.from(prev).every((c) => OPEN_PUNCT.includes(c))) punct[punct.length - 1] = prev + t;
    else if (prev !== undefined && tl(prev) === 0) punct[punct.length - 1] = prev + t;
    else punct.push(t);
  }
  tokens = punct;
  // One-character words: a suffix (院, 会, 的 …) ends the word before it, a prefix (副, 市 …)
  // starts the word after it; the others in a row make a word together (公|办 → 公办, 提|标 →
  // 提标), and one alone joins the word before it (改 → 新建改), or the next when it is first.
  const out: string[] = [];
  let run = '';
  const flush = (next: number) => {
    if (!run) return;
    if (tl(run) >= 2 || (out.length === 0 && next >= tokens.length)) out.push(run);
    else if (out.length > 0) out[out.length - 1] += run;
    else tokens[next] = run + tokens[next]!;
    run = '';
  };
  for (let i = 0; i < tokens.length; i++) {
    if (tl(tokens[i]!) !== 1) {
      flush(i);
      out.push(tokens[i]!);
      continue;
    }
    const t = tokens[i]!;
    const ch = Array.from(t).filter(isText)[0]!;
    if (!run && SUFFIX_CHARS.includes(ch) && out.length > 0) out[out.length - 1] += t;
    else if (PREFIX_CHARS.includes(ch) && i + 1 < tokens.length && tl(tokens[i + 1]!) > 1) {
      flush(i);
      tokens[i + 1] = t + tokens[i + 1]!;
    } else run += t;
  }
  flush(tokens.length);
  // A word of no text at all (a lone bracket pair) joins its neighbour.
  const final: string[] = [];
  for (const w of out) {
    if (final.length > 0 && tl(w) === 0) final[final.length - 1] += w;
    else if (final.length > 0 && tl(final.at(-1)!) === 0) final[final.length - 1] += w;
    else final.push(w);
  }
  return final;
}

/** Phrases up to this many characters are not broken into words (the narrowest name column holds 8). */
const SHORT_PHRASE = 6;

/** A stretch of a word; `nobr` ones never break (a digit / Latin run, the name's last two characters). */
export interface Piece {
  text: string;
  nobr: boolean;
}

/**
 * How a name is drawn: its phrases, each as its words (only a phrase of more than six
 * characters, which may not fit a line, is broken into words), each as pieces, with every digit / Latin run
 * and the name's tail (splitTail) kept unbroken. Joined, everything gives the name back.
 */
export function wrapName(name: string, segment: WordSegmenter | null = defaultSegmenter()): Piece[][][] {
  const ps = phrases(name);
  return ps.map((phrase, pi) => {
    // A short phrase always fits a line: no break inside it, so the breaks between phrases come first.
    const ws = textLength(Array.from(phrase)) > SHORT_PHRASE ? words(phrase, segment) : [phrase];
    return ws.map((word, wi) => {
      const chars = Array.from(word);
      const keep = new Array<boolean>(chars.length).fill(false);
      for (const [from, to] of alnumRuns(chars)) for (let k = from; k < to; k++) keep[k] = true;
      if (pi === ps.length - 1 && wi === ws.length - 1) {
        const head = Array.from(splitTail(word)[0]).length;
        for (let k = head; k < chars.length; k++) keep[k] = true;
      }
      const pieces: Piece[] = [];
      chars.forEach((c, k) => {
        const last = pieces.at(-1);
        if (last && last.nobr === keep[k]) last.text += c;
        else pieces.push({ text: c, nobr: keep[k]! });
      });
      return pieces;
    });
  });
}
