import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { chineseDate } from '../../../shared/domain/format.js';
import { tablePointSize, type DocBlock, type HeadingLevel, type OfficialDoc } from '../../../shared/domain/reports/official-doc.js';
import { LATIN_FONT, MONO_FONT, OFFICIAL_FONTS } from './fonts.js';

/**
 * The DOCX writer for official documents, laid out per GB/T 9704-2012:
 *
 * - A4; 版心 156 × 225 mm; top margin 37 mm; binding edge (订口) 28 mm, so odd pages start the
 *   text 28 mm from the left edge and even pages end it 28 mm from the right (mirror margins).
 * - Body 3号仿宋_GB2312, 22 lines of 28 characters: every line is exactly 225/22 mm high and
 *   body characters are set 0.25 pt tighter than their 16 pt size, so 28 fill the 156 mm line.
 * - Page numbers 4号宋体 「— 1 —」 below the text block, odd pages right and even pages left,
 *   one character in from the block's edge.
 *
 * Sizes are in twips (1/20 pt) unless named otherwise; Word's half-point font sizes are `Hp`.
 */

const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);

const PAGE_WIDTH = 11906; // 210 mm
const PAGE_HEIGHT = 16838; // 297 mm
const MARGIN_TOP = mm(37);
const MARGIN_BOTTOM = mm(35); // 297 − 37 − 225
const MARGIN_INSIDE = mm(28); // 订口: left on odd pages, right on even pages
const MARGIN_OUTSIDE = mm(26);
/** 156 mm (8845 twips): tables are scaled to it. */
const TEXT_WIDTH = PAGE_WIDTH - MARGIN_INSIDE - MARGIN_OUTSIDE;

/** 225 mm / 22 lines = 10.23 mm = 28.95 pt: every body line, on or off the grid. */
const LINE = 579;
/** One body character cell: 156 mm / 28 = 15.79 pt. Indents are counted in these. */
const CHAR = TEXT_WIDTH / 28;
/** 3号 = 16 pt. */
const BODY_HP = 32;
/**
 * Body characters are 16 pt wide; 28 of them take 448 pt but the line is 442.2 pt, which would
 * leave 27 a line. Setting them 0.25 pt tighter (w:spacing −5) fits 28 with 1.2 pt to spare.
 * Word's character grid (docGrid linesAndChars, charSpace −849) would do this in Word, but
 * LibreOffice centres each character in a cell far wider than Word's (19 a line, measured);
 * character spacing means the same in every program.
 */
const BODY_CHAR_SPACING = -5;

/** 4号 = 14 pt: page numbers, 版记. */
const SIZE4_HP = 28;
/** 5号 = 10.5 pt: tables of more than four columns, the digest. */
const SIZE5_HP = 21;
/** 2号 = 22 pt: the title. */
const TITLE_HP = 44;

/**
 * The page number's line is 16 pt exact; LibreOffice puts the baseline of an exact-height line
 * 80 % of the way down, and CJK fonts draw the em dash about 0.31 em (1.5 mm at 14 pt) above it.
 * The footer is measured from the page's bottom edge to the bottom of that line: 25.3 mm puts
 * the dashes' top edge 7 mm below the text block (GB/T 9704 7.5: 「一字线上距版心下边缘7 mm」),
 * measured at 269.0 mm from the top of the page.
 */
const FOOTER_LINE = 320;
const FOOTER_DISTANCE = mm(25.3);

const BODY_FONT = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: OFFICIAL_FONTS.body, hint: 'eastAsia' };
const fontOf = (eastAsia: string, latin = LATIN_FONT) => ({ ascii: latin, hAnsi: latin, cs: latin, eastAsia, hint: 'eastAsia' });

const HEADING_FONT: Record<HeadingLevel, string> = {
  1: OFFICIAL_FONTS.heading1,
  2: OFFICIAL_FONTS.heading2,
  3: OFFICIAL_FONTS.body,
  4: OFFICIAL_FONTS.body,
};

