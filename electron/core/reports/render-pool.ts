import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderJob, type Rendered, type RenderJob, type Step } from './render.js';
import type { WorkerMessage } from './render-worker.js';

export interface Renderer {
  /** Where files are laid out: 'worker' in the built app, 'in-process' when run from sources (tests). */
  readonly mode: 'worker' | 'in-process';
  render(job: RenderJob, step: Step): Promise<Rendered>;
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
  for (const name of ['render-worker.mjs', 'render-worker.cjs']) {
    const file = fileURLToPath(new URL(`./${name}`, here));
    if (fs.existsSync(file)) return file;
  }
  return null;
}

export function createRenderer(log: (line: string) => void, opts: { workerFile?: string | null } = {}): Renderer {
  const file = opts.workerFile === undefined ? workerFile() : opts.workerFile;
  if (!file) {
    return { mode: 'in-process', render: (job, step) => renderJob(job, step), close: async () => undefined };
  }
  let worker: Worker | null = null;
  /** After the worker itself fails (not a job), files are laid out in-process: late, never lost. */
  let broken = false;
  let next = 1;
  const pending = new Map<number, { job: RenderJob; step: Step; resolve: (r: Rendered) => void; reject: (e: Error) => void }>();
  const failAll = (message: string) => {
    broken = true;
    log(`render worker unavailable (${message}); laying out files in-process`);
    for (const p of pending.values()) renderJob(p.job, p.step).then(p.resolve, p.reject);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(file);
    w.unref();
    w.on('message', (m: WorkerMessage) => {
      const p = pending.get(m.id);
      if (!p) return;
      if (m.type === 'step') return p.step(m.percent, m.label);
      pending.delete(m.id);
      if (m.type === 'done') p.resolve({ bytes: m.bytes, ext: m.ext as Rendered['ext'], notes: m.notes });
      else p.reject(new Error(m.message));
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
  return {
    mode: 'worker',
    render(job, step) {
      if (broken) return renderJob(job, step);
      worker ??= start();
      const id = next++;
      const w = worker;
      return new Promise<Rendered>((resolve, reject) => {
        pending.set(id, { job, step, resolve, reject });
        // The worker keeps the process alive only while it has work.
        w.ref();
        w.postMessage({ id, job });
      }).finally(() => {
        if (pending.size === 0) w.unref();
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
