import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline, type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CredentialCode } from '../../shared/api/voter-protocol.js';
import type { Core } from '../core/core-types.js';
import { VOTER_ERRORS, VoterError } from '../core/voter/voter-errors.js';
import type { VoterAuth } from '../core/voter/voter-service.js';
import { BodyTooLarge, readBody } from './http-util.js';
import { RateLimiter } from './rate-limit.js';
import { clientErrorHandler, decodePath, guardSocket, LogLimiter, parseTarget, refuseUpgrade, ResponsesInFlight } from './transport-guard.js';

export interface VoterServerOptions {
  core: Core;
  /** Interface to bind; '0.0.0.0' (default) for every interface of the room network. */
  host?: string;
  port: number;
  /** Built voter app (dist/voter); served under /vote/. */
  staticDir: string;
  /** Token-bucket limits as [per second, burst]; defaults suit a room of a few hundred devices behind one access point. */
  limits?: { perDevice?: [number, number]; perAddress?: [number, number] };
  log?: (line: string) => void;
}

export interface VoterServer {
  port: number;
  host: string;
  urls: string[];
  close(): Promise<void>;
}

const MAX_BODY = 32 * 1024;
const MAX_CONNECTIONS = 8000;
const MAX_SOCKETS_PER_CREDENTIAL = 4;
const ORIGIN = 'http://voter.invalid';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

class ProtoKey extends Error {}

/**
 * zod drops a "__proto__" key from records without an issue, so `{"marks": {"__proto__": …}}`
 * would be stored as a different (blank) sheet and acknowledged. Refuse it instead.
 */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new ProtoKey();
  return value;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(data), 'Cache-Control': 'no-store', ...headers });
  res.end(data);
}

function sendError(res: ServerResponse, err: VoterError, headers: Record<string, string> = {}): void {
  send(res, err.status, { error: { code: err.code, message: err.message } }, headers);
}

/** Addresses a device on the room network could open, LAN interfaces first. */
export function lanUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(`http://${a.address}:${port}/`);
  }
  out.push(`http://127.0.0.1:${port}/`);
  return out;
}

/**
 * The listener member devices talk to. It is separate from the console listener and knows
 * only the voter protocol (docs/voter-protocol.md): state, cast, receipts, events, and the
 * voter app's files. Every request is bounded in size, time and rate.
 */
