import net from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * The benchmark's load client: plain HTTP/1.1 over keep-alive sockets, one socket per
 * simulated device, written by hand so that the client costs a few microseconds per request
 * and the server, not the client, is what gets measured (both share one small machine).
 *
 * Bounded on every side: it talks only to 127.0.0.1 (checked before any socket is opened),
 * holds at most MAX_CONNECTIONS sockets and sends at most MAX_REQUESTS requests, gives each
 * request a timeout, and stops by itself at a global deadline: whatever is in flight then is
 * answered with error 'deadline' and nothing new is sent.
 */

export const LOOPBACK = '127.0.0.1';
export const MAX_CONNECTIONS = 5000;
export const MAX_REQUESTS = 200_000;

export function assertLoopback(host: string): void {
  if (host !== LOOPBACK) throw new Error(`load client: refusing ${host}: only ${LOOPBACK} is allowed`);
}

/** The port of an http://127.0.0.1:<port>/ URL; throws for anything else. */
export function loopbackPort(url: string): number {
  const u = new URL(url);
  if (u.protocol !== 'http:') throw new Error(`load client: refusing ${u.protocol}: only http is allowed`);
  assertLoopback(u.hostname);
  const port = Number(u.port || 80);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`load client: bad port in ${url}`);
  return port;
}

export interface Reply {
  /** HTTP status, or 0 when no complete answer arrived (see `error`). */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** From the request's first byte written to the answer's last byte read. */
  latencyMs: number;
  /** performance.now() when the answer was complete. */
  at: number;
  error: string | null;
}

export interface ClientOptions {
  port: number;
  /** Global deadline from construction, in ms. */
  deadlineMs: number;
  /** Per-request timeout in ms (default 15 000). */
  timeoutMs?: number;
}

interface Pending {
  resolve: (r: Reply) => void;
  started: number;
  timer: NodeJS.Timeout;
}

/** One keep-alive connection: one request at a time, as a browser tab's fetch would do. */
export class Connection {
  private socket: net.Socket | null = null;
  private connecting: Promise<void> | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;
  /** Times this connection had to be (re)opened. */
  connects = 0;

  constructor(private readonly client: LoadClient) {}

  get open(): boolean {
    return this.socket !== null && !this.socket.destroyed && this.connecting === null;
  }

  connect(): Promise<void> {
    if (this.open) return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.client.checkOpen();
    this.connects++;
    const s = net.connect({ host: LOOPBACK, port: this.client.port, noDelay: true });
    this.socket = s;
    this.buf = Buffer.alloc(0);
    this.connecting = new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        this.connecting = null;
        reject(err);
      };
      s.once('error', fail);
      s.once('connect', () => {
        s.off('error', fail);
        this.connecting = null;
        resolve();
      });
    });
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    s.on('error', () => {});
    s.on('close', () => {
      if (this.socket === s) this.socket = null;
      this.finish(0, {}, '', 'ECONNRESET');
    });
    return this.connecting;
  }

  /**
   * Send one request (connecting first if the server closed the socket) and wait for its
   * answer. On an open socket the request is written before this returns.
   */
  request(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
    this.client.countRequest();
    if (this.pending) throw new Error('load client: one request at a time per connection');
    if (this.open) return this.send(method, path, headers, body);
    return this.connect().then(
      () => this.send(method, path, headers, body),
      (err: NodeJS.ErrnoException) => ({ status: 0, headers: {}, body: '', latencyMs: 0, at: performance.now(), error: err.code ?? 'connect' }),
    );
  }

  private send(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Reply> {
    const payload = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${LOOPBACK}:${this.client.port}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (payload) head += `Content-Length: ${payload.length}\r\n`;
    head += '\r\n';
    return new Promise<Reply>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        this.finish(0, {}, '', 'timeout');
        this.socket?.destroy();
      }, this.client.timeoutMs);
      this.pending = { resolve, started, timer };
      this.client.track(this);
      this.socket!.write(payload ? Buffer.concat([Buffer.from(head), payload]) : head);
    });
  }

  /** Answer the request in flight (if any) with what we have. */
  finish(status: number, headers: Record<string, string>, body: string, error: string | null): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    this.client.untrack(this);
    const at = performance.now();
    p.resolve({ status, headers, body, latencyMs: at - p.started, at, error });
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const rest = this.buf.subarray(end + 4);
    let body: Buffer;
    let consumed: number;
    if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      let at = 0;
      for (;;) {
        const eol = rest.indexOf('\r\n', at);
        if (eol < 0) return;
        const size = parseInt(rest.subarray(at, eol).toString('latin1'), 16);
        if (!Number.isFinite(size)) return this.protocolError();
        if (rest.length < eol + 2 + size + 2) return;
        if (size === 0) {
          consumed = eol + 4;
          break;
        }
        parts.push(rest.subarray(eol + 2, eol + 2 + size));
        at = eol + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const len = Number(headers['content-length'] ?? 0);
      if (!Number.isInteger(len) || len < 0) return this.protocolError();
      if (rest.length < len) return;
      body = rest.subarray(0, len);
      consumed = len;
    }
    this.buf = Buffer.from(rest.subarray(consumed));
    if (headers.connection?.toLowerCase() === 'close') this.socket?.end();
    this.finish(status, headers, body.toString('utf8'), null);
  }

  private protocolError(): void {
    this.finish(0, {}, '', 'protocol');
    this.socket?.destroy();
  }

  close(): void {
    this.finish(0, {}, '', 'deadline');
    this.socket?.destroy();
    this.socket = null;
  }
}

/** A bounded set of connections to one loopback port, with a global deadline. */
export class LoadClient {
  readonly port: number;
  readonly timeoutMs: number;
  private readonly conns = new Set<Connection>();
  private readonly inflight = new Set<Connection>();
  private readonly deadline: NodeJS.Timeout;
  private requests = 0;
  private closed = false;
  /** Set once the deadline has passed. */
  expired = false;

  constructor(opts: ClientOptions) {
    if (!Number.isInteger(opts.port) || opts.port <= 0) throw new Error('load client: a port is required');
    this.port = opts.port;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.deadline = setTimeout(() => {
      this.expired = true;
      this.close();
    }, opts.deadlineMs);
    // The deadline stops the client; it must not keep a finished benchmark alive.
    this.deadline.unref();
  }

  checkOpen(): void {
    if (this.closed) throw new Error(this.expired ? 'load client: deadline passed' : 'load client: closed');
  }

  countRequest(): void {
    this.checkOpen();
    if (++this.requests > MAX_REQUESTS) throw new Error(`load client: more than ${MAX_REQUESTS} requests`);
  }

  track(c: Connection): void {
    this.inflight.add(c);
  }

  untrack(c: Connection): void {
    this.inflight.delete(c);
  }

  connection(): Connection {
    this.checkOpen();
    if (this.conns.size >= MAX_CONNECTIONS) throw new Error(`load client: more than ${MAX_CONNECTIONS} connections`);
    const c = new Connection(this);
    this.conns.add(c);
    return c;
  }

  /** `n` new connections, opened `parallel` at a time (a burst of SYNs would overflow the listen backlog). */
  async connections(n: number, parallel = 256): Promise<Connection[]> {
    const out = Array.from({ length: n }, () => this.connection());
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(parallel, n) }, async () => {
        while (next < out.length) await out[next++]!.connect();
      }),
    );
    return out;
  }

  get requestCount(): number {
    return this.requests;
  }

  /** Abort what is in flight, close every socket, refuse anything new. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.deadline);
    for (const c of this.conns) c.close();
    this.conns.clear();
    this.inflight.clear();
  }
}
