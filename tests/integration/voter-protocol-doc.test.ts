import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { VOTER_ERRORS } from '../../electron/core/voter/voter-errors.js';
import { startVoterServer, type VoterServer } from '../../electron/server/voter-server.js';
import { CODE_ALPHABET, ReceiptCode, VOTER_ERROR_CODES, VoterEvent, normalizeCode } from '../../shared/api/voter-protocol.js';
import { inspectBallot, parseBallot } from '../../shared/domain/polls/ballot.js';
import { PollDefinitionSchema } from '../../shared/domain/polls/definition.js';
import { makeCore, tempDir, type TestCore } from '../helpers/core.js';
import { LoadClient } from '../helpers/load-client.js';

/**
 * docs/voter-protocol.md, executed as written. Every ```http request=ID block is sent to a
 * real voter listener (in-process, same code as the host) over a fixture built to match the
 * document's section "The examples' fixture"; the answer must equal the ```http response=ID
 * block that follows it. Ballot examples are parsed and classified against their definition
 * block; event examples must be valid and must be what a socket actually receives; the error
 * table must match the server's errors. An example without a step here, or a step without
 * an example, fails the test: document and code cannot drift apart.
 */

const DOC = path.resolve('docs/voter-protocol.md');

interface Block {
  lang: string;
  attrs: Record<string, string>;
  text: string;
  line: number;
}

function blocks(md: string): Block[] {
  const out: Block[] = [];
  const re = /^```(?!`)(\w*)([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m; (m = re.exec(md)); ) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.trim().split(/\s+/).filter(Boolean)) {
      const [k, v] = a.split('=');
      attrs[k!] = v ?? '';
    }
    out.push({ lang: m[1]!, attrs, text: m[3]!, line: md.slice(0, m.index).split('\n').length });
  }
  return out;
}

interface HttpMessage {
  start: string;
  headers: [string, string][];
  body: string;
}

function parseMessage(text: string): HttpMessage {
  const [head, ...rest] = text.split(/\n\n/);
  const [start, ...lines] = head!.split('\n');
  return {
    start: start!.trim(),
    headers: lines.filter((l) => l.trim() !== '').map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as [string, string];
    }),
    body: rest.join('\n\n').trim(),
  };
}

const md = fs.readFileSync(DOC, 'utf8');
const all = blocks(md);
const requests = new Map(all.filter((b) => b.attrs.request !== undefined).map((b) => [b.attrs.request!, b]));
const responses = new Map(all.filter((b) => b.attrs.response !== undefined).map((b) => [b.attrs.response!, b]));

/** The examples' fixture, as the document describes it. */
const NAMES = ['王建国', '李淑华', '张伟', '刘芳', '陈明'];
const CODES_M12 = ['K7PM3QXA', 'R4TD9WEH', 'M2XC8VNB', 'F6YG2KJP', 'T3VB7NQC'];
const CODE_M13 = 'H8JW3LQE';
const TARGETS = [
  { key: 'fgw', label: '市发展改革委' },
  { key: 'jyj', label: '市教育局' },
  { key: 'wjw', label: '市卫生健康委' },
];

let t: TestCore;
let voter: VoterServer;
let base: string;
const client = new LoadClient({ maxSockets: 64 });
let ids: { members: number[]; m12: number; m13: number; poll: number };

async function pin(meetingId: number, memberIndex: number, code: string): Promise<void> {
  const raw = new BetterSqlite3(t.core.dbFile);
  raw.pragma('busy_timeout = 5000');
  const r = raw.prepare("UPDATE credential SET code = ? WHERE meeting_id = ? AND member_id = ? AND status = 'active'").run(code, meetingId, ids.members[memberIndex]);
  raw.close();
  expect(r.changes).toBe(1);
}

