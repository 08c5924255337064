import { parentPort } from 'node:worker_threads';
import type { OfficialDoc } from '../../../shared/domain/reports/official-doc.js';
import type { RenderJob } from './render-job.js';
import { documentOf, renderJob } from './render.js';

/**
 * The render worker: lays out report files, and the documents of the print view (charts drawn),
 * off the core's event loop, so that building a year summary never delays a ballot's
 * acknowledgement. One job at a time; it keeps its fonts and chart engine between jobs.
 */
export type WorkerRequest = { id: number; job: RenderJob; want: 'file' | 'document' };

export type WorkerMessage =
  | { type: 'step'; id: number; percent: number; label: string }
  | { type: 'done'; id: number; bytes: Uint8Array; ext: string; notes: string[] }
  | { type: 'document'; id: number; doc: OfficialDoc }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
if (port) {
  port.on('message', (msg: WorkerRequest) => {
    const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
    const fail = (err: unknown) => post({ type: 'failed', id: msg.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    if (msg.want === 'document') {
      documentOf(msg.job).then((doc) => post({ type: 'document', id: msg.id, doc }), fail);
      return;
    }
    renderJob(msg.job, (percent, label) => post({ type: 'step', id: msg.id, percent, label })).then((r) => {
      const bytes = new Uint8Array(r.bytes);
      post({ type: 'done', id: msg.id, bytes, ext: r.ext, notes: r.notes }, [bytes.buffer as ArrayBuffer]);
    }, fail);
  });
}
