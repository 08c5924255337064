import { Buffer } from 'node:buffer';
import { AppError } from '../../../shared/api/errors.js';
import type { SheetRow } from './sheet-row.js';

type ExcelJsModule = typeof import('exceljs');

export const CORRUPT_XLSX = '文件已损坏或不是有效的 Excel 文件（.xlsx），请用 Excel 重新保存后再试';

/** Decompressed size above which we refuse to inflate (a 2000-row list is well under 1 MB). */
const MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
/** Stop reading a runaway sheet long before memory becomes a problem. */
const MAX_SHEET_ROWS = 50_000;

/**
 * Read the first worksheet of an XLSX file as text rows. Every failure of the file itself
 * becomes BAD_FILE (or TOO_LARGE); exceljs errors never escape.
 */
export async function readXlsxRows(bytes: Uint8Array): Promise<SheetRow[]> {
  inspectZip(bytes);
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new AppError('BAD_FILE', CORRUPT_XLSX);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('BAD_FILE', '该 Excel 文件中没有工作表，请检查文件内容后再试');

  const rows: SheetRow[] = [];
  const tooMany = new Error('too many rows');
  try {
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = cellText(cell.value).trim();
      });
      for (let c = 0; c < cells.length; c++) cells[c] ??= '';
      if (!cells.some((c) => c !== '')) return;
      rows.push({ line: rowNumber, cells });
      if (rows.length > MAX_SHEET_ROWS) throw tooMany;
    });
  } catch (e) {
    if (e === tooMany) throw new AppError('TOO_LARGE', `工作表超过 ${MAX_SHEET_ROWS} 行，请只保留组成人员名单后再导入`);
    throw new AppError('BAD_FILE', CORRUPT_XLSX);
  }
  if (rows.length === 0 && workbook.worksheets.length > 1) {
    throw new AppError('BAD_FILE', `第一个工作表“${sheet.name}”是空的。只读取第一个工作表，请把名单移到第一个工作表后再导入`);
  }
  return rows;
}

/** exceljs, loaded on first use: it is heavy and startup time matters. */
export async function loadExcelJs(): Promise<ExcelJsModule> {
  // exceljs is CommonJS: under Node ESM its exports sit on `default`, under a bundler on the namespace.
  const mod = (await import('exceljs')) as ExcelJsModule & { default?: ExcelJsModule };
  return mod.default?.Workbook ? mod.default : mod;
}

/**
 * Plain text of an exceljs cell value: rich text joined, formulas by their cached result,
 * hyperlinks by their text, numbers without float noise, dates as YYYY-MM-DD.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (Object.prototype.toString.call(value) === '[object Date]') return formatDate(value as Date);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return v.richText.map((run: unknown) => (run && typeof run === 'object' ? cellText((run as { text?: unknown }).text) : '')).join('');
    }
    if ('error' in v) return typeof v.error === 'string' ? v.error : '';
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
  }
  return '';
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return String(n);
  // 15 significant digits is what Excel itself displays; it hides binary noise like 0.1+0.2.
  return String(Number(n.toPrecision(15)));
}

function formatDate(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) return '';
  // exceljs maps the Excel serial onto UTC, so UTC fields are the ones the user typed.
  const pad = (x: number) => String(x).padStart(2, '0');
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  return h === 0 && m === 0 ? date : `${date} ${pad(h)}:${pad(m)}`;
}

/**
 * Check the ZIP container before handing it to exceljs: truncated files, other Office
 * documents renamed to .xlsx, and zip bombs are caught here with a precise message.
 */
export function inspectZip(bytes: Uint8Array): void {
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    // OLE compound file: an old .xls renamed, or an .xlsx protected by a password.
    throw new AppError(
      'BAD_FILE',
      '该文件是旧版 Excel（.xls）格式或设置了打开密码，无法读取。请在 Excel 中取消密码并“另存为” .xlsx 后再试',
    );
  }
  if (!(bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    throw new AppError('BAD_FILE', CORRUPT_XLSX);
  }
  const names = zipEntryNames(bytes);
  if (!names.has('xl/workbook.xml')) {
    if (names.has('word/document.xml')) {
      throw new AppError('BAD_FILE', '该文件是 Word 文档（.docx），不是 Excel 表格。请把名单粘贴到 Excel 中保存为 .xlsx 后再导入');
    }
    if (names.has('ppt/presentation.xml')) {
      throw new AppError('BAD_FILE', '该文件是 PowerPoint 演示文稿，不是 Excel 表格。请把名单整理到 Excel 中保存为 .xlsx 后再导入');
    }
    throw new AppError('BAD_FILE', CORRUPT_XLSX);
  }
}

/** Entry names from the ZIP central directory; throws BAD_FILE / TOO_LARGE. */
function zipEntryNames(bytes: Uint8Array): Set<string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = () => new AppError('BAD_FILE', CORRUPT_XLSX);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 0xffff; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdOffset + cdSize > eocd) throw corrupt();

  const names = new Set<string>();
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) throw corrupt();
    const uncompressed = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen > eocd) throw corrupt();
    names.add(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen)));
    total += uncompressed;
    if (uncompressed === 0xffffffff || total > MAX_UNCOMPRESSED_BYTES) {
      throw new AppError('TOO_LARGE', '文件解压后超过 100 MB，请删除多余的工作表和图片，只保留组成人员名单后再导入');
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}
