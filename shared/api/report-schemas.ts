import { z } from 'zod';
import { EXPORT_FORMATS, REPORT_KINDS } from '../domain/reports/catalog.js';
import { OfficialDoc } from '../domain/reports/official-doc.js';
import { id, MeetingId } from './schemas.js';
import { OpinionId, year } from './supervision-schemas.js';

export const ExportId = id.brand<'ExportId'>();
export type ExportId = z.infer<typeof ExportId>;

export const ReportKindSchema = z.enum(REPORT_KINDS, { error: '请选择要导出的报告' });
export const ExportFormatSchema = z.enum(EXPORT_FORMATS, { error: '请选择文件格式' });

/** What to build: the report, its scope (one of meeting / year / opinion, as the report needs) and the format. */
export const ExportRequest = z.object({
  report: ReportKindSchema,
  format: ExportFormatSchema,
  meetingId: MeetingId.optional(),
  year: year.optional(),
  opinionId: OpinionId.optional(),
});
export type ExportRequest = z.input<typeof ExportRequest>;

/** A report as an official document, for the print view. */
export const DocumentRequest = ExportRequest.omit({ format: true });

export const ExportRow = z.object({
  id: ExportId,
  report: ReportKindSchema,
  format: ExportFormatSchema,
  title: z.string(),
  fileName: z.string(),
  size: z.number().int().nullable(),
  status: z.enum(['building', 'done', 'failed']),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type ExportRow = z.infer<typeof ExportRow>;

export const ExportStatus = z.object({
  /** Which official fonts this machine lacks and what shows instead (the file still names them). */
  fonts: z.object({ complete: z.boolean(), message: z.string() }),
  committeeSet: z.boolean(),
  /** Electron saves through a dialog; host mode downloads. */
  saveMode: z.enum(['dialog', 'download']),
  /** Files are laid out in a worker thread (the built app) or on the core's own loop (run from sources). */
  renderer: z.enum(['worker', 'in-process']),
});

export const ExportProgress = z.object({
  id: ExportId,
  status: z.enum(['building', 'done', 'failed']),
  /** 0–100. */
  percent: z.number().int(),
  step: z.string(),
  error: z.string().nullable(),
});

export { OfficialDoc };