export interface RenderDocxOptions {
  /**
   * The signature block's layout. `sealed` (default; the office stamps the printed copy):
   * 成文日期 4 characters in from the right with 发文机关署名 centred over it, two blank lines
   * below the body (7.3.5.1). `unsealed`: 署名 2 characters in from the right one blank line
   * below the body, the date below it starting 2 characters further right (7.3.5.2).
   */
  signature?: 'sealed' | 'unsealed';
}

/** Lays out `doc` as a GB/T 9704-2012 DOCX file. */
export async function renderDocx(doc: OfficialDoc, opts: RenderDocxOptions = {}): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [...titleParagraphs(doc)];
  if (doc.addressee) children.push(bodyParagraph([text(doc.addressee)], { indent: { firstLine: 0 } }));

  // The closing part (附件说明, signature, 附注) must not stand on a page of its own (7.3.5):
  // it is kept with the last body paragraph, which keeps its last lines with it.
  const lastText = doc.blocks.findLastIndex((b) => b.kind !== 'pageBreak');
  let breakBefore = false;
  doc.blocks.forEach((block, i) => {
    if (block.kind === 'pageBreak') {
      breakBefore = true;
      return;
    }
    children.push(...blockContent(block, { breakBefore, keepNext: i === lastText }));
    breakBefore = false;
  });

  children.push(...attachmentParagraphs(doc.attachments));
  children.push(...signatureParagraphs(doc, opts.signature ?? 'sealed', Boolean(doc.note)));
  if (doc.note) {
    const note = /^[（(]/.test(doc.note) ? doc.note : `（${doc.note}）`;
    children.push(bodyParagraph([text(note)]));
  }
  if (doc.record) children.push(...recordBlock(doc.record));

  const document = new Document({
    title: doc.title.replace(/\s*\n\s*/g, ''),
    subject: doc.meta.subject,
    creator: doc.meta.creator,
    lastModifiedBy: doc.meta.creator,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_HP, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
            // With w:mirrorMargins (added below) Word and LibreOffice read left as inside, right as outside.
            margin: { top: MARGIN_TOP, bottom: MARGIN_BOTTOM, left: MARGIN_INSIDE, right: MARGIN_OUTSIDE, header: mm(15), footer: FOOTER_DISTANCE, gutter: 0 },
          },
          // No document grid: LibreOffice snaps every line to a line grid, so each line of the
          // 22 pt title took two, and it spaces a character grid far wider than Word does. The
          // pitch is recorded for Word's Page Setup; exact line spacing does the work everywhere.
          grid: { type: DocumentGridType.DEFAULT, linePitch: LINE },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });

  return patchPackage(await Packer.toBuffer(document));
}

// ---------------------------------------------------------------------------------------------
// Runs and paragraphs

function text(value: string, options: Omit<IRunOptions, 'text'> = {}): TextRun {
  return new TextRun({ text: value, characterSpacing: BODY_CHAR_SPACING, ...options });
}

/** A body paragraph: justified, first line indented two characters, on the 22-line pitch. */
function bodyParagraph(runs: (TextRun | ImageRun)[], options: Partial<IParagraphOptions> = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.BOTH, indent: { firstLine: indentChars(2) }, children: runs, ...options });
}

function emptyLine(): Paragraph {
  return new Paragraph({ children: [] });
}

function indentChars(n: number): number {
  return Math.round(n * CHAR);
}

function titleParagraphs(doc: OfficialDoc): Paragraph[] {
  const lines = doc.title.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const font = fontOf(OFFICIAL_FONTS.title, OFFICIAL_FONTS.title);
  const out = lines.map(
    (line) => new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [new TextRun({ text: line, font, size: TITLE_HP })] }),
  );
  out.push(emptyLine());
  return out;
}

