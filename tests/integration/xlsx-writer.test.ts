import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ExcelJSImport from 'exceljs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { renderCsv, renderXlsx, tabNames } from '../../electron/core/reports/xlsx.js';
import { safeFileName } from '../../shared/domain/reports/file-name.js';
import { Workbook, type Cell, type CellKind, type Sheet, type WorkbookInput } from '../../shared/domain/reports/workbook.js';

/**
 * The XLSX and CSV writers, checked by reading the output back with a real reader: exceljs for
 * the XLSX (values, number formats, merges, layout), a strict RFC 4180 parser for the CSV, and
 * LibreOffice (when installed) to see that a spreadsheet program shows what we meant.
 */

// Run east of UTC, as the users do, so a date built in local time instead of UTC would show up.
process.env.TZ = 'Asia/Shanghai';

// exceljs is CommonJS: under Node ESM its exports may sit on `default`.
const ExcelJS = ((ExcelJSImport as unknown as { default?: typeof ExcelJSImport }).default ?? ExcelJSImport) as typeof ExcelJSImport;

const NOW = new Date(Date.UTC(2026, 11, 14, 9, 30, 0));

const LONG_TOPIC = '关于《市人民政府关于2026年度国民经济和社会发展计划执行情况的报告》的审议意见及整改落实情况的跟踪监督';
const TRICKY = '甲,乙"丙"\r\n丁';
const INJECTIONS = ['=SUM(A1:A9)', '+86 138 0000 0000', '-2+3', '@cmd', '\tTAB'];

const BIG_COLUMNS: Sheet['columns'] = [
  { header: '序号', kind: 'int', width: 6 },
  { header: '议题', kind: 'text' },
  { header: '应到人数', kind: 'int' },
  { header: '赞成', kind: 'int' },
  { header: '赞成率', kind: 'percent2' },
  { header: '平均分', kind: 'decimal2' },
  { header: '表决日期', kind: 'date' },
  { header: '备注', kind: 'text' },
];

function isoDay(offset: number): string {
  return new Date(Date.UTC(2026, 0, 5) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** 40 rows of every kind: Chinese text, fractions like 20/29, ints, decimals, dates, nulls, awkward text. */
function bigRows(): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < 40; i++) {
    const yes = (i * 7) % 30;
    const topic = i === 3 ? LONG_TOPIC : `第${i + 1}项：市教育局专项工作报告`;
    const rate = i === 5 ? null : i === 6 ? 1 : i === 7 ? 0 : i === 8 ? 0.7143 : yes / 29;
    const score = i === 9 ? 2.675 : i === 10 ? null : Math.round((60 + i * 0.37) * 100) / 100 + 0.001;
    const date = i === 11 ? null : i === 12 ? '2028-02-29' : i === 13 ? '1999-12-31' : isoDay(i * 3);
    const note: Cell = i === 0 ? TRICKY : i >= 1 && i <= INJECTIONS.length ? (INJECTIONS[i - 1] ?? null) : i === 20 ? -3 : i === 21 ? '生僻字𠀋与“引号”' : i % 4 === 0 ? `意见${i}，请补充材料` : null;
    rows.push([i + 1, topic, 29, yes, rate, score, date, note]);
  }
  return rows;
}

const LONG_NAME = '关于市政府2026年度工作报告的审议意见:反馈/整改?情况*[汇总]表及附件清单';
/** LONG_NAME without : / ? * [ ] (34 characters), cut to 31. */
const LONG_NAME_TAB = '关于市政府2026年度工作报告的审议意见反馈整改情况汇总表及附';

