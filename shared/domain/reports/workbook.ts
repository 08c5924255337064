import { z } from 'zod';

/**
 * A spreadsheet as content: sheets of typed columns. The XLSX writer (exceljs) and the CSV
 * writer render it (electron/core/reports/xlsx.ts); builders make one from sealed results,
 * the roster, the ledger and the plan. Numbers stay numbers: a rate is a fraction (0.7143)
 * shown as 71.43%, so a reader can compute with it.
 */

export const CellKind = z.enum(['text', 'int', 'decimal2', 'percent2', 'date']);
export type CellKind = z.infer<typeof CellKind>;

export const SheetColumn = z.object({
  header: z.string(),
  kind: CellKind,
  /** Width in characters (Excel's unit); a CJK character counts as 2. */
  width: z.number().positive().optional(),
});
export type SheetColumn = z.infer<typeof SheetColumn>;

/** A cell: text, a number (int, decimal or fraction for percent), an ISO date for 'date', or empty. */
export const Cell = z.union([z.string(), z.number(), z.null()]);
export type Cell = z.infer<typeof Cell>;

export const Sheet = z.object({
  /** Tab name: ≤ 31 characters, none of : \ / ? * [ ] (the writer shortens and de-duplicates). */
  name: z.string().min(1),
  /** Lines above the table (title, meeting, rule), each in its own merged row. */
  heading: z.array(z.string()).default([]),
  columns: z.array(SheetColumn).min(1),
  rows: z.array(z.array(Cell)),
  /** Lines below the table (the rule in words, the digest, the check sentence). */
  notes: z.array(z.string()).default([]),
});
export type Sheet = z.infer<typeof Sheet>;
export type SheetInput = z.input<typeof Sheet>;

export const Workbook = z.object({
  title: z.string(),
  creator: z.string(),
  sheets: z.array(Sheet).min(1),
});
export type Workbook = z.infer<typeof Workbook>;
export type WorkbookInput = z.input<typeof Workbook>;
