import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../electron/core/reports/docx.js';
import { OfficialDoc, type OfficialDocInput } from '../../shared/domain/reports/official-doc.js';
import { darkRuns, docxToPdf, pdfLayout, pdfPageSizes, renderPageGray, renderPagePng, requireLayoutTools, type PageSize, type PdfLine, type PdfPage } from '../helpers/pdf.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The DOCX writer's GB/T 9704-2012 layout, measured: the document is converted to PDF by
 * LibreOffice and the positions of its text are read back with poppler. Positions depend on
 * margins and line pitch, not on glyphs, so they hold with the CJK fonts LibreOffice falls
 * back to when the official ones are missing. KEEP_REPORTS=1 keeps the PDF and a PNG of page 1.
 */

const A4 = { widthPt: 595.28, heightPt: 841.89 };
const BLOCK = { top: 37, height: 225, width: 156, inside: 28, outside: 26 };
const BLOCK_BOTTOM = BLOCK.top + BLOCK.height; // 262 mm from the top
/** One 3号 body character (156 mm / 28) and one 4号 (14 pt) character, in mm. */
const CHAR3_MM = BLOCK.width / 28;
const CHAR4_MM = (14 * 25.4) / 72;

// ---------------------------------------------------------------------------------------------
// A synthetic document: long enough for five pages, with every kind of block.

const SENTENCES = [
  '常委会组成人员对报告中提出的各项工作进行了认真审议和满意度测评',
  '本次测评采用无记名方式进行，应到会人数和实到会人数均符合法定要求',
  '测评结果经计票人员核对无误后当场公布，并报请主任会议审定',
  '各承办单位要对照审议意见逐条研究处理，在规定期限内书面报告整改情况',
  '常委会将适时组织跟踪监督，确保审议意见落到实处、取得实效',
  '有关专门委员会和工作机构要加强对办理工作的督促检查和协调服务',
];

/** Chinese text of about `n` characters, cycling through the sentences. */
function chinese(n: number, offset = 0): string {
  let out = '';
  for (let i = offset; out.length < n; i++) out += `${SENTENCES[i % SENTENCES.length]}。`;
  return `${out.slice(0, n - 1).replace(/[，。、]+$/, '')}。`;
}

