/**
 * Text a clerk pastes from Word or Excel. Lists there are numbered (1. / 4、 / （四） / ①),
 * and the number is the document's, not part of the name: 「4 市城市管理局」 is 市城市管理局.
 */

const DIGIT = '[0-9\\uFF10-\\uFF19]';
const HAN_NUMERAL = '[一二三四五六七八九十百零〇两]';

/**
 * One leading list marker. Each alternative needs its own separator, so a name that only
 * starts with a number is kept: 2026年工作要点, 12345热线, 4.5亿元项目, 十一届 stay as they are.
 */
const LIST_MARKER = new RegExp(
  '^\\s*(?:' +
    [
      // （四） (4) （4）  — bracketed, Arabic or Chinese numerals
      `[（(]\\s*(?:${DIGIT}{1,3}|${HAN_NUMERAL}{1,4})\\s*[)）]`,
      // 4、 4. 4． 4) 4） 4: 4，  — not a decimal point (4.5)
      `${DIGIT}{1,3}\\s*(?:[、)）:：]|[.．,，](?!${DIGIT}))`,
      // 4 市城市管理局  — a number, then a space or a tab (1 to 3 digits: a year is a name)
      `${DIGIT}{1,3}(?=\\s)`,
      // 四、 四. 四．  — Chinese numerals need a mark after them (十一届 is a name)
      `${HAN_NUMERAL}{1,4}\\s*[、.．]`,
      // 第四项、 第4条：
      `第\\s*(?:${DIGIT}{1,3}|${HAN_NUMERAL}{1,4})\\s*[项条个点]\\s*[、.．:：]`,
      // ① ⑴ ⒈ ❶ ➀ …  — circled, parenthesised and full-stop numbers
      '[\\u2460-\\u249B\\u24EB-\\u24FF\\u2776-\\u2793\\u3251-\\u325F\\u32B1-\\u32BF]',
      // bullets
      '[•●▪■◆◇○□√]',
      '[-*·](?=\\s)',
    ].join('|') +
    ')\\s*',
  'u',
);

/** A line without its list number (and the space around it): 「（四）市城市管理局」 → 「市城市管理局」. */
export function stripListNumber(line: string): string {
  let s = line.trim();
  // 「1. （1）…」 and 「一、1. …」: at most two markers deep.
  for (let i = 0; i < 2; i++) {
    const next = s.replace(LIST_MARKER, '');
    if (next === s) break;
    s = next.trim();
  }
  return s;
}

/** Pasted lines as names: numbering dropped, blank lines (and lines that were only a number) left out. */
export function pastedLines(text: string): string[] {
  return text
    .split(/\r\n?|\n/)
    .map(stripListNumber)
    .filter((l) => l.length > 0);
}