function book(): Workbook {
  const input: WorkbookInput = {
    title: '第三次会议表决结果',
    creator: '常委会办公室',
    sheets: [
      {
        name: '表决结果',
        heading: ['某市人大常委会第三次会议表决结果', '2026年12月14日　第一会议室', '表决规则：赞成票超过全体组成人员的半数为通过'],
        columns: BIG_COLUMNS,
        rows: bigRows(),
        notes: [
          '注：赞成率 = 赞成票 ÷ 应到人数。',
          '说明：'.padEnd(400, '本表由系统根据封存的计票结果生成，任何改动都会使校验码不一致。'),
        ],
      },
      {
        name: LONG_NAME,
        heading: ['审议意见办理情况'],
        columns: [
          { header: '单位', kind: 'text' },
          { header: '件数', kind: 'int' },
          { header: '办结率', kind: 'percent2' },
        ],
        rows: [
          ['市教育局', 12, 20 / 29],
          ['市卫生健康委员会', 0, null],
        ],
      },
      {
        name: '汇总',
        columns: [
          { header: '项目', kind: 'text' },
          { header: '数量', kind: 'int' },
        ],
        rows: [],
        notes: ['本表为空。'],
      },
      {
        name: '汇总',
        heading: ['只有一列的表'],
        columns: [{ header: '姓名', kind: 'text' }],
        rows: [['张三'], [null], ['李四']],
        notes: ['共两人。'],
      },
    ],
  };
  return Workbook.parse(input);
}

