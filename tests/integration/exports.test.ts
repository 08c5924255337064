import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/api/contract.js';
import type { ExportRow } from '../../shared/api/report-schemas.js';
import { checkCode } from '../../shared/domain/format.js';
import type { PollResult } from '../../shared/domain/polls/result.js';
import { makeCore, tempDir, type TestCore } from '../helpers/core.js';
import { docxToPdf, pdfLayout, pdfPageSizes, requireLayoutTools, type PdfPage } from '../helpers/pdf.js';
import { agendaItem, bodyNamed, meetingWithAll, satSheet, sealPoll, seedTermOf, times } from '../helpers/supervision.js';
import { execFileSync } from 'node:child_process';

/**
 * Reports for the party committee, built by the export centre from the demo database and read
 * back as a stranger would: each DOCX converted by LibreOffice and measured with poppler, each
 * XLSX opened with exceljs, each CSV decoded as strict UTF-8; every figure compared with the
 * sealed result it came from.
 */

type Sealed = Output<'poll.result'>;

let t: TestCore;
let out: string;
/** The demo meeting with the most rated rows: the largest results notice. */
let largest: { meetingId: number; title: string; sealed: Sealed[] };

async function build(req: Parameters<TestCore['call']>[1] & object): Promise<{ row: ExportRow; file: string; bytes: Buffer }> {
  const row = await t.call('export.start', req as never);
  expect(row.status).toBe('building');
  await t.core.exportsIdle();
  const [done] = (await t.call('export.list', {})).filter((r) => r.id === row.id);
  expect(done?.status, done?.error ?? '').toBe('done');
  const f = await t.core.exportFile(row.id);
  expect(f).not.toBeNull();
  const bytes = fs.readFileSync(f!.path);
  expect(bytes.length).toBe(done!.size);
  const file = path.join(out, `${row.id}-${f!.fileName}`);
  fs.writeFileSync(file, bytes);
  return { row: done!, file, bytes };
}

/** Words of one table row: those level with the line that holds the row's label. */
function rowTexts(pages: readonly PdfPage[], label: string): string[] {
  const key = label.slice(0, 6);
  for (const p of pages) {
    // The table's cell starts with the label; a paragraph that mentions it does not.
    const line = p.lines.find((l) => l.text.startsWith(key));
    if (!line) continue;
    // Cells are centred vertically: a two-line cell (count, rate) sits around the label's middle.
    const mid = (line.yMin + line.yMax) / 2;
    return p.words.filter((w) => Math.abs((w.yMin + w.yMax) / 2 - mid) < 4.5).map((w) => w.text);
  }
  return [];
}

/**
 * GB/T 9704 on every page of a converted document: the text block's binding edge 28 ± 2 mm (left
 * on odd pages, right on even pages), its outer edge 26 ± 2 mm, the first line 37 ± 2 mm from the
 * top, and 「— N —」 below the block, right on odd pages and left on even pages.
 */
function checkLayout(pages: readonly PdfPage[], imagePages: ReadonlySet<number> = new Set()): void {
  let measured = 0;
  for (const p of pages) {
    const body = p.lines.filter((l) => l.yMin < 37 + 225 && !/^—\d+—$/.test(l.text.replace(/\s/g, '')));
    // Full-width lines (justified paragraphs, tables) show the text block's edges. A line ending
    // in full-width punctuation may let it hang past the block, as Chinese Word does (docx.ts).
    // Table rows are left out: their text stops short of the cell borders (gaps between cells).
    const gapless = (l: PdfPage['lines'][number]) => l.words.every((w, i) => i === 0 || w.xMin - l.words[i - 1]!.xMax < 3);
    // Body type only (3号: a glyph box over 5 mm tall): notes in smaller type are not justified.
    const full = body.filter((l) => l.xMax - l.xMin > 140 && l.yMax - l.yMin > 5 && gapless(l) && !/[，。、；：！？”’）》」]$/.test(l.text));
    if (full.length > 0) {
      measured += 1;
      const left = Math.min(...full.map((l) => l.xMin));
      const right = 210 - Math.max(...full.map((l) => l.xMax));
      const [binding, outer] = p.number % 2 === 1 ? [left, right] : [right, left];
      expect(binding, `binding edge of page ${p.number}`).toBeGreaterThan(26);
      expect(binding, `binding edge of page ${p.number}`).toBeLessThan(30);
      expect(outer, `outer edge of page ${p.number}`).toBeGreaterThan(24);
      expect(outer, `outer edge of page ${p.number}`).toBeLessThan(28);
    }
    if (body.length > 0) {
      // pdftotext gives glyph boxes: a line's ink starts up to ~3 mm below its line box (docx-layout.test.ts).
      const top = Math.min(...body.map((l) => l.yMin));
      expect(top, `top of page ${p.number}`).toBeGreaterThan(35);
      // A page that starts with a chart has its first text below it.
      if (!imagePages.has(p.number)) expect(top, `top of page ${p.number}`).toBeLessThan(41);
    }
    const foot = p.lines.find((l) => l.text.replace(/\s/g, '') === `—${p.number}—`);
    expect(foot, `page number on page ${p.number}`).toBeDefined();
    expect(foot!.yMin, `page number below the block on page ${p.number}`).toBeGreaterThan(37 + 225);
    if (p.number % 2 === 1) expect(foot!.xMax).toBeGreaterThan(150);
    else expect(foot!.xMin).toBeLessThan(60);
  }
  // The edges were measured on at least one page, the first (which always opens with body text).
  expect(measured).toBeGreaterThan(0);
}

