import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { zipSync } from 'fflate';
import { AppError } from '../../../shared/api/errors.js';
import type { ExportId, ExportRow } from '../../../shared/api/report-schemas.js';
import { committeePlace, committeeShortName, issuingOffice } from '../../../shared/domain/committee.js';
import { meetingTitle } from '../../../shared/domain/format.js';
import { reportInfo, type ExportFormat, type ReportKind } from '../../../shared/domain/reports/catalog.js';
import { OfficialDoc, type DocBlock, type OfficialDocInput } from '../../../shared/domain/reports/official-doc.js';
import { balanceTitle } from '../../../shared/domain/reports/title.js';
import { Workbook, type WorkbookInput } from '../../../shared/domain/reports/workbook.js';
import { OPINION_EVENT_LABEL } from '../../../shared/domain/supervision/labels.js';
import type { OpinionEventKind } from '../../../shared/domain/supervision/labels.js';
import { listPollRows } from '../../../db/repos/poll.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { renderChart, type ChartSpec } from '../reports/charts.js';
import { renderDocx } from '../reports/docx.js';
import { officialFontStatus } from '../reports/fonts.js';
import { chartSpecOf, meetingWorkbook, resultsNotice, scoringReport, type ChartOf } from '../reports/meeting-reports.js';
import { entitledOf, meetingReportData, sealedPollsOf, votersOf, type SealedPoll } from '../reports/sources.js';
import { handlingSummary, ledgerReport, ledgerSheet, opinionLetter, planSheet, yearSummary, type Escalation, type Signer, type YearRating } from '../reports/supervision-reports.js';
import { renderCsv, renderXlsx } from '../reports/xlsx.js';
import { detailOf, ledgerRows } from './opinion.service.js';
import { planItemsOf } from './plan.service.js';
import { committeeName } from './settings.service.js';

export const EXPORTS_DIR = 'exports';
const RECENT = 50;

type Request = { report: ReportKind; format: ExportFormat; meetingId?: number | undefined; year?: number | undefined; opinionId?: number | undefined };

/** What a request builds: an official document or a workbook, with its title. */
type Model =
  | {
      kind: 'doc';
      title: string;
      doc: OfficialDoc;
      /** Charts still to draw, then the document with them (drawn in the background, with progress). */
      withCharts?: (step: (percent: number, label: string) => void) => Promise<OfficialDoc>;
    }
  | { kind: 'book'; title: string; book: Workbook };

const CHART_WIDTH_MM = 150;

/** Draw each poll's chart; a chart that cannot be drawn is left out and logged, never fails the report. */
async function drawCharts(polls: readonly SealedPoll[], step: (percent: number, label: string) => void, log: (l: string) => void): Promise<ChartOf> {
  const drawn = new Map<number, DocBlock>();
  const todo = polls.map((p) => [p, chartSpecOf(p)] as const).filter((x): x is readonly [SealedPoll, ChartSpec] => x[1] !== null);
  for (const [i, [p, spec]] of todo.entries()) {
    step(15 + Math.round((25 * i) / todo.length), `绘制图表（${i + 1}/${todo.length}）`);
    try {
      const c = await renderChart(spec, { widthMm: CHART_WIDTH_MM });
      for (const w of c.warnings) log(`chart of poll ${p.id}: ${w}`);
      drawn.set(p.id, { kind: 'chart', caption: `图：${p.result.title}${p.result.kind === 'scoring' ? '得分' : '满意率'}`, widthMm: c.widthMm, heightMm: c.heightMm, png: c.png.toString('base64'), svg: c.svg });
    } catch (err) {
      log(`chart of poll ${p.id} could not be drawn: ${(err as Error).message}`);
    }
  }
  return (id) => drawn.get(id) ?? null;
}

const ESCALATION_KINDS: readonly OpinionEventKind[] = ['interviewed', 'reassigned', 'consented', 'interpellated', 'investigated'];

/** A file name Windows, macOS and Linux all accept. */
export function safeFileName(title: string, ext: string): string {
  const base = title.replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || '导出';
  return `${base}.${ext}`;
}

function toRow(r: { id: number; report: string; format: string; title: string; file_name: string; size: number | null; status: string; error: string | null; created_at: string }): ExportRow {
  return {
    id: r.id as ExportId,
    report: r.report as ReportKind,
    format: r.format as ExportFormat,
    title: r.title,
    fileName: r.file_name,
    size: r.size,
    status: r.status as ExportRow['status'],
    error: r.error,
    createdAt: r.created_at,
  };
}