function crc32(buf: Uint8Array): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A small valid RGB PNG: three bars on white. */
function tinyPng(width = 120, height = 60): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height, 255);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const bar = Math.floor(x / 40);
      const barTop = [20, 35, 10][bar] ?? height;
      if (x % 40 >= 8 && x % 40 < 32 && y >= barTop) raw.fill(60 + bar * 60, y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const TITLE_LINE_1 = '关于市人民政府2024年度民生实事';
const TITLE_LINE_2 = '项目办理情况满意度测评结果的报告';
const TABLE_NUMBER = '87.65';
const DIGEST = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function syntheticDoc(): OfficialDoc {
  const input: OfficialDocInput = {
    title: `${TITLE_LINE_1}\n${TITLE_LINE_2}`,
    addressee: '中共洛阳市委：',
    blocks: [
      { kind: 'paragraph', text: chinese(140) },
      { kind: 'heading', level: 1, text: '一、测评基本情况' },
      { kind: 'heading', level: 2, text: '（一）测评组织' },
      { kind: 'paragraph', text: chinese(200, 1), lead: { level: 3, text: '1.会前准备。' } },
      { kind: 'paragraph', text: chinese(260, 2), lead: { level: 4, text: '（1）人员到会。' } },
      { kind: 'paragraph', text: chinese(600, 3) },
      { kind: 'paragraph', text: chinese(420, 4) },
      { kind: 'heading', level: 2, text: '（二）测评结果' },
      {
        kind: 'table',
        caption: '表1　各承办单位满意度测评结果',
        columns: [
          { title: '序号', width: 1, align: 'center' },
          { title: '承办单位', width: 3, align: 'left' },
          { title: '应到', width: 1, align: 'right' },
          { title: '实到', width: 1, align: 'right' },
          { title: '满意', width: 1, align: 'right' },
          { title: '基本满意', width: 1.3, align: 'right' },
          { title: '不满意', width: 1.2, align: 'right' },
          { title: '满意率', width: 1.4, align: 'right' },
        ],
        rows: Array.from({ length: 30 }, (_, i) => [
          String(i + 1),
          `市第${i + 1}承办局`,
          '35',
          '33',
          String(20 + (i % 7)),
          String(10 - (i % 7)),
          '3',
          i === 0 ? `${TABLE_NUMBER}%` : `${(60 + i).toFixed(2)}%`,
        ]),
        notes: ['注：满意率＝满意票数÷实到人数×100%。'],
      },
      {
        kind: 'table',
        caption: '表2　测评票数汇总',
        columns: [
          { title: '项目', width: 2, align: 'left' },
          { title: '票数', width: 1, align: 'right' },
          { title: '占比', width: 1, align: 'right' },
          { title: '备注', width: 2, align: 'left' },
        ],
        rows: [
          ['满意', '412', '62.14%', ''],
          ['基本满意', '201', '30.32%', ''],
          ['不满意', '50', '7.54%', '含弃权票'],
        ],
        notes: [],
      },
      { kind: 'chart', caption: '图1　满意率分布', widthMm: 120, heightMm: 60, png: tinyPng().toString('base64'), svg: '<svg/>' },
      { kind: 'digest', label: '结果摘要（SHA-256）', value: DIGEST },
      { kind: 'pageBreak' },
      { kind: 'heading', level: 1, text: '二、下一步工作' },
      { kind: 'paragraph', text: chinese(560, 5) },
      { kind: 'paragraph', text: chinese(150, 2) },
    ],
    attachments: ['各承办单位满意度测评明细表', '测评票样'],
    signature: { office: '洛阳市人大常委会办公室', date: '2024-03-05' },
    note: '此件公开发布',
    record: { copyTo: '市人大常委会各位副主任，秘书长', printedBy: '洛阳市人大常委会办公室', printedOn: '2024-03-06' },
    meta: { subject: '满意度测评结果', creator: 'Committee Desk' },
  };
  return OfficialDoc.parse(input);
}

// ---------------------------------------------------------------------------------------------

let dir = '';
let pdfPath = '';
let sizes: PageSize[] = [];
let pages: PdfPage[] = [];

beforeAll(async () => {
  requireLayoutTools();
  dir = tempDir('desk-docx-');
  const docx = path.join(dir, 'report.docx');
  fs.writeFileSync(docx, await renderDocx(syntheticDoc()));
  pdfPath = await docxToPdf(docx, dir);
  sizes = await pdfPageSizes(pdfPath);
  pages = await pdfLayout(pdfPath);
  const png = await renderPagePng(pdfPath, 1, path.join(dir, 'page-1'));
  if (process.env.KEEP_REPORTS === '1') console.log(`docx-layout: kept\n  ${docx}\n  ${pdfPath}\n  ${png}`);
}, 120_000);

afterAll(() => {
  if (dir && process.env.KEEP_REPORTS !== '1') fs.rmSync(dir, { recursive: true, force: true });
});

const PAGE_NUMBER = /^—\s*(\d+)\s*—$/;
/** Lines inside the text block: everything but the page number. */
const bodyLines = (page: PdfPage): PdfLine[] => page.lines.filter((l) => l.yMin < BLOCK_BOTTOM && !PAGE_NUMBER.test(l.text));
const isOdd = (page: PdfPage): boolean => page.number % 2 === 1;
/** The block's left edge: the binding edge on odd pages, the outer edge on even ones. */
const blockLeft = (page: PdfPage): number => (isOdd(page) ? BLOCK.inside : BLOCK.outside);
/** Full-width CJK and punctuation count one, ASCII half. */
const charWidth = (s: string): number => [...s.replace(/\s/g, '')].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) < 0x80 ? 0.5 : 1), 0);
/** Justified lines that run from the block's left edge to its right edge. */
const fullLines = (page: PdfPage): PdfLine[] =>
  bodyLines(page).filter((l) => Math.abs(l.xMin - blockLeft(page)) < 2 && Math.abs(l.xMax - (blockLeft(page) + BLOCK.width)) < 2);
const PT = 25.4 / 72;
/** The type size of a line, from the height poppler gives its glyphs (1.3 em for the CJK fonts here). */
const typeSizePt = (l: PdfLine): number => (l.yMax - l.yMin) / PT / 1.3;
/** Body lines are 28.95 pt (579 twips) apart: 22 of them fill the 225 mm block. */
const LINE_MM = (579 / 20) * PT;

