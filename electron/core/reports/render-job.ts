import type { ExportFormat } from '../../../shared/domain/reports/catalog.js';
import type { OfficialDoc } from '../../../shared/domain/reports/official-doc.js';
import type { Workbook } from '../../../shared/domain/reports/workbook.js';
import type { MeetingReportData } from './sources.js';

/*
 * What the core needs to hand a report to the renderer, without loading the renderer: the
 * layout code (docx, exceljs, ECharts, the WASM rasteriser) lives in render.ts, which the
 * worker loads, and the core only when it lays files out itself.
 */

/**
 * What a file is made from: plain data only (it crosses into the render worker). A document
 * with charts carries the meeting's data and is built there, once its charts are drawn.
 */
export type RenderJob =
  | { kind: 'doc'; doc: OfficialDoc }
  | { kind: 'charted'; report: 'results-notice' | 'scoring-report'; data: MeetingReportData; today: string }
  | { kind: 'book'; book: Workbook; format: ExportFormat };

export type Step = (percent: number, label: string) => void;

export interface Rendered {
  bytes: Uint8Array;
  ext: 'docx' | 'xlsx' | 'csv' | 'zip';
  /** Things worth a log line (a chart left out, no CJK font). */
  notes: string[];
}

export { safeFileName } from '../../../shared/domain/reports/file-name.js';

/** Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE / U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/**
 * Every string of a job with the characters XML cannot hold removed: text stored before the
 * input rules refused them (a label of an old poll, say) must not make a whole DOCX or XLSX
 * unreadable. Visible text is unchanged.
 */
export function xmlSafe<T>(value: T): T {
  if (typeof value === 'string') return value.replace(NOT_XML, '') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => xmlSafe(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v as unknown)])) as T;
  }
  return value;
}
