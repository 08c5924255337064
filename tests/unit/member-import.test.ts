import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMemberFile } from '../../electron/core/import/member-import.js';
import { loadExcelJs } from '../../electron/core/import/sheet-xlsx.js';
import { AppError, type ErrorCode } from '../../shared/api/errors.js';
import { LIMITS } from '../../shared/api/schemas.js';
import { encodeGb18030 } from '../fixtures/gb18030.js';
import { buildXlsx, memberRows, writeMembersXlsx } from '../fixtures/members-xlsx.js';
import { storedZip } from '../fixtures/zip.js';

const none: ReadonlySet<string> = new Set();
const parse = (fileName: string, bytes: Uint8Array, existingNames = none) => parseMemberFile(fileName, bytes, { existingNames });

async function expectAppError(promise: Promise<unknown>, code: ErrorCode, message?: string): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected an AppError, got a result');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe(code);
  if (message !== undefined) expect(appError.message).toContain(message);
  return appError;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const CORRUPT = '文件已损坏或不是有效的 Excel 文件（.xlsx），请用 Excel 重新保存后再试';

describe('parseMemberFile: xlsx', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('reads the 45-member fixture file with every row valid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'member-import-'));
    dirs.push(dir);
    const file = join(dir, '组成人员名单.xlsx');
    await writeMembersXlsx(file);
    const bytes = new Uint8Array(await readFile(file));

    const progress: [string, number, number][] = [];
    const rows = await parseMemberFile('组成人员名单.xlsx', bytes, {
      existingNames: none,
      onProgress: (phase, done, total) => progress.push([phase, done, total]),
    });

    const expected = memberRows(45);
    expect(rows).toHaveLength(45);
    expect(rows.every((r) => r.errors.length === 0 && r.fields !== null)).toBe(true);
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 45 }, (_, i) => i + 2));
    expect(rows.map((r) => r.fields!.name)).toEqual(expected.map((r) => r[0]));
    expect(rows[0]).toEqual({
      line: 2,
      raw: { 姓名: expected[0]![0], 职务: '主任', 状态: '在任', 座次: '1', 备注: '' },
      fields: { name: expected[0]![0], role: 'chair', status: 'serving', seatOrder: 1, note: null },
      errors: [],
    });
    const roles = rows.map((r) => r.fields!.role);
    expect(roles.filter((r) => r === 'chair')).toHaveLength(1);
    expect(roles.filter((r) => r === 'vice_chair')).toHaveLength(5);
    expect(roles.filter((r) => r === 'secretary_general')).toHaveLength(1);
    expect(roles.filter((r) => r === 'member')).toHaveLength(38);
    expect(rows.map((r) => r.fields!.seatOrder)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));

    expect(progress[0]).toEqual(['解析文件', 0, 1]);
    expect(progress).toContainEqual(['解析文件', 1, 1]);
    expect(progress).toContainEqual(['校验数据', 0, 45]);
    expect(progress.at(-1)).toEqual(['校验数据', 45, 45]);
  });

  it('reports row errors with spreadsheet line numbers and keeps good rows', async () => {
    const bytes = await buildXlsx([
      ['王伟', '主任', '在任', 1, ''], // 2
      ['李娜', '书记', '在任', 2, ''], // 3 unknown role
      ['', '委员', '在任', 3, '名字漏填'], // 4 empty name
      ['张'.repeat(21), '委员', '在任', 4, ''], // 5 over-long name
      ['王伟', '委员', '在任', 5, ''], // 6 duplicate of line 2
      ['赵敏', '委员', '在任', '三', ''], // 7 seat not a number
      ['孙丽', '委员', '离任', 3.5, ''], // 8 seat not an integer
      ['陈\u3000静', '常委会委员', '已离任', null, '因工作调动'], // 9 padded name, default seat
      ['刘洋', '委员', '', 9, ''], // 10 already in the term
      ['周杰', ' 委 员 ', '退休', 10, ''], // 11 unknown status
      [], // 12 empty: skipped
      ['吴强', '副主任', '免职', '12.0', ''], // 13
      [
        { richText: [{ text: '郑' }, { text: '华', font: { bold: true } }] },
        { formula: '"委"&"员"', result: '委员' },
        null,
        { formula: '6*2+1', result: 13 },
        new Date(Date.UTC(2024, 2, 5)),
      ], // 14
      ['', '委员', '', 15, ''], // 15 empty name, no other problem
    ]);
    const rows = await parse('名单.xlsx', bytes, new Set(['刘洋', '马超']));

    expect(rows.map((r) => [r.line, r.errors])).toEqual([
      [2, []],
      [3, ['第 3 行：职务“书记”无法识别，应为 主任 / 副主任 / 秘书长 / 委员']],
      [4, ['第 4 行：姓名不能为空']],
      [5, ['第 5 行：姓名不能超过 20 个字']],
      [6, ['第 6 行：姓名“王伟”与第 2 行重名']],
      [7, ['第 7 行：座次“三”应为整数']],
      [8, ['第 8 行：座次应为整数']],
      [9, []],
      [10, ['第 10 行：该届已有同名组成人员“刘洋”']],
      [11, ['第 11 行：状态“退休”无法识别，应为 在任 / 离任']],
      [13, []],
      [14, []],
      [15, ['第 15 行：姓名不能为空']],
    ]);
    expect(rows.filter((r) => r.errors.length > 0).every((r) => r.fields === null)).toBe(true);
    expect(rows.find((r) => r.line === 9)!.fields).toEqual({ name: '陈静', role: 'member', status: 'left', seatOrder: 8, note: '因工作调动' });
    expect(rows.find((r) => r.line === 11)!.raw).toEqual({ 姓名: '周杰', 职务: '委 员', 状态: '退休', 座次: '10', 备注: '' });
    expect(rows.find((r) => r.line === 13)!.fields).toEqual({ name: '吴强', role: 'vice_chair', status: 'left', seatOrder: 12, note: null });
    const rich = rows.find((r) => r.line === 14)!;
    expect(rich.raw).toEqual({ 姓名: '郑华', 职务: '委员', 状态: '', 座次: '13', 备注: '2024-03-05' });
    expect(rich.fields).toEqual({ name: '郑华', role: 'member', status: 'serving', seatOrder: 13, note: '2024-03-05' });
  });

  it('reports every problem of a row, not just the first', async () => {
    const rows = await parse('x.xlsx', await buildXlsx([['', '书记', '出差', 0, 'x'.repeat(201)]]));
    expect(rows[0]!.errors).toEqual([
      '第 2 行：姓名不能为空',
      '第 2 行：职务“书记”无法识别，应为 主任 / 副主任 / 秘书长 / 委员',
      '第 2 行：状态“出差”无法识别，应为 在任 / 离任',
      '第 2 行：座次应从 1 开始',
      '第 2 行：备注不能超过 200 个字',
    ]);
  });

  it('refuses a sheet without a 姓名 column and lists the headers it found', async () => {
    const bytes = await buildXlsx([['王伟', '主任', 1]], ['人员', '职务', '座次']);
    await expectAppError(parse('名单.xlsx', bytes), 'BAD_FILE', '找不到“姓名”列。第 1 行的表头为：“人员”、“职务”、“座次”');
  });

  it('finds the header below a title row and maps header aliases', async () => {
    const bytes = await buildXlsx(
      [
        ['名字', '职位', '任职状态', '序号', '说明', '联系电话'],
        ['王伟', '常委会主任', '', 1, '', 13800138000],
        ['李娜', '常委', '在任', 2, '', ''],
        ['', '', '', 3, '', ''], // template leftover: only 序号
      ],
      ['第十七届常委会组成人员名单'],
    );
    const rows = await parse('名单.XLSX', bytes);
    expect(rows).toEqual([
      {
        line: 3,
        raw: { 名字: '王伟', 职位: '常委会主任', 任职状态: '', 序号: '1', 说明: '', 联系电话: '13800138000' },
        fields: { name: '王伟', role: 'chair', status: 'serving', seatOrder: 1, note: null },
        errors: [],
      },
      {
        line: 4,
        raw: { 名字: '李娜', 职位: '常委', 任职状态: '在任', 序号: '2', 说明: '', 联系电话: '' },
        fields: { name: '李娜', role: 'member', status: 'serving', seatOrder: 2, note: null },
        errors: [],
      },
    ]);
  });

  it('turns corrupt files into BAD_FILE', async () => {
    const random = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < random.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      random[i] = x >>> 24;
    }
    random.set([0x50, 0x4b, 0x03, 0x04], 0);
    await expectAppError(parse('a.xlsx', random), 'BAD_FILE', CORRUPT);

    const good = await buildXlsx(memberRows(45));
    await expectAppError(parse('a.xlsx', good.subarray(0, Math.floor(good.length / 2))), 'BAD_FILE', CORRUPT);
    await expectAppError(parse('a.xlsx', good.subarray(0, good.length - 10)), 'BAD_FILE', CORRUPT);

    // A well-formed ZIP whose workbook part is garbage: exceljs must not leak its error.
    const garbage = storedZip({ '[Content_Types].xml': '<Types', 'xl/workbook.xml': '<<<not xml', 'xl/worksheets/sheet1.xml': '\u0000' });
    await expectAppError(parse('a.xlsx', garbage), 'BAD_FILE');

    await expectAppError(parse('a.xlsx', utf8('姓名,职务\n王伟,主任\n')), 'BAD_FILE', CORRUPT);
  });

  it('recognises a Word document or an old .xls renamed to .xlsx', async () => {
    const docx = storedZip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
      '_rels/.rels': '<?xml version="1.0"?><Relationships/>',
      'word/document.xml': '<?xml version="1.0"?><w:document/>',
    });
    await expectAppError(parse('名单.xlsx', docx), 'BAD_FILE', 'Word 文档');

    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expectAppError(parse('名单.xlsx', ole), 'BAD_FILE', '旧版 Excel（.xls）');
  });
});

