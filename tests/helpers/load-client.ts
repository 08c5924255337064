import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * A bounded HTTP load client for tests and benchmarks of the voter listener. It talks only
 * to 127.0.0.1 (anything else is refused before a socket is opened), keeps a bounded pool
 * of keep-alive sockets, gives every request a timeout, and stops by itself at a global
 * deadline: requests in flight are aborted and jobs not yet started are reported as such.
 */

export const MAX_SOCKETS_CAP = 4096;
export const MAX_JOBS = 20_000;
export const MAX_ATTEMPTS_CAP = 100;

export interface HttpResult {
  /** HTTP status, or 0 when no response arrived (see `error`). */
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON when the answer was JSON, else the text. */
  body: any;
  /** From the call to the complete answer, including any wait for a free socket in the pool. */
  latencyMs: number;
  /**
   * Null for a complete answer. Otherwise why it is missing or cut off: an errno code
   * (ECONNREFUSED, ECONNRESET…), 'timeout' or 'deadline'. With status > 0 the status line
   * and headers did arrive before the connection broke.
   */
  error: string | null;
}

/** The URL, if its host is 127.0.0.1 over plain HTTP; throws otherwise. */
export function assertLoopback(url: string | URL): URL {
  const u = new URL(url);
  if (u.protocol !== 'http:' || u.hostname !== '127.0.0.1') throw new Error(`load client: refusing ${u.origin}: only http://127.0.0.1 is allowed`);
  return u;
}

export interface LoadClientOptions {
  /** Keep-alive sockets at most (default 64, capped at MAX_SOCKETS_CAP). */
  maxSockets?: number;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
}

export interface RequestInit {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  timeoutMs?: number;
}

export class LoadClient {
  readonly agent: http.Agent;
  private readonly timeoutMs: number;
  /** Requests in flight, each with the function that aborts it. */
  private readonly inflight = new Map<http.ClientRequest, () => void>();
  private closed = false;

  constructor(opts: LoadClientOptions = {}) {
    const maxSockets = Math.min(Math.max(1, opts.maxSockets ?? 64), MAX_SOCKETS_CAP);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' });
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  request(url: string | URL, init: RequestInit = {}): Promise<HttpResult> {
    const u = assertLoopback(url);
    const started = performance.now();
    const done = (status: number, headers: http.IncomingHttpHeaders, body: unknown, error: string | null): HttpResult => ({
      status,
      headers,
      body,
      latencyMs: performance.now() - started,
      error,
    });
    if (this.closed) return Promise.resolve(done(0, {}, null, 'deadline'));
    let payload: Buffer | null = null;
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) {
      payload = Buffer.isBuffer(init.body) ? init.body : Buffer.from(typeof init.body === 'string' ? init.body : JSON.stringify(init.body));
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
      const chunked = Object.keys(headers).some((h) => h.toLowerCase() === 'transfer-encoding');
      if (!chunked && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['Content-Length'] = String(payload.length);
    }
    return new Promise<HttpResult>((resolve) => {
      let settled = false;
      let status = 0;
      let resHeaders: http.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      const finish = (error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inflight.delete(req);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        if (String(resHeaders['content-type'] ?? '').includes('json')) {
          try {
            body = JSON.parse(text);
          } catch {
            // a truncated answer stays text
          }
        }
        // `error` is null only for an answer that arrived in full; a status with an error is a
        // cut-off answer (its status line and headers did arrive).
        resolve(done(status, resHeaders, body, error));
      };
      const req = http.request(
        { host: '127.0.0.1', port: u.port, path: u.pathname + u.search, method: init.method ?? 'GET', headers, agent: this.agent },
        (res) => {
          status = res.statusCode ?? 0;
          resHeaders = res.headers;
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(null));
          res.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
          res.on('close', () => finish('ECONNRESET'));
        },
      );
      const timer = setTimeout(() => {
        finish('timeout');
        req.destroy();
      }, init.timeoutMs ?? this.timeoutMs);
      this.inflight.set(req, () => {
        finish('deadline');
        req.destroy();
      });
      req.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
      req.on('close', () => {
        if (status === 0) finish('ECONNRESET');
      });
      req.end(payload ?? undefined);
    });
  }

  /** Abort everything in flight (reported as 'deadline'), refuse new requests, free the sockets. */
  close(): void {
    this.closed = true;
    for (const abort of [...this.inflight.values()]) abort();
    this.agent.destroy();
  }
}

/** One request of a batch: path (with query) relative to the base URL. */
export interface LoadRequest extends RequestInit {
  path: string;
}

