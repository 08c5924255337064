/** One non-empty row of the first worksheet (or CSV record), cells as trimmed text. */
export interface SheetRow {
  /** 1-based row number as the spreadsheet program shows it. */
  line: number;
  /** Cell texts by 0-based column; missing cells are ''. */
  cells: string[];
}