beforeAll(async () => {
  t = await makeCore();
  voter = await startVoterServer({ core: t.core, host: '127.0.0.1', port: 0, staticDir: tempDir() });
  base = `http://127.0.0.1:${voter.port}`;
  const term = await t.call('term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
  const rows = Array.from({ length: 29 }, (_, i) => ({
    name: NAMES[i] ?? `委员${String(i + 1).padStart(2, '0')}`,
    role: 'member' as const,
    status: 'serving' as const,
    seatOrder: i + 1,
    note: null,
  }));
  await t.call('member.importCommit', { termId: term.id, rows });
  const members = (await t.call('member.list', { termId: term.id })).map((m) => m.id as number);
  const m12 = await t.call('meeting.create', { termId: term.id, fields: { number: 12, date: '2026-03-05', place: '第一会议室', status: 'ready' } });
  const m13 = await t.call('meeting.create', { termId: term.id, fields: { number: 13, date: '2026-04-20', place: '第一会议室', status: 'ready' } });
  for (const m of [m12, m13]) await t.call('attendance.set', { meetingId: m.id, memberIds: members.slice(0, 20) as never, status: 'present' });
  const item = await t.call('agenda.create', {
    meetingId: m12.id,
    fields: { kind: 'opinion_handling_report', title: '关于市人民政府审议意见研究处理情况的报告', bodyId: null, notes: null, voteKind: 'satisfaction' },
  });
  const poll = await t.call('poll.create', { agendaItemId: item.id, definition: { kind: 'satisfaction', title: '审议意见研究处理情况满意度测评', targets: TARGETS }, autoClose: false });
  ids = { members, m12: m12.id, m13: m13.id, poll: poll.id };
  expect([m12.id, m13.id, poll.id]).toEqual([1, 2, 1]);
  for (const [i, code] of CODES_M12.entries()) await pin(m12.id, i, code);
  await pin(m13.id, 0, CODE_M13);
});

afterAll(async () => {
  client.close();
  await voter.close();
  await t.close();
});

/** Send a request block as written; `‹N bytes›` as a body stands for N bytes of padding. */
async function send(id: string) {
  const block = requests.get(id);
  if (!block) throw new Error(`docs/voter-protocol.md has no request=${id} example`);
  const msg = parseMessage(block.text);
  const [method, target, version] = msg.start.split(' ');
  expect(version, `request=${id}: request line`).toBe('HTTP/1.1');
  const headers: Record<string, string> = {};
  for (const [k, v] of msg.headers) if (!/^(host|content-length)$/i.test(k)) headers[k] = v;
  const declared = msg.headers.find(([k]) => /^content-length$/i.test(k))?.[1];
  const pad = /^‹(\d+) bytes›$/.exec(msg.body);
  let body: string | undefined = msg.body || undefined;
  if (pad) {
    body = ' '.repeat(Number(pad[1]));
    expect(declared, `request=${id}: a padded body declares its length`).toBe(pad[1]);
  } else if (declared !== undefined) {
    expect(Number(declared), `request=${id}: Content-Length`).toBe(Buffer.byteLength(msg.body));
  }
  return client.request(`${base}${target}`, { method: method as 'GET' | 'POST', headers, body });
}

/** Send request=ID and compare the answer with response=ID. */
async function exchange(id: string): Promise<void> {
  const r = await send(id);
  const block = responses.get(id);
  if (!block) throw new Error(`docs/voter-protocol.md has no response=${id} example`);
  const msg = parseMessage(block.text);
  const [version, code, ...reason] = msg.start.split(' ');
  const actual = `HTTP/1.1 ${r.status} ${http.STATUS_CODES[r.status]}\n\n${JSON.stringify(r.body, null, 2)}`;
  expect(version, `response=${id}`).toBe('HTTP/1.1');
  expect(Number(code), `response=${id} (line ${block.line}); the server answered:\n${actual}\n`).toBe(r.status);
  expect(reason.join(' '), `response=${id}: reason phrase`).toBe(http.STATUS_CODES[r.status]);
  for (const [k, v] of msg.headers) expect(r.headers[k.toLowerCase()], `response=${id}: header ${k}`).toBe(v);
  expect(r.body, `response=${id} (line ${block.line}); the server answered:\n${actual}\n`).toEqual(JSON.parse(msg.body));
}

const cast = (code: string, receipt: string, marks: Record<string, string[]>) =>
  client.request(`${base}/v1/ballots`, { method: 'POST', headers: { Authorization: `Credential ${code}` }, body: { pollId: ids.poll, receipt, ballot: { kind: 'satisfaction', marks } } });

interface Socket {
  ws: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
}
function listen(code: string): Promise<Socket> {
  const ws = new WebSocket(`ws://127.0.0.1:${voter.port}/v1/events?c=${code}`);
  const messages: unknown[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (c, reason) => r({ code: c, reason: String(reason) })));
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, messages, closed }));
    ws.on('error', reject);
  });
}

/**
 * The walk-through: console steps (what the clerk does) between the document's exchanges.
 * Ids listed here are exactly the document's request ids.
 */
const STEPS: (string | { setup: () => Promise<void> })[] = [];
let sockets: Socket[] = [];
const step = (s: string | (() => Promise<void>)) => STEPS.push(typeof s === 'string' ? s : { setup: s });