export interface LoadResult extends HttpResult {
  /** Index of the request in the input. */
  index: number;
  /** Requests sent for it (0 when the deadline came first). */
  attempts: number;
  /** From its first send to its final answer. */
  totalMs: number;
}

export interface RunOptions extends LoadClientOptions {
  /** Requests in flight at once (also the default socket pool size). */
  concurrency: number;
  /** Global deadline from the start of the run: nothing starts after it and whatever is in flight is aborted. */
  deadlineMs: number;
  /**
   * Whether to send the same request again: return a delay in ms, or null to accept this
   * answer. Bounded by maxAttempts.
   */
  retry?: (r: HttpResult, attempt: number) => number | null;
  /** Default 1 (no retries); capped at MAX_ATTEMPTS_CAP. */
  maxAttempts?: number;
  /** Called once per request with its final answer, as it arrives. */
  onResult?: (r: LoadResult) => void;
}

/** Base URL of the voter listener, or a function giving the current one (e.g. after a restart). */
export type BaseUrl = string | (() => string | Promise<string>);

/**
 * Send every request with at most `concurrency` in flight; resolves when all have answered
 * or the deadline has passed, with one result per request in input order.
 */
export async function requestAll(base: BaseUrl, requests: readonly LoadRequest[], opts: RunOptions): Promise<LoadResult[]> {
  if (requests.length > MAX_JOBS) throw new Error(`load client: at most ${MAX_JOBS} requests per run`);
  if (typeof base === 'string') assertLoopback(base);
  const concurrency = Math.max(1, Math.min(opts.concurrency, requests.length || 1));
  const maxAttempts = Math.min(Math.max(1, opts.maxAttempts ?? 1), MAX_ATTEMPTS_CAP);
  const client = new LoadClient({ maxSockets: opts.maxSockets ?? concurrency, timeoutMs: opts.timeoutMs });
  const results: LoadResult[] = new Array(requests.length);
  let expired = false;
  let wake: () => void = () => {};
  const deadlinePassed = new Promise<void>((r) => (wake = r));
  const deadline = setTimeout(() => {
    expired = true;
    client.close();
    wake();
  }, opts.deadlineMs);
  const sleep = (ms: number) => Promise.race([new Promise<void>((r) => setTimeout(r, ms)), deadlinePassed]);
  const currentBase = async (): Promise<string | null> => {
    if (typeof base === 'string') return base;
    const b = await Promise.race([Promise.resolve(base()), deadlinePassed.then(() => null)]);
    return b === null ? null : assertLoopback(b).href;
  };
  const unanswered = (index: number, attempts = 0, totalMs = 0): LoadResult => ({ status: 0, headers: {}, body: null, latencyMs: 0, error: 'deadline', index, attempts, totalMs });

  async function run(index: number): Promise<void> {
    const { path, ...init } = requests[index]!;
    const first = performance.now();
    let attempts = 0;
    let r: HttpResult | null = null;
    while (!expired && attempts < maxAttempts) {
      const b = await currentBase();
      if (b === null || expired) break;
      attempts += 1;
      r = await client.request(new URL(path, b), init);
      const delay = opts.retry && attempts < maxAttempts && !expired ? opts.retry(r, attempts) : null;
      if (delay === null) break;
      await sleep(delay);
    }
    const out: LoadResult = r && !(expired && r.status === 0) ? { ...r, index, attempts, totalMs: performance.now() - first } : unanswered(index, attempts, performance.now() - first);
    results[index] = out;
    opts.onResult?.(out);
  }

  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const i = next++;
      if (expired) results[i] = unanswered(i);
      else await run(i);
    }
  });
  try {
    await Promise.all(workers);
  } finally {
    clearTimeout(deadline);
    client.close();
  }
  return results;
}

/** One device's ballot: its credential code and the request body of POST /v1/ballots. */
export interface CastJob {
  code: string;
  pollId: number;
  receipt: string;
  ballot: unknown;
}

/** The request a device sends for a ballot; a retry sends exactly the same bytes. */
export function castRequest(job: CastJob): LoadRequest {
  return {
    path: '/v1/ballots',
    method: 'POST',
    headers: { Authorization: `Credential ${job.code}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ pollId: job.pollId, receipt: job.receipt, ballot: job.ballot }),
  };
}

/**
 * Cast every job through POST /v1/ballots (docs/voter-protocol.md) with at most
 * `concurrency` in flight; one result per job, in input order (`index` is the job's).
 */
export function castAll(base: BaseUrl, jobs: readonly CastJob[], opts: RunOptions): Promise<LoadResult[]> {
  return requestAll(base, jobs.map(castRequest), opts);
}

/** Latency percentile (nearest rank), in ms. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
