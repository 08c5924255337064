import { AppError } from '../../../shared/api/errors.js';
import { LIMITS, MemberFields, type ImportRow } from '../../../shared/api/schemas.js';
import type { MemberRole, MemberStatus } from '../../../shared/domain/labels.js';
import { decodeText, parseCsv } from './sheet-csv.js';
import { stripListNumber } from '../../../shared/domain/text.js';
import type { SheetRow } from './sheet-row.js';
import { readXlsxRows } from './sheet-xlsx.js';

export interface ParseMemberFileOptions {
  /** Names already in the target term; such rows are reported, not imported twice. */
  existingNames: ReadonlySet<string>;
  onProgress?: (phase: string, done: number, total: number) => void;
}

type Field = 'name' | 'role' | 'status' | 'seatOrder' | 'note';

/** Accepted header texts per field, most specific first (座次 beats 序号 when both exist). */
const HEADER_ALIASES: Record<Field, readonly string[]> = {
  name: ['姓名', '名字', '人员姓名', '组成人员姓名'],
  role: ['职务', '职位', '常委会职务'],
  status: ['状态', '任职状态'],
  seatOrder: ['座次', '座次号', '序号', '排序', '排序号'],
  note: ['备注', '说明'],
};

const ROLE_BY_LABEL: Record<string, MemberRole> = {
  主任: 'chair',
  常委会主任: 'chair',
  副主任: 'vice_chair',
  常委会副主任: 'vice_chair',
  秘书长: 'secretary_general',
  常委会秘书长: 'secretary_general',
  委员: 'member',
  常委: 'member',
  常委会委员: 'member',
  常委委员: 'member',
};

const STATUS_BY_LABEL: Record<string, MemberStatus> = {
  在任: 'serving',
  在职: 'serving',
  现任: 'serving',
  离任: 'left',
  已离任: 'left',
  免职: 'left',
  已免职: 'left',
};

const ROLE_HINT = '应为 主任 / 副主任 / 秘书长 / 委员';
/** The header may sit below a title row ("第十七届常委会组成人员名单"); look this far. */
const HEADER_SEARCH_ROWS = 10;
const PROGRESS_STEP = 100;

/**
 * Parse a member list (.xlsx or .csv) into rows with either valid fields or Chinese
 * errors. Saves nothing. Problems with the file as a whole throw AppError (BAD_FILE,
 * TOO_LARGE); problems with single rows are reported on the row.
 */
export async function parseMemberFile(fileName: string, bytes: Uint8Array, opts: ParseMemberFileOptions): Promise<ImportRow[]> {
  const progress = opts.onProgress ?? (() => {});
  if (bytes.byteLength > LIMITS.importFileBytes) {
    throw new AppError('TOO_LARGE', `导入文件超过 ${LIMITS.importFileBytes / 1024 / 1024} MB，请只保留组成人员名单后再导入`);
  }
  const ext = extensionOf(fileName);
  if (ext === '.xls') {
    throw new AppError('BAD_FILE', '不支持旧版 Excel 文件（.xls），请在 Excel 中“另存为” .xlsx 或 CSV 后再导入');
  }
  if (ext !== '.xlsx' && ext !== '.csv') {
    throw new AppError('BAD_FILE', '不支持的文件类型：仅支持 .xlsx 和 .csv（Excel 可“另存为” CSV）');
  }
  if (bytes.byteLength === 0) throw new AppError('BAD_FILE', '文件是空的，请检查后重新选择');

  progress('解析文件', 0, 1);
  const sheet = ext === '.xlsx' ? await readXlsxRows(bytes) : readCsvRows(bytes);
  progress('解析文件', 1, 1);

  const { headerLine, columns, rawKeys } = findHeader(sheet);
  const dataRows = sheet.filter((r) => r.line > headerLine && !isBlankRecord(r, columns));
  if (dataRows.length === 0) {
    throw new AppError('BAD_FILE', '文件中只有表头，没有组成人员数据，请填写后再导入');
  }
  if (dataRows.length > LIMITS.importRows) {
    throw new AppError('TOO_LARGE', `文件有 ${dataRows.length} 行数据，一次最多导入 ${LIMITS.importRows} 行，请拆分为多个文件分批导入`);
  }

  const existing = new Set([...opts.existingNames].map(normalizeName));
  const firstLineOfName = new Map<string, number>();
  const result: ImportRow[] = [];
  const total = dataRows.length;
  progress('校验数据', 0, total);
  dataRows.forEach((row, index) => {
    result.push(validateRow(row, index + 1, columns, rawKeys, existing, firstLineOfName));
    const done = index + 1;
    if (done % PROGRESS_STEP === 0 && done < total) progress('校验数据', done, total);
  });
  progress('校验数据', total, total);
  return result;
}

function extensionOf(fileName: string): string {
  const base = fileName.trim().split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot).toLowerCase();
}

function readCsvRows(bytes: Uint8Array): SheetRow[] {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new AppError('BAD_FILE', '该文件的扩展名是 .csv，但内容是 Excel 工作簿，请把扩展名改为 .xlsx 后再导入');
  }
  return parseCsv(decodeText(bytes));
}