async function signer(deps: Deps): Promise<Signer> {
  const c = await committeeName(deps.db);
  const term = await deps.db.selectFrom('term').select('level').orderBy('start_date', 'desc').executeTakeFirst();
  return { office: issuingOffice(c, term?.level ?? 'city'), committee: committeeShortName(c), place: committeePlace(c), today: deps.today() };
}

/** Every sealed satisfaction and scoring row of the year's meetings, by meeting date. */
async function yearRatings(db: Kysely<Database>, year: number, place: string): Promise<YearRating[]> {
  const meetings = await db
    .selectFrom('meeting as m')
    .innerJoin('term as t', 't.id', 'm.term_id')
    .select(['m.id', 'm.number', 'm.date', 't.name'])
    .where('m.date', '>=', `${year}-01-01`)
    .where('m.date', '<=', `${year}-12-31`)
    .orderBy('m.date')
    .orderBy('m.id')
    .execute();
  const out: YearRating[] = [];
  for (const m of meetings) {
    const title = meetingTitle(m.name, m.number, place);
    for (const p of await sealedPollsOf(db, await listPollRows(db, m.id))) {
      const r = p.result;
      if (r.kind === 'satisfaction') {
        for (const t of r.targets) out.push({ date: m.date, meetingTitle: title, pollTitle: r.title, target: t.label, figure: t.satisfactionRate.text, verdict: t.verdict?.label ?? '不评定', digest: p.digest });
      } else if (r.kind === 'scoring') {
        for (const t of r.targets) out.push({ date: m.date, meetingTitle: title, pollTitle: r.title, target: t.label, figure: t.score ? `${t.score.text}分` : '—', verdict: t.grade?.label ?? '—', digest: p.digest });
      }
    }
  }
  return out;
}

async function yearEscalations(db: Kysely<Database>, year: number): Promise<Escalation[]> {
  const rows = await db
    .selectFrom('opinion_event as e')
    .innerJoin('opinion as o', 'o.id', 'e.opinion_id')
    .select(['e.kind', 'e.on_date', 'e.actor', 'e.reason', 'o.title'])
    .where('e.kind', 'in', [...ESCALATION_KINDS])
    .where('e.on_date', '>=', `${year}-01-01`)
    .where('e.on_date', '<=', `${year}-12-31`)
    .orderBy('e.on_date')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({ on: r.on_date, opinionTitle: r.title, label: OPINION_EVENT_LABEL[r.kind], detail: [r.actor, r.reason].filter(Boolean).join('：') }));
}

function need<T>(v: T | undefined, message: string): T {
  if (v === undefined) throw new AppError('VALIDATION', message);
  return v;
}