function blockContent(block: Exclude<DocBlock, { kind: 'pageBreak' }>, flow: { breakBefore: boolean; keepNext: boolean }): (Paragraph | Table)[] {
  const pageBreakBefore = flow.breakBefore || undefined;
  const keepNext = flow.keepNext || undefined;
  switch (block.kind) {
    case 'heading':
      return [
        bodyParagraph([text(block.text, { font: fontOf(HEADING_FONT[block.level]) })], {
          alignment: AlignmentType.LEFT,
          keepNext: true,
          pageBreakBefore,
        }),
      ];
    case 'paragraph': {
      const runs: TextRun[] = [];
      if (block.lead) runs.push(text(block.lead.text, { font: fontOf(HEADING_FONT[block.lead.level]) }));
      runs.push(text(block.text));
      return [bodyParagraph(runs, { pageBreakBefore, keepNext })];
    }
    case 'table':
      return tableBlock(block, flow.breakBefore);
    case 'chart':
      return chartBlock(block, flow.breakBefore);
    case 'digest':
      return [
        new Paragraph({
          alignment: AlignmentType.LEFT,
          pageBreakBefore,
          keepNext,
          // The digest is read as one: its lines never part across a page.
          keepLines: true,
          spacing: { line: 360, lineRule: LineRuleType.EXACT },
          children: [
            new TextRun({ text: `${block.label}：`, size: SIZE4_HP }),
            new TextRun({ text: block.value, font: fontOf(OFFICIAL_FONTS.body, MONO_FONT), size: SIZE5_HP }),
          ],
        }),
      ];
  }
}

/** A caption line: 黑体 at body size, centred. */
function caption(value: string, options: Partial<IParagraphOptions> = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text: value, font: fontOf(OFFICIAL_FONTS.heading1) })],
    ...options,
  });
}

// ---------------------------------------------------------------------------------------------
// Tables

const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function tableBlock(block: Extract<DocBlock, { kind: 'table' }>, breakBefore: boolean): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  // 小四 up to four columns, 5号 above (shared with the print view): cells keep to one or two lines.
  const size = tablePointSize(block.columns.length) * 2;
  const wide = size === SIZE5_HP;
  // Exact line height about 1.4 times the type size, so row heights do not depend on which font shows.
  const line = Math.round(size * 10 * 1.4);
  if (block.caption) out.push(caption(block.caption, { keepNext: true, pageBreakBefore: breakBefore || undefined }));
  else if (breakBefore) out.push(new Paragraph({ pageBreakBefore: true, spacing: { line: 20, lineRule: LineRuleType.EXACT }, children: [] }));

  const widths = columnWidths(block.columns.map((c) => c.width));
  const cellMargin = wide ? 57 : 85; // 1 mm / 1.5 mm each side
  const cellParagraph = (value: string, align: 'left' | 'center' | 'right', bold: boolean) =>
    new Paragraph({
      alignment: align === 'left' ? AlignmentType.LEFT : align === 'right' ? AlignmentType.RIGHT : AlignmentType.CENTER,
      spacing: { line, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: value, size, bold })],
    });
  const cell = (value: string, width: number, align: 'left' | 'center' | 'right', bold: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { left: cellMargin, right: cellMargin, top: 28, bottom: 28 },
      // "\n" in a cell starts a new line (a count above its rate).
      children: value.split('\n').map((part) => cellParagraph(part, align, bold)),
    });

  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: block.columns.map((c, i) => cell(c.title, widths[i] ?? 0, 'center', true)),
  });
  const rows = block.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: block.columns.map((c, i) => cell(row[i] ?? '', widths[i] ?? 0, c.align, false)),
      }),
  );
  out.push(
    new Table({
      rows: [header, ...rows],
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      indent: { size: 0, type: WidthType.DXA },
      alignment: AlignmentType.CENTER,
      borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
    }),
  );
  for (const note of block.notes) {
    out.push(new Paragraph({ alignment: AlignmentType.LEFT, spacing: { line, lineRule: LineRuleType.EXACT }, children: [new TextRun({ text: note, size })] }));
  }
  return out;
}

