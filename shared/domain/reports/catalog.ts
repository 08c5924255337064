/**
 * The reports the export centre offers: what each is for, what it covers (a meeting, a year,
 * one review opinion) and the formats it comes in. The core builds them
 * (electron/core/reports); the console lists them from here.
 */
export const REPORT_KINDS = ['results-notice', 'meeting-workbook', 'scoring-report', 'opinion-letter', 'handling-summary', 'ledger', 'plan', 'year-summary'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const EXPORT_FORMATS = ['docx', 'xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ReportScope = 'meeting' | 'year' | 'opinion';

export interface ReportInfo {
  kind: ReportKind;
  label: string;
  description: string;
  scope: ReportScope;
  formats: readonly ExportFormat[];
  /** Has an official-document form (a print view and the DOCX). */
  document: boolean;
}

export const REPORTS: readonly ReportInfo[] = [
  { kind: 'results-notice', label: '测评结果的报告', description: '一次会议全部已封存的测评和表决结果，报市委、通报政府和组织部门；含计票规则、计票基数和校验码。', scope: 'meeting', formats: ['docx'], document: true },
  { kind: 'meeting-workbook', label: '会议表决结果表', description: '每项表决一张工作表（票数、比例、结论、规则），另附出席与参加表决情况（不含任何人的选择）。', scope: 'meeting', formats: ['xlsx', 'csv'], document: false },
  { kind: 'scoring-report', label: '工作评议结果的报告', description: '一次会议的打分评议：得分、名次和等次分布。', scope: 'meeting', formats: ['docx'], document: true },
  { kind: 'opinion-letter', label: '审议意见书', description: '交办给承办单位的审议意见：问题清单、意见建议和办理期限。', scope: 'opinion', formats: ['docx'], document: true },
  { kind: 'handling-summary', label: '研究处理情况汇总', description: '一件审议意见的各次研究处理情况报告、整改清单和办理过程。', scope: 'opinion', formats: ['docx'], document: true },
  { kind: 'ledger', label: '审议意见办理台账', description: '一年的审议意见：承办单位、交办日期、期限、状态、整改和测评。', scope: 'year', formats: ['docx', 'xlsx', 'csv'], document: true },
  { kind: 'plan', label: '年度监督计划执行表', description: '年度监督计划逐项的执行情况、审议会议和测评结果。', scope: 'year', formats: ['xlsx', 'csv'], document: false },
  { kind: 'year-summary', label: '年度监督工作情况的报告', description: '计划与实际审议对照、全年测评结果、审议意见办理情况和刚性监督措施。', scope: 'year', formats: ['docx', 'xlsx'], document: true },
];

export function reportInfo(kind: ReportKind): ReportInfo {
  return REPORTS.find((r) => r.kind === kind)!;
}

export const FORMAT_LABEL: Record<ExportFormat, string> = { docx: 'Word 公文（.docx）', xlsx: 'Excel 表格（.xlsx）', csv: 'CSV（UTF-8，可用 Excel 打开）' };