/** Header texts compare without spaces, width differences, "*" marks and "(必填)" notes. */
function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/[*:]/g, '');
}

interface Header {
  headerLine: number;
  /** Column index of each recognised field. */
  columns: Partial<Record<Field, number>>;
  /** Key of each column in `raw` (its header text), null for untitled columns. */
  rawKeys: (string | null)[];
}

function findHeader(sheet: SheetRow[]): Header {
  const first = sheet[0];
  if (!first) throw new AppError('BAD_FILE', '文件是空的，没有任何内容，请检查后重新选择');
  const candidates = sheet.slice(0, HEADER_SEARCH_ROWS);
  const headerRow = candidates.find((r) => r.cells.some((c) => HEADER_ALIASES.name.includes(normalizeHeader(c))));
  if (!headerRow) {
    const found = first.cells.filter((c) => c !== '');
    const list = found.map((c) => `“${c}”`).join('、');
    throw new AppError(
      'BAD_FILE',
      `找不到“姓名”列。第 ${first.line} 行的表头为：${list}。请在第一行写上表头（姓名、职务、状态、座次、备注）后再导入`,
    );
  }

  const normalized = headerRow.cells.map(normalizeHeader);
  const columns: Partial<Record<Field, number>> = {};
  for (const field of Object.keys(HEADER_ALIASES) as Field[]) {
    for (const alias of HEADER_ALIASES[field]) {
      const col = normalized.indexOf(alias);
      if (col >= 0) {
        columns[field] = col;
        break;
      }
    }
  }

  const seen = new Map<string, number>();
  const rawKeys = headerRow.cells.map((c) => {
    if (c === '') return null;
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c}（${n}）`;
  });
  return { headerLine: headerRow.line, columns, rawKeys };
}

/**
 * A record is blank when everything but the seat column is empty: templates often come
 * with 序号 pre-filled far below the last name, and those rows are not members.
 */
function isBlankRecord(row: SheetRow, columns: Partial<Record<Field, number>>): boolean {
  return row.cells.every((c, i) => c === '' || i === columns.seatOrder);
}

/** Names padded for alignment ("王　伟") lose the padding between Chinese characters. */
function normalizeName(s: string): string {
  return stripListNumber(s)
    .replace(/\s+/g, ' ')
    .replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1');
}

function compact(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

function parseSeat(text: string): number | null {
  const s = text.normalize('NFKC').trim();
  if (/^[+-]?\d+(\.0*)?$/.test(s)) return Number.parseInt(s, 10);
  if (/^[+-]?\d*\.\d+$/.test(s)) return Number(s); // a fraction: the schema says it must be an integer
  return null;
}

function validateRow(
  row: SheetRow,
  position: number,
  columns: Partial<Record<Field, number>>,
  rawKeys: (string | null)[],
  existing: ReadonlySet<string>,
  firstLineOfName: Map<string, number>,
): ImportRow {
  const prefix = `第 ${row.line} 行：`;
  const cell = (f: Field) => {
    const col = columns[f];
    return col === undefined ? '' : (row.cells[col] ?? '');
  };
  const raw: Record<string, string> = {};
  rawKeys.forEach((key, col) => {
    if (key !== null) raw[key] = row.cells[col] ?? '';
  });

  const own: Partial<Record<Field, string>> = {};
  const name = normalizeName(cell('name'));

  let role: MemberRole = 'member';
  const roleText = cell('role');
  if (roleText === '') own.role = `职务不能为空，${ROLE_HINT}`;
  else {
    const r = ROLE_BY_LABEL[compact(roleText)];
    if (r) role = r;
    else own.role = `职务“${roleText}”无法识别，${ROLE_HINT}`;
  }

  let status: MemberStatus = 'serving';
  const statusText = cell('status');
  if (statusText !== '') {
    const s = STATUS_BY_LABEL[compact(statusText)];
    if (s) status = s;
    else own.status = `状态“${statusText}”无法识别，应为 在任 / 离任`;
  }

  let seatOrder = position;
  const seatText = cell('seatOrder');
  if (seatText !== '') {
    const n = parseSeat(seatText);
    if (n === null) own.seatOrder = `座次“${seatText}”应为整数`;
    else seatOrder = n;
  }

  const noteText = cell('note');
  const candidate = { name, role, status, seatOrder: own.seatOrder ? 1 : seatOrder, note: noteText === '' ? null : noteText };
  const parsed = MemberFields.safeParse(candidate);
  const zodByField: Partial<Record<Field, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const f = issue.path[0] as Field;
      zodByField[f] ??= issue.message;
    }
  }

  const errors: string[] = [];
  for (const f of ['name', 'role', 'status', 'seatOrder', 'note'] as const) {
    const message = own[f] ?? zodByField[f];
    if (message) errors.push(prefix + message);
  }

  if (name !== '' && !zodByField.name) {
    if (existing.has(name)) errors.push(`${prefix}该届已有同名组成人员“${name}”`);
    const first = firstLineOfName.get(name);
    if (first === undefined) firstLineOfName.set(name, row.line);
    else errors.push(`${prefix}姓名“${name}”与第 ${first} 行重名`);
  }

  return { line: row.line, raw, fields: errors.length === 0 && parsed.success ? parsed.data : null, errors };
}
