import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorBody } from '../../shared/api/errors.js';

export class BodyTooLarge extends Error {}

/** Read a request body up to `limit` bytes; stops reading (and rejects) as soon as it is exceeded. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  // A second answer to the same request is a bug; cut the connection rather than throw from an error path.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (res.destroyed) return;
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(data);
}

export function sendError(res: ServerResponse, status: number, error: ErrorBody, extraHeaders: Record<string, string> = {}): void {
  sendJson(res, status, { ok: false, error }, extraHeaders);
}