step(async () => {
  sockets = [await listen(CODES_M12[0]!), await listen(CODES_M12[1]!)];
});
step('state-before');
step(async () => void (await t.call('poll.open', { id: ids.poll as never })));
step('state-open');
step('cast');
step('cast-retry');
step('cast-changed');
step('cast-second');
step('cast-receipt-taken');
step(async () => {
  // Member 2 votes (the receipts example lists both ballots); member 3 loses the tablet.
  expect((await cast(CODES_M12[1]!, 'B3N7RXF5L2UE9S6J', { fgw: ['basically'], jyj: ['satisfied'], wjw: ['basically'] })).status).toBe(201);
  await t.call('credential.reissue', { meetingId: ids.m12 as never, memberId: ids.members[2] as never });
});
step('err-unknown-code');
step('err-revoked');
step('err-bad-json');
step('err-bad-receipt');
step('err-invalid-ballot');
step('err-unknown-poll');
step('err-other-meeting');
step('err-too-large');
step('err-not-found');
step('receipts-open');
step(async () => {
  // Member 4's device floods: 40 requests at once, more than the burst of 20.
  const flood = await Promise.all(Array.from({ length: 40 }, () => client.request(`${base}/v1/state`, { headers: { Authorization: `Credential ${CODES_M12[3]}` } })));
  expect(flood.filter((r) => r.status === 429).length).toBeGreaterThan(0);
});
step('err-rate-limited');
step(async () => void (await t.call('poll.close', { id: ids.poll as never })));
step('cast-closed');
step('receipts');
step(async () => void (await t.call('poll.release', { id: ids.poll as never })));

describe('docs/voter-protocol.md', () => {
  it('has a step here for every request example, and an example for every step', () => {
    const stepIds = STEPS.filter((s): s is string => typeof s === 'string');
    expect([...requests.keys()].sort()).toEqual([...stepIds].sort());
    expect([...responses.keys()].sort()).toEqual([...stepIds].sort());
  });

  it('answers every request example exactly as documented, in the documented order of events', async () => {
    for (const s of STEPS) {
      if (typeof s === 'string') await exchange(s);
      else await s.setup();
    }
    // Events: every documented example is valid, and what the sockets received is documented.
    const examples = all.filter((b) => b.attrs.event !== undefined).map((b) => ({ id: b.attrs.event!, value: JSON.parse(b.text) as unknown }));
    for (const e of examples) expect(VoterEvent.safeParse(e.value).success, `event=${e.id}`).toBe(true);
    await expect.poll(() => sockets[0]!.messages.length, { timeout: 2000 }).toBeGreaterThanOrEqual(5);
    await new Promise((r) => setTimeout(r, 300));
    const received = [...sockets[0]!.messages, ...sockets[1]!.messages];
    for (const m of received) expect(examples.map((e) => e.value), JSON.stringify(m)).toContainEqual(m);
    for (const e of examples) expect(received, `event=${e.id} was never sent`).toContainEqual(e.value);
    // One poll.opened per opening, however many ballots came in.
    const first = sockets[0]!.messages.map((m) => (m as { event: string }).event);
    expect(first.filter((e) => e === 'poll.opened')).toHaveLength(1);
    expect(first[0]).toBe('hello');
    expect(first.indexOf('poll.opened')).toBeLessThan(first.indexOf('poll.progress'));
    expect(first.indexOf('poll.progress')).toBeLessThan(first.indexOf('poll.closed'));
    expect(first.indexOf('poll.closed')).toBeLessThan(first.indexOf('poll.released'));
    // A device whose card is reissued is disconnected with 4001.
    await t.call('credential.reissue', { meetingId: ids.m12 as never, memberId: ids.members[0] as never });
    expect(await sockets[0]!.closed).toEqual({ code: 4001, reason: 'revoked' });
    sockets[1]!.ws.close();
  });

  it('classifies every ballot example as it says', () => {
    const defs = new Map(all.filter((b) => b.attrs.definition !== undefined).map((b) => [b.attrs.definition!, PollDefinitionSchema.parse(JSON.parse(b.text))]));
    const ballots = all.filter((b) => b.attrs.ballot !== undefined);
    expect(ballots.length).toBeGreaterThanOrEqual(10);
    for (const b of ballots) {
      const [defId] = b.attrs.ballot!.split('/');
      const def = defs.get(defId!);
      expect(def, `ballot=${b.attrs.ballot}: no definition=${defId}`).toBeDefined();
      const sheet = inspectBallot(def!, parseBallot(def!, JSON.parse(b.text)));
      expect(sheet.state, `ballot=${b.attrs.ballot} (line ${b.line})`).toBe(b.attrs.sheet);
      if (b.attrs.rows !== undefined) expect(sheet.rows.map((r) => r.state).join(','), `ballot=${b.attrs.ballot} rows`).toBe(b.attrs.rows);
      if (b.attrs.reason !== undefined) expect(sheet.reason, `ballot=${b.attrs.ballot} reason`).toBe(b.attrs.reason.replace(/_/g, ' '));
    }
    for (const b of all.filter((x) => x.attrs.refused !== undefined)) {
      const def = defs.get(b.attrs.refused!)!;
      expect(() => parseBallot(def, JSON.parse(b.text)), `refused=${b.attrs.refused} (line ${b.line})`).toThrow();
    }
  });

  it('lists every error code with the status and message the server sends', () => {
    const table = /<!-- errors:start -->([\s\S]*?)<!-- errors:end -->/.exec(md)![1]!;
    const rows = table
      .split('\n')
      .filter((l) => /^\| `[A-Z_]+` \|/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()));
    const documented = new Map(rows.map((c) => [c[1]!.replace(/`/g, ''), { status: Number(c[2]), message: c[3]!.replace(/^“|”$/g, '') }]));
    expect([...documented.keys()].sort()).toEqual([...VOTER_ERROR_CODES].sort());
    const made = Object.values(VOTER_ERRORS).map((f) => (f as (d: string) => { code: string; status: number; message: string })('…'));
    for (const e of made) expect(documented.get(e.code), e.code).toEqual({ status: e.status, message: e.message });
  });

  it('keeps the documented credential and receipt formats', () => {
    expect(md).toContain(`\`${CODE_ALPHABET}\``);
    for (const c of [...CODES_M12, CODE_M13]) expect(normalizeCode(c)).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    for (const r of md.match(/"receipt": "([^"]*)"/g) ?? []) {
      const v = /"receipt": "([^"]*)"/.exec(r)![1]!;
      if (v.length === 16 && /^[0-9A-Z]+$/.test(v)) expect(ReceiptCode.safeParse(v).success).toBe(true);
    }
    // Receipts are drawn from the sign-in codes' alphabet; the examples are receipts a device would draw today.
    const receipts = [...md.matchAll(/"receipt": "([0-9A-Z]{16})"/g), ...md.matchAll(/"receipts": \[([^\]]*)\]/g)].flatMap((m) => m[1]!.match(/[0-9A-Z]{16}/g) ?? []);
    expect(receipts.length).toBeGreaterThanOrEqual(5);
    for (const r of receipts) expect(r).toMatch(new RegExp(`^[${CODE_ALPHABET}]{16}$`));
    expect(md).toContain('`0123456789ABCDEFGHIJKLMNOPQRSTUV`');
  });
});