/** Relative widths scaled to whole twips that add up to the 156 mm block exactly. */
export function columnWidths(relative: readonly number[]): number[] {
  const total = relative.reduce((a, b) => a + b, 0);
  const widths = relative.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  let rest = TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % widths.length, rest--) widths[i] = (widths[i] ?? 0) + 1;
  return widths;
}

// ---------------------------------------------------------------------------------------------
// Charts

const PX_PER_MM = 96 / 25.4;

function chartBlock(block: Extract<DocBlock, { kind: 'chart' }>, breakBefore: boolean): Paragraph[] {
  // No wider than the block, and short enough to share a page with its caption line.
  const maxWidthMm = TEXT_WIDTH / TWIPS_PER_MM;
  const maxHeightMm = 225 - LINE / TWIPS_PER_MM - 1;
  const scale = Math.min(1, maxWidthMm / block.widthMm, maxHeightMm / block.heightMm);
  const image = new ImageRun({
    type: 'png',
    data: Buffer.from(block.png.replace(/^data:image\/png;base64,/, ''), 'base64'),
    transformation: { width: Math.round(block.widthMm * scale * PX_PER_MM), height: Math.round(block.heightMm * scale * PX_PER_MM) },
    altText: { name: block.caption, title: block.caption, description: block.caption },
  });
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      pageBreakBefore: breakBefore || undefined,
      // An image needs a line as tall as itself; an exact line would clip it. The 2 mm above
      // keep its white ground off a table border just before it.
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: mm(2) },
      children: [image],
    }),
    caption(block.caption),
  ];
}

// ---------------------------------------------------------------------------------------------
// 附件说明, signature, 附注, 版记

/**
 * Estimated width in body characters: CJK and full-width forms count one, ASCII half (Times New
 * Roman digits are half an em), plus the quarter em Word and LibreOffice put between Chinese
 * characters and digits or Latin letters. Exact for all-Chinese text; for dates it can be off by
 * a character or so where another font stands in for Times New Roman.
 */
function widthInChars(value: string): number {
  let n = 0;
  let prevAscii: boolean | null = null;
  for (const ch of value) {
    const ascii = (ch.codePointAt(0) ?? 0) < 0x80;
    if (prevAscii !== null && ascii !== prevAscii) n += 0.25;
    n += ascii ? 0.5 : 1;
    prevAscii = ascii;
  }
  return n;
}

/**
 * 7.3.4: one blank line below the body, 「附件：」 two characters in; several attachments are
 * numbered 1. 2. … with their names aligned under the first.
 */
function attachmentParagraphs(attachments: readonly string[]): Paragraph[] {
  if (attachments.length === 0) return [];
  const out: Paragraph[] = [new Paragraph({ keepNext: true, children: [] })];
  const prefix = '附件：';
  const start = indentChars(2 + widthInChars(prefix));
  attachments.forEach((name, i) => {
    const numbered = attachments.length > 1 ? `${i + 1}.` : '';
    const label = i === 0 ? prefix + numbered : numbered;
    // Wrapped lines align with the name's first character: hang the label before it.
    const hang = indentChars(widthInChars(numbered));
    const left = start + hang;
    const firstLineStart = i === 0 ? indentChars(2) : start;
    out.push(
      new Paragraph({
        alignment: AlignmentType.BOTH,
        keepNext: true,
        indent: { left, hanging: left - firstLineStart },
        children: [text(label + name)],
      }),
    );
  });
  return out;
}