/** Read what the report prints and shape it; refusals (nothing sealed, no such meeting) are thrown here, before any file. */
async function buildModel(deps: Deps, req: Request): Promise<Model> {
  const info = reportInfo(req.report);
  if (!info.formats.includes(req.format)) throw new AppError('VALIDATION', `“${info.label}”不能导出为 ${req.format.toUpperCase()}，可选：${info.formats.map((f) => f.toUpperCase()).join('、')}。`);
  const s = await signer(deps);
  const doc = (d: OfficialDocInput): Extract<Model, { kind: 'doc' }> => ({ kind: 'doc', title: d.title.replace(/\n/g, ''), doc: OfficialDoc.parse({ ...d, title: balanceTitle(d.title) }) });
  const book = (b: WorkbookInput): Model => ({ kind: 'book', title: b.title, book: Workbook.parse(b) });
  switch (info.scope) {
    case 'meeting': {
      const d = await meetingReportData(deps.db, need(req.meetingId, '请选择会议'));
      if (req.report === 'results-notice' || req.report === 'scoring-report') {
        const make = req.report === 'results-notice' ? resultsNotice : scoringReport;
        return {
          ...doc(make(d, s.today)),
          withCharts: async (step) => {
            const full = make(d, s.today, await drawCharts(d.polls, step, deps.log));
            return OfficialDoc.parse({ ...full, title: balanceTitle(full.title) });
          },
        };
      }
      const ids = d.polls.map((p) => p.id);
      return book(meetingWorkbook(d, await votersOf(deps.db, ids), await entitledOf(deps.db, ids)));
    }
    case 'opinion': {
      const o = await detailOf(deps, deps.db, need(req.opinionId, '请选择审议意见'));
      if (req.report === 'opinion-letter') {
        if (o.problemList.length === 0) throw new AppError('STATE', `“${o.title}”还没有列出问题，补充问题清单后才能生成审议意见书。`);
        return doc(opinionLetter(o, s));
      }
      return doc(handlingSummary(o, s));
    }
    case 'year': {
      const year = need(req.year, '请选择年度');
      const period = `${year}年`;
      if (req.report === 'plan') {
        const items = await planItemsOf(deps.db, { year }, s.today);
        if (items.length === 0) throw new AppError('STATE', `${year}年还没有监督计划。`);
        return book({ title: `${s.committee}${year}年度监督计划执行表`, creator: s.office, sheets: [planSheet(items, year, s)] });
      }
      const opinions = await ledgerRows(deps, { year });
      if (req.report === 'ledger') {
        if (req.format === 'docx') return doc(ledgerReport(opinions, period, s));
        return book({ title: `${s.committee}审议意见办理台账（${period}）`, creator: s.office, sheets: [ledgerSheet(opinions, period, s)] });
      }
      const plan = await planItemsOf(deps.db, { year }, s.today);
      const ratings = await yearRatings(deps.db, year, s.place);
      const escalations = await yearEscalations(deps.db, year);
      if (req.format === 'docx') return doc(yearSummary(year, plan, ratings, opinions, escalations, s));
      return book({
        title: `${s.committee}${year}年度监督工作情况`,
        creator: s.office,
        sheets: [
          planSheet(plan, year, s),
          {
            name: '测评结果',
            heading: [`${year}年满意度测评和工作评议结果`],
            columns: [
              { header: '会议日期', kind: 'date' },
              { header: '会议', kind: 'text' },
              { header: '测评', kind: 'text' },
              { header: '测评对象', kind: 'text' },
              { header: '满意率/得分', kind: 'text' },
              { header: '结果', kind: 'text' },
              { header: '封存校验码', kind: 'text' },
            ],
            rows: ratings.map((r) => [r.date, r.meetingTitle, r.pollTitle, r.target, r.figure, r.verdict, r.digest]),
          },
          ledgerSheet(opinions, period, s),
          {
            name: '刚性监督措施',
            heading: [`${year}年约谈、责令整改、质询等措施`],
            columns: [
              { header: '日期', kind: 'date' },
              { header: '审议意见', kind: 'text' },
              { header: '措施', kind: 'text' },
              { header: '情况', kind: 'text' },
            ],
            rows: escalations.map((e) => [e.on, e.opinionTitle, e.label, e.detail]),
          },
        ],
      });
    }
  }
}

/** Lay the model out as the file's bytes and the file's extension. */
async function render(model: Model, format: ExportFormat, step: (percent: number, label: string) => void): Promise<{ bytes: Buffer; ext: string }> {
  if (model.kind === 'doc') {
    const doc = model.withCharts ? await model.withCharts(step) : model.doc;
    step(40, '排版');
    return { bytes: await renderDocx(doc), ext: 'docx' };
  }
  if (format === 'xlsx') {
    step(40, '生成表格');
    return { bytes: await renderXlsx(model.book), ext: 'xlsx' };
  }
  step(40, '生成 CSV');
  const sheets = model.book.sheets;
  if (sheets.length === 1) return { bytes: renderCsv(sheets[0]!), ext: 'csv' };
  // One CSV per table, in a zip (a CSV holds one table).
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sh, i) => {
    files[safeFileName(`${String(i + 1).padStart(2, '0')} ${sh.name}`, 'csv')] = renderCsv(sh);
  });
  return { bytes: Buffer.from(zipSync(files, { level: 6 })), ext: 'zip' };
}

