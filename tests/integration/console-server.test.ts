import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startConsoleServer, type ConsoleServer } from '../../electron/server/console-server.js';
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
    expect(viaHttp).toEqual(viaDispatch);
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