async function load(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

function sheetAt<T>(list: T[], i: number): T {
  const s = list[i];
  if (s === undefined) throw new Error(`no sheet ${i}`);
  return s;
}

/** What exceljs should read back for an input cell. */
function expectedXlsx(value: Cell, kind: CellKind): unknown {
  if (value === null) return null;
  if (kind === 'date') return new Date(`${value}T00:00:00Z`);
  if (kind === 'text') return typeof value === 'number' ? String(value) : value.replace(/\r\n/g, '\n');
  return value;
}

const NUM_FMT: Record<CellKind, string | undefined> = { text: undefined, int: '0', decimal2: '0.00', percent2: '0.00%', date: 'yyyy"年"m"月"d"日"' };

describe('renderXlsx', () => {
  it('names the tabs validly and sets the workbook properties', async () => {
    const wb = await load(await renderXlsx(book(), { now: NOW }));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['表决结果', LONG_NAME_TAB, '汇总', '汇总(2)']);
    expect(LONG_NAME_TAB).toHaveLength(31);
    expect(wb.creator).toBe('常委会办公室');
    expect(wb.title).toBe('第三次会议表决结果');
    expect(wb.created.getTime()).toBe(NOW.getTime());
  });

  it('writes every cell as the value it is, with its number format', async () => {
    const input = book();
    const wb = await load(await renderXlsx(input, { now: NOW }));
    const ws = sheetAt(wb.worksheets, 0);
    const sheet = sheetAt(input.sheets, 0);
    const first = sheet.heading.length + 2; // heading lines, then the header row
    expect(ws.getRow(first - 1).values).toEqual([undefined, ...BIG_COLUMNS.map((c) => c.header)]);
    let checked = 0;
    sheet.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        const kind = sheetAt(BIG_COLUMNS, c).kind;
        const cell = ws.getRow(first + r).getCell(c + 1);
        expect(cell.value, `row ${r + 1} column ${c + 1}`).toEqual(expectedXlsx(value, kind));
        if (NUM_FMT[kind]) expect(cell.numFmt, `row ${r + 1} column ${c + 1}`).toBe(NUM_FMT[kind]);
        checked++;
      });
    });
    expect(checked).toBe(320);
    // Spot checks against literal values, so the comparison above cannot be vacuous.
    expect(ws.getCell(`E${first}`).value).toBe(0); // 0/29
    expect(ws.getCell(`E${first + 1}`).value).toBe(7 / 29);
    expect(ws.getCell(`E${first + 8}`).value).toBe(0.7143);
    expect(ws.getCell(`G${first + 12}`).value).toEqual(new Date(Date.UTC(2028, 1, 29)));
    expect(ws.getCell(`G${first + 11}`).value).toBeNull();
    expect(ws.getCell(`H${first}`).value).toBe('甲,乙"丙"\n丁');
    expect(ws.getCell(`H${first + 1}`).value).toBe('=SUM(A1:A9)'); // text, not a formula, in XLSX
    expect(ws.getCell(`H${first + 1}`).type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell(`H${first + 20}`).value).toBe('-3');
    expect(ws.getCell(`F${first + 9}`).value).toBe(2.675);
    expect(ws.getRow(first + 40).cellCount).toBe(0); // the table ends after 40 rows
  });

  it('lays the sheet out: merged heading, styled header, notes, frozen panes, page setup', async () => {
    const input = book();
    const wb = await load(await renderXlsx(input, { now: NOW }));
    const ws = sheetAt(wb.worksheets, 0);

    // Three heading lines, each merged across the eight columns.
    expect([...ws.model.merges].sort()).toEqual(['A1:H1', 'A2:H2', 'A3:H3', 'A46:H46', 'A47:H47'].sort());
    expect(ws.getCell('A1').value).toBe('某市人大常委会第三次会议表决结果');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(ws.getCell('A2').font.bold).toBeFalsy();
    expect(ws.getCell('A2').font.size).toBe(11);
    expect(ws.getCell('H2').master.address).toBe('A2');

    // Header row 4: bold, grey, bordered, wrapped, centred.
    const header = ws.getCell('E4');
    expect(header.value).toBe('赞成率');
    expect(header.font.bold).toBe(true);
    expect(header.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } });
    expect(header.border.top?.style).toBe('thin');
    expect(header.border.bottom?.style).toBe('thin');
    expect(header.alignment).toMatchObject({ horizontal: 'center', wrapText: true });
    expect(ws.getCell('C20').border.left?.style).toBe('thin');

    // Data rows 5–44, row 45 empty, notes at 46 and 47 (wrapped; the long one tall enough).
    expect(ws.getRow(45).cellCount).toBe(0);
    expect(ws.getCell('A46').value).toBe('注：赞成率 = 赞成票 ÷ 应到人数。');
    const longNote = sheetAt(input.sheets, 0).notes[1];
    expect(ws.getCell('A47').value).toBe(longNote);
    expect(ws.getCell('A47').alignment.wrapText).toBe(true);
    expect(ws.getRow(47).height).toBeGreaterThan(4 * 14);
    expect(ws.getRow(46).height ?? 15).toBeLessThan(20);

    // The long topic wraps in a column capped at 60 and its row grows.
    expect(ws.getColumn(2).width).toBe(60);
    expect(ws.getRow(8).height).toBeGreaterThan(25);
    expect(ws.getColumn(1).width).toBe(6); // the given width
    expect(ws.getColumn(7).width).toBe(16); // '2026年12月14日' is 14 wide, plus 2
    expect(ws.getColumn(3).width).toBe(10); // '应到人数' is 8 wide, plus 2

    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 0, ySplit: 4, topLeftCell: 'A5' });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' });

    const narrow = sheetAt(wb.worksheets, 1);
    expect(narrow.pageSetup.orientation).toBe('portrait');
    expect(narrow.pageSetup.printTitlesRow).toBe('2:2');
    expect(narrow.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, topLeftCell: 'A3' });
  });

  it('writes the small sheets: long name, empty table, one column, duplicate name', async () => {
    const wb = await load(await renderXlsx(book(), { now: NOW }));
    const long = sheetAt(wb.worksheets, 1);
    expect(long.model.merges).toEqual(['A1:C1']);
    expect(long.getRow(2).values).toEqual([undefined, '单位', '件数', '办结率']);
    expect(long.getRow(3).values).toEqual([undefined, '市教育局', 12, 20 / 29]);
    expect(long.getCell('C3').numFmt).toBe('0.00%');
    expect(long.getRow(4).values).toEqual([undefined, '市卫生健康委员会', 0]);
    expect(long.getCell('C4').value).toBeNull();

    const empty = sheetAt(wb.worksheets, 2);
    expect(empty.getRow(1).values).toEqual([undefined, '项目', '数量']);
    expect(empty.getRow(2).cellCount).toBe(0);
    expect(empty.getCell('A3').value).toBe('本表为空。');
    expect(empty.model.merges).toEqual(['A3:B3']);
    expect(empty.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const single = sheetAt(wb.worksheets, 3);
    expect(single.model.merges).toEqual([]);
    expect([1, 2, 3, 4, 5, 6, 7].map((r) => single.getCell(`A${r}`).value)).toEqual(['只有一列的表', '姓名', '张三', null, '李四', null, '共两人。']);
  });

  it('gives the same bytes for the same input and date, whenever it runs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2027-03-01T08:00:00Z'));
      const a = await renderXlsx(book(), { now: NOW });
      vi.setSystemTime(new Date('2029-07-15T23:59:58Z'));
      const b = await renderXlsx(book(), { now: NOW });
      expect(a.equals(b)).toBe(true);
      const c = await renderXlsx(book(), { now: new Date(NOW.getTime() + 86_400_000) });
      expect(c.equals(b)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
    const wb = await load(await renderXlsx(book(), { now: NOW }));
    expect(wb.modified.getTime()).toBe(NOW.getTime());
  });
});