/** Write a file so that a crash leaves either the whole file or none. */
function writeDurably(file: string, bytes: Buffer): void {
  const tmp = `${file}.part`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export interface ExportRuntime {
  /** Where the exports live (data folder/exports). */
  dir: string;
  /** Resolves when every export started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export function exportHandlers(deps: Deps): { handlers: Pick<Handlers, 'export.status' | 'export.list' | 'export.start' | 'export.save' | 'export.document'>; runtime: ExportRuntime; fileOf(id: number): Promise<{ path: string; fileName: string; mime: string } | null>; recover(): Promise<void> } {
  const { db } = deps;
  const dir = path.join(deps.info.dataDir, EXPORTS_DIR);
  // One export at a time: a report is built beside a vote, never in its way.
  let queue: Promise<void> = Promise.resolve();

  const progress = (id: number, status: ExportRow['status'], percent: number, step: string, error: string | null = null) =>
    deps.emit('export.progressed', { id: id as ExportId, status, percent, step, error });

  async function run(id: number, model: Model, format: ExportFormat): Promise<void> {
    try {
      const { bytes, ext } = await render(model, format, (p, label) => progress(id, 'building', p, label));
      progress(id, 'building', 85, '保存');
      fs.mkdirSync(dir, { recursive: true });
      const stored = `${id}.${ext}`;
      writeDurably(path.join(dir, stored), bytes);
      await db
        .updateTable('export_file')
        .set({ status: 'done', stored_name: stored, size: bytes.length, file_name: safeFileName(model.title, ext), finished_at: deps.now() })
        .where('id', '=', id)
        .execute();
      progress(id, 'done', 100, '完成');
    } catch (err) {
      deps.log(`export ${id} failed: ${(err as Error).stack ?? String(err)}`);
      const message = '生成文件时出错，未能完成。请重试；如仍出错，请把日志交技术人员。';
      await db.updateTable('export_file').set({ status: 'failed', error: message, finished_at: deps.now() }).where('id', '=', id).execute().catch(() => undefined);
      progress(id, 'failed', 100, '失败', message);
    }
  }

  async function fileOf(id: number) {
    const r = await db.selectFrom('export_file').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || r.status !== 'done' || !r.stored_name) return null;
    const ext = path.extname(r.stored_name).slice(1);
    const mime =
      ext === 'docx'
        ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        : ext === 'xlsx'
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : ext === 'zip'
            ? 'application/zip'
            : 'text/csv; charset=utf-8';
    return { path: path.join(dir, r.stored_name), fileName: r.file_name, mime };
  }

  return {
    runtime: { dir, idle: () => queue },
    fileOf,
    /** Exports cut short by a crash or a quit are marked failed (their part files removed). */
    async recover() {
      await db.updateTable('export_file').set({ status: 'failed', error: '程序退出时尚未完成，请重新导出。', finished_at: deps.now() }).where('status', '=', 'building').execute();
      if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith('.part')) fs.rmSync(path.join(dir, f), { force: true });
    },
    handlers: {
      'export.status': async () => {
        const fonts = await officialFontStatus();
        return {
          fonts: { complete: fonts.missing.length === 0 && fonts.checked, message: fonts.message },
          committeeSet: (await committeeName(db)) !== null,
          saveMode: deps.platform.mode === 'electron' ? 'dialog' : 'download',
        };
      },
      'export.list': async () => (await db.selectFrom('export_file').selectAll().orderBy('id', 'desc').limit(RECENT).execute()).map(toRow),
      'export.start': async (req) => {
        const model = await buildModel(deps, req);
        const info = reportInfo(req.report);
        const ext = req.format === 'csv' && model.kind === 'book' && model.book.sheets.length > 1 ? 'zip' : req.format;
        const inserted = await db
          .insertInto('export_file')
          .values({ report: req.report, format: req.format, title: model.title.slice(0, 200) || info.label, file_name: safeFileName(model.title, ext), stored_name: null, size: null, status: 'building', error: null, created_at: deps.now(), finished_at: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = inserted.id;
        progress(id, 'building', 10, '读取数据');
        queue = queue.then(() => run(id, model, req.format));
        const row = await db.selectFrom('export_file').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return toRow(row);
      },
      'export.save': async ({ id }) => {
        const f = await fileOf(id);
        if (!f || !fs.existsSync(f.path)) throw new AppError('NOT_FOUND', '该导出文件不存在或尚未生成完成，请刷新后再试。');
        if (deps.platform.mode === 'electron' && deps.platform.saveFile) {
          return { url: null, savedTo: await deps.platform.saveFile(f.path, f.fileName) };
        }
        return { url: `/files/export/${id}`, savedTo: null };
      },
      'export.document': async (req) => {
        const info = reportInfo(req.report);
        if (!info.document) throw new AppError('VALIDATION', `“${info.label}”是表格，没有打印版式；请导出为 Excel 后打印。`);
        const model = await buildModel(deps, { ...req, format: 'docx' });
        if (model.kind !== 'doc') throw new AppError('VALIDATION', `“${info.label}”没有打印版式。`);
        return model.withCharts ? model.withCharts(() => undefined) : model.doc;
      },
    },
  };
}