function signatureParagraphs(doc: OfficialDoc, layout: 'sealed' | 'unsealed', noteFollows: boolean): Paragraph[] {
  const office = doc.signature.office;
  const date = chineseDate(doc.signature.date);
  const blankLines = (n: number) => Array.from({ length: n }, () => new Paragraph({ keepNext: true, children: [] }));
  const d = widthInChars(date);

  if (layout === 'sealed') {
    // 7.3.5.1: the date four characters in from the right and the office centred over it. Both
    // lines centre on one tab stop, so they stay centred on each other whatever the date's digits
    // measure in the font that shows; the estimate only moves the pair a little sideways.
    const centre = Math.round(TEXT_WIDTH - indentChars(4 + d / 2));
    const centred = (value: string, keepNext: boolean) =>
      new Paragraph({
        alignment: AlignmentType.LEFT,
        keepNext,
        tabStops: [{ type: TabStopType.CENTER, position: centre }],
        children: [new TextRun({ children: [new Tab(), value], characterSpacing: BODY_CHAR_SPACING })],
      });
    return [...blankLines(2), centred(office, true), centred(date, noteFollows)];
  }

  // 7.3.5.2: the office two characters in from the right, one blank line below the body; the date
  // on the next line starting two characters right of the office's first character. A date that
  // would then come closer than two characters to the edge is set two in, and the office moves
  // left to keep the two-character step. Positioned from the left: an office name is all Chinese,
  // so its width is exact.
  const o = widthInChars(office);
  const dateRight = Math.max(2, o - d);
  const officeRight = dateRight + d + 2 - o;
  const officeStart = TEXT_WIDTH - indentChars(officeRight + o);
  const fromLeft = (value: string, left: number, keepNext: boolean) =>
    new Paragraph({ alignment: AlignmentType.LEFT, keepNext, indent: { left: Math.max(0, left) }, children: [text(value)] });
  return [...blankLines(1), fromLeft(office, officeStart, true), fromLeft(date, officeStart + indentChars(2), noteFollows)];
}

const RULE_THICK: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' }; // 1 pt ≈ 0.35 mm
const RULE_THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' }; // 0.75 pt ≈ 0.25 mm
const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };

/**
 * 版记 (7.4): 4号仿宋 between a thick first and last rule, a thin rule between 抄送 and the
 * 印发 line; 抄送 one character in, 印发机关 one in from the left and 印发日期 one in from the right.
 */
function recordBlock(record: NonNullable<OfficialDoc['record']>): (Paragraph | Table)[] {
  const char4 = SIZE4_HP * 10; // one 4号 character: 14 pt
  const run = (value: string) => new TextRun({ text: value, size: SIZE4_HP });
  const line = (value: string, align: 'left' | 'right', indent: { left?: number; right?: number; hanging?: number }) =>
    new Paragraph({ alignment: align === 'left' ? AlignmentType.LEFT : AlignmentType.RIGHT, indent, children: [run(value)] });
  const rows: TableRow[] = [];
  const half = Math.floor(TEXT_WIDTH / 2);
  const margins = { left: 0, right: 0, top: 0, bottom: 0 };
  if (record.copyTo) {
    const lead = '抄送：';
    const hang = Math.round(widthInChars(lead) * char4);
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            columnSpan: 2,
            margins,
            borders: { top: RULE_THICK, bottom: RULE_THIN, left: NO_BORDER, right: NO_BORDER },
            // Kept with the 印发 row: the two lines of the 版记 never part across a page.
            children: [new Paragraph({ alignment: AlignmentType.LEFT, keepNext: true, keepLines: true, indent: { left: char4 + hang, hanging: hang, right: char4 }, children: [run(`${lead}${record.copyTo}`)] })],
          }),
        ],
      }),
    );
  }
  const top = record.copyTo ? RULE_THIN : RULE_THICK;
  rows.push(
    new TableRow({
      cantSplit: true,
      children: [
        new TableCell({
          margins,
          width: { size: half, type: WidthType.DXA },
          borders: { top, bottom: RULE_THICK, left: NO_BORDER, right: NO_BORDER },
          children: [line(record.printedBy, 'left', { left: char4 })],
        }),
        new TableCell({
          margins,
          width: { size: TEXT_WIDTH - half, type: WidthType.DXA },
          borders: { top, bottom: RULE_THICK, left: NO_BORDER, right: NO_BORDER },
          children: [line(`${chineseDate(record.printedOn)}印发`, 'right', { right: char4 })],
        }),
      ],
    }),
  );
  return [
    emptyLine(),
    new Table({
      rows,
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [half, TEXT_WIDTH - half],
      layout: TableLayoutType.FIXED,
      indent: { size: 0, type: WidthType.DXA },
      borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    }),
    // A body must end with a paragraph; a 1 pt one cannot spill onto a page of its own.
    new Paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT }, children: [] }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Page numbers