describe('tabNames', () => {
  it('strips, shortens and de-duplicates ignoring case', () => {
    expect(tabNames(['Summary', 'SUMMARY', 'summary', 'History', '', ' : / ', "'引号'", 'a?b*c[d]e\\f'])).toEqual([
      'Summary',
      'SUMMARY(2)',
      'summary(3)',
      'History(2)',
      '工作表',
      '工作表(2)',
      '’引号’',
      'abcdef',
    ]);
    const thirtyFive = '一二三四五六七八九十'.repeat(3) + '甲乙丙丁戊';
    const names = tabNames([thirtyFive, thirtyFive, thirtyFive]);
    expect(names).toEqual(['一二三四五六七八九十'.repeat(3) + '甲', '一二三四五六七八九十'.repeat(2) + '一二三四五六七八(2)', '一二三四五六七八九十'.repeat(2) + '一二三四五六七八(3)']);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    // A surrogate pair is never split by the cut.
    const astral = tabNames(['a'.repeat(30) + '𠀋'])[0] ?? '';
    expect(astral).toBe('a'.repeat(30));
  });
});

describe('bad input', () => {
  // Not through Workbook.parse: zod already refuses NaN and Infinity; the writer must too.
  const bad = (rows: Cell[][]): Workbook => ({
    title: 't',
    creator: 'c',
    sheets: [
      { name: '好表', heading: [], columns: [{ header: 'x', kind: 'int' }], rows: [[1]], notes: [] },
      {
        name: '坏表',
        heading: ['标题'],
        columns: [
          { header: '名称', kind: 'text' },
          { header: '票数', kind: 'int' },
          { header: '比例', kind: 'percent2' },
          { header: '日期', kind: 'date' },
        ],
        rows,
        notes: [],
      },
    ],
  });
  const ok: Cell[] = ['a', 1, 0.5, '2026-01-01'];
  const cases: [string, Cell[][], RegExp][] = [
    ['a short row', [ok, ok, ['a', 1, 0.5]], /Sheet "坏表", row 3: 3 cells for 4 columns/],
    ['a long row', [['a', 1, 0.5, '2026-01-01', 'extra']], /Sheet "坏表", row 1: 5 cells for 4 columns/],
    ['NaN', [ok, ['a', 1, Number.NaN, null]], /Sheet "坏表", row 2, column 3 \("比例"\): NaN is not a finite number/],
    ['Infinity in a text column', [['x', 1, 0.5, null], [Infinity, 1, 0.5, null]], /Sheet "坏表", row 2, column 1 \("名称"\): Infinity is not a finite number/],
    ['a fraction in an int column', [['a', 1.5, 0.5, null]], /row 1, column 2 \("票数"\): an int column needs an integer, got 1.5/],
    ['text in a number column', [['a', '12', 0.5, null]], /row 1, column 2 \("票数"\): a int column needs a number or null/],
    ['an impossible date', [['a', 1, 0.5, '2026-02-30']], /row 1, column 4 \("日期"\): "2026-02-30" is not a date/],
    ['a date in another form', [['a', 1, 0.5, '2026/1/1']], /row 1, column 4 \("日期"\): "2026\/1\/1" is not a date/],
    ['a number in a date column', [['a', 1, 0.5, 46000]], /row 1, column 4 \("日期"\): a date column needs a YYYY-MM-DD string/],
  ];
  for (const [what, rows, message] of cases) {
    it(`rejects ${what} in XLSX and CSV`, async () => {
      const wb = bad(rows);
      await expect(renderXlsx(wb)).rejects.toThrow(message);
      expect(() => renderCsv(sheetAt(wb.sheets, 1))).toThrow(message);
    });
  }
  it('accepts the same sheet when it is well formed', async () => {
    const wb = bad([ok, ['b', null, null, null]]);
    await expect(renderXlsx(wb)).resolves.toBeInstanceOf(Buffer);
    expect(renderCsv(sheetAt(wb.sheets, 1)).length).toBeGreaterThan(3);
  });
});