/** Pages that hold an image (pdfimages -list: a header, a rule, then one row per image). */
function imagePagesOf(pdf: string): Set<number> {
  const rows = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return new Set(rows.map((r) => Number(r.trim().split(/\s+/)[0])));
}

/** Convert a built DOCX, check its layout and return its text (lines joined). */
async function laidOut(file: string): Promise<string> {
  const pdf = await docxToPdf(file, out);
  for (const size of await pdfPageSizes(pdf)) {
    expect(size.widthPt).toBeCloseTo(595.28, 0);
    expect(size.heightPt).toBeCloseTo(841.89, 0);
  }
  const pages = await pdfLayout(pdf);
  checkLayout(pages, imagePagesOf(pdf));
  const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join('');
  // No punctuation lost at a line's end (LibreOffice drops a hanging one: docx.ts).
  const xml = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(file)))['word/document.xml']!);
  const written = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const marks = (s: string) => [...s].filter((c) => '。，；：、'.includes(c)).length;
  expect(marks(text), 'full-width punctuation in the PDF').toBe(marks(written));
  return text;
}

beforeAll(async () => {
  requireLayoutTools();
  t = await makeCore();
  out = tempDir('desk-exports-');
  await t.call('demo.load', {});
  const meetings = (await t.call('meeting.list', { page: 1, pageSize: 200 })).items;
  let best: typeof largest | null = null;
  let bestRows = -1;
  for (const m of meetings) {
    const sealed: Sealed[] = [];
    for (const p of await t.call('poll.list', { meetingId: m.id })) {
      if (p.status === 'closed' || p.status === 'released') sealed.push(await t.call('poll.result', { id: p.id }));
    }
    const rows = sealed.reduce((n, s) => n + s.result.targets.length, 0);
    if (rows > bestRows) {
      bestRows = rows;
      best = { meetingId: m.id, title: m.title, sealed };
    }
  }
  largest = best!;
  expect(largest.sealed.length).toBeGreaterThan(0);
}, 120_000);

afterAll(async () => {
  await t?.close();
  if (process.env.KEEP_REPORTS !== '1') fs.rmSync(out, { recursive: true, force: true });
  else console.log(`reports kept in ${out}`);
});

describe('the committee name', () => {
  it('is printed in meeting titles once set, and refused when it is not a committee name', async () => {
    expect(largest.title.startsWith('洛阳市第十七届人大常委会')).toBe(true);
    // The room screen shows the same title.
    const screen = await t.call('projector.state', {});
    expect(screen.meetingTitle).toMatch(/^洛阳市第十七届人大常委会第.+次会议$/);
    const bad = await t.fail('settings.update', { committee: { fullName: '洛阳市人大', shortName: '洛阳市人大常委会', office: '办公厅' } });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toContain('人民代表大会常务委员会');
    expect((await t.call('settings.get', {})).committee?.fullName).toBe('洛阳市人民代表大会常务委员会');
  });
});

