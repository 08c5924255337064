import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * What both listeners need so that no request, however malformed, and no socket, however
 * rudely closed, can stop the host: a request-target parser that cannot throw, an 'error'
 * listener on every raw socket, answers to parse errors, and a log that says each kind of
 * unexpected failure once instead of once per request.
 */

/**
 * The request target as a URL, or null when it is not a plain path (origin-form, RFC 9112
 * 3.2.1): absolute-form (`http://x/…`), `*`, or anything the URL parser refuses. The target
 * is appended to a fixed origin rather than resolved against it, so `//x/v1/state` stays the
 * path `//x/v1/state` instead of naming the host `x`; such paths match no route.
 */
export function parseTarget(target: string | undefined, origin: string): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    return new URL(origin + target);
  } catch {
    return null;
  }
}

/** decodeURIComponent that answers null for a malformed escape (`/%`, `/%zz`) instead of throwing. */
export function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

const quiet = () => {};

/**
 * Give a raw socket an 'error' listener. A socket without one turns a client's reset into an
 * uncaught exception; after 'upgrade' Node has removed its own listener, so this is ours to do.
 */
export function guardSocket(socket: Duplex): void {
  if (!socket.listeners('error').includes(quiet)) socket.on('error', quiet);
}

/**
 * Refuse an upgrade with a bodiless HTTP answer and close the socket once it is written. A
 * socket the client has already reset is just destroyed.
 */
export function refuseUpgrade(socket: Duplex, status: number): void {
  guardSocket(socket);
  if (!socket.writable || socket.destroyed) {
    socket.destroy();
    return;
  }
  // The server's timeouts no longer apply to an upgraded socket: do not wait for the client to close.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Track the response in flight on each socket, so that a parse error arriving while an answer is
 * being written does not write a second answer into the middle of it.
 */
export class ResponsesInFlight {
  private readonly bySocket = new WeakMap<object, ServerResponse>();

  track(req: IncomingMessage, res: ServerResponse): void {
    this.bySocket.set(req.socket, res);
  }

  /** True when part of an answer has already gone out on this socket and the rest has not. */
  busy(socket: object): boolean {
    const res = this.bySocket.get(socket);
    return res !== undefined && res.headersSent && !res.writableFinished;
  }
}

const CLIENT_ERROR_STATUS: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};
/** The peer went away; nothing to answer and nothing to report. */
const GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/**
 * A 'clientError' listener (it replaces Node's default one): answers what Node would — 400 for
 * a request that is not HTTP, 431 for too many or too large headers, 408 for a request too slow
 * (the server's headersTimeout and requestTimeout) — and destroys the socket. These are the
 * client's faults and are not logged; an error of any other kind goes to `report`.
 */
export function clientErrorHandler(inFlight: ResponsesInFlight, report: (kind: string, err: Error) => void) {
  return (err: NodeJS.ErrnoException, socket: Duplex): void => {
    guardSocket(socket);
    const code = err.code ?? '';
    if (!GONE.has(code) && !code.startsWith('HPE_') && !(code in CLIENT_ERROR_STATUS)) report(`client error ${code || err.name}`, err);
    if (!GONE.has(code) && socket.writable && !inFlight.busy(socket)) {
      const status = CLIENT_ERROR_STATUS[code] ?? 400;
      // Written and destroyed at once, as Node's own handler does: the answer is a few bytes.
      socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  };
}

export interface LogLimiterOptions {
  /** How often at most a summary line is written per kind (default one minute). */
  windowMs?: number;
  /** Distinct kinds remembered; beyond, further kinds are counted under "other". */
  maxKinds?: number;
}

/**
 * A log that cannot be flooded: the first failure of a kind is written with its message; while
 * more of that kind keep coming, one line per window says how many ("… 37 more in the last
 * 60 s"); after a quiet window the kind is forgotten and its next failure is written again.
 */
export class LogLimiter {
  private readonly kinds = new Map<string, { more: number; timer: NodeJS.Timeout }>();
  private readonly windowMs: number;
  private readonly maxKinds: number;

  constructor(
    private readonly write: (line: string) => void,
    opts: LogLimiterOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.maxKinds = opts.maxKinds ?? 50;
  }

  report(kind: string, message: string): void {
    let k = kind;
    if (!this.kinds.has(k) && this.kinds.size >= this.maxKinds) k = 'other';
    const seen = this.kinds.get(k);
    if (seen) {
      seen.more += 1;
      return;
    }
    this.kinds.set(k, { more: 0, timer: this.arm(k) });
    this.emit(`${k}: ${message}`);
  }

  private arm(kind: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const entry = this.kinds.get(kind);
      if (!entry) return;
      if (entry.more === 0) {
        this.kinds.delete(kind);
        return;
      }
      this.emit(`${kind}: ${entry.more} more in the last ${Math.round(this.windowMs / 1000)} s`);
      entry.more = 0;
      entry.timer = this.arm(kind);
    }, this.windowMs);
    // A pending summary must not keep the process alive.
    timer.unref();
    return timer;
  }

  /** Called from error paths: a log that cannot be written must not become another error. */
  private emit(line: string): void {
    try {
      this.write(line);
    } catch {
      // nowhere left to say it
    }
  }

  /** Write what is still counted and stop the timers (on close). */
  flush(): void {
    for (const [kind, entry] of this.kinds) {
      clearTimeout(entry.timer);
      if (entry.more > 0) this.emit(`${kind}: ${entry.more} more`);
    }
    this.kinds.clear();
  }
}