/** A strict RFC 4180 parser: records end with `eol`; a bare CR or LF outside quotes is an error. */
function parseCsv(text: string, eol: '\r\n' | '\n' = '\r\n'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && !text.startsWith(eol, i)) {
        const ch = text[i++];
        if (ch === '"' || ch === '\r' || ch === '\n') throw new Error(`bare ${JSON.stringify(ch)} in an unquoted field at ${i - 1}`);
        field += ch;
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (!text.startsWith(eol, i)) throw new Error(`expected a separator at ${i}`);
    i += eol.length;
    records.push(record);
    record = [];
    if (i === text.length) return records;
  }
}

function decodeCsv(bytes: Buffer): string {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return text.slice(1);
}

/** What the CSV should hold for an input cell (computed independently of the writer). */
function expectedCsv(value: Cell, kind: CellKind): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (kind === 'percent2') return `${(value * 100).toFixed(2)}%`;
    if (kind === 'decimal2') return value === 2.675 ? '2.68' : value.toFixed(2);
    return String(value);
  }
  const text = value.replace(/\r\n/g, '\n');
  return kind === 'text' && /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text;
}

describe('renderCsv', () => {
  it('writes the table as UTF-8 with BOM and CRLF, every field round-tripping', () => {
    const sheet = sheetAt(book().sheets, 0);
    const text = decodeCsv(renderCsv(sheet));
    expect(text.endsWith('\r\n')).toBe(true);
    const records = parseCsv(text);
    expect(records).toHaveLength(41); // the header row and 40 rows; no heading, no notes
    expect(records[0]).toEqual(BIG_COLUMNS.map((c) => c.header));
    sheet.rows.forEach((row, r) => {
      expect(records[r + 1], `row ${r + 1}`).toEqual(row.map((v, c) => expectedCsv(v, sheetAt(BIG_COLUMNS, c).kind)));
    });
    expect(text).not.toContain('说明');
    expect(text).not.toContain('表决规则');
  });

  it('quotes, formats numbers as Excel shows them, and guards formulas in text only', () => {
    const sheet = sheetAt(book().sheets, 0);
    const records = parseCsv(decodeCsv(renderCsv(sheet)));
    const row = (n: number) => records[n] ?? [];
    expect(row(1)[7]).toBe('甲,乙"丙"\n丁');
    expect(row(1)[4]).toBe('0.00%');
    expect(row(2)[4]).toBe('24.14%'); // 7/29
    expect(row(7)[4]).toBe('100.00%');
    expect(row(9)[4]).toBe('71.43%');
    expect(row(6)[4]).toBe('');
    expect(row(10)[5]).toBe('2.68'); // 2.675 rounds half up, as Excel shows it (toFixed gives 2.67)
    expect(row(13)[6]).toBe('2028-02-29');
    expect(row(12)[6]).toBe('');
    expect(INJECTIONS.map((_, k) => row(k + 2)[7])).toEqual(["'=SUM(A1:A9)", "'+86 138 0000 0000", "'-2+3", "'@cmd", "'\tTAB"]);
    expect(row(21)[7]).toBe('-3'); // a number in a text column is not guarded
    expect(row(22)[7]).toBe('生僻字𠀋与“引号”');

    const raw = decodeCsv(renderCsv(sheet));
    expect(raw.split('\r\n')[1]).toBe('1,第1项：市教育局专项工作报告,29,0,0.00%,60.00,2026-01-05,"甲,乙""丙""\n丁"');

    // Negative numbers are numbers, never prefixed.
    const negative = renderCsv(
      Workbook.parse({ title: 't', creator: 'c', sheets: [{ name: 's', columns: [{ header: '=差额', kind: 'int' }, { header: '比', kind: 'percent2' }], rows: [[-5, -0.25]] }] }).sheets[0] as Sheet,
    );
    expect(parseCsv(decodeCsv(negative))).toEqual([["'=差额", '比'], ['-5', '-25.00%']]);
  });
});

