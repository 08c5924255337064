import { Buffer } from 'node:buffer';
import type { Borders, Cell as XlsxCell, Fill, Font, Worksheet } from 'exceljs';
import type { Cell, CellKind, Sheet, SheetColumn, Workbook } from '../../../shared/domain/reports/workbook.js';
import { loadExcelJs } from '../import/sheet-xlsx.js';

/**
 * Render the spreadsheet model (shared/domain/reports/workbook.ts) to XLSX and CSV.
 *
 * XLSX: one worksheet per sheet — heading lines (merged across the table), the header row,
 * the data rows, one empty row, the notes (merged, wrapped). Numbers stay numbers with a
 * number format: 'int' → 0, 'decimal2' → 0.00, 'percent2' → 0.00% (the value is the fraction),
 * 'date' → a real Excel date shown as 2026年12月14日.
 *
 * CSV: the table only (header row, then rows), so that it imports cleanly; no heading, no
 * notes. UTF-8 with a BOM (Excel needs it to read Chinese), CRLF, RFC 4180 quoting. A number
 * is written as Excel shows it in the XLSX: 'int' as is, 'decimal2' with two decimals (3.50),
 * 'percent2' as percentage text with two decimals (71.43%, which Excel reads back as the number
 * 0.7143 formatted as a percentage), 'date' as YYYY-MM-DD. A text cell that a spreadsheet would
 * run as a formula (starting with = + - @, tab, CR or LF) gets a leading apostrophe (OWASP
 * "CSV injection"); numbers are never prefixed, nor a number given for a text column (-3). The XLSX needs no such guard: its text cells
 * are strings, never formulas.
 *
 * Bad input is a bug in the builder, not the user's doing: a row whose length differs from the
 * columns, a non-finite number, a non-integer in an 'int' column, text in a number column, a
 * 'date' that is not a real YYYY-MM-DD day, a number in a 'date' column — each throws an Error
 * naming the sheet, the row and the column.
 */

export interface RenderXlsxOptions {
  /** The workbook's created/modified date; pass a fixed one for reproducible output. */
  now?: Date;
}

const FONT_NAME = '宋体';
const FONT_SIZE = 11;
const TITLE_SIZE = 14;
/** Excel's limits. */
const MAX_TAB_NAME = 31;
const MAX_ROW_HEIGHT = 409;
const MAX_COLUMN_WIDTH = 60;
const MIN_COLUMN_WIDTH = 6;

const NUM_FMT: Record<CellKind, string | undefined> = {
  text: undefined,
  int: '0',
  decimal2: '0.00',
  percent2: '0.00%',
  date: 'yyyy"年"m"月"d"日"',
};

// ---------------------------------------------------------------------------------------------
// Validation and normalisation (shared by both writers)

/** A cell checked against its column: what the writers put down. */
type Checked =
  | { kind: 'empty' }
  /** `fromNumber`: a number given for a text column — plain digits, never guarded against formulas. */
  | { kind: 'text'; text: string; fromNumber: boolean }
  | { kind: 'number'; value: number } | { kind: 'date'; iso: string; date: Date };

/** C0 controls other than tab and line feed (XML 1.0 cannot hold them; exceljs would drop them silently). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Text as both formats store it: line breaks as LF (XML reads CRLF back as LF anyway), no control characters. */
function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

function fail(sheet: Sheet, where: string, message: string): never {
  throw new Error(`Sheet "${sheet.name}", ${where}: ${message}`);
}

function checkCell(sheet: Sheet, rowIndex: number, colIndex: number, column: SheetColumn, value: Cell): Checked {
  const where = `row ${rowIndex + 1}, column ${colIndex + 1} ("${column.header}")`;
  if (value === null) return { kind: 'empty' };
  if (typeof value === 'number' && !Number.isFinite(value)) fail(sheet, where, `${value} is not a finite number`);
  switch (column.kind) {
    case 'text':
      return typeof value === 'number' ? { kind: 'text', text: String(value), fromNumber: true } : { kind: 'text', text: cleanText(value), fromNumber: false };
    case 'int':
    case 'decimal2':
    case 'percent2':
      if (typeof value !== 'number') fail(sheet, where, `a ${column.kind} column needs a number or null, got the text ${JSON.stringify(value)}`);
      if (column.kind === 'int' && !Number.isInteger(value)) fail(sheet, where, `an int column needs an integer, got ${value}`);
      return { kind: 'number', value };
    case 'date': {
      if (typeof value !== 'string') fail(sheet, where, `a date column needs a YYYY-MM-DD string or null, got the number ${value}`);
      const m = ISO_DATE.exec(value);
      const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      if (!date || date.toISOString().slice(0, 10) !== value) fail(sheet, where, `${JSON.stringify(value)} is not a date in the form YYYY-MM-DD`);
      return { kind: 'date', iso: value, date };
    }
  }
}

