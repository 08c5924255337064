import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { ExportId, ExportRow } from '../../../shared/api/report-schemas.js';
import { committeePlace, committeeShortName, issuingOffice } from '../../../shared/domain/committee.js';
import { meetingTitle } from '../../../shared/domain/format.js';
import { reportInfo, type ExportFormat, type ReportKind } from '../../../shared/domain/reports/catalog.js';
import { OfficialDoc, type OfficialDocInput } from '../../../shared/domain/reports/official-doc.js';
import { balanceTitle } from '../../../shared/domain/reports/title.js';
import { Workbook, type WorkbookInput } from '../../../shared/domain/reports/workbook.js';
import { rateValue } from '../reports/poll-tables.js';
import { OPINION_EVENT_LABEL } from '../../../shared/domain/supervision/labels.js';
import type { OpinionEventKind } from '../../../shared/domain/supervision/labels.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { createRenderer } from '../reports/render-pool.js';
import { safeFileName, xmlSafe, type RenderJob } from '../reports/render-job.js';
import { officialFontStatus } from '../reports/fonts.js';
import { meetingWorkbook, resultsNotice, scoringReport } from '../reports/meeting-reports.js';
import { entitledOf, meetingReportData, votersOf } from '../reports/sources.js';
import type { PollResult } from '../../../shared/domain/polls/result.js';
import { handlingSummary, ledgerReport, ledgerSheet, opinionLetter, planSheet, yearSummary, type Escalation, type Signer, type YearRating } from '../reports/supervision-reports.js';
import { detailOf, ledgerRows } from './opinion.service.js';
import { planItemsOf } from './plan.service.js';
import { committeeName } from './settings.service.js';

export const EXPORTS_DIR = 'exports';
const RECENT = 50;

type Request = { report: ReportKind; format: ExportFormat; meetingId?: number | undefined; year?: number | undefined; opinionId?: number | undefined };

/** What a request builds: the job for the renderer, with the file's title. */
type Model = { title: string; job: RenderJob };

const ESCALATION_KINDS: readonly OpinionEventKind[] = ['interviewed', 'reassigned', 'consented', 'interpellated', 'investigated'];

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
  const level = term?.level ?? 'city';
  return { office: issuingOffice(c, level), level, committee: committeeShortName(c), place: committeePlace(c), today: deps.today() };
}

/** Let the loop breathe (ballot acknowledgements, pushes) between chunks of a long read. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Every sealed satisfaction and scoring row of the year's meetings, by meeting date: one query
 * for the year, parsed in chunks with the loop let through between them.
 */
async function yearRatings(db: Kysely<Database>, year: number, place: string): Promise<YearRating[]> {
  const rows = await db
    .selectFrom('poll_result as r')
    .innerJoin('poll as p', 'p.id', 'r.poll_id')
    .innerJoin('agenda_item as a', 'a.id', 'p.agenda_item_id')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('term as t', 't.id', 'm.term_id')
    .select(['r.result', 'r.digest', 'm.date', 'm.number', 't.name'])
    .where('p.kind', 'in', ['satisfaction', 'scoring'])
    .where('p.status', 'in', ['closed', 'released'])
    .where('m.date', '>=', `${year}-01-01`)
    .where('m.date', '<=', `${year}-12-31`)
    .orderBy('m.date')
    .orderBy('m.id')
    .orderBy('a.position')
    .orderBy('p.id')
    .execute();
  const out: YearRating[] = [];
  for (const [i, row] of rows.entries()) {
    if (i % 50 === 49) await breathe();
    const r = JSON.parse(row.result) as PollResult;
    const title = meetingTitle(row.name, row.number, place);
    if (r.kind === 'satisfaction') {
      for (const t of r.targets) out.push({ date: row.date, meetingTitle: title, pollTitle: r.title, target: t.label, figure: t.satisfactionRate.text, rate: rateValue(t.satisfactionRate.text), score: null, verdict: t.verdict?.label ?? '不评定', digest: row.digest });
    } else if (r.kind === 'scoring') {
      for (const t of r.targets) out.push({ date: row.date, meetingTitle: title, pollTitle: r.title, target: t.label, figure: t.score ? `${t.score.text}分` : '—', rate: null, score: t.score ? Number(t.score.text) : null, verdict: t.grade?.label ?? '—', digest: row.digest });
    }
  }
  return out;
}

/**
 * The handling deadline last given to each opinion (交办, 延期, 责令整改), which the ledger
 * prints even after the report came in (the opinion's own deadline is cleared by the report).
 */
