import type { PlanImportRow } from '../../../shared/api/supervision-schemas.js';
import type { BodyKind } from '../../../shared/domain/labels.js';
import { PLAN_KIND_LABEL, PLAN_KINDS, type PlanKind } from '../../../shared/domain/supervision/labels.js';
import { stripListNumber } from '../../../shared/domain/text.js';
import type { SheetRow } from './sheet-row.js';

/**
 * A year's supervision plan as clerks have it: copied from a spreadsheet or a Word table
 * (cells separated by tabs), typed with “|”, or an XLSX file. Columns, with or without a
 * header row: 监督方式, 监督事项, 监督对象, 牵头委员会, 计划月份, 备注 — a leading 序号
 * column is ignored.
 */

type Field = 'kind' | 'title' | 'subjects' | 'lead' | 'month' | 'notes';
const FIELDS: readonly Field[] = ['kind', 'title', 'subjects', 'lead', 'month', 'notes'];
const HEADER_ALIASES: Record<Field, readonly string[]> = {
  kind: ['监督方式', '监督形式', '方式', '类别', '类型', '形式'],
  title: ['监督事项', '事项', '内容', '监督内容', '议题', '名称', '工作内容'],
  subjects: ['监督对象', '对象', '承办单位', '责任单位', '汇报单位', '被监督单位'],
  lead: ['牵头委员会', '牵头单位', '牵头', '负责委员会', '牵头工委'],
  month: ['计划月份', '月份', '时间', '计划时间', '安排时间'],
  notes: ['备注', '说明'],
};
const NUMBER_HEADERS = ['序号', '编号', '序'];

/** Keywords that name a kind, most specific first. */
const KIND_KEYWORDS: readonly [string, PlanKind][] = [
  ['专项工作报告', 'special_report'],
  ['专项报告', 'special_report'],
  ['执法检查', 'enforcement_inspection'],
  ['专题询问', 'special_inquiry'],
  ['工作评议', 'work_review'],
  ['履职评议', 'performance_review'],
  ['满意度测评', 'satisfaction_rating'],
  ['测评', 'satisfaction_rating'],
  ['审计', 'audit_rectification'],
  ['预算', 'budget_audit'],
  ['决算', 'budget_audit'],
  ['民生实事', 'livelihood_project'],
  ['审议意见', 'opinion_follow_up'],
  ['调研', 'research'],
  ['视察', 'research'],
  ['其他', 'other'],
];

const CN_MONTHS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };

export function kindOf(text: string): PlanKind | null {
  const t = text.replace(/\s/g, '');
  const exact = PLAN_KINDS.find((k) => PLAN_KIND_LABEL[k] === t);
  if (exact) return exact;
  if (t === '') return null;
  for (const [word, kind] of KIND_KEYWORDS) if (t.includes(word)) return kind;
  return null;
}

/** "3", "3月", "03月", "三月", "3月份"; "" / 全年 / 待定 → no month. */
export function monthOf(text: string): { month: number | null } | null {
  const t = text.replace(/\s/g, '').replace(/份$/, '');
  if (t === '' || t === '全年' || t === '待定' || t === '未定' || t === '—' || t === '-') return { month: null };
  const m = /^(\d{1,2})月?$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    return n >= 1 && n <= 12 ? { month: n } : null;
  }
  const c = /^(十[一二]?|[一二三四五六七八九])月$/.exec(t);
  if (c) return { month: CN_MONTHS[c[1]!]! };
  return null;
}

/** A body named for the first time: its kind guessed from the name (a clerk can change it). */
export function guessBodyKind(name: string, lead: boolean): BodyKind {
  if (lead || /人大|常委会|专门委员会|工委|工作委员会/.test(name)) return 'committee';
  if (/法院/.test(name)) return 'court';
  if (/检察院/.test(name)) return 'procuratorate';
  if (/人民政府$/.test(name)) return 'government';
  return 'department';
}

export function splitNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、，,；;／/]+/)
        .map(stripListNumber)
        .filter(Boolean),
    ),
  ];
}

/** Pasted text into rows of cells, line by line: tabs (copied from a table) where a line has any, else “|” (full- or half-width). */
export function textRows(text: string): SheetRow[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const rows: SheetRow[] = [];
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    const cells = (l.includes('\t') ? l.split('\t') : l.split(/[|｜]/)).map((c) => c.trim());
    rows.push({ line: i + 1, cells });
  });
  return rows;
}