/**
 * Where the line box of a text line starts. poppler reports the glyph box, not the line box: in
 * a line of exact height LibreOffice puts the baseline 80 % of the way down (sw itrform2.cxx,
 * SvxLineSpaceRule::Fix), and the glyph box starts one ascent above that. Measured with Noto Sans
 * CJK standing in for the official fonts: the first body glyphs start 39.83 mm from the top of
 * the page and the 22 pt title's 37.82 mm; both give a line top of 37.00 mm with an ascent of
 * 0.946 em (and the first table border, measured in pixels below, is at 37.0 mm too). Another
 * CJK font's ascent (0.85–1.05 em) moves a 16 pt line's estimate by under 1 mm, inside ±2 mm.
 */
const lineTop = (l: PdfLine): number => l.yMin - (0.8 * LINE_MM - 0.946 * typeSizePt(l) * PT);

describe('official document DOCX laid out by LibreOffice (GB/T 9704-2012)', () => {
  it('runs to several pages, every one A4', () => {
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(pages.length).toBe(sizes.length);
    for (const size of sizes) {
      expect(Math.abs(size.widthPt - A4.widthPt)).toBeLessThanOrEqual(1);
      expect(Math.abs(size.heightPt - A4.heightPt)).toBeLessThanOrEqual(1);
    }
  });

  it('mirrors the margins: binding edge 28 mm on the left of odd pages and on the right of even pages', () => {
    for (const p of pages) {
      const left = Math.min(...bodyLines(p).map((l) => l.xMin));
      const full = fullLines(p);
      const right = 210 - Math.max(...full.map((l) => l.xMax));
      if (isOdd(p)) {
        expect(Math.abs(left - 28), `page ${p.number}: left margin ${left.toFixed(2)} mm`).toBeLessThanOrEqual(2);
        if (full.length > 0) expect(Math.abs(right - 26), `page ${p.number}: right margin ${right.toFixed(2)} mm`).toBeLessThanOrEqual(2);
      } else {
        expect(Math.abs(left - 26), `page ${p.number}: left margin ${left.toFixed(2)} mm`).toBeLessThanOrEqual(2);
        if (full.length > 0) expect(Math.abs(right - 28), `page ${p.number}: right margin ${right.toFixed(2)} mm`).toBeLessThanOrEqual(2);
      }
    }
    // Nothing runs past either edge of the block, but for a closing punctuation mark hanging one
    // character past the right edge, as Chinese Word's default 「允许标点溢出边界」 has it.
    for (const p of pages) {
      for (const l of bodyLines(p)) {
        expect(l.xMin, `page ${p.number}: 「${l.text}」`).toBeGreaterThanOrEqual(blockLeft(p) - 0.5);
        const hangs = /[，。、；：！？”’）》]$/.test(l.text) ? CHAR3_MM : 0;
        expect(l.xMax, `page ${p.number}: 「${l.text}」`).toBeLessThanOrEqual(blockLeft(p) + BLOCK.width + hangs + 0.5);
      }
    }
    // Both parities were measured on full justified lines, not just on their left edges.
    const odd = pages.filter((p) => isOdd(p) && fullLines(p).length >= 10);
    const even = pages.filter((p) => !isOdd(p) && fullLines(p).length >= 10);
    expect(odd.length).toBeGreaterThan(0);
    expect(even.length).toBeGreaterThan(0);
    // ±2 mm alone cannot tell 28 from 26: the block itself must move 2 mm between parities.
    const leftOf = (p: PdfPage) => Math.min(...fullLines(p).map((l) => l.xMin));
    expect(Math.abs(leftOf(odd[0]!) - leftOf(even[0]!) - (BLOCK.inside - BLOCK.outside))).toBeLessThanOrEqual(0.2);
  });

  it('starts the text block 37 mm from the top of every page', () => {
    for (const p of pages) {
      const first = bodyLines(p).reduce((a, b) => (b.yMin < a.yMin ? b : a));
      if (typeSizePt(first) >= 15) {
        expect(Math.abs(lineTop(first) - BLOCK.top), `page ${p.number}: first line box at ${lineTop(first).toFixed(2)} mm`).toBeLessThanOrEqual(2);
      } else {
        // A table row continued from the page before: its text sits just inside the row.
        expect(first.yMin, `page ${p.number}: table text at ${first.yMin.toFixed(2)} mm`).toBeGreaterThanOrEqual(BLOCK.top);
        expect(first.yMin).toBeLessThanOrEqual(BLOCK.top + 2);
      }
    }
  });

  it('draws a continued table from the top of the block, exactly as wide as the block', async () => {
    // The page where table 1 continues with its header row repeated: its top border is the
    // first ink on the page and is drawn where the block starts, font or no font.
    const captionPage = pages.find((p) => p.lines.some((l) => l.text.startsWith('表1')));
    expect(captionPage).toBeDefined();
    const next = pages[captionPage!.number];
    // pdftotext reads each cell as a line of its own: the header's cells stand at the top.
    const top = Math.min(...bodyLines(next!).map((l) => l.yMin));
    expect(bodyLines(next!).filter((l) => l.yMin < top + 1).map((l) => l.text)).toEqual(expect.arrayContaining(['序号', '承办单位', '满意率']));
    const gray = await renderPageGray(pdfPath, next!.number, path.join(dir, `page-${next!.number}-gray`));
    let row = 0;
    while (row < gray.height && darkRuns(gray, row).length === 0) row++;
    expect(Math.abs((row / gray.dpi) * 25.4 - BLOCK.top)).toBeLessThanOrEqual(0.5);
    // The rule is a pixel or two thick: its longest dark run.
    const border = [row, row + 1, row + 2].flatMap((r) => darkRuns(gray, r)).reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
    expect(Math.abs(border.from - blockLeft(next!))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(border.to - border.from - BLOCK.width)).toBeLessThanOrEqual(0.5);
  });

  it('sets 28 characters on a full line and 22 lines on a full page', () => {
    const counts = pages.flatMap((p) => fullLines(p).filter((l) => typeSizePt(l) >= 15).map((l) => charWidth(l.text)));
    expect(counts.length).toBeGreaterThan(50);
    for (const n of counts) expect(Math.abs(n - 28), `a full line of ${n} characters`).toBeLessThanOrEqual(1);
    expect(counts.filter((n) => n === 28).length / counts.length).toBeGreaterThan(0.9);

    // Pages 2 and 3 hold nothing but body text, which runs on from page 1 to page 4: 22 lines
    // each, evenly 28.95 pt apart, so the 22nd ends at the block's foot (37 + 22 × 10.21 mm).
    for (const p of [pages[1]!, pages[2]!]) {
      expect(bodyLines(p).every((l) => Math.abs(typeSizePt(l) - 16) < 1), `page ${p.number} is all body text`).toBe(true);
      const tops = [...new Set(bodyLines(p).map((l) => lineTop(l).toFixed(1)))].map(Number).sort((a, b) => a - b);
      expect(tops.length, `page ${p.number} lines`).toBe(22);
      for (let i = 1; i < tops.length; i++) expect(Math.abs(tops[i]! - tops[i - 1]! - LINE_MM)).toBeLessThanOrEqual(0.15);
      expect(Math.abs(tops.at(-1)! - tops[0]! - 21 * LINE_MM)).toBeLessThanOrEqual(0.3);
    }
  });

  it('numbers every page 「— N —」 below the block, odd pages right and even pages left, one character in', async () => {
    for (const p of pages) {
      const numbers = p.lines.filter((l) => PAGE_NUMBER.test(l.text));
      expect(numbers.map((l) => Number(PAGE_NUMBER.exec(l.text)?.[1])), `page ${p.number}`).toEqual([p.number]);
      const n = numbers[0]!;
      expect(n.yMin).toBeGreaterThan(BLOCK_BOTTOM);
      if (isOdd(p)) expect(Math.abs(n.xMax - (210 - BLOCK.outside - CHAR4_MM)), `page ${p.number}: right end ${n.xMax.toFixed(2)}`).toBeLessThanOrEqual(1);
      else expect(Math.abs(n.xMin - (BLOCK.outside + CHAR4_MM)), `page ${p.number}: left end ${n.xMin.toFixed(2)}`).toBeLessThanOrEqual(1);
    }
    // 7.5: the dashes' top edge 7 mm below the block (±1 mm: where a font draws its dash varies).
    const gray = await renderPageGray(pdfPath, 1, path.join(dir, 'page-1-gray'), 300);
    let row = Math.round((BLOCK_BOTTOM / 25.4) * gray.dpi);
    while (row < gray.height && !darkRuns(gray, row).some((r) => r.to - r.from > 3)) row++;
    expect(Math.abs((row / gray.dpi) * 25.4 - (BLOCK_BOTTOM + 7))).toBeLessThanOrEqual(1);
  });

  it('closes with 附件说明, the signature, 附注 and 版记 where GB/T 9704 puts them', () => {
    const last = pages.at(-1)!;
    const line = (text: string) => {
      const found = last.lines.find((l) => l.text === text);
      expect(found, `「${text}」 on the last page`).toBeDefined();
      return found!;
    };
    const left = blockLeft(last);
    const right = left + BLOCK.width;
    // 7.3.4: 「附件：」 two characters in; the second attachment's number under the first's.
    const first = line('附件：1.各承办单位满意度测评明细表');
    const second = line('2.测评票样');
    expect(Math.abs(first.xMin - (left + 2 * CHAR3_MM))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(second.xMin - (left + 5 * CHAR3_MM))).toBeLessThanOrEqual(0.5);
    // 7.3.5.1: two blank lines, the date four characters in from the right, the office centred over it.
    const office = line('洛阳市人大常委会办公室');
    const date = line('2024年3月5日');
    expect(office.yMin - second.yMin).toBeCloseTo(3 * LINE_MM, 0);
    expect(date.yMin - office.yMin).toBeCloseTo(LINE_MM, 0);
    expect(Math.abs(right - date.xMax - 4 * CHAR3_MM), `date ends ${(right - date.xMax).toFixed(2)} mm from the right`).toBeLessThanOrEqual(2);
    expect(Math.abs((office.xMin + office.xMax) / 2 - (date.xMin + date.xMax) / 2)).toBeLessThanOrEqual(0.5);
    // 附注 on the line below the date, two characters in.
    const note = line('（此件公开发布）');
    expect(note.yMin - date.yMin).toBeCloseTo(LINE_MM, 0);
    expect(Math.abs(note.xMin - (left + 2 * CHAR3_MM))).toBeLessThanOrEqual(0.5);
    // 版记 last, 4号: 抄送 and 印发机关 one character in from the left, 印发日期 one in from the right.
    const copy = line('抄送：市人大常委会各位副主任，秘书长');
    const printed = last.lines.filter((l) => l.text === '洛阳市人大常委会办公室' && l.yMin > copy.yMin);
    const printedOn = line('2024年3月6日印发');
    expect(copy.yMin).toBeGreaterThan(note.yMin);
    expect(printed).toHaveLength(1);
    expect(Math.abs(copy.xMin - (left + CHAR4_MM))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(printed[0]!.xMin - (left + CHAR4_MM))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(right - printedOn.xMax - CHAR4_MM)).toBeLessThanOrEqual(0.5);
    expect(typeSizePt(copy)).toBeCloseTo(14, 0);
  });

  it('prints the title, the table figures and the digest as text', () => {
    const all = pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n');
    expect(all).toContain(TITLE_LINE_1);
    expect(all).toContain(TITLE_LINE_2);
    expect(all).toContain(`${TABLE_NUMBER}%`);
    expect(all.replace(/\n/g, '')).toContain(DIGEST);
    expect(all).toContain('2024年3月5日');
  });
});

