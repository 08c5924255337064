import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../electron/core/core-types.js';
import { startConsoleServer, type ConsoleServer } from '../../electron/server/console-server.js';
import { decodePath, LogLimiter, parseTarget } from '../../electron/server/transport-guard.js';
import { makeCore, tempDir, type TestCore } from '../helpers/core.js';

const TOKEN = 'a'.repeat(48);
let t: TestCore;
let server: ConsoleServer;
let base: string;

function staticDir(): string {
  const dir = tempDir('desk-static-');
  fs.mkdirSync(path.join(dir, 'console'));
  fs.writeFileSync(path.join(dir, 'console', 'index.html'), '<!doctype html><title>常委会会务</title>');
  return dir;
}

beforeEach(async () => {
  t = await makeCore();
  server = await startConsoleServer({ core: t.core, port: 0, token: TOKEN, staticDir: staticDir() });
  base = `http://127.0.0.1:${server.port}`;
});
afterEach(async () => {
  await server.close();
  await t.close();
});

async function post(method: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }) {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } } };
}

/** Raw request, so that the Host header can be forged (fetch forbids setting it). */
function rawGet(pathname: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console server security', () => {
  it('answers 401 before routing when the token is missing or wrong', async () => {
    for (const [method, headers] of [
      ['term.list', {}],
      ['term.list', { Authorization: 'Bearer wrong' }],
      ['no.such.method', {}],
    ] as const) {
      const r = await post(method, {}, headers);
      expect(r.status).toBe(401);
      expect(r.body.error?.code).toBe('UNAUTHORIZED');
    }
    const file = await fetch(`${base}/files/paper/1`);
    expect(file.status).toBe(401);
  });

  it('listens on 127.0.0.1 only', () => {
    // /proc/net/tcp lists listening sockets with their local address in hex (little-endian IPv4).
    const lines = fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
    const portHex = server.port.toString(16).toUpperCase().padStart(4, '0');
    const listening = lines.map((l) => l.trim().split(/\s+/)).filter((c) => c[1]?.endsWith(`:${portHex}`) && c[3] === '0A');
    expect(listening.map((c) => c[1])).toEqual([`0100007F:${portHex}`]);
  });

  it('refuses a forged Host header (DNS rebinding)', async () => {
    expect(await rawGet('/console/', 'evil.example:80')).toBe(421);
    expect(await rawGet('/console/', `127.0.0.1:${server.port}`)).toBe(200);
  });

  it('serves the console with a strict CSP and no path traversal', async () => {
    const res = await fetch(`${base}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('常委会会务');
    expect((await fetch(`${base}/console/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
  });

  it('rejects invalid JSON and oversized bodies with clear errors', async () => {
    const bad = await post('term.list', '{not json');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('JSON');
    const huge = await fetch(`${base}/api/term.list`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: 'x'.repeat(73 * 1024 * 1024),
    }).catch((e: unknown) => e);
    // The server answers 413 and closes; depending on timing the client sees the answer or a reset.
    if (huge instanceof Response) expect(huge.status).toBe(413);
    expect((await t.call('term.list', {})).length).toBe(0);
  });
});

describe('parity: the same calls through dispatch and over HTTP', () => {
  const script: [string, unknown][] = [
    ['term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null }],
    ['term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null }],
    ['term.create', { name: '', level: 'nation', startDate: '2022-13-01', endDate: null }],
    ['member.create', { termId: 1, fields: { name: '王建国', role: 'chair', status: 'serving', seatOrder: 1, note: null } }],
    ['member.create', { termId: 1, fields: { name: '李红', role: 'member', status: 'serving', seatOrder: 2, note: '  ' } }],
    ['member.list', { termId: 1 }],
    ['body.create', { name: '市人民政府', kind: 'government', sortOrder: 1, active: true }],
    ['meeting.create', { termId: 1, fields: { number: 12, date: '2026-12-01', place: '第一会议室', status: 'preparing' } }],
    ['meeting.create', { termId: 1, fields: { number: 12, date: '2026-12-02', place: '第一会议室', status: 'preparing' } }],
    ['agenda.create', { meetingId: 1, fields: { kind: 'special_report', title: '报告', bodyId: 1, notes: null, voteKind: 'satisfaction' } }],
    ['agenda.create', { meetingId: 1, fields: { kind: 'decision', title: '决定', bodyId: 99, notes: null, voteKind: null } }],
    ['attendance.set', { meetingId: 1, memberIds: [1, 2], status: 'present' }],
    ['attendance.list', { meetingId: 1 }],
    ['meeting.list', { search: '十二' }],
    ['meeting.get', { id: 1 }],
    ['meeting.get', { id: '1' }],
    ['nope.nothing', {}],
  ];

  it('gives identical envelopes', async () => {
    const viaHttp = [];
    for (const [m, input] of script) viaHttp.push((await post(m, input)).body);
    const other = await makeCore();
    const viaDispatch = [];
    for (const [m, input] of script) viaDispatch.push(await other.core.dispatch(m, input, { transport: 'internal' }));
    await other.close();
    // The two cores ran at different moments: only the clock may differ (a sign-in's time).
    const scrub = (v: unknown) => JSON.parse(JSON.stringify(v).replace(/"updatedAt":"[^"]+"/g, '"updatedAt":"…"')) as unknown;
    expect(JSON.stringify(viaHttp)).toMatch(/"updatedAt":"20\d\d-/);
    expect(scrub(viaHttp)).toEqual(scrub(viaDispatch));
    expect(viaHttp.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(['CONFLICT', 'VALIDATION', 'CONFLICT', 'VALIDATION', 'VALIDATION', 'UNKNOWN_METHOD']);
  });
});

describe('console WebSocket', () => {
  it('pushes events to a console holding the token and refuses others', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=wrong`);
      ws.on('error', (e) => resolve(e.message));
      ws.on('open', () => resolve('opened'));
    });
    expect(refused).toContain('401');
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`);
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<unknown>((resolve) => ws.on('message', (d) => resolve(JSON.parse(String(d)))));
    await post('term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
    expect(await got).toEqual({ event: 'data.changed', payload: { entity: 'term', meetingId: null } });
    ws.close();
  });
});

/** Write `text` as is on a fresh connection (optionally reset right after); the status line's code, 0 for none. */
function raw(port: number, text: string, reset = false): Promise<number> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(text);
      if (reset) s.resetAndDestroy();
    });
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('error', () => {});
    s.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0)));
  });
}