/**
 * The name as the app knows it: the same name, else the one body whose name ends with it
 * (“财政经济工作委员会” is 市人大常委会财政经济工作委员会, “教育局” is 市教育局); unchanged when
 * there is none or more than one, so that it is created as written.
 */
export function knownName(name: string, bodies: readonly string[]): string {
  if (bodies.includes(name)) return name;
  if (name.length < 2) return name;
  const ends = bodies.filter((b) => b.endsWith(name));
  return ends.length === 1 ? ends[0]! : name;
}

function headerMap(cells: readonly string[]): Partial<Record<Field, number>> | null {
  const map: Partial<Record<Field, number>> = {};
  cells.forEach((c, i) => {
    const t = c.replace(/\s/g, '');
    for (const f of FIELDS) if (map[f] === undefined && HEADER_ALIASES[f].includes(t)) map[f] = i;
  });
  return map.title !== undefined ? map : null;
}

export interface KnownNames {
  bodies: ReadonlySet<string>;
  appointees: ReadonlySet<string>;
}

const SPLIT_HINT = '无法分列：请从表格中复制（各列以 Tab 分隔），或用“|”分隔各列：监督方式 | 监督事项 | 监督对象 | 牵头委员会 | 计划月份 | 备注';

export function parsePlanRows(rows: readonly SheetRow[], known: KnownNames): PlanImportRow[] {
  let columns: Partial<Record<Field, number>> | null = null;
  let body = rows;
  const first = rows[0];
  if (first) {
    columns = headerMap(first.cells);
    if (columns) body = rows.slice(1);
  }
  const out: PlanImportRow[] = [];
  for (const row of body) {
    let cells = row.cells;
    let cell: (f: Field) => string;
    if (columns) {
      const cols = columns;
      cell = (f) => (cols[f] === undefined ? '' : (cells[cols[f]!] ?? '').trim());
    } else {
      // No header: a leading number column (1, 1., 1、, 一、) is dropped.
      if (cells.length > 1 && /^(\d{1,3}|[一二三四五六七八九十]{1,3})[.、．]?$/.test(cells[0]!.trim())) cells = cells.slice(1);
      if (cells.length === 1 && /^(\d{1,3})[.、．]?$/.test(cells[0]!.trim())) continue;
      cell = (f) => (cells[FIELDS.indexOf(f)] ?? '').trim();
    }
    if (NUMBER_HEADERS.includes(cells.join('').trim())) continue;
    if (!columns && cells.length === 1) {
      out.push({ line: row.line, raw: row.cells.join(' | '), fields: null, newBodies: [], errors: [SPLIT_HINT] });
      continue;
    }
    const errors: string[] = [];
    const kindText = cell('kind');
    const kind = kindOf(kindText);
    if (!kind) errors.push(kindText ? `监督方式“${kindText}”无法识别（可填：${PLAN_KINDS.map((k) => PLAN_KIND_LABEL[k]).join('、')}）` : '请填写监督方式');
    const title = stripListNumber(cell('title'));
    if (!title) errors.push('请填写监督事项');
    else if (title.length > 200) errors.push('监督事项不能超过 200 个字');
    const bodyList = [...known.bodies];
    const subjectNames = [...new Set(splitNames(cell('subjects')).map((n) => (known.appointees.has(n) ? n : knownName(n, bodyList))))];
    if (subjectNames.some((n) => n.length > 60)) errors.push('监督对象名称不能超过 60 个字');
    if (subjectNames.length > 30) errors.push('监督对象不能超过 30 个');
    const leadName = cell('lead') ? knownName(cell('lead'), bodyList) : null;
    if (leadName && leadName.length > 60) errors.push('牵头委员会名称不能超过 60 个字');
    const monthText = cell('month');
    const month = monthOf(monthText);
    if (!month) errors.push(`计划月份“${monthText}”无效，应为 1–12 月`);
    const notes = cell('notes') || null;
    if (notes && notes.length > 1000) errors.push('备注不能超过 1000 个字');
    const newBodies = [...subjectNames.filter((n) => !known.bodies.has(n) && !known.appointees.has(n)), ...(leadName && !known.bodies.has(leadName) ? [leadName] : [])];
    out.push({
      line: row.line,
      raw: row.cells.join(' | '),
      fields: errors.length === 0 ? { kind: kind!, title, subjectNames, leadName, plannedMonth: month!.month, notes } : null,
      newBodies: [...new Set(newBodies)],
      errors,
    });
  }
  return out;
}