describe('documented limits and refusals outside the examples', () => {
  it('accepts a body of exactly 32 KiB and refuses one byte more', async () => {
    const code = CODES_M12[4]!;
    const exact = await client.request(`${base}/v1/ballots`, { method: 'POST', headers: { Authorization: `Credential ${code}` }, body: '{}' + ' '.repeat(32 * 1024 - 2) });
    expect([exact.status, exact.body.error.code]).toEqual([400, 'BAD_REQUEST']);
    const over = await client.request(`${base}/v1/ballots`, { method: 'POST', headers: { Authorization: `Credential ${code}` }, body: '{}' + ' '.repeat(32 * 1024 - 1) });
    expect([over.status, over.body.error.code, over.headers.connection]).toEqual([413, 'TOO_LARGE', 'close']);
  });

  it('refuses WebSocket upgrades as documented and drops a device that talks', async () => {
    const upgrade = (p: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${voter.port}${p}`);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
    // A member none of the examples used: four sockets are allowed, the fifth is refused.
    const code = (await t.call('credential.list', { meetingId: ids.m12 as never })).rows.find((r) => r.memberId === ids.members[10])!.code!;
    expect(await upgrade(`/v1/other?c=${code}`)).toBe(404);
    expect(await upgrade('/v1/events?c=W9W9W9W9')).toBe(401);
    const list = async () => (await t.call('credential.list', { meetingId: ids.m12 as never })).rows;
    const before = (await list()).find((r) => r.memberId === ids.members[11])!.code!;
    await t.call('credential.reissue', { meetingId: ids.m12 as never, memberId: ids.members[11] as never });
    expect((await list()).find((r) => r.memberId === ids.members[11])!.code).not.toBe(before);
    expect(await upgrade(`/v1/events?c=${before}`)).toBe(401);
    const open: WebSocket[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await listen(code);
      open.push(s.ws);
    }
    expect(await upgrade(`/v1/events?c=${code}`)).toBe(429);
    const talker = await listen(CODES_M12[4]!);
    talker.ws.send('hello?');
    expect((await talker.closed).code).toBe(1006);
    for (const ws of open) ws.close();
  });

  it('limits requests per address (one address, tiny limits)', async () => {
    const small = await startVoterServer({ core: t.core, host: '127.0.0.1', port: 0, staticDir: tempDir(), limits: { perAddress: [1, 3] } });
    try {
      const got: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await client.request(`http://127.0.0.1:${small.port}/v1/state`, { headers: { Authorization: 'Credential W9W9W9W9' } });
        got.push(last.status);
      }
      expect(got).toEqual([401, 401, 401, 429]);
      expect(last!.headers['retry-after']).toBe('1');
      expect(last!.body.error.code).toBe('RATE_LIMITED');
    } finally {
      await small.close();
    }
  });
});
