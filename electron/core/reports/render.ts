import { zipSync } from 'fflate';
import { safeFileName, xmlSafe, type Rendered, type RenderJob, type Step } from './render-job.js';
import { OfficialDoc, type DocBlock } from '../../../shared/domain/reports/official-doc.js';
import { balanceTitle } from '../../../shared/domain/reports/title.js';
import { renderChart, type ChartSpec } from './charts.js';
import { renderDocx } from './docx.js';
import { chartSpecOf, resultsNotice, scoringReport, type ChartOf } from './meeting-reports.js';
import type { SealedPoll } from './sources.js';
import { renderCsv, renderXlsx } from './xlsx.js';

const CHART_WIDTH_MM = 150;

/** Draw each poll's chart; a chart that cannot be drawn is left out (and noted), never fails the report. */
export async function drawCharts(polls: readonly SealedPoll[], step: Step, notes: string[]): Promise<ChartOf> {
  const drawn = new Map<number, DocBlock>();
  const todo = polls.map((p) => [p, chartSpecOf(p)] as const).filter((x): x is readonly [SealedPoll, ChartSpec] => x[1] !== null);
  for (const [i, [p, spec]] of todo.entries()) {
    step(15 + Math.round((25 * i) / todo.length), `绘制图表（${i + 1}/${todo.length}）`);
    try {
      const c = await renderChart(spec, { widthMm: CHART_WIDTH_MM });
      for (const w of c.warnings) notes.push(`chart of poll ${p.id}: ${w}`);
      drawn.set(p.id, { kind: 'chart', caption: `图：${p.result.title}${p.result.kind === 'scoring' ? '得分' : '满意率'}`, widthMm: c.widthMm, heightMm: c.heightMm, png: c.png.toString('base64'), svg: c.svg });
    } catch (err) {
      notes.push(`chart of poll ${p.id} could not be drawn: ${(err as Error).message}`);
    }
  }
  return (id) => drawn.get(id) ?? null;
}

/** The document a job stands for (charts drawn), for the print view. */
export async function documentOf(raw: RenderJob): Promise<OfficialDoc> {
  const job = xmlSafe(raw);
  if (job.kind === 'book') throw new Error('a workbook has no document');
  return job.kind === 'doc' ? job.doc : chartedDoc(job, () => undefined, []);
}

/** The document of a charted report, charts drawn. */
export async function chartedDoc(job: Extract<RenderJob, { kind: 'charted' }>, step: Step, notes: string[]): Promise<OfficialDoc> {
  const make = job.report === 'results-notice' ? resultsNotice : scoringReport;
  const doc = make(job.data, job.today, await drawCharts(job.data.polls, step, notes));
  return OfficialDoc.parse({ ...doc, title: balanceTitle(doc.title) });
}

/** Lay a job out as a file's bytes. Pure: no database, no clock; runs in the render worker. */
export async function renderJob(raw: RenderJob, step: Step): Promise<Rendered> {
  const job = xmlSafe(raw);
  const notes: string[] = [];
  if (job.kind !== 'book') {
    const doc = job.kind === 'doc' ? job.doc : await chartedDoc(job, step, notes);
    step(40, '排版');
    return { bytes: await renderDocx(doc), ext: 'docx', notes };
  }
  if (job.format === 'xlsx') {
    step(40, '生成表格');
    return { bytes: await renderXlsx(job.book), ext: 'xlsx', notes };
  }
  step(40, '生成 CSV');
  const sheets = job.book.sheets;
  if (sheets.length === 1) return { bytes: renderCsv(sheets[0]!), ext: 'csv', notes };
  // One CSV per table, in a zip (a CSV holds one table).
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sh, i) => {
    // Sheet names carry their poll's number already ("1 表决：…"); the prefix keeps the order.
    files[safeFileName(`${String(i + 1).padStart(2, '0')}-${sh.name.replace(/^\d+\s+/, '')}`, 'csv')] = renderCsv(sh);
  });
  return { bytes: zipSync(files, { level: 6 }), ext: 'zip', notes };
}