describe('results notice (DOCX → PDF)', () => {
  it('is A4 with the standard margins, and carries every sealed figure, the rule and the digest', async () => {
    const { file, row } = await build({ report: 'results-notice', format: 'docx', meetingId: largest.meetingId });
    expect(row.fileName).toMatch(/测评.*结果的报告\.docx$/);
    const pdf = await docxToPdf(file, out);
    for (const s of await pdfPageSizes(pdf)) {
      expect(s.widthPt).toBeCloseTo(595.28, 0);
      expect(s.heightPt).toBeCloseTo(841.89, 0);
    }
    const pages = await pdfLayout(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    checkLayout(pages);
    const all = pages.flatMap((p) => p.lines.map((l) => l.text)).join('');
    expect(all).toContain('测评');
    expect(all).toContain('结果的报告');
    expect(all).toContain('中共洛阳市委：');
    expect(all).toContain('洛阳市人大常委会办公厅');
    expect(all).toContain('无记名投票');
    for (const s of largest.sealed) {
      const r = s.result as PollResult;
      expect(all).toContain(r.rule.text.slice(0, 12));
      expect(all.replace(/\s/g, '')).toContain(checkCode(s.digest).replace(/\s/g, ''));
      if (r.kind === 'satisfaction') {
        for (const target of r.targets) {
          const words = rowTexts(pages, target.label);
          expect(words.length, target.label).toBeGreaterThan(0);
          const joined = words.join(' ');
          for (const o of target.options) {
            expect(words, `${target.label} ${o.label} count`).toContain(String(o.count));
            expect(joined, `${target.label} ${o.label} rate`).toContain(o.rate.text);
          }
          expect(joined).toContain(target.satisfactionRate.text);
          if (target.verdict) expect(words.join('')).toContain(target.verdict.label);
        }
      }
      if (r.kind === 'decision' || r.kind === 'appointment') {
        for (const target of r.targets) {
          const words = rowTexts(pages, target.label);
          for (const o of target.options) expect(words, `${target.label} ${o.label}`).toContain(String(o.count));
          expect(words.join('')).toContain(target.verdict.label);
        }
      }
    }
  }, 180_000);
});

describe('meeting workbook (XLSX, CSV)', () => {
  it('has a sheet per sealed poll whose figures equal the seal, and a roster with no choice in it', async () => {
    const { bytes } = await build({ report: 'meeting-workbook', format: 'xlsx', meetingId: largest.meetingId });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBe(largest.sealed.length + 1);
    largest.sealed.forEach((s, i) => {
      const ws = wb.worksheets[i]!;
      const r = s.result as PollResult;
      // Find the header row (the first row whose first cell is 名次 or 序号).
      let header = 0;
      ws.eachRow((row, n) => {
        if (!header && ['名次', '序号'].includes(String(row.getCell(1).value))) header = n;
      });
      expect(header, ws.name).toBeGreaterThan(0);
      const headers = (ws.getRow(header).values as unknown[]).slice(1).map(String);
      const col = (name: string) => headers.indexOf(name) + 1;
      const byLabel = new Map<string, ExcelJS.Row>();
      for (let n = header + 1; n <= header + r.targets.length; n++) byLabel.set(String(ws.getRow(n).getCell(2).value), ws.getRow(n));
      if (r.kind === 'satisfaction') {
        for (const target of r.targets) {
          const row = byLabel.get(target.label)!;
          expect(row, target.label).toBeDefined();
          for (const o of target.options) {
            expect(row.getCell(col(`${o.label}（票）`)).value).toBe(o.count);
            const rate = row.getCell(col(`${o.label}（比例）`));
            expect(rate.numFmt).toBe('0.00%');
            expect(`${((rate.value as number) * 100).toFixed(2)}%`).toBe(o.rate.text);
          }
          expect(row.getCell(col('计票基数')).value).toBe(target.denominator.value);
          expect(row.getCell(col('评定结果')).value).toBe(target.verdict?.label ?? '不评定');
          expect(row.getCell(1).value).toBe(target.rank);
        }
      } else if (r.kind === 'decision' || r.kind === 'appointment') {
        for (const target of r.targets) {
          const row = byLabel.get(target.label)!;
          for (const o of target.options) expect(row.getCell(col(`${o.label}（票）`)).value).toBe(o.count);
          expect(row.getCell(col('结果')).value).toBe(target.verdict.label);
        }
      }
      const text = JSON.stringify(ws.getSheetValues());
      expect(text).toContain(s.digest);
    });
    const roster = wb.worksheets.at(-1)!;
    expect(roster.name).toBe('出席与参加表决情况');
    let header = 0;
    roster.eachRow((row, n) => {
      if (!header && row.getCell(1).value === '座次') header = n;
    });
    expect(header).toBeGreaterThan(0);
    const seen = new Set<unknown>();
    let members = 0;
    for (let n = header + 1; typeof roster.getRow(n).getCell(1).value === 'number'; n++) {
      members += 1;
      for (let c = 5; c < 5 + largest.sealed.length; c++) seen.add(roster.getRow(n).getCell(c).value);
    }
    expect(members).toBeGreaterThan(20);
    // Whether a member took part, never how: the only values a poll column holds.
    expect([...seen].every((v) => v === '已参加' || v === '未参加' || v === '—' || v === '不列出')).toBe(true);
    expect(seen.has('已参加')).toBe(true);
  }, 120_000);

  it('as CSV: one UTF-8 file with BOM per table, in a zip, with the same figures', async () => {
    const { bytes, row } = await build({ report: 'meeting-workbook', format: 'csv', meetingId: largest.meetingId });
    expect(row.fileName.endsWith('.zip')).toBe(true);
    const files = unzipSync(new Uint8Array(bytes));
    const names = Object.keys(files).sort();
    expect(names.length).toBe(largest.sealed.length + 1);
    const first = files[names[0]!]!;
    expect([...first.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(first.slice(3));
    const r = largest.sealed[0]!.result as PollResult;
    for (const target of r.targets) expect(text).toContain(target.label);
    if (r.kind === 'satisfaction') for (const target of r.targets) expect(text).toContain(target.satisfactionRate.text);
  });
});

describe('supervision reports', () => {
  it('the year summary, the ledger (DOCX, XLSX) and the plan (CSV) build from the demo year', async () => {
    const year = Number((await t.call('opinion.list', { status: 'all', overdue: false })).today.slice(0, 4));
    const summary = await build({ report: 'year-summary', format: 'docx', year });
    const all = await laidOut(summary.file);
    expect(all).toContain(`关于${year}年度监督工作情况的报告`);
    expect(all).toContain('年度监督计划执行情况');
    const plan = await t.call('plan.list', { year });
    expect(all).toContain(`共安排监督事项${plan.items.length}项`);
    const ledgerText = await laidOut((await build({ report: 'ledger', format: 'docx', year })).file);
    expect(ledgerText).toContain('审议意见办理台账');
    const ledger = await build({ report: 'ledger', format: 'xlsx', year });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ledger.bytes as unknown as ArrayBuffer);
    const opinions = (await t.call('opinion.list', { year, status: 'all', overdue: false })).items;
    let rows = 0;
    const sheet = wb.worksheets[0]!;
    let header = 0;
    sheet.eachRow((r, n) => {
      if (typeof r.getCell(1).value === 'number') rows += 1;
      if (!header && r.getCell(1).value === '序号') header = n;
    });
    expect(rows).toBe(opinions.length);
    // An opinion reported on keeps its handling deadline in the ledger (the deadline it was given).
    const dueCol = (sheet.getRow(header).values as unknown[]).indexOf('办理期限');
    const reported = opinions.filter((o) => o.sentOn !== null && o.deadline === null);
    expect(reported.length).toBeGreaterThan(0);
    for (const o of reported) {
      const row = [...Array(opinions.length).keys()].map((i) => sheet.getRow(header + 1 + i)).find((r) => r.getCell(2).value === o.title)!;
      expect(row.getCell(dueCol).value, o.title).toBeInstanceOf(Date);
    }
    const csv = await build({ report: 'plan', format: 'csv', year });
    expect(csv.row.fileName.endsWith('.csv')).toBe(true);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(csv.bytes.subarray(3));
    expect(text.split('\r\n').filter(Boolean).length).toBe(plan.items.length + 1);
  }, 180_000);

  it('the 审议意见书 lists the problems and the deadline', async () => {
    const sent = (await t.call('opinion.list', { status: 'all', overdue: false })).items.find((o) => o.deadline !== null)!;
    const detail = await t.call('opinion.get', { id: sent.id });
    const letter = await build({ report: 'opinion-letter', format: 'docx', opinionId: sent.id });
    const all = await laidOut(letter.file);
    const handling = await laidOut((await build({ report: 'handling-summary', format: 'docx', opinionId: sent.id })).file);
    expect(handling).toContain('研究处理情况的汇总');
    expect(handling).toContain('办理过程');
    for (const p of detail.problemList) expect(all).toContain(p.text.slice(0, 10));
    const [y, m, d] = sent.deadline!.split('-').map(Number);
    expect(all).toContain(`请于${y}年${m}月${d}日前`);
    expect(all).toContain('印发');
    expect(all).not.toContain('送审稿');
    // Not yet sent: a draft for the 主任会议, marked so and without the 版记 of a sent document.
    const draft = (await t.call('opinion.list', { status: 'draft', overdue: false })).items[0]!;
    const draftText = await laidOut((await build({ report: 'opinion-letter', format: 'docx', opinionId: draft.id })).file);
    expect(draftText).toContain('（送审稿）');
    expect(draftText).not.toContain('印发');
  }, 120_000);
});

describe('a poll rating several bodies', () => {
  it('gets a chart of its 满意率 after its table, drawn into the DOCX', async () => {
    const c = await makeCore();
    try {
      const { term } = await seedTermOf(c, { n: 9 });
      const m = await meetingWithAll(c, term.id, 3, '2026-03-05');
      const body = await bodyNamed(c, '市人民政府');
      const item = await agendaItem(c, m.id, '听取和审议有关部门关于审议意见研究处理情况的报告', body.id);
      const targets = [
        { key: 'a', label: '市教育局' },
        { key: 'b', label: '市卫生健康委员会' },
        { key: 'c', label: '市城市管理综合行政执法局' },
      ];
      await sealPoll(c, item.id, { kind: 'satisfaction', title: '对有关部门审议意见研究处理情况的满意度测评', targets }, [
        ...times(6, satSheet({ a: 'satisfied', b: 'basically', c: 'unsatisfied' })),
        ...times(3, satSheet({ a: 'satisfied', b: 'satisfied', c: 'basically' })),
      ]);
      const row = await c.call('export.start', { report: 'results-notice', format: 'docx', meetingId: m.id });
      await c.core.exportsIdle();
      const f = (await c.core.exportFile(row.id))!;
      const media = Object.keys(unzipSync(new Uint8Array(fs.readFileSync(f.path)))).filter((n) => n.startsWith('word/media/'));
      expect(media.length).toBe(1);
      const file = path.join(out, 'with-chart.docx');
      fs.copyFileSync(f.path, file);
      const pdf = await docxToPdf(file, out);
      checkLayout(await pdfLayout(pdf), imagePagesOf(pdf));
      const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(images.length).toBeGreaterThanOrEqual(1);
      const all = (await pdfLayout(pdf)).flatMap((p) => p.lines.map((l) => l.text)).join('');
      expect(all).toContain('图：对有关部门审议意见研究处理情况的满意度测评满意率');
      // Rates as sealed: 9 of 9, 9 of 9 (6 基本满意 + 3 满意), 3 of 9.
      expect(all).toContain('100.00%');
      expect(all).toContain('33.33%');

      // Every one of the 9 rated 市教育局 满意: beside that result, a list of who took part would
      // name their choices, so the workbook's roster does not list this poll by name.
      const wbRow = await c.call('export.start', { report: 'meeting-workbook', format: 'xlsx', meetingId: m.id });
      await c.core.exportsIdle();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fs.readFileSync((await c.core.exportFile(wbRow.id))!.path) as unknown as ArrayBuffer);
      const roster = wb.getWorksheet('出席与参加表决情况')!;
      const cells: unknown[] = [];
      roster.eachRow((r) => cells.push(r.getCell(5).value));
      expect(cells.filter((v) => v === '不列出')).toHaveLength(9);
      expect(cells.filter((v) => v === '已参加')).toHaveLength(0);
      expect(JSON.stringify(roster.getSheetValues())).toContain('参加者的选择全部相同');

      // A scoring poll on the same meeting: the 工作评议 report with its scores and grade bands.
      const review = await agendaItem(c, m.id, '对市政府组成部门开展工作评议', body.id, 'scoring');
      const { sealed: scored } = await sealPoll(c, review.id, { kind: 'scoring', title: '工作评议打分', targets: targets.slice(0, 2) }, [
        ...[95, 91, 88].map((x) => ({ kind: 'scoring', group: null, scores: { a: x, b: 72 } })),
        ...times(6, { kind: 'scoring', group: null, scores: { a: 90, b: 65 } }),
      ]);
      const scoring = await c.call('export.start', { report: 'scoring-report', format: 'docx', meetingId: m.id });
      await c.core.exportsIdle();
      const sf = path.join(out, 'scoring.docx');
      fs.copyFileSync((await c.core.exportFile(scoring.id))!.path, sf);
      const text = await laidOut(sf);
      expect(text).toContain('工作评议结果的报告');
      expect(text).toContain('等次分布');
      if (scored.result.kind !== 'scoring') throw new Error('not a scoring result');
      for (const target of scored.result.targets) {
        expect(text).toContain(target.score!.text);
        expect(text).toContain(`${target.grade!.label}（`);
      }
    } finally {
      await c.close();
    }
  }, 120_000);
});

describe('text that XML cannot hold', () => {
  it('is refused in the committee name (and names that are not one place), and dropped from files where old data holds it', async () => {
    for (const committee of [
      { fullName: '洛阳市\uFFFE人民代表大会常务委员会', shortName: '洛阳市人大常委会', office: '办公厅' },
      { fullName: '洛阳\n市人民代表大会常务委员会', shortName: '洛阳市人大常委会', office: '办公厅' },
      { fullName: '洛阳市\u202e人民代表大会常务委员会', shortName: '洛阳市人大常委会', office: '办公厅' },
      { fullName: '\u0085人民代表大会常务委员会', shortName: '洛阳市人大常委会', office: '办公厅' },
      { fullName: '人民代表大会常务委员会人民代表大会常务委员会', shortName: '洛阳市人大常委会', office: '办公厅' },
      { fullName: '洛阳市人民代表大会常务委员会', shortName: '开封市人大常委会', office: '办公厅' },
    ]) {
      const e = await t.fail('settings.update', { committee });
      expect(e.code, JSON.stringify(committee)).toBe('VALIDATION');
    }
    expect((await t.call('settings.get', {})).committee?.fullName).toBe('洛阳市人民代表大会常务委员会');
    // A shortened place is still the same place.
    const c = await makeCore();
    try {
      await c.call('settings.update', { committee: { fullName: '延边朝鲜族自治州人民代表大会常务委员会', shortName: '延边州人大常委会', office: '办公厅' } });
      // A poll label with U+FFFF (accepted by the poll form): the file stays readable, without it.
      const { term } = await seedTermOf(c, { n: 5 });
      const m = await meetingWithAll(c, term.id, 1, '2026-04-01');
      const item = await agendaItem(c, m.id, '听取和审议工作报告', (await bodyNamed(c, '州人民政府')).id);
      await sealPoll(c, item.id, { kind: 'satisfaction', title: '满意度测评', targets: [{ key: 'a', label: '单位\uFFFF甲' }, { key: 'b', label: '单位乙' }] }, times(5, satSheet({ a: 'satisfied', b: 'basically' })));
      const row = await c.call('export.start', { report: 'results-notice', format: 'docx', meetingId: m.id });
      await c.core.exportsIdle();
      const file = path.join(out, 'xml-safe.docx');
      fs.copyFileSync((await c.core.exportFile(row.id))!.path, file);
      const xml = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(file)))['word/document.xml']!);
      expect(xml).not.toMatch(/[\uFFFE\uFFFF]/);
      expect(xml).toContain('单位甲');
      expect(xml).toContain('中共延边朝鲜族自治州委');
      expect(xml).toContain('延边州人大常委会办公厅');
      const text = await laidOut(file);
      expect(text).toContain('单位甲');
      // The chart of the two rows was drawn (its label no longer breaks the SVG).
      expect(Object.keys(unzipSync(new Uint8Array(fs.readFileSync(file)))).filter((n) => n.startsWith('word/media/'))).toHaveLength(1);
    } finally {
      await c.close();
    }
  }, 120_000);
});