describe('the signature of an unsealed document (GB/T 9704 7.3.5.2)', () => {
  let last: PdfPage | undefined;

  beforeAll(async () => {
    requireLayoutTools();
    const doc = OfficialDoc.parse({
      title: '关于印发测评办法的通知',
      blocks: [{ kind: 'paragraph', text: chinese(90) }],
      signature: { office: '洛阳市人大常委会办公室', date: '2024-11-25' },
      meta: { subject: '测评办法', creator: 'Committee Desk' },
    } satisfies OfficialDocInput);
    const sub = fs.mkdtempSync(path.join(dir, 'unsealed-'));
    const docx = path.join(sub, 'unsealed.docx');
    fs.writeFileSync(docx, await renderDocx(doc, { signature: 'unsealed' }));
    last = (await pdfLayout(await docxToPdf(docx, sub))).at(-1);
  }, 120_000);

  it('sets the office two characters in from the right and starts the date two characters right of it', () => {
    const lines = last!.lines;
    const body = lines.filter((l) => l.text.includes('。')).at(-1)!;
    const office = lines.find((l) => l.text === '洛阳市人大常委会办公室')!;
    const date = lines.find((l) => l.text === '2024年11月25日')!;
    expect(office.yMin - body.yMin).toBeCloseTo(2 * LINE_MM, 0);
    expect(Math.abs(BLOCK.inside + BLOCK.width - office.xMax - 2 * CHAR3_MM)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(date.xMin - office.xMin - 2 * CHAR3_MM)).toBeLessThanOrEqual(0.5);
    expect(date.yMin - office.yMin).toBeCloseTo(LINE_MM, 0);
  });
});
