import { parentPort } from 'node:worker_threads';
import { renderJob, type RenderJob } from './render.js';

/**
 * The render worker: lays out report files off the core's event loop, so that building a
 * year summary never delays a ballot's acknowledgement. One job at a time; it keeps its fonts
 * and chart engine between jobs.
 */
export type WorkerMessage =
  | { type: 'step'; id: number; percent: number; label: string }
  | { type: 'done'; id: number; bytes: Uint8Array; ext: string; notes: string[] }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
if (port) {
  port.on('message', (msg: { id: number; job: RenderJob }) => {
    const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
    renderJob(msg.job, (percent, label) => post({ type: 'step', id: msg.id, percent, label })).then(
      (r) => {
        const bytes = new Uint8Array(r.bytes);
        post({ type: 'done', id: msg.id, bytes, ext: r.ext, notes: r.notes }, [bytes.buffer as ArrayBuffer]);
      },
      (err: unknown) => post({ type: 'failed', id: msg.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
}