describe('refusals', () => {
  it('a meeting with nothing sealed, a format the report lacks, a missing scope: Chinese errors, no file, no row', async () => {
    const before = (await t.call('export.list', {})).length;
    const meetings = (await t.call('meeting.list', { page: 1, pageSize: 200 })).items;
    let empty: number | null = null;
    for (const m of meetings) {
      const polls = await t.call('poll.list', { meetingId: m.id });
      if (!polls.some((p) => p.status === 'closed' || p.status === 'released')) empty = m.id;
    }
    expect(empty).not.toBeNull();
    const e1 = await t.fail('export.start', { report: 'results-notice', format: 'docx', meetingId: empty });
    expect(e1.code).toBe('STATE');
    expect(e1.message).toMatch(/还没有已封存的/);
    const e2 = await t.fail('export.start', { report: 'results-notice', format: 'xlsx', meetingId: largest.meetingId });
    expect(e2.code).toBe('VALIDATION');
    const e3 = await t.fail('export.start', { report: 'ledger', format: 'xlsx' });
    expect(e3.message).toBe('请选择年度');
    const e4 = await t.fail('export.start', { report: 'nothing', format: 'docx' });
    expect(e4.code).toBe('VALIDATION');
    expect((await t.call('export.list', {})).length).toBe(before);
  });
});
