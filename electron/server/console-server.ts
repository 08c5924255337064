import crypto from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { pipeline, type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/core-types.js';
import { BodyTooLarge, readBody, sendError, sendJson } from './http-util.js';
import { clientErrorHandler, decodePath, guardSocket, LogLimiter, parseTarget, refuseUpgrade, ResponsesInFlight } from './transport-guard.js';

export interface ConsoleServerOptions {
  core: Core;
  /** Loopback only: the console is never reachable from the LAN. */
  host?: '127.0.0.1' | '::1';
  port: number;
  token: string;
  /** Built renderer (dist/renderer). */
  staticDir: string;
  log?: (line: string) => void;
}

export interface ConsoleServer {
  port: number;
  /** Opens the console with the token in the fragment (never sent to the server, never logged). */
  url: string;
  close(): Promise<void>;
}

/** Papers up to 50 MB travel as base64 inside JSON. */
const MAX_BODY = 72 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

const ORIGIN = 'http://127.0.0.1';

/** Sends a file as the answer; a file that vanishes or a reader that goes away cuts this answer only. */
function sendFile(file: string, res: ServerResponse): void {
  pipeline(fs.createReadStream(file), res, (err) => {
    if (err) res.destroy();
  });
}

const UNAUTHORIZED = { code: 'UNAUTHORIZED' as const, message: '缺少或错误的访问令牌。请使用启动时显示的控制台地址打开。' };

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const { core, token } = opts;
  const host = opts.host ?? '127.0.0.1';
  // Unexpected failures only, each kind written once (with its stack) and then counted.
  const logs = new LogLimiter(opts.log ?? (() => {}));
  const report = (kind: string, err: unknown) => logs.report(`console ${kind}`, err instanceof Error ? (err.stack ?? err.message) : String(err));
  const staticRoot = path.resolve(opts.staticDir);
  let port = opts.port;

  // DNS rebinding: a page on another origin could resolve its name to 127.0.0.1; the Host header gives it away.
  const hostAllowed = (req: IncomingMessage) => {
    const h = req.headers.host ?? '';
    return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
  };

  const csp = () =>
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'", // antd injects its styles at run time
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; ');

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      sendError(res, 405, { code: 'VALIDATION', message: '接口只接受 POST 请求' }, { Allow: 'POST' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        sendError(res, 413, { code: 'TOO_LARGE', message: `请求内容超过 ${MAX_BODY / 1024 / 1024} MB，未作处理。` }, { Connection: 'close' });
        return;
      }
      throw err;
    }
    let input: unknown;
    try {
      input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      sendError(res, 400, { code: 'VALIDATION', message: '请求内容不是有效的 JSON，未作处理。' });
      return;
    }
    const result = await core.dispatch(method, input, { transport: 'http' });
    sendJson(res, 200, result);
  }

  async function handlePaper(res: ServerResponse, id: number, kind: 'paper' | 'opinion' | 'export'): Promise<void> {
    const file = kind === 'paper' ? await core.paperFile(id) : kind === 'opinion' ? await core.opinionFile(id) : await core.exportFile(id);
    if (!file || !fs.existsSync(file.path)) {
      const message = kind === 'export' ? '该导出文件不存在、尚未生成完成或生成失败。' : kind === 'opinion' ? '该附件不存在或已被删除。' : '该会议文件不存在或已被删除。';
      sendError(res, 404, { code: 'NOT_FOUND', message });
      return;
    }
    const stat = fs.statSync(file.path);
    res.writeHead(200, {
      'Content-Type': file.mime,
      'Content-Length': stat.size,
      // Papers open in the browser; a built report is saved as a file.
      'Content-Disposition': `${kind === 'export' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    sendFile(file.path, res);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let rel = decodePath(pathname);
    if (rel?.endsWith('/')) rel += 'index.html';
    const file = rel === null ? null : path.resolve(staticRoot, '.' + rel);
    if (file === null || !file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      notFound(res);
      return;
    }
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Security-Policy': csp(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      // Hashed asset names can be cached; pages cannot.
      'Cache-Control': ext === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') res.end();
    else sendFile(file, res);
  }

  const notFound = (res: ServerResponse) => res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('未找到 / Not found');

  const inFlight = new ResponsesInFlight();
  // Node enforces headersTimeout and requestTimeout when it sweeps its connections (every 30 s by default).
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    inFlight.track(req, res);
    void (async () => {
      if (!hostAllowed(req)) {
        sendError(res, 421, { code: 'UNAUTHORIZED', message: '只能通过 127.0.0.1 访问控制台。' });
        return;
      }
      const url = parseTarget(req.url, ORIGIN);
      if (url === null) {
        notFound(res);
        return;
      }
      const p = url.pathname;
      if (p.startsWith('/api/') || p.startsWith('/files/')) {
        // The token is checked before any routing, so nothing about the API leaks without it.
        if (!tokenMatches(bearer(req), token)) {
          sendError(res, 401, UNAUTHORIZED, { 'WWW-Authenticate': 'Bearer' });
          return;
        }
        if (p.startsWith('/api/')) return handleApi(req, res, p.slice('/api/'.length));
        const m = /^\/files\/(paper|opinion|export)\/(\d{1,12})$/.exec(p);
        if (m && req.method === 'GET') return handlePaper(res, Number(m[2]), m[1] as 'paper' | 'opinion' | 'export');
        sendError(res, 404, { code: 'NOT_FOUND', message: '未找到。' });
        return;
      }
      if (p === '/') {
        res.writeHead(302, { Location: '/console/' }).end();
        return;
      }
      serveStatic(req, res, p);
    })().catch((err: unknown) => {
      report(`request failed (${(err as Error)?.name ?? 'unknown'})`, err);
      if (!res.headersSent) sendError(res, 500, { code: 'INTERNAL', message: '程序内部错误。' });
      else res.destroy();
    });
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 20_000;
  server.on('clientError', clientErrorHandler(inFlight, (kind, err) => report(kind, err)));
  server.on('error', (err) => report(`listener error (${(err as NodeJS.ErrnoException).code ?? err.name})`, err));
  server.on('connection', (s: Socket) => guardSocket(s));

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node has taken its own 'error' listener off this socket: without ours a reset ends the process.
    guardSocket(socket);
    try {
      const origin = req.headers.origin;
      const originOk = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
      const url = hostAllowed(req) && originOk ? parseTarget(req.url, ORIGIN) : null;
      if (url === null || url.pathname !== '/ws' || !tokenMatches(url.searchParams.get('token'), token)) {
        refuseUpgrade(socket, 401);
        return;
      }
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        ws.on('error', () => sockets.delete(ws));
        // The console only listens; anything it sends is ignored.
        ws.on('message', () => {});
      });
    } catch (err) {
      report(`upgrade failed (${(err as Error)?.name ?? 'unknown'})`, err);
      refuseUpgrade(socket, 500);
    }
  });

  const unsubscribe = core.subscribe((event, payload) => {
    const msg = JSON.stringify({ event, payload });
    for (const ws of sockets) {
      try {
        if (ws.readyState === ws.OPEN) ws.send(msg);
      } catch (err) {
        report(`event push failed (${(err as Error)?.name ?? 'unknown'})`, err);
        ws.terminate();
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host === '::1' ? '[::1]' : host;

  return {
    port,
    url: `http://${shownHost}:${port}/console/#token=${token}`,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logs.flush();
    },
  };
}