describe('safeFileName', () => {
  it('makes a file name every system accepts', () => {
    expect(safeFileName('第三次会议表决结果', 'xlsx')).toBe('第三次会议表决结果.xlsx');
    expect(safeFileName('关于…\n测评结果的报告', 'docx')).toBe('关于… 测评结果的报告.docx');
    expect(safeFileName('a/b:c*?"<>|d. ', 'csv')).toBe('a b c d.csv');
    expect(safeFileName('CON', 'xlsx')).toBe('_CON.xlsx');
    expect(safeFileName('..', 'pdf', '公文')).toBe('公文.pdf');
    expect(safeFileName('  ', 'csv')).toBe('导出.csv');
    expect(safeFileName('长'.repeat(200), 'xlsx')).toBe('长'.repeat(120) + '.xlsx');
    expect(safeFileName('😀'.repeat(100), 'csv')).toBe('😀'.repeat(60) + '.csv');
  });
});

const run = promisify(execFile);

/** A private LibreOffice profile, so the test neither needs nor touches the user's. */
const LO_DIR = await mkdtemp(join(tmpdir(), 'xlsx-writer-lo-'));
afterAll(async () => {
  await rm(LO_DIR, { recursive: true, force: true });
});

function soffice(outdir: string, filter: string, file: string) {
  return run('soffice', [`-env:UserInstallation=${pathToFileURL(join(LO_DIR, 'profile')).href}`, '--headless', '--convert-to', filter, '--outdir', outdir, file], { timeout: 120_000 });
}

/**
 * Whether LibreOffice with Calc is installed: a Writer-only install has `soffice` but cannot
 * open a spreadsheet, so probe by turning a tiny CSV into XLSX.
 */
async function hasCalc(): Promise<boolean> {
  try {
    const probe = join(LO_DIR, 'probe.csv');
    await writeFile(probe, 'a,b\n1,2\n');
    await soffice(LO_DIR, 'xlsx', probe);
    return (await readFile(join(LO_DIR, 'probe.xlsx'))).length > 0;
  } catch {
    return false;
  }
}

const CALC = await hasCalc();

describe('LibreOffice Calc', () => {
  // Optional on a developer's machine; CI installs libreoffice-calc-nogui (.ci/run), so there a missing Calc fails.
  it.skipIf(!CALC && !process.env.CI)(
    'shows the first sheet as intended when converting it to CSV',
    async () => {
      const dir = await mkdtemp(join(LO_DIR, 'run-'));
      const input = book();
      await writeFile(join(dir, 'book.xlsx'), await renderXlsx(input, { now: NOW }));
      // 44 = comma, 34 = quote, 76 = UTF-8, from line 1; the 9th token: save cell contents as shown.
      await soffice(dir, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false', join(dir, 'book.xlsx'));
      const text = (await readFile(join(dir, 'book.csv'), 'utf8')).replace(/^\uFEFF/, '');
      const records = parseCsv(text, text.includes('\r\n') ? '\r\n' : '\n');
      expect(records.slice(0, 3).map((r) => r[0])).toEqual(sheetAt(input.sheets, 0).heading);
      expect(records[3]).toEqual(BIG_COLUMNS.map((c) => c.header));
      sheetAt(input.sheets, 0).rows.forEach((row, r) => {
        const shown = row.map((v, c) => {
          const kind = sheetAt(BIG_COLUMNS, c).kind;
          if (v === null) return '';
          if (kind === 'date' && typeof v === 'string') {
            const [y, m, d] = v.split('-').map(Number);
            return `${y}年${m}月${d}日`;
          }
          if (kind === 'text') return typeof v === 'number' ? String(v) : v.replace(/\r\n/g, '\n');
          return expectedCsv(v, kind);
        });
        expect(records[r + 4], `row ${r + 1}`).toEqual(shown);
      });
      expect(records[44]?.every((f) => f === '')).toBe(true);
      expect(records[45]?.[0]).toBe('注：赞成率 = 赞成票 ÷ 应到人数。');
      expect(records).toHaveLength(47);
    },
    180_000,
  );
});
