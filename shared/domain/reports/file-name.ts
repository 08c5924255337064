const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** At most `max` UTF-16 units, never cutting a character in two. */
function cut(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * A file name Windows, macOS and Linux all accept, from a document's title (line breaks
 * allowed): no < > : " / \ | ? * or control characters, no leading or trailing dot or space,
 * no reserved device name, at most 120 characters before the extension; `fallback` when
 * nothing is left. One rule for every file the app names: exports, CSVs in a zip, saved PDFs.
 */
export function safeFileName(title: string, ext: string, fallback = '导出'): string {
  let stem = cut(
    title
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    120,
  )
    .replace(/^[. ]+|[. ]+$/g, '');
  if (stem === '') stem = fallback;
  if (WINDOWS_RESERVED.test(stem)) stem = `_${stem}`;
  return `${stem}.${ext}`;
}
