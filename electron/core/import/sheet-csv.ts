import { AppError } from '../../../shared/api/errors.js';
import type { SheetRow } from './sheet-row.js';

/**
 * Text decoding and CSV reading for member imports. Chinese CSV files saved by Excel
 * ("CSV (逗号分隔)") are GB18030/GBK, while "CSV UTF-8" and WPS write UTF-8 with a BOM;
 * "Unicode 文本" is UTF-16 with tabs.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = decodeGb18030(bytes);
    }
  }
  // TextDecoder already drops a leading BOM, but a BOM can survive a double-encoded file.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) {
    throw new AppError('BAD_FILE', '文件内容不是文本，无法作为 CSV 读取。请在 Excel 中“另存为” CSV 或 .xlsx 后再试');
  }
  return text;
}

function decodeGb18030(bytes: Uint8Array): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder('gb18030');
  } catch {
    // Only a runtime built without full ICU lacks GB18030.
    throw new AppError('BAD_FILE', '无法识别文件的文字编码，请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后再试');
  }
  return decoder.decode(bytes);
}

/** The delimiter used by the first line: comma unless tabs or semicolons clearly win. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if ([...counts.values()].some((n) => n > 0)) break;
    } else if (!inQuotes && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/**
 * RFC 4180 reader: quoted fields may hold delimiters, newlines and doubled quotes; CRLF,
 * LF and lone CR end records. Lenient where Excel is: a stray quote inside an unquoted
 * field is kept as text, an unterminated quote runs to the end of the file. Cells are
 * trimmed; records whose cells are all empty are dropped, but still counted, so `line`
 * matches the row number Excel shows when it opens the file.
 */
export function parseCsv(text: string, delimiter = sniffDelimiter(text)): SheetRow[] {
  const rows: SheetRow[] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  const n = text.length;

  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  const endRow = () => {
    endField();
    if (row.some((c) => c !== '')) rows.push({ line, cells: row });
    row = [];
    line++;
  };

  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      inQuotes = true;
      field = '';
      i++;
    } else if (c === delimiter) {
      endField();
      i++;
    } else if (c === '\r') {
      endRow();
      i += text[i + 1] === '\n' ? 2 : 1;
    } else if (c === '\n') {
      endRow();
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0 || inQuotes) endRow();
  return rows;
}