describe('parseMemberFile: csv', () => {
  it('drops list numbering pasted into the name column (「4. 王伟」, 「（二）李娜」, 「③张敏」)', async () => {
    const rows = await parse('名单.csv', utf8('姓名,职务\n4. 王伟,主任\n（二）李娜,副主任\n③张敏,委员\n'));
    expect(rows.map((r) => r.fields?.name)).toEqual(['王伟', '李娜', '张敏']);
  });

  it('reads UTF-8 with a BOM and CRLF line ends', async () => {
    const text = '\uFEFF姓名,职务,状态,座次,备注\r\n王伟,主任,在任,1,\r\n李娜,副主任,,2,分管财经\r\n\r\n 张敏 , 委员 ,离任,3, \r\n';
    const rows = await parse('名单.csv', utf8(text));
    expect(rows).toEqual([
      {
        line: 2,
        raw: { 姓名: '王伟', 职务: '主任', 状态: '在任', 座次: '1', 备注: '' },
        fields: { name: '王伟', role: 'chair', status: 'serving', seatOrder: 1, note: null },
        errors: [],
      },
      {
        line: 3,
        raw: { 姓名: '李娜', 职务: '副主任', 状态: '', 座次: '2', 备注: '分管财经' },
        fields: { name: '李娜', role: 'vice_chair', status: 'serving', seatOrder: 2, note: '分管财经' },
        errors: [],
      },
      {
        line: 5,
        raw: { 姓名: '张敏', 职务: '委员', 状态: '离任', 座次: '3', 备注: '' },
        fields: { name: '张敏', role: 'member', status: 'left', seatOrder: 3, note: null },
        errors: [],
      },
    ]);
  });

  it('reads GB18030 bytes as Excel writes them for Chinese Windows', async () => {
    const text = '姓名,职务,状态,座次,备注\r\n欧阳晓燕,主任,在任,1,\r\n黄德忠,秘书长,在任,2,兼办公室主任\r\n龚鑫,委员,已离任,3,\r\n';
    const bytes = encodeGb18030(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const rows = await parse('名单.csv', bytes);
    expect(rows.map((r) => r.fields)).toEqual([
      { name: '欧阳晓燕', role: 'chair', status: 'serving', seatOrder: 1, note: null },
      { name: '黄德忠', role: 'secretary_general', status: 'serving', seatOrder: 2, note: '兼办公室主任' },
      { name: '龚鑫', role: 'member', status: 'left', seatOrder: 3, note: null },
    ]);
  });

  it('handles quoted fields with commas, quotes and newlines', async () => {
    const text = [
      '姓名,职务,备注,座次',
      '"王伟",委员,"兼任市政协委员, 市工商联副主席",1',
      '"李""娜""",委员,"第一行',
      '第二行",2',
      '张敏,委员,"",3',
      '赵强,委员,"未闭合',
    ].join('\n');
    const rows = await parse('名单.csv', utf8(text));
    expect(rows.map((r) => [r.line, r.raw['备注'], r.fields?.name ?? null])).toEqual([
      [2, '兼任市政协委员, 市工商联副主席', '王伟'],
      [3, '第一行\n第二行', '李"娜"'],
      [4, '', '张敏'],
      [5, '未闭合', '赵强'],
    ]);
    // Nothing says which seat 赵强 has beyond the unterminated note, so position decides.
    expect(rows.map((r) => r.fields?.seatOrder)).toEqual([1, 2, 3, 4]);
  });

  it('reads a UTF-16 tab-separated file (Excel "Unicode 文本")', async () => {
    const text = '姓名\t职务\r\n王伟\t主任\r\n';
    const body = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) new DataView(body.buffer).setUint16(i * 2, text.charCodeAt(i), true);
    const bytes = new Uint8Array([0xff, 0xfe, ...body]);
    const rows = await parse('名单.csv', bytes);
    expect(rows.map((r) => r.fields)).toEqual([{ name: '王伟', role: 'chair', status: 'serving', seatOrder: 1, note: null }]);
  });

  it('matches names already in the term after trimming', async () => {
    const rows = await parse('名单.csv', utf8('姓名,职务\n王　伟,委员\n李娜,委员\n'), new Set([' 王伟', '张敏']));
    expect(rows.map((r) => r.errors)).toEqual([['第 2 行：该届已有同名组成人员“王伟”'], []]);
  });

  it('accepts exactly the row limit and refuses one more', async () => {
    const lines = (n: number) => ['姓名,职务', ...Array.from({ length: n }, (_, i) => `成员${i + 1},委员`)].join('\n');
    const rows = await parse('名单.csv', utf8(lines(LIMITS.importRows)));
    expect(rows).toHaveLength(LIMITS.importRows);
    expect(rows.every((r) => r.errors.length === 0)).toBe(true);
    await expectAppError(parse('名单.csv', utf8(lines(LIMITS.importRows + 1))), 'TOO_LARGE', '一次最多导入 2000 行');
  });
});

