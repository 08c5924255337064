import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer } from '../../electron/core/reports/render-pool.js';
import { renderJob } from '../../electron/core/reports/render.js';
import type { RenderJob } from '../../electron/core/reports/render-job.js';
import { meetingReportData } from '../../electron/core/reports/sources.js';
import { openDatabase } from '../../db/open.js';
import { makeCore, tempDir, type TestCore } from '../helpers/core.js';
import { agendaItem, bodyNamed, meetingWithAll, satSheet, sealPoll, seedTermOf, times } from '../helpers/supervision.js';

/**
 * Report files are laid out in a worker thread in the built app (render-pool.ts), so that a
 * year summary never holds up a ballot's acknowledgement. The worker is the bundle that
 * `npm run build` puts beside host.mjs; it must give the same document as the in-process path,
 * and a worker that cannot start must not lose the export.
 */

const WORKER = path.resolve(import.meta.dirname, '..', '..', 'dist', 'host', 'render-worker.mjs');

let t: TestCore;
let job: RenderJob;

beforeAll(async () => {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first`);
  t = await makeCore();
  const { term } = await seedTermOf(t, { n: 9 });
  const m = await meetingWithAll(t, term.id, 5, '2026-05-05');
  const item = await agendaItem(t, m.id, '听取和审议有关部门关于审议意见研究处理情况的报告', (await bodyNamed(t, '市人民政府')).id);
  await sealPoll(t, item.id, { kind: 'satisfaction', title: '对有关部门的满意度测评', targets: [{ key: 'a', label: '市教育局' }, { key: 'b', label: '市民政局' }] }, [
    ...times(5, satSheet({ a: 'satisfied', b: 'basically' })),
    ...times(4, satSheet({ a: 'unsatisfied', b: 'satisfied' })),
  ]);
  const opened = await openDatabase(t.core.dbFile);
  try {
    job = { kind: 'charted', report: 'results-notice', data: await meetingReportData(opened.db, m.id), today: '2026-11-30' };
  } finally {
    await opened.close();
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const documentXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);

describe('render worker', () => {
  it('lays out the same document as the in-process path, with progress steps', async () => {
    const logs: string[] = [];
    const r = createRenderer((l) => logs.push(l), { workerFile: WORKER });
    expect(r.mode).toBe('worker');
    try {
      const steps: string[] = [];
      const a = await r.render(job, (_p, label) => steps.push(label));
      const b = await renderJob(job, () => undefined);
      expect(a.ext).toBe('docx');
      expect(documentXml(a.bytes)).toBe(documentXml(b.bytes));
      // The chart was drawn in the worker too (ECharts and the WASM rasteriser load there).
      expect(Object.keys(unzipSync(a.bytes)).filter((n) => n.startsWith('word/media/'))).toHaveLength(1);
      expect(steps).toContain('绘制图表（1/1）');
      expect(steps).toContain('排版');
      // A second job reuses the same worker.
      const book = await r.render({ kind: 'book', format: 'csv', book: { title: 't', creator: 'c', sheets: [{ name: '表', heading: [], columns: [{ header: '数', kind: 'int' }], rows: [[1], [2]], notes: [] }] } }, () => undefined);
      expect(book.ext).toBe('csv');
      expect(new TextDecoder().decode(book.bytes.subarray(3))).toBe('数\r\n1\r\n2\r\n');
      expect(logs).toEqual([]);
    } finally {
      await r.close();
    }
  }, 60_000);

  it('a job that fails in the worker fails alone; a worker that cannot start falls back to in-process', async () => {
    const logs: string[] = [];
    const r = createRenderer((l) => logs.push(l), { workerFile: WORKER });
    try {
      const bad: RenderJob = { kind: 'book', format: 'xlsx', book: { title: 't', creator: 'c', sheets: [{ name: '表', heading: [], columns: [{ header: '数', kind: 'int' }], rows: [[1.5]], notes: [] }] } };
      await expect(r.render(bad, () => undefined)).rejects.toThrow(/not an integer|integer/);
      const ok = await r.render(job, () => undefined);
      expect(ok.ext).toBe('docx');
    } finally {
      await r.close();
    }
    const dir = tempDir('desk-worker-');
    const broken = path.join(dir, 'render-worker.mjs');
    fs.writeFileSync(broken, "throw new Error('cannot start');\n");
    const r2 = createRenderer((l) => logs.push(l), { workerFile: broken });
    try {
      const out = await r2.render(job, () => undefined);
      expect(out.ext).toBe('docx');
      expect(logs.some((l) => l.includes('render worker unavailable'))).toBe(true);
    } finally {
      await r2.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