async function lastDeadlines(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('opinion_event')
    .select(['opinion_id', 'kind', 'data'])
    .where('opinion_id', 'in', [...ids])
    .where('kind', 'in', ['sent', 'extended', 'reassigned'])
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const d = JSON.parse(r.data) as { deadline?: string; to?: string };
    const due = r.kind === 'extended' ? d.to : d.deadline;
    if (typeof due === 'string') out.set(r.opinion_id, due);
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
  return rows.map((r) => ({ on: r.on_date, opinionTitle: r.title, label: OPINION_EVENT_LABEL[r.kind], detail: [r.actor, r.reason].filter(Boolean).join('：'), consent: r.kind === 'consented' }));
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
  const doc = (d: OfficialDocInput): Model => ({ title: d.title.replace(/\n/g, ''), job: { kind: 'doc', doc: OfficialDoc.parse({ ...d, title: balanceTitle(d.title) }) } });
  const book = (b: WorkbookInput): Model => ({ title: b.title, job: { kind: 'book', book: Workbook.parse(b), format: req.format } });
  switch (info.scope) {
    case 'meeting': {
      const d = await meetingReportData(deps.db, need(req.meetingId, '请选择会议'));
      if (req.report === 'results-notice' || req.report === 'scoring-report') {
        // Built here once so that a refusal (nothing sealed) comes back at once; built again
        // with its charts by the renderer.
        const first = (req.report === 'results-notice' ? resultsNotice : scoringReport)(d, s.today);
        return { title: first.title.replace(/\n/g, ''), job: { kind: 'charted', report: req.report, data: d, today: s.today } };
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
      const listed = await ledgerRows(deps, { year });
      const given = await lastDeadlines(deps.db, listed.map((o) => o.id));
      const opinions = listed.map((o) => (o.deadline === null && given.has(o.id) ? { ...o, deadline: given.get(o.id)! } : o));
      if (req.report === 'ledger') {
        if (opinions.length === 0) throw new AppError('STATE', `${year}年还没有审议意见，台账为空。`);
        if (req.format === 'docx') return doc(ledgerReport(opinions, period, s));
        return book({ title: `${s.committee}审议意见办理台账（${period}）`, creator: s.office, sheets: [ledgerSheet(opinions, period, s)] });
      }
      const plan = await planItemsOf(deps.db, { year }, s.today);
      const ratings = await yearRatings(deps.db, year, s.place);
      const escalations = await yearEscalations(deps.db, year);
      if (plan.length === 0 && ratings.length === 0 && opinions.length === 0) {
        throw new AppError('STATE', `${year}年还没有监督计划、测评结果和审议意见，没有可报告的内容。`);
      }
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
              { header: '满意率', kind: 'percent2' },
              { header: '得分', kind: 'decimal2' },
              { header: '结果', kind: 'text' },
              { header: '封存校验码', kind: 'text' },
            ],
            rows: ratings.map((r) => [r.date, r.meetingTitle, r.pollTitle, r.target, r.rate, r.score, r.verdict, r.digest]),
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

/** Write a file so that a crash leaves either the whole file or none. */
function writeDurably(file: string, bytes: Uint8Array): void {
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
  /** Where files are laid out (render-pool.ts). */
  renderMode: 'worker' | 'in-process';
  /** Finish the exports under way, then stop the render worker. */
  close(): Promise<void>;
}

export function exportHandlers(deps: Deps): { handlers: Pick<Handlers, 'export.status' | 'export.list' | 'export.start' | 'export.save' | 'export.document'>; runtime: ExportRuntime; fileOf(id: number): Promise<{ path: string; fileName: string; mime: string } | null>; recover(): Promise<void> } {
  const { db } = deps;
  const dir = path.join(deps.info.dataDir, EXPORTS_DIR);
  // One export at a time, laid out in the render worker: a report is built beside a vote,
  // never in its way (the core's loop only reads the data and writes the file).
  let queue: Promise<void> = Promise.resolve();
  const renderer = createRenderer(deps.log);

  const progress = (id: number, status: ExportRow['status'], percent: number, step: string, error: string | null = null) =>
    deps.emit('export.progressed', { id: id as ExportId, status, percent, step, error });

  async function run(id: number, model: Model): Promise<void> {
    try {
      const { bytes, ext, notes } = await renderer.render(model.job, (p, label) => progress(id, 'building', p, label));
      for (const n of notes) deps.log(`export ${id}: ${n}`);
      progress(id, 'building', 85, '保存');
      fs.mkdirSync(dir, { recursive: true });
      // Named for a clerk who opens the folder: 12-关于…的报告.docx.
      const stored = `${id}-${safeFileName(model.title, ext)}`;
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
    runtime: {
      dir,
      idle: () => queue,
      renderMode: renderer.mode,
      close: async () => {
        await queue;
        await renderer.close();
      },
    },
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
          renderer: renderer.mode,
        };
      },
      'export.list': async () => (await db.selectFrom('export_file').selectAll().orderBy('id', 'desc').limit(RECENT).execute()).map(toRow),
      'export.start': async (req) => {
        const model = await buildModel(deps, req);
        const info = reportInfo(req.report);
        const ext = model.job.kind === 'book' && req.format === 'csv' && model.job.book.sheets.length > 1 ? 'zip' : req.format;
        const inserted = await db
          .insertInto('export_file')
          .values({ report: req.report, format: req.format, title: model.title.slice(0, 200) || info.label, file_name: safeFileName(model.title, ext), stored_name: null, size: null, status: 'building', error: null, created_at: deps.now(), finished_at: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = inserted.id;
        progress(id, 'building', 10, '读取数据');
        queue = queue.then(() => run(id, model));
        const row = await db.selectFrom('export_file').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return toRow(row);
      },
      'export.save': async ({ id }) => {
        const row = await db.selectFrom('export_file').select(['status']).where('id', '=', id).executeTakeFirst();
        if (row?.status === 'building') throw new AppError('STATE', '该文件还在生成中，完成后即可保存。');
        if (row?.status === 'failed') throw new AppError('STATE', '该文件生成失败，请重新导出。');
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
        const { job } = await buildModel(deps, { ...req, format: 'docx' });
        if (job.kind === 'book') throw new AppError('VALIDATION', `“${info.label}”没有打印版式。`);
        if (job.kind === 'doc') return xmlSafe(job.doc);
        // Charts are drawn in the render worker, off the loop that acknowledges ballots.
        return renderer.document(job);
      },
    },
  };
}