function pageNumberFooter(parity: 'odd' | 'even'): Footer {
  const oneChar = SIZE4_HP * 10; // one 4号 character, 14 pt
  const font = fontOf(OFFICIAL_FONTS.pageNumber, OFFICIAL_FONTS.pageNumber);
  return new Footer({
    children: [
      new Paragraph({
        alignment: parity === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: parity === 'odd' ? { right: oneChar } : { left: oneChar },
        spacing: { line: FOOTER_LINE, lineRule: LineRuleType.EXACT },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font, size: SIZE4_HP })],
      }),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Package patches the docx library has no option for

/**
 * Adds w:mirrorMargins to settings.xml (inside/outside margins swap on even pages), paragraph
 * defaults, and, in the font table, the Windows fonts Word should show when an official font is
 * missing.
 */
function patchPackage(packed: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(packed));
  const settings = files['word/settings.xml'];
  if (!settings) throw new Error('docx package without word/settings.xml');
  files['word/settings.xml'] = strToU8(insertMirrorMargins(strFromU8(settings)));
  const styles = files['word/styles.xml'];
  if (!styles) throw new Error('docx package without word/styles.xml');
  files['word/styles.xml'] = strToU8(patchParagraphDefaults(strFromU8(styles)));
  const fontTable = files['word/fontTable.xml'];
  if (fontTable) files['word/fontTable.xml'] = strToU8(addFontFallbacks(strFromU8(fontTable)));
  return Buffer.from(zipSync(files, { level: 6 }));
}

/**
 * Paragraph defaults: no widow/orphan control (it would leave 21 lines on some pages; the docx
 * library writes w:widowControl only when true). w:overflowPunct="1" is Word's own default (a
 * closing mark may hang past the margin); LibreOffice reads the attribute inverted and so keeps
 * the mark inside the line, which it must: left out, LibreOffice hangs the mark and then does not
 * draw it (a 。 at a line's end went missing from the PDF; exports.test.ts counts them). No
 * automatic space between Chinese and digits (2026年3月5日, not 2026 年 3 月 5 日), in Word.
 */
function patchParagraphDefaults(xml: string): string {
  const at = xml.search(/<w:pPrDefault>\s*<w:pPr>/);
  if (at < 0) throw new Error('styles.xml without paragraph defaults');
  const spacing = xml.indexOf('<w:spacing', at);
  if (spacing < 0) throw new Error('styles.xml paragraph defaults without w:spacing');
  return `${xml.slice(0, spacing)}<w:widowControl w:val="0"/><w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>${xml.slice(spacing)}`;
}

