import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OfficialDoc } from '../../../shared/domain/reports/official-doc.js';
import type { Rendered, RenderJob, Step } from './render-job.js';
import type { WorkerMessage, WorkerRequest } from './render-worker.js';

export interface Renderer {
  /** Where files are laid out: 'worker' in the built app, 'in-process' when run from sources (tests). */
  readonly mode: 'worker' | 'in-process';
  /** The file of a job. */
  render(job: RenderJob, step: Step): Promise<Rendered>;
  /** The document of a job, charts drawn (the print view). */
  document(job: RenderJob): Promise<OfficialDoc>;
  close(): Promise<void>;
}

/**
 * The bundles carry a render worker beside them (render-worker.mjs next to host.mjs and
 * bench.mjs, render-worker.cjs next to main.cjs; build/build.mjs). Run from TypeScript sources
 * there is none, and files are laid out in-process: the same code, on the caller's loop.
 */
function workerFile(): string | null {
  const here = import.meta.url;
  if (!here.startsWith('file:')) return null;
  // Beside the bundle, or one up when this code sits in a shared chunk (dist/host/chunks/).
  for (const name of ['./render-worker.mjs', './render-worker.cjs', '../render-worker.mjs']) {
    const file = fileURLToPath(new URL(name, here));
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/** The layout code, loaded only when the core lays files out itself (host.mjs does not parse it at start). */
const inProcess = {
  render: async (job: RenderJob, step: Step): Promise<Rendered> => (await import('./render.js')).renderJob(job, step),
  document: async (job: RenderJob): Promise<OfficialDoc> => (await import('./render.js')).documentOf(job),
};

type Pending =
  | { want: 'file'; job: RenderJob; step: Step; resolve: (r: Rendered) => void; reject: (e: Error) => void }
  | { want: 'document'; job: RenderJob; resolve: (d: OfficialDoc) => void; reject: (e: Error) => void };

export function createRenderer(log: (line: string) => void, opts: { workerFile?: string | null } = {}): Renderer {
  const file = opts.workerFile === undefined ? workerFile() : opts.workerFile;
  if (!file) return { mode: 'in-process', ...inProcess, close: async () => undefined };
  let worker: Worker | null = null;
  /** After the worker itself fails (not a job), work is done in-process: late, never lost. */
  let broken = false;
  let next = 1;
  const pending = new Map<number, Pending>();
  const runInProcess = (p: Pending) => {
    if (p.want === 'file') inProcess.render(p.job, p.step).then(p.resolve, p.reject);
    else inProcess.document(p.job).then(p.resolve, p.reject);
  };
  const failAll = (message: string) => {
    broken = true;
    log(`render worker unavailable (${message}); laying out files in-process`);
    for (const p of pending.values()) runInProcess(p);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(file);
    w.unref();
    w.on('message', (m: WorkerMessage) => {
      const p = pending.get(m.id);
      if (!p) return;
      if (m.type === 'step') {
        if (p.want === 'file') p.step(m.percent, m.label);
        return;
      }
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.type === 'failed') p.reject(new Error(m.message));
      else if (m.type === 'done' && p.want === 'file') p.resolve({ bytes: m.bytes, ext: m.ext as Rendered['ext'], notes: m.notes });
      else if (m.type === 'document' && p.want === 'document') p.resolve(m.doc);
    });
    w.on('error', (err) => {
      log(`render worker failed: ${err.stack ?? err.message}`);
      failAll(err.message);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (pending.size > 0) failAll(`exited with code ${code}`);
    });
    return w;
  };
  const send = (p: Pending) => {
    if (broken) return runInProcess(p);
    worker ??= start();
    const id = next++;
    pending.set(id, p);
    // The worker keeps the process alive only while it has work.
    worker.ref();
    const msg: WorkerRequest = { id, job: p.job, want: p.want };
    worker.postMessage(msg);
  };
  return {
    mode: 'worker',
    render: (job, step) => new Promise<Rendered>((resolve, reject) => send({ want: 'file', job, step, resolve, reject })),
    document: (job) => new Promise<OfficialDoc>((resolve, reject) => send({ want: 'document', job, resolve, reject })),
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