/** Every row checked against the columns, or an Error naming the sheet, row and column. */
function checkSheet(sheet: Sheet): Checked[][] {
  const n = sheet.columns.length;
  if (n === 0) fail(sheet, 'columns', 'a sheet needs at least one column');
  return sheet.rows.map((row, r) => {
    if (row.length !== n) fail(sheet, `row ${r + 1}`, `${row.length} cells for ${n} columns`);
    return sheet.columns.map((column, c) => checkCell(sheet, r, c, column, row[c] ?? null));
  });
}

// ---------------------------------------------------------------------------------------------
// Numbers as Excel shows them

/** Shortest-representation decimal rounding, half away from zero, as Excel displays (2.675 → 2.68). */
const FIXED2 = new Intl.NumberFormat('en-US', { useGrouping: false, minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: 'halfExpand', signDisplay: 'negative' });
const PERCENT2 = new Intl.NumberFormat('en-US', { style: 'percent', useGrouping: false, minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: 'halfExpand', signDisplay: 'negative' });

function isoToChinese(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The text a cell shows (XLSX) — used for column widths and row heights. */
function shown(cell: Checked, kind: CellKind): string {
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'text':
      return cell.text;
    case 'date':
      return isoToChinese(cell.iso);
    case 'number':
      return kind === 'percent2' ? PERCENT2.format(cell.value) : kind === 'decimal2' ? FIXED2.format(cell.value) : String(cell.value);
  }
}

// ---------------------------------------------------------------------------------------------
// Widths and heights

/** East Asian wide and fullwidth characters, plus the punctuation a Chinese font draws full width. */
const WIDE = /[\u1100-\u115f\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u203b\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

/** Width in Excel's unit (the width of '0'), a CJK character counting 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** How many lines a wrapped text takes in a cell `width` characters wide. */
function lineCount(text: string, width: number): number {
  // A little less than the nominal width: cell padding, and CJK glyphs run slightly wider than two zeros.
  const usable = Math.max(1, width * 0.9 - 1);
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

function rowHeight(lines: number, fontSize: number): number {
  return Math.min(MAX_ROW_HEIGHT, Math.ceil(lines * fontSize * 1.4 + 3));
}

function columnWidths(sheet: Sheet, rows: Checked[][]): number[] {
  return sheet.columns.map((column, c) => {
    if (column.width !== undefined) return column.width;
    let widest = Math.max(...column.header.split('\n').map(displayWidth));
    for (const row of rows) {
      const cell = row[c];
      if (cell) widest = Math.max(widest, ...shown(cell, column.kind).split('\n').map(displayWidth));
    }
    return Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, widest + 2));
  });
}

// ---------------------------------------------------------------------------------------------
// Tab and file names

const TAB_FORBIDDEN = /[:\\/?*[\]]/g;
const TAB_FALLBACK = '工作表';

/** Cut to at most `max` UTF-16 units without splitting a surrogate pair. */
function cutUnits(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * Valid, distinct tab names in order: none of : \ / ? * [ ], no control characters, at most 31
 * characters, never empty, unique ignoring case (as Excel compares them) with (2), (3)… added.
 * An apostrophe becomes ’: Excel forbids one at either end, and exceljs writes the name
 * unescaped into the print-titles reference, where an inner one would break the file.
 * "History" is reserved by Excel.
 */
export function tabNames(names: readonly string[]): string[] {
  const takenLower = new Set<string>(['history']);
  const takenUpper = new Set<string>(['HISTORY']);
  const taken = (s: string) => takenLower.has(s.toLowerCase()) || takenUpper.has(s.toUpperCase());
  return names.map((raw) => {
    const base = cleanText(raw).replace(/\s+/g, ' ').replace(TAB_FORBIDDEN, '').replace(/'/g, '’').trim() || TAB_FALLBACK;
    let name = cutUnits(base, MAX_TAB_NAME).trim();
    for (let n = 2; taken(name); n++) {
      const suffix = `(${n})`;
      name = cutUnits(base, MAX_TAB_NAME - suffix.length).trim() + suffix;
    }
    takenLower.add(name.toLowerCase());
    takenUpper.add(name.toUpperCase());
    return name;
  });
}

// ---------------------------------------------------------------------------------------------
// XLSX

const THIN: Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
  diagonal: {},
};
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
const font = (extra: Partial<Font> = {}): Partial<Font> => ({ name: FONT_NAME, size: FONT_SIZE, ...extra });

/** Render a workbook. Throws an Error (naming sheet, row and column) on a malformed row. */
export async function renderXlsx(book: Workbook, options: RenderXlsxOptions = {}): Promise<Buffer> {
  // Check everything before loading exceljs, so a bad row fails fast and the same way as in renderCsv.
  const checked = book.sheets.map(checkSheet);
  const names = tabNames(book.sheets.map((s) => s.name));
  const now = options.now ?? new Date();

  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  wb.creator = book.creator;
  wb.lastModifiedBy = book.creator;
  wb.title = book.title;
  wb.created = now;
  wb.modified = now;

  book.sheets.forEach((sheet, i) => {
    const ws = wb.addWorksheet(names[i] ?? TAB_FALLBACK);
    writeSheet(ws, sheet, checked[i] ?? []);
  });

  const out = await wb.xlsx.writeBuffer();
  return pinZipTimes(Buffer.from(out as unknown as ArrayBuffer), now);
}

/**
 * Set every entry's modification time in the zip to `at`. exceljs (through JSZip) stamps each
 * entry with the clock at writing time; pinned, the same input and `now` give the same bytes.
 * Walks the central directory; anything unexpected leaves the buffer as it is.
 */
function pinZipTimes(zip: Buffer, at: Date): Buffer {
  const year = Math.min(2107, Math.max(1980, at.getUTCFullYear()));
  const dosDate = ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  const dosTime = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) return zip;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) return zip;
    const local = zip.readUInt32LE(p + 42);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) return zip;
    zip.writeUInt16LE(dosTime, p + 12);
    zip.writeUInt16LE(dosDate, p + 14);
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return zip;
}