/** CT_Settings children that come after w:mirrorMargins (ECMA-376 §17.15.1.78): insert before the first present. */
const AFTER_MIRROR_MARGINS = [
  'alignBordersAndEdges', 'bordersDoNotSurroundHeader', 'bordersDoNotSurroundFooter', 'gutterAtTop', 'hideSpellingErrors',
  'hideGrammaticalErrors', 'activeWritingStyle', 'proofState', 'formsDesign', 'attachedTemplate', 'linkStyles',
  'stylePaneFormatFilter', 'stylePaneSortMethod', 'documentType', 'mailMerge', 'revisionView', 'trackRevisions',
  'doNotTrackMoves', 'doNotTrackFormatting', 'documentProtection', 'autoFormatOverride', 'styleLockTheme',
  'styleLockQFSet', 'defaultTabStop', 'autoHyphenation', 'consecutiveHyphenLimit', 'hyphenationZone',
  'doNotHyphenateCaps', 'showEnvelope', 'summaryLength', 'clickAndTypeStyle', 'defaultTableStyle',
  'evenAndOddHeaders', 'bookFoldRevPrinting', 'bookFoldPrinting', 'bookFoldPrintingSheets',
  'drawingGridHorizontalSpacing', 'drawingGridVerticalSpacing', 'displayHorizontalDrawingGridEvery',
  'displayVerticalDrawingGridEvery', 'doNotUseMarginsForDrawingGridOrigin', 'drawingGridHorizontalOrigin',
  'drawingGridVerticalOrigin', 'doNotShadeFormData', 'noPunctuationKerning', 'characterSpacingControl',
  'printTwoOnOne', 'strictFirstAndLastChars', 'noLineBreaksAfter', 'noLineBreaksBefore', 'savePreviewPicture',
  'doNotValidateAgainstSchema', 'saveInvalidXml', 'ignoreMixedContent', 'alwaysShowPlaceholderText',
  'doNotDemarcateInvalidXml', 'saveXmlDataOnly', 'useXSLTWhenSaving', 'saveThroughXslt', 'showXMLTags',
  'alwaysMergeEmptyNamespace', 'updateFields', 'hdrShapeDefaults', 'footnotePr', 'endnotePr', 'compat', 'docVars',
  'rsids', 'mathPr', 'attachedSchema', 'themeFontLang', 'clrSchemeMapping', 'doNotIncludeSubdocsInStats',
  'doNotAutoCompressPictures', 'forceUpgrade', 'captions', 'readModeInkLockDown', 'smartTagType', 'schemaLibrary',
  'shapeDefaults', 'doNotEmbedSmartTags', 'decimalSymbol', 'listSeparator',
];

function insertMirrorMargins(xml: string): string {
  if (/<w:mirrorMargins\b/.test(xml)) return xml;
  let at = -1;
  for (const name of AFTER_MIRROR_MARGINS) {
    const i = xml.search(new RegExp(`<w:${name}[\\s/>]`));
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) at = xml.lastIndexOf('</w:settings>');
  if (at < 0) throw new Error('settings.xml without w:settings');
  return `${xml.slice(0, at)}<w:mirrorMargins/>${xml.slice(at)}`;
}

/**
 * Word shows a missing font as the w:altName its font table gives (仿宋_GB2312 as 仿宋, which
 * Windows has); without one it guesses, often 宋体 for everything. Charset, family and pitch are
 * what Word itself records for these fonts. LibreOffice ignores all this and substitutes from its
 * own table (Noto Sans CJK on a stock Linux).
 */
const FONT_TABLE_ENTRIES: readonly { name: string; altName?: string; family: string; pitch: string }[] = [
  { name: OFFICIAL_FONTS.title, altName: '宋体', family: 'roman', pitch: 'variable' },
  { name: OFFICIAL_FONTS.body, altName: '仿宋', family: 'modern', pitch: 'fixed' },
  { name: OFFICIAL_FONTS.heading1, altName: 'SimHei', family: 'modern', pitch: 'fixed' },
  { name: OFFICIAL_FONTS.heading2, altName: '楷体', family: 'modern', pitch: 'fixed' },
  { name: OFFICIAL_FONTS.pageNumber, altName: 'SimSun', family: 'auto', pitch: 'variable' },
];

function addFontFallbacks(xml: string): string {
  const entries = FONT_TABLE_ENTRIES.filter((f) => !xml.includes(`w:name="${f.name}"`))
    .map(
      (f) =>
        `<w:font w:name="${f.name}">${f.altName ? `<w:altName w:val="${f.altName}"/>` : ''}<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
    )
    .join('');
  const end = xml.lastIndexOf('</w:fonts>');
  if (end >= 0) return xml.slice(0, end) + entries + xml.slice(end);
  // The docx library writes an empty table as <w:fonts …/>.
  return xml.replace(/<w:fonts\b([^>]*?)\s*\/>/, (_all, attrs: string) => `<w:fonts${attrs}>${entries}</w:fonts>`);
}
