import { z } from 'zod';

/**
 * An official document (公文) as content, before layout. The DOCX writer lays it out per
 * GB/T 9704-2012 (electron/core/reports/docx.ts); the console's print view renders the same
 * structure as HTML. Builders in electron/core/reports/ make one from sealed results and
 * the ledger; nothing here knows about polls.
 *
 * Text is plain: no markup. A line break inside a title is "\n" (the writer centres each line).
 */

/** Heading levels of GB/T 9704 7.3.3: 一、 (黑体), （一） (楷体), 1. and （1） (仿宋). */
export const HeadingLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type HeadingLevel = z.infer<typeof HeadingLevel>;

export const TableColumn = z.object({
  title: z.string(),
  /** Relative width; the writer scales the columns to the 156 mm text block. */
  width: z.number().positive(),
  align: z.enum(['left', 'center', 'right']).default('center'),
});
export type TableColumn = z.infer<typeof TableColumn>;

/** Above this many columns a table is set in 5号, otherwise in 小四 (the DOCX writer and the print view). */
export const WIDE_TABLE_COLUMNS = 4;

/** A table's type size in points: 小四 (12 pt), or 5号 (10.5 pt) when wide. */
export function tablePointSize(columns: number): 12 | 10.5 {
  return columns > WIDE_TABLE_COLUMNS ? 10.5 : 12;
}

export const DocBlock = z.discriminatedUnion('kind', [
  /** Numbered heading; `text` carries its own number ("一、测评结果"). Level 1 stands on its own line. */
  z.object({ kind: z.literal('heading'), level: HeadingLevel, text: z.string() }),
  /** Body paragraph, first line indented two characters. `lead` is a run-in heading of level 2–4 printed in its font before the text. */
  z.object({ kind: z.literal('paragraph'), text: z.string(), lead: z.object({ level: HeadingLevel, text: z.string() }).optional() }),
  /**
   * A table that fits the text block (仿宋 小四, or 5号 above four columns). `caption` is
   * centred above it; `notes` lines follow it in smaller type. The header row repeats on each page.
   */
  z.object({
    kind: z.literal('table'),
    caption: z.string().optional(),
    columns: z.array(TableColumn).min(1),
    rows: z.array(z.array(z.string())),
    notes: z.array(z.string()).default([]),
  }),
  /** A chart drawn as PNG (and SVG for the print view), with its caption below. Sizes in mm. */
  z.object({
    kind: z.literal('chart'),
    caption: z.string(),
    widthMm: z.number().positive(),
    heightMm: z.number().positive(),
    /** Base64 PNG, for the DOCX. */
    png: z.string(),
    /** SVG markup, for the print view. */
    svg: z.string(),
  }),
  /** A block of monospaced text (the sealed digest), kept on one line where it fits. */
  z.object({ kind: z.literal('digest'), label: z.string(), value: z.string() }),
  z.object({ kind: z.literal('pageBreak') }),
]);
export type DocBlock = z.infer<typeof DocBlock>;

export const OfficialDoc = z.object({
  /** 标题 (2号小标宋, centred; "\n" separates lines). */
  title: z.string(),
  /** 主送机关, printed flush left below the title with a full-width colon, e.g. "中共洛阳市委：". */
  addressee: z.string().optional(),
  blocks: z.array(DocBlock),
  /** 附件说明: one line per attachment, printed after the body as the standard says. */
  attachments: z.array(z.string()).default([]),
  /** 发文机关署名 and 成文日期 (ISO date), right-aligned below the body. */
  signature: z.object({ office: z.string(), date: z.string() }),
  /** 附注, in brackets below the date (e.g. "（此件公开发布）"). */
  note: z.string().optional(),
  /** 版记: 抄送 line and 印发机关 + 印发日期, at the foot of the last page. */
  record: z.object({ copyTo: z.string().optional(), printedBy: z.string(), printedOn: z.string() }).optional(),
  /** Shown in the file's properties (docProps). */
  meta: z.object({ subject: z.string(), creator: z.string() }),
});
export type OfficialDoc = z.infer<typeof OfficialDoc>;
export type OfficialDocInput = z.input<typeof OfficialDoc>;