const upgradeTo = (target: string, host: string) =>
  `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;

describe('console transport guards', () => {
  it('answers targets the URL parser refuses with 404 (401 for an upgrade) and survives resets', async () => {
    const host = `127.0.0.1:${server.port}`;
    const get = (target: string) => raw(server.port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(await Promise.all(['//', '/\\', '/console/%', 'http://x/console/', '*'].map(get))).toEqual([404, 404, 404, 404, 404]);
    expect(await Promise.all(['//', '/\\', '/%', `//x/ws?token=${TOKEN}`].map((t) => raw(server.port, upgradeTo(t, host))))).toEqual([401, 401, 401, 401]);
    // A reset right after a refused upgrade used to be an unhandled 'error' event (here: an uncaught exception).
    for (let i = 0; i < 200; i++) await raw(server.port, upgradeTo(i % 2 ? '//' : '/nope', host), true);
    expect((await fetch(`${base}/console/`)).status).toBe(200);
  });

  it('answers an unexpected failure with a generic 500 and logs it once, not once per request', async () => {
    const lines: string[] = [];
    const broken = {
      dispatch: () => Promise.reject(new TypeError('boom')),
      subscribe: () => () => {},
      paperFile: () => Promise.resolve(null),
    } as unknown as Core;
    const s = await startConsoleServer({ core: broken, port: 0, token: TOKEN, staticDir: staticDir(), log: (l) => lines.push(l) });
    try {
      const answers = [];
      for (let i = 0; i < 100; i++) {
        const res = await fetch(`http://127.0.0.1:${s.port}/api/term.list`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body: '{}' });
        answers.push([res.status, await res.json()]);
      }
      expect(answers).toEqual(answers.map(() => [500, { ok: false, error: { code: 'INTERNAL', message: '程序内部错误。' } }]));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^console request failed \(TypeError\): TypeError: boom/);
    } finally {
      await s.close();
    }
    // What was counted is written when the listener closes.
    expect(lines).toEqual([lines[0], 'console request failed (TypeError): 99 more']);
  });

  it('parses only plain paths and never throws', () => {
    const O = 'http://127.0.0.1';
    expect(parseTarget('/console/?a=1', O)?.pathname).toBe('/console/');
    // Appended, not resolved: a leading // does not name another host.
    expect([parseTarget('//', O)?.pathname, parseTarget('/\\', O)?.pathname, parseTarget('//x/ws', O)?.host]).toEqual(['//', '//', '127.0.0.1']);
    expect(['http://x/ws', '*', 'ws', '', undefined].map((t) => parseTarget(t, O))).toEqual([null, null, null, null, null]);
    expect([decodePath('/a%20b'), decodePath('/%'), decodePath('/%zz')]).toEqual(['/a b', null, null]);
  });

  it('logs the first failure of a kind, then at most one count per window, and forgets a kind after a quiet window', () => {
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      const logs = new LogLimiter((l) => lines.push(l), { windowMs: 60_000, maxKinds: 3 });
      for (let i = 0; i < 1000; i++) logs.report('request failed (TypeError)', `Invalid URL ${i}`);
      logs.report('upgrade failed (Error)', 'x');
      expect(lines).toEqual(['request failed (TypeError): Invalid URL 0', 'upgrade failed (Error): x']);
      vi.advanceTimersByTime(60_000);
      expect(lines.slice(2)).toEqual(['request failed (TypeError): 999 more in the last 60 s']);
      logs.report('request failed (TypeError)', 'Invalid URL 1000');
      vi.advanceTimersByTime(60_000);
      expect(lines.slice(3)).toEqual(['request failed (TypeError): 1 more in the last 60 s']);
      // A quiet window: the kind is forgotten and its next failure is written in full.
      vi.advanceTimersByTime(60_000);
      logs.report('request failed (TypeError)', 'later');
      expect(lines.slice(4)).toEqual(['request failed (TypeError): later']);
      // Kinds beyond maxKinds share one entry, so the log stays bounded whatever the kinds.
      for (let k = 0; k < 50; k++) logs.report(`kind ${k}`, 'y');
      expect(lines.slice(5)).toEqual(['kind 0: y', 'kind 1: y', 'other: y']);
      logs.flush();
      expect(lines.slice(8)).toEqual(['other: 47 more']);
    } finally {
      vi.useRealTimers();
    }
  });
});