function writeSheet(ws: Worksheet, sheet: Sheet, rows: Checked[][]): void {
  const columns = sheet.columns;
  const n = columns.length;
  const widths = columnWidths(sheet, rows);
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  widths.forEach((w, c) => {
    ws.getColumn(c + 1).width = w;
  });

  /** A full-width line (heading or note): merged across the table, wrapped, tall enough. */
  const wideLine = (rowNumber: number, text: string, f: Partial<Font>, horizontal: 'center' | 'left') => {
    const value = cleanText(text);
    const row = ws.getRow(rowNumber);
    const cell = row.getCell(1);
    cell.value = value;
    cell.font = f;
    cell.alignment = { horizontal, vertical: 'middle', wrapText: true };
    if (n > 1) ws.mergeCells(rowNumber, 1, rowNumber, n);
    const size = f.size ?? FONT_SIZE;
    const lines = lineCount(value, totalWidth);
    if (lines > 1 || size > FONT_SIZE) row.height = rowHeight(lines, size);
  };

  let r = 1;
  sheet.heading.forEach((line, i) => {
    wideLine(r++, line, i === 0 ? font({ bold: true, size: TITLE_SIZE }) : font(), 'center');
  });

  const headerRowNumber = r++;
  const headerRow = ws.getRow(headerRowNumber);
  let headerLines = 1;
  columns.forEach((column, c) => {
    const cell = headerRow.getCell(c + 1);
    cell.value = cleanText(column.header);
    cell.font = font({ bold: true });
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    headerLines = Math.max(headerLines, lineCount(cleanText(column.header), widths[c] ?? MIN_COLUMN_WIDTH));
  });
  if (headerLines > 1) headerRow.height = rowHeight(headerLines, FONT_SIZE);

  for (const cells of rows) {
    const row = ws.getRow(r++);
    let lines = 1;
    cells.forEach((checked, c) => {
      const column = columns[c];
      if (!column) return;
      const cell = row.getCell(c + 1);
      writeCell(cell, checked, column.kind);
      cell.font = font();
      cell.border = THIN;
      if (checked.kind === 'text') lines = Math.max(lines, lineCount(checked.text, widths[c] ?? MIN_COLUMN_WIDTH));
    });
    if (lines > 1) row.height = rowHeight(lines, FONT_SIZE);
  }

  if (sheet.notes.length > 0) {
    r++; // one empty row between the table and the notes
    for (const note of sheet.notes) wideLine(r++, note, font(), 'left');
  }

  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRowNumber, topLeftCell: `A${headerRowNumber + 1}` }];
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: n > 7 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages tall as needed
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerRowNumber}:${headerRowNumber}`,
  };
  ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
}

function writeCell(cell: XlsxCell, checked: Checked, kind: CellKind): void {
  const numFmt = NUM_FMT[kind];
  if (numFmt) cell.numFmt = numFmt;
  switch (checked.kind) {
    case 'empty':
      cell.alignment = { vertical: 'middle' };
      return;
    case 'text':
      cell.value = checked.text;
      cell.alignment = { vertical: 'middle', wrapText: true };
      return;
    case 'number':
      cell.value = checked.value;
      cell.alignment = { horizontal: 'right', vertical: 'middle' };
      return;
    case 'date':
      cell.value = checked.date;
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Leading characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r\n]/;

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function csvCell(cell: Checked, kind: CellKind): string {
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'text':
      return cell.fromNumber ? cell.text : csvText(cell.text);
    case 'date':
      return cell.iso;
    case 'number':
      return kind === 'percent2' ? PERCENT2.format(cell.value) : kind === 'decimal2' ? FIXED2.format(cell.value) : String(cell.value);
  }
}

/** One sheet's table as CSV (header row, then rows; no heading, no notes). Throws like renderXlsx. */
export function renderCsv(sheet: Sheet): Buffer {
  const rows = checkSheet(sheet);
  const lines = [sheet.columns.map((c) => csvField(csvText(cleanText(c.header)))).join(',')];
  for (const row of rows) {
    lines.push(row.map((cell, c) => csvField(csvCell(cell, sheet.columns[c]?.kind ?? 'text'))).join(','));
  }
  return Buffer.concat([BOM, Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}