export async function startVoterServer(opts: VoterServerOptions): Promise<VoterServer> {
  const { core } = opts;
  const host = opts.host ?? '0.0.0.0';
  // Unexpected failures only (never ordinary refusals), each kind written once and then counted.
  const logs = new LogLimiter(opts.log ?? (() => {}));
  const report = (kind: string, err: unknown) => logs.report(`voter ${kind}`, err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  const staticRoot = path.resolve(opts.staticDir);
  const perDevice = new RateLimiter(...(opts.limits?.perDevice ?? [5, 20]));
  const perAddress = new RateLimiter(...(opts.limits?.perAddress ?? [1000, 2000]));
  const sockets = new Map<WebSocket, VoterAuth>();

  function authenticate(req: IncomingMessage): VoterAuth {
    const h = req.headers.authorization ?? '';
    const m = /^Credential\s+(\S{1,32})$/i.exec(h);
    if (!m) throw VOTER_ERRORS.unauthorized();
    const code = CredentialCode.safeParse(m[1]);
    if (!code.success) throw VOTER_ERRORS.unauthorized();
    return core.voter.authenticate(code.data);
  }

  function address(req: IncomingMessage): string {
    return req.socket.remoteAddress ?? 'unknown';
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!perAddress.take(address(req))) return sendError(res, VOTER_ERRORS.rateLimited(), { 'Retry-After': '1' });
    const auth = authenticate(req);
    if (!perDevice.take(`c${auth.credentialId}`)) return sendError(res, VOTER_ERRORS.rateLimited(), { 'Retry-After': '2' });
    if (url.pathname === '/v1/state' && req.method === 'GET') {
      // Signing in by logging in on a device, when the clerk allows it for this meeting.
      await core.deviceSignIn(auth.meetingId, auth.memberId);
      return send(res, 200, core.voter.state(auth));
    }
    if (url.pathname === '/v1/ballots' && req.method === 'POST') {
      let body: Buffer;
      try {
        body = await readBody(req, MAX_BODY);
      } catch (err) {
        if (err instanceof BodyTooLarge) return sendError(res, VOTER_ERRORS.tooLarge(), { Connection: 'close' });
        throw err;
      }
      let json: unknown;
      try {
        const text = body.toString('utf8');
        // The reviver is slow; only a body that could spell "__proto__" (plainly or escaped) needs it.
        json = text.includes('__proto__') || text.includes('\\u') ? JSON.parse(text, refuseProtoKeys) : JSON.parse(text);
      } catch (err) {
        return sendError(res, VOTER_ERRORS.badRequest(err instanceof ProtoKey ? '含有不允许的字段 __proto__' : '不是有效的 JSON'));
      }
      const out = await core.voter.cast(auth, json);
      return send(res, out.replay ? 200 : 201, { receipt: out.receipt, pollId: out.pollId });
    }
    if (url.pathname === '/v1/receipts' && req.method === 'GET') {
      const pollId = Number(url.searchParams.get('pollId'));
      if (!Number.isInteger(pollId) || pollId <= 0) return sendError(res, VOTER_ERRORS.badRequest('pollId 无效'));
      return send(res, 200, core.voter.receipts(auth, pollId));
    }
    throw VOTER_ERRORS.notFound();
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, VOTER_ERRORS.notFound());
    if (pathname === '/' || pathname === '/vote') {
      res.writeHead(302, { Location: '/vote/' }).end();
      return;
    }
    let rel = pathname.slice('/vote'.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const decoded = decodePath(rel);
    if (decoded === null) return sendError(res, VOTER_ERRORS.notFound());
    const file = path.resolve(staticRoot, '.' + decoded);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return sendError(res, VOTER_ERRORS.notFound());
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': ext === '.html' ? 'no-store' : 'public, max-age=86400',
    });
    if (req.method === 'HEAD') res.end();
    else
      pipeline(fs.createReadStream(file), res, (err) => {
        // A file that vanished or a device that went away mid-file: this answer is cut, nothing else.
        if (err) res.destroy();
      });
  }

  // Node enforces headersTimeout/requestTimeout only when it sweeps its connection list,
  // every 30 s by default; sweep every second so a slow client is cut near 10 s, not 40 s.
  const inFlight = new ResponsesInFlight();
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    inFlight.track(req, res);
    void (async () => {
      const url = parseTarget(req.url, ORIGIN);
      if (url === null) throw VOTER_ERRORS.notFound();
      if (url.pathname.startsWith('/v1/')) return api(req, res, url);
      if (url.pathname === '/' || url.pathname === '/vote' || url.pathname.startsWith('/vote/')) return serveStatic(req, res, url.pathname);
      throw VOTER_ERRORS.notFound();
    })().catch((err: unknown) => {
      if (err instanceof VoterError) return sendError(res, err);
      // Only the error's kind and message: the anonymity rules allow nothing about the ballot or the device.
      report(`request failed (${(err as Error)?.name ?? 'unknown'})`, err);
      if (res.headersSent) res.destroy();
      else sendError(res, VOTER_ERRORS.internal());
    });
  });
  // Slow or stuck clients must not hold sockets: bounded header, request and idle times.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  // Node refuses a request with more header lines than this (431), as it does one over 16 KiB.
  server.maxHeadersCount = 50;
  server.maxConnections = MAX_CONNECTIONS;
  server.on('clientError', clientErrorHandler(inFlight, (kind, err) => report(kind, err)));
  // Accept failures (out of file descriptors …) must not end the process.
  server.on('error', (err) => report(`listener error (${(err as NodeJS.ErrnoException).code ?? err.name})`, err));
  const conns = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    guardSocket(s);
    conns.add(s);
    s.on('close', () => conns.delete(s));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node has taken its own 'error' listener off this socket: without ours a reset ends the process.
    guardSocket(socket);
    try {
      const url = parseTarget(req.url, ORIGIN);
      if (url === null || url.pathname !== '/v1/events' || !perAddress.take(address(req))) throw VOTER_ERRORS.notFound();
      const code = CredentialCode.safeParse(url.searchParams.get('c') ?? '');
      if (!code.success) throw VOTER_ERRORS.unauthorized();
      const auth = core.voter.authenticate(code.data);
      let count = 0;
      for (const a of sockets.values()) if (a.credentialId === auth.credentialId) count++;
      if (count >= MAX_SOCKETS_PER_CREDENTIAL) throw VOTER_ERRORS.rateLimited();
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.set(ws, auth);
        ws.on('close', () => sockets.delete(ws));
        ws.on('error', () => sockets.delete(ws));
        // Devices only listen; a device that talks is dropped.
        ws.on('message', () => ws.terminate());
        ws.send(JSON.stringify({ event: 'hello', pollId: null }));
      });
    } catch (err) {
      if (!(err instanceof VoterError)) report(`upgrade failed (${(err as Error)?.name ?? 'unknown'})`, err);
      refuseUpgrade(socket, err instanceof VoterError ? err.status : 500);
    }
  });

  const unsubscribe = core.voter.subscribe((meetingId, event, pollId) => {
    const msg = JSON.stringify({ event, pollId });
    for (const [ws, auth] of sockets) {
      try {
        if (auth.meetingId !== meetingId) continue;
        if (event === 'credential.revoked' && !core.voter.credentialActive(auth.credentialId)) {
          ws.close(4001, 'revoked');
          continue;
        }
        if (ws.readyState === ws.OPEN && ws.bufferedAmount < 64 * 1024) ws.send(msg);
      } catch (err) {
        // One device's socket must not cost the others their event, nor the core its caller.
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
  const port = (server.address() as AddressInfo).port;
  const urls = lanUrls(host, port);
  core.setVoterEndpoint({ running: true, urls, host, port });

  return {
    port,
    host,
    urls,
    close: async () => {
      unsubscribe();
      core.setVoterEndpoint({ running: false, urls: [], host: null, port: null });
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      for (const s of conns) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logs.flush();
    },
  };
}