describe('parseMemberFile: whole-file refusals', () => {
  it('refuses files over 5 MB', async () => {
    const big = new Uint8Array(LIMITS.importFileBytes + 1);
    await expectAppError(parse('名单.xlsx', big), 'TOO_LARGE', '导入文件超过 5 MB');
    await expectAppError(parse('名单.csv', big), 'TOO_LARGE', '导入文件超过 5 MB');
  });

  it('refuses other file types by extension', async () => {
    const message = '不支持的文件类型：仅支持 .xlsx 和 .csv（Excel 可“另存为” CSV）';
    await expectAppError(parse('名单.txt', utf8('姓名\n王伟\n')), 'BAD_FILE', message);
    await expectAppError(parse('名单', utf8('姓名\n王伟\n')), 'BAD_FILE', message);
    await expectAppError(parse('名单.docx', await buildXlsx([['王伟', '主任']])), 'BAD_FILE', message);
    await expectAppError(parse('名单.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])), 'BAD_FILE', '不支持旧版 Excel 文件（.xls）');
  });

  it('refuses empty files, header-only files and xlsx bytes named .csv', async () => {
    await expectAppError(parse('名单.csv', new Uint8Array(0)), 'BAD_FILE', '文件是空的');
    await expectAppError(parse('名单.csv', utf8('\n\r\n,,\n')), 'BAD_FILE', '文件是空的');
    await expectAppError(parse('名单.csv', utf8('姓名,职务\n')), 'BAD_FILE', '只有表头');
    await expectAppError(parse('名单.xlsx', await buildXlsx([])), 'BAD_FILE', '只有表头');
    await expectAppError(parse('名单.csv', await buildXlsx([['王伟', '主任']])), 'BAD_FILE', '扩展名改为 .xlsx');
  });

  it('reads only the first worksheet and says so when it is empty', async () => {
    const ExcelJS = await loadExcelJs();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明');
    wb.addWorksheet('名单').addRows([['姓名', '职务'], ['王伟', '主任']]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    await expectAppError(parse('名单.xlsx', bytes), 'BAD_FILE', '第一个工作表“说明”是空的');

    const wb2 = new ExcelJS.Workbook();
    wb2.addWorksheet('名单').addRows([['姓名', '职务'], ['王伟', '主任']]);
    wb2.addWorksheet('另一届').addRows([['姓名', '职务'], ['李娜', '主任']]);
    const rows = await parse('名单.xlsx', new Uint8Array(await wb2.xlsx.writeBuffer()));
    expect(rows.map((r) => r.fields?.name)).toEqual(['王伟']);
  });
});
