import net from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { VOTER_ERRORS } from '../../electron/core/voter/voter-errors.js';
import { CODE_ALPHABET } from '../../shared/api/voter-protocol.js';
import { BallotPayloadSchema } from '../../shared/domain/polls/ballot.js';
import { killAllHosts, rssMb, startHostProcess, type HostProcess } from '../helpers/host-process.js';
import { castAll, LoadClient, percentile, requestAll, type CastJob, type LoadRequest, type LoadResult } from '../helpers/load-client.js';
import { tempDir } from '../helpers/tmp.js';
import { newReceipt } from '../helpers/voter.js';

/**
 * Issue 4, "hostile input": thousands of malformed, oversized, replayed, duplicate,
 * unauthorised and flooding requests, slow clients and 2,000 idle sockets against the built
 * host, while 100 honest members vote. Every bad request must get its documented status and
 * code (docs/voter-protocol.md) and change nothing; every honest ballot must count; the
 * host's memory must stay bounded. All traffic is on 127.0.0.1 and bounded in count and time.
 *
 * Everything here comes from one address, whereas in a room each device has its own: the
 * host runs with --voter-rate-per-address high enough that the per-address limit does not
 * throttle the honest voters. The per-device limit (5/s, burst 20) stays as shipped, so
 * each misbehaving credential below sends at most 19 requests and is never rate-limited,
 * except the one flooding device, which must be.
 *
 * Sized by counts, not by time: the waves wait for their answers and the sockets for the
 * server to cut them; every time limit below is a safety net that turns a hang into a
 * failure that says what is missing, far beyond what a loaded two-core machine needs.
 */

const MEMBERS = 160;
const HONEST = 100;
const WAVE_UNAUTH = 1500;
const IDLE_SOCKETS = 2000;
const SLOW_HEADER_SOCKETS = 30;
const SLOW_BODY_SOCKETS = 20;
const FLOOD = 300;
const HOST_ARGS = ['--voter-rate-per-address', '1000000'];
/** Safety nets (see above). */
const WAVE_DEADLINE_MS = 90_000;
const SOCKET_SAFETY_MS = 90_000;
/** Sockets opened at once: well under the listen backlog (511), so no connection waits for a SYN retry. */
const OPEN_BATCH = 100;

const TARGETS = Array.from({ length: 9 }, (_, i) => ({ key: `d${i + 1}`, label: `部门${i + 1}` }));
const OPTIONS = ['satisfied', 'basically', 'unsatisfied'] as const;
const satisfaction = (i: number) => ({ kind: 'satisfaction', marks: Object.fromEntries(TARGETS.map((t, k) => [t.key, [OPTIONS[(i + k) % 3]!]])) });

interface Expect {
  status: number;
  code: string;
  /** Exact message, or a prefix for messages that carry a detail. */
  message: string;
  prefix?: boolean;
}
const fixed = (e: { status: number; code: string; message: string }): Expect => ({ status: e.status, code: e.code, message: e.message });
const E = {
  unauthorized: fixed(VOTER_ERRORS.unauthorized()),
  revoked: fixed(VOTER_ERRORS.revoked()),
  noOpenPoll: fixed(VOTER_ERRORS.noOpenPoll()),
  pollClosed: fixed(VOTER_ERRORS.pollClosed()),
  alreadyVoted: fixed(VOTER_ERRORS.alreadyVoted()),
  tooLarge: fixed(VOTER_ERRORS.tooLarge()),
  rateLimited: fixed(VOTER_ERRORS.rateLimited()),
  notFound: fixed(VOTER_ERRORS.notFound()),
  badRequest: { status: 400, code: 'BAD_REQUEST', message: '请求格式有误：', prefix: true } as Expect,
  invalidBallot: { status: 400, code: 'INVALID_BALLOT', message: '选票内容有误：', prefix: true } as Expect,
};

interface Probe extends LoadRequest {
  what: string;
  expect: Expect;
}

/** Requests whose answer did not match the documented one, as readable lines. */
function mismatches(probes: readonly Probe[], results: readonly LoadResult[]): string[] {
  const out: string[] = [];
  results.forEach((r, i) => {
    const p = probes[i]!;
    const err = r.body?.error as { code?: string; message?: string } | undefined;
    const good =
      r.status === p.expect.status &&
      err?.code === p.expect.code &&
      typeof err.message === 'string' &&
      (p.expect.prefix ? err.message.startsWith(p.expect.message) : err.message === p.expect.message);
    if (!good) out.push(`${p.what}: got ${r.status} ${err?.code ?? ''} ${err?.message ?? ''} ${r.error ?? ''}`.trim());
  });
  return out;
}

function randomCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[Math.floor(Math.random() * 32)];
  return s;
}

async function ok<T = any>(host: HostProcess, method: string, input: unknown): Promise<T> {
  const r = await host.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error?.code} ${r.error?.message}`);
  return r.value as T;
}

const post = (code: string | null, body: unknown, extra: Partial<LoadRequest> = {}): LoadRequest => ({
  path: '/v1/ballots',
  method: 'POST',
  headers: { ...(code ? { Authorization: `Credential ${code}` } : {}), 'Content-Type': 'application/json' },
  body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  ...extra,
});
const get = (code: string | null, p: string): LoadRequest => ({ path: p, method: 'GET', headers: code ? { Authorization: `Credential ${code}` } : {} });

interface Held {
  /** Resolves once the connection is established (or has failed). */
  connected: Promise<void>;
  /**
   * Resolves when the connection closes: `ms` from its establishment, what the server wrote,
   * and whether the server ended it (false: the client gave up after SOCKET_SAFETY_MS).
   */
  closed: Promise<{ ms: number; reply: string; byServer: boolean }>;
}

/** A socket that says nothing, or sends `text` one byte every `everyMs` once connected, until the server cuts it. */
function openSocket(port: number, text = '', everyMs = 250): Held {
  const s = net.connect(port, '127.0.0.1');
  let t0 = 0;
  let reply = '';
  let k = 0;
  let byServer = true;
  let timer: NodeJS.Timeout | null = null;
  const safety = setTimeout(() => {
    byServer = false;
    s.destroy();
  }, SOCKET_SAFETY_MS);
  s.on('data', (d) => (reply += d.toString()));
  s.on('error', () => {});
  const connected = new Promise<void>((resolve) => {
    s.once('connect', () => {
      t0 = Date.now();
      if (text) timer = setInterval(() => k < text.length && s.write(text[k++]!), everyMs);
      resolve();
    });
    s.once('close', () => resolve());
  });
  const closed = new Promise<{ ms: number; reply: string; byServer: boolean }>((resolve) =>
    s.on('close', () => {
      clearTimeout(safety);
      if (timer) clearInterval(timer);
      resolve({ ms: t0 ? Date.now() - t0 : NaN, reply, byServer });
    }),
  );
  return { connected, closed };
}

/** `count` sockets from `make`, opened OPEN_BATCH at a time, each batch connected before the next. */
async function openMany(count: number, make: (i: number) => Held): Promise<Held[]> {
  const out: Held[] = [];
  for (let i = 0; i < count; i += OPEN_BATCH) {
    const batch = Array.from({ length: Math.min(OPEN_BATCH, count - i) }, (_, j) => make(i + j));
    out.push(...batch);
    await Promise.all(batch.map((h) => h.connected));
  }
  return out;
}

afterEach(killAllHosts);

describe('voter listener under hostile input', () => {
  it('answers every bad request as documented, counts every honest ballot, stores nothing else, and stays bounded in memory', { timeout: 300_000 }, async ({ signal }) => {
    const started = Date.now();
    const dataDir = tempDir('desk-hostile-');
    const host = await startHostProcess(dataDir, HOST_ARGS, { signal });
    const pid = host.child.pid!;
    const rss: { at: string; mb: number }[] = [];
    const sample = (at: string) => {
      const mb = rssMb(pid)!;
      rss.push({ at, mb });
      return mb;
    };
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid) ?? 0)), 100);

    try {
      // --- Seed: one term, three meetings with their own credentials and polls.
      const term = await ok(host, 'term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
      const rows = Array.from({ length: MEMBERS }, (_, i) => ({ name: `委员${String(i + 1).padStart(3, '0')}`, role: 'member', status: 'serving', seatOrder: i + 1, note: null }));
      await ok(host, 'member.importCommit', { termId: term.id, rows });
      const ids = (await ok<{ id: number }[]>(host, 'member.list', { termId: term.id })).map((m) => m.id);
      const meeting = async (n: number, present: number[]) => {
        const m = await ok(host, 'meeting.create', { termId: term.id, fields: { number: n, date: '2026-12-01', place: '第一会议室', status: 'ready' } });
        await ok(host, 'attendance.set', { meetingId: m.id, memberIds: present.map((i) => ids[i]), status: 'present' });
        return m.id as number;
      };
      const codesOf = async (meetingId: number) => {
        const list = (await ok<{ rows: { memberId: number; code: string | null }[] }>(host, 'credential.list', { meetingId })).rows;
        return ids.map((id) => list.find((r) => r.memberId === id)?.code ?? null);
      };
      const pollIn = async (meetingId: number, voteKind: string, definition: unknown) => {
        const item = await ok(host, 'agenda.create', { meetingId, fields: { kind: 'other', title: `${voteKind} 事项`, bodyId: null, notes: null, voteKind } });
        return (await ok(host, 'poll.create', { agendaItemId: item.id, definition, autoClose: false })).id as number;
      };
      const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

      const A = await meeting(1, range(0, 140));
      const B = await meeting(2, range(0, 100));
      const C = await meeting(3, range(0, 100));
      const closedPoll = await pollIn(A, 'satisfaction', { kind: 'satisfaction', title: '上一项测评', targets: TARGETS });
      await ok(host, 'poll.open', { id: closedPoll });
      await ok(host, 'poll.close', { id: closedPoll });
      const mainPoll = await pollIn(A, 'satisfaction', { kind: 'satisfaction', title: '九个部门满意度测评', targets: TARGETS });
      const scoringPoll = await pollIn(B, 'scoring', { kind: 'scoring', title: '工作评议打分', targets: TARGETS.slice(0, 3) });
      const selectionPoll = await pollIn(C, 'selection', {
        kind: 'selection',
        title: '民生实事项目票决',
        targets: TARGETS.slice(0, 6).map((t) => ({ ...t, label: `项目${t.key}` })),
        maxChoices: 3,
      });
      for (const id of [mainPoll, scoringPoll, selectionPoll]) await ok(host, 'poll.open', { id });

      // Meeting A: 0–97 honest; 100–129 misbehave; 130 floods; 131–139 lose their cards.
      const codesA0 = await codesOf(A);
      // 131–137 lose their cards (136 and 137 also leave: 缺席 alone would keep a card, which then may not vote).
      for (const i of range(131, 138)) await ok(host, 'credential.revoke', { meetingId: A, memberId: ids[i] });
      await ok(host, 'attendance.set', { meetingId: A, memberIds: [ids[136], ids[137]], status: 'absent' });
      for (const i of [138, 139]) await ok(host, 'credential.reissue', { meetingId: A, memberId: ids[i] });
      const codesA = await codesOf(A);
      const revokedCodes = range(131, 140).map((i) => codesA0[i]!);
      expect(range(131, 138).every((i) => codesA[i] === null)).toBe(true);
      // Two members vote with their reissued cards, so 100 honest voters in all.
      const honest = [...range(0, 98), 138, 139].map((i) => codesA[i]!);
      expect(honest).toHaveLength(HONEST);
      expect(honest.every(Boolean)).toBe(true);
      const mischief = range(100, 130).map((i) => codesA[i]!);
      const flooder = codesA[130]!;
      const codesB = await codesOf(B);
      const codesC = await codesOf(C);

      const client = new LoadClient();
      const base = host.voterBase!;
      const port = Number(new URL(base).port);
      // Warm up the paths once so the baseline includes compiled code, not just an idle heap.
      for (const code of honest.slice(0, 5)) expect((await client.request(`${base}/v1/state`, { headers: { Authorization: `Credential ${code}` } })).status).toBe(200);
      const rss0 = sample('before');

      // --- Idle and slow sockets, held open while everything else runs.
      let idleClosedCount = 0;
      const idle = await openMany(IDLE_SOCKETS, () => {
        const held = openSocket(port);
        void held.closed.then(() => (idleClosedCount += 1));
        return held;
      });
      let idleClosedWhenHonestDone = -1;
      const slowHeaders = await openMany(SLOW_HEADER_SOCKETS, () =>
        openSocket(port, `GET /v1/state HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Credential ${mischief[0]}\r\nX-Slow: ${'a'.repeat(500)}`),
      );
      // A slow body: complete headers from a valid device, then a body that trickles in.
      const slowBodyDone = await openMany(SLOW_BODY_SOCKETS, (k) =>
        openSocket(port, `POST /v1/ballots HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Credential ${codesB[60 + k]}\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n${' '.repeat(600)}`, 20),
      );
      const socketsOpened = Date.now();

      // --- Wave 1: bad requests mixed with 100 honest voters.
      const unauthWave = (): Probe[] => {
        const kinds: (() => Probe)[] = [
          () => ({ what: 'no credential', ...post(null, { pollId: mainPoll, receipt: newReceipt(), ballot: satisfaction(0) }), expect: E.unauthorized }),
          () => ({ what: 'unknown code', ...post(randomCode(), { pollId: mainPoll, receipt: newReceipt(), ballot: satisfaction(0) }), expect: E.unauthorized }),
          () => ({ what: 'unknown code, typed with a dash', ...get(`${randomCode().slice(0, 4)}-${randomCode().slice(4)}`.toLowerCase(), '/v1/state'), expect: E.unauthorized }),
          () => ({ what: 'bearer token', ...post(null, { pollId: mainPoll }, { headers: { Authorization: `Bearer ${'f'.repeat(48)}` } }), expect: E.unauthorized }),
          () => ({ what: 'code too long', ...get('A'.repeat(40), '/v1/state'), expect: E.unauthorized }),
          () => ({ what: 'code with a quote', ...get("'OR'1'='1", '/v1/state'), expect: E.unauthorized }),
          () => ({ what: 'letters outside the alphabet', ...get('IIOO0011', '/v1/state'), expect: E.unauthorized }),
          () => ({ what: 'revoked card', ...post(revokedCodes[Math.floor(Math.random() * revokedCodes.length)]!, { pollId: mainPoll, receipt: newReceipt(), ballot: satisfaction(1) }), expect: E.revoked }),
          () => ({ what: 'revoked card, state', ...get(revokedCodes[Math.floor(Math.random() * revokedCodes.length)]!, '/v1/state'), expect: E.revoked }),
          () => ({ what: 'console API on the voter port', path: `/api/poll.close`, method: 'POST', headers: { Authorization: 'Bearer x' }, body: JSON.stringify({ id: mainPoll }), expect: E.notFound }),
          () => ({ what: 'path traversal', ...get(null, '/vote/%2e%2e/%2e%2e/%2e%2e/etc/passwd'), expect: E.notFound }),
          () => ({ what: 'unknown path', ...get(null, '/admin'), expect: E.notFound }),
          () => ({ what: 'unknown /v1 path, no credential (authentication comes first)', ...get(null, '/v1/admin'), expect: E.unauthorized }),
        ];
        return Array.from({ length: WAVE_UNAUTH }, (_, i) => kinds[i % kinds.length]!());
      };

      const receiptA0 = newReceipt();
      const authCatalog: ((code: string) => Probe)[] = [
        (c) => ({ what: 'broken JSON', ...post(c, '{"pollId": 1, "receipt": '), expect: { ...E.badRequest, message: '请求格式有误：不是有效的 JSON', prefix: false } }),
        (c) => ({ what: 'null body', ...post(c, 'null'), expect: E.badRequest }),
        (c) => ({ what: 'array body', ...post(c, '[]'), expect: E.badRequest }),
        (c) => ({ what: 'pollId as a string', ...post(c, { pollId: String(mainPoll), receipt: newReceipt(), ballot: satisfaction(2) }), expect: E.badRequest }),
        (c) => ({ what: 'huge pollId', ...post(c, `{"pollId": 1e300, "receipt": "${newReceipt()}", "ballot": ${JSON.stringify(satisfaction(2))}}`), expect: E.badRequest }),
        (c) => ({ what: 'lowercase receipt', ...post(c, { pollId: mainPoll, receipt: newReceipt().toLowerCase(), ballot: satisfaction(2) }), expect: { ...E.badRequest, message: '请求格式有误：receipt：回执码格式无效', prefix: false } }),
        (c) => ({ what: 'member id smuggled in', ...post(c, { pollId: mainPoll, receipt: newReceipt(), ballot: satisfaction(2), memberId: 1 }), expect: E.badRequest }),
        (c) => ({ what: 'unknown option', ...post(c, { pollId: mainPoll, receipt: newReceipt(), ballot: { kind: 'satisfaction', marks: { d1: ['excellent'] } } }), expect: E.badRequest }),
        (c) => ({
          what: '__proto__ key',
          ...post(c, `{"pollId": ${mainPoll}, "receipt": "${newReceipt()}", "ballot": {"kind": "satisfaction", "marks": {"__proto__": ["satisfied"]}}}`),
          expect: { ...E.badRequest, message: '请求格式有误：含有不允许的字段 __proto__', prefix: false },
        }),
        (c) => ({ what: 'key outside the key alphabet', ...post(c, { pollId: mainPoll, receipt: newReceipt(), ballot: { kind: 'satisfaction', marks: { _d1: ['satisfied'] } } }), expect: E.badRequest }),
        (c) => ({ what: 'too many rows', ...post(c, { pollId: mainPoll, receipt: newReceipt(), ballot: { kind: 'satisfaction', marks: Object.fromEntries(range(0, 62).map((i) => [`t${i}`, ['satisfied']])) } }), expect: E.badRequest }),
        (c) => ({ what: 'deeply nested JSON', ...post(c, '['.repeat(15_000) + ']'.repeat(15_000)), expect: E.badRequest }),
        (c) => ({ what: 'ballot of another kind', ...post(c, { pollId: mainPoll, receipt: newReceipt(), ballot: { kind: 'decision', marks: { motion: ['for'] } } }), expect: E.invalidBallot }),
        (c) => ({ what: 'oversized (declared)', ...post(c, JSON.stringify({ pollId: mainPoll, receipt: newReceipt(), ballot: satisfaction(2), pad: 'x'.repeat(40_000) })), expect: E.tooLarge }),
        (c) => ({
          what: 'oversized (chunked)',
          ...post(c, Buffer.alloc(48_000, 0x20), { headers: { Authorization: `Credential ${c}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }),
          expect: E.tooLarge,
        }),
        (c) => ({ what: 'closed poll', ...post(c, { pollId: closedPoll, receipt: receiptA0, ballot: satisfaction(2) }), expect: E.pollClosed }),
        (c) => ({ what: 'unknown poll', ...post(c, { pollId: 999_999, receipt: newReceipt(), ballot: satisfaction(2) }), expect: E.noOpenPoll }),
        (c) => ({ what: 'GET on the ballot box', ...get(c, '/v1/ballots'), expect: E.notFound }),
        (c) => ({ what: 'receipts of an open poll', ...get(c, `/v1/receipts?pollId=${mainPoll}`), expect: E.noOpenPoll }),
        (c) => ({ what: 'receipts of no poll', ...get(c, '/v1/receipts?pollId=abc'), expect: { ...E.badRequest, message: '请求格式有误：pollId 无效', prefix: false } }),
      ];
      expect(authCatalog.length).toBeLessThanOrEqual(20);
      const authWave: Probe[] = mischief.flatMap((c) => authCatalog.map((make) => make(c)));
      const otherMeeting: Probe[] = range(30, 60).flatMap((i) => [
        ...range(0, 6).map(() => ({ what: 'card of another meeting', ...post(codesB[i]!, { pollId: mainPoll, receipt: newReceipt(), ballot: satisfaction(i) }), expect: E.noOpenPoll })),
        ...range(0, 2).map(() => ({ what: "another meeting's receipts", ...get(codesB[i]!, `/v1/receipts?pollId=${closedPoll}`), expect: E.notFound })),
      ]);

      // Scoring poll (meeting B): 10 clean sheets, 10 with one row out of range, 10 with every row out of range.
      const scoring: CastJob[] = range(0, 30).map((i) => {
        const scores = i < 10 ? [80, 90, 70] : i < 20 ? [i % 2 ? 150 : 85.5, 90, 70] : [101, -1, 1000];
        return { code: codesB[i]!, pollId: scoringPoll, receipt: newReceipt(), ballot: { kind: 'scoring', group: null, scores: Object.fromEntries(scores.map((s, k) => [`d${k + 1}`, s])) } };
      });
      // Selection poll (meeting C), choose up to 3 of 6: 10 sheets with 3, 10 with 4 (too many), 5 with none.
      const selection: CastJob[] = range(0, 25).map((i) => ({
        code: codesC[i]!,
        pollId: selectionPoll,
        receipt: newReceipt(),
        ballot: { kind: 'selection', chosen: i < 10 ? ['d1', 'd2', 'd3'] : i < 20 ? ['d1', 'd2', 'd3', 'd4'] : [] },
      }));

      const honestJobs: CastJob[] = honest.map((code, i) => ({ code, pollId: mainPoll, receipt: newReceipt(), ballot: satisfaction(i) }));
      const wave1 = [...unauthWave(), ...authWave, ...otherMeeting];
      const floodStarted = Date.now();
      const [honestResults, wave1Results, floodResults, scoringResults, selectionResults] = await Promise.all([
        castAll(base, honestJobs, { concurrency: 20, deadlineMs: WAVE_DEADLINE_MS }).then((r) => {
          idleClosedWhenHonestDone = idleClosedCount;
          return r;
        }),
        requestAll(base, wave1, { concurrency: 48, deadlineMs: WAVE_DEADLINE_MS }),
        requestAll(base, Array.from({ length: FLOOD }, () => get(flooder, '/v1/state')), { concurrency: 8, deadlineMs: WAVE_DEADLINE_MS }),
        castAll(base, scoring, { concurrency: 8, deadlineMs: WAVE_DEADLINE_MS }),
        castAll(base, selection, { concurrency: 8, deadlineMs: WAVE_DEADLINE_MS }),
      ]);
      const floodSeconds = (Date.now() - floodStarted) / 1000;
      sample('after wave 1');

      expect(honestResults.map((r) => r.status)).toEqual(honestJobs.map(() => 201));
      // The honest devices were all answered while the 2,000 idle sockets were still held open.
      expect(idleClosedWhenHonestDone).toBe(0);
      expect(mismatches(wave1, wave1Results)).toEqual([]);
      for (const r of wave1Results.filter((x) => x.status === 413)) expect(r.headers.connection).toBe('close');
      // Stored as sheets and classified when counted: out-of-range scores and too many marks are not refused.
      expect(scoringResults.map((r) => r.status)).toEqual(scoring.map(() => 201));
      expect(selectionResults.map((r) => r.status)).toEqual(selection.map(() => 201));
      // The flooding device: its burst of 20 and the refill (5 per second) pass, the rest is refused.
      const floodOk = floodResults.filter((r) => r.status === 200).length;
      const flood429 = floodResults.filter((r) => r.status === 429);
      expect(floodOk + flood429.length).toBe(FLOOD);
      expect(floodOk).toBeGreaterThanOrEqual(20);
      expect(floodOk).toBeLessThanOrEqual(20 + Math.ceil(floodSeconds * 5) + 1);
      for (const r of flood429) {
        expect(r.body.error).toEqual({ code: 'RATE_LIMITED', message: E.rateLimited.message });
        expect(r.headers['retry-after']).toBe('2');
      }

      // --- Wave 2: replays and duplicates from the honest devices, and the unauthenticated wave again.
      const replays: Probe[] = honestJobs.flatMap((j, i) => [
        { what: 'the same ballot again', ...post(j.code, { pollId: j.pollId, receipt: j.receipt, ballot: j.ballot }), expect: { status: 200, code: '', message: '' } },
        // Answered like a retry whatever the choices, so a receipt cannot be used to test guesses.
        { what: 'same receipt, other choices', ...post(j.code, { pollId: j.pollId, receipt: j.receipt, ballot: satisfaction(i + 1) }), expect: { status: 200, code: '', message: '' } },
        { what: 'a second ballot', ...post(j.code, { pollId: j.pollId, receipt: newReceipt(), ballot: j.ballot }), expect: E.alreadyVoted },
      ]);
      // A device that reuses someone else's receipt is refused (the receipt must identify one ballot).
      const collisions: Probe[] = mischief.slice(0, 10).map((c, i) => ({
        what: "someone else's receipt",
        ...post(c, { pollId: mainPoll, receipt: honestJobs[i]!.receipt, ballot: satisfaction(i) }),
        expect: { ...E.badRequest, message: '请求格式有误：回执码重复，请刷新页面后重试', prefix: false },
      }));
      const wave2 = [...replays, ...collisions, ...unauthWave()];
      const wave2Results = await requestAll(base, wave2, { concurrency: 48, deadlineMs: WAVE_DEADLINE_MS });
      const rss2 = sample('after wave 2');
      for (const what of ['the same ballot again', 'same receipt, other choices']) {
        const replayed = wave2Results.filter((r, i) => wave2[i]!.what === what);
        expect(replayed.map((r) => r.status)).toEqual(honestJobs.map(() => 200));
        replayed.forEach((r, i) => expect(r.body).toEqual({ receipt: honestJobs[i]!.receipt, pollId: mainPoll }));
      }
      expect(mismatches(wave2, wave2Results).filter((m) => !m.startsWith('the same ballot again') && !m.startsWith('same receipt, other choices'))).toEqual([]);

      // --- Wave 3: the unauthenticated wave once more. Memory must have levelled off by now.
      const wave3 = unauthWave();
      expect(mismatches(wave3, await requestAll(base, wave3, { concurrency: 48, deadlineMs: WAVE_DEADLINE_MS }))).toEqual([]);
      const rss3 = sample('after wave 3');

      // --- Slow and idle sockets are cut by the server's timeouts (header 10 s, request 15 s, checked every second).
      const idleClosed = await Promise.all(idle.map((s) => s.closed));
      const slowHeaderClosed = await Promise.all(slowHeaders.map((s) => s.closed));
      const slowBodyClosed = await Promise.all(slowBodyDone.map((s) => s.closed));
      // Every socket was cut by the server, none by the client's safety net.
      expect([...idleClosed, ...slowHeaderClosed, ...slowBodyClosed].filter((x) => !x.byServer)).toEqual([]);
      const idleMax = Math.max(...idleClosed.map((x) => x.ms));
      const got408 = [...slowHeaderClosed, ...slowBodyClosed].filter((x) => x.reply.startsWith('HTTP/1.1 408 ')).length;
      expect(idleMax).toBeLessThan(20_000);
      expect(Math.max(...slowHeaderClosed.map((x) => x.ms))).toBeLessThan(20_000);
      // The server writes 408 and closes; a client still sending may see a reset instead of the 408.
      for (const s of slowHeaderClosed) expect(s.reply === '' || s.reply.startsWith('HTTP/1.1 408 ')).toBe(true);
      expect(Math.max(...slowBodyClosed.map((x) => x.ms))).toBeLessThan(25_000);
      for (const s of slowBodyClosed) expect(s.reply === '' || s.reply.startsWith('HTTP/1.1 408 ')).toBe(true);
      const honestP99 = percentile(honestResults.map((r) => r.latencyMs), 99);
      const rss4 = sample('after the sockets were cut');

      // --- Close, count, and look at what was stored.
      const mainResult = await ok(host, 'poll.close', { id: mainPoll });
      const scoringResult = await ok(host, 'poll.close', { id: scoringPoll });
      const selectionResult = await ok(host, 'poll.close', { id: selectionPoll });
      expect(mainResult.ballotCount).toBe(HONEST);
      expect(mainResult.result.sheets).toMatchObject({ returned: HONEST, valid: HONEST, invalid: 0 });
      const late = await client.request(`${base}/v1/ballots`, {
        method: 'POST',
        headers: { Authorization: `Credential ${mischief[29]}` },
        body: { pollId: mainPoll, receipt: newReceipt(), ballot: satisfaction(0) },
      });
      expect([late.status, late.body.error.code]).toEqual([409, 'POLL_CLOSED']);
      const published = await client.request(`${base}/v1/receipts?pollId=${mainPoll}`, { headers: { Authorization: `Credential ${honest[0]}` } });
      expect(published.body).toEqual({ pollId: mainPoll, status: 'closed', receipts: honestJobs.map((j) => j.receipt).sort(), ballotCount: HONEST });

      expect(scoringResult.result.sheets).toMatchObject({ returned: 30, valid: 20, invalid: 10, blank: 0 });
      expect(scoringResult.result.invalidReasons).toEqual([{ reason: '没有一个对象作出有效选择', count: 10 }]);
      const [d1, d2, d3] = scoringResult.result.targets as { counted: number; invalid: number; unfilled: number; score: { text: string } }[];
      expect([d1, d2, d3].map((t) => [t!.counted, t!.invalid, t!.unfilled, t!.score.text])).toEqual([
        [10, 10, 0, '80.00'],
        [20, 0, 0, '90.00'],
        [20, 0, 0, '70.00'],
      ]);
      expect(selectionResult.result.sheets).toMatchObject({ returned: 25, valid: 10, invalid: 15, blank: 5 });
      expect(selectionResult.result.invalidReasons).toEqual(
        expect.arrayContaining([
          { reason: '所选项目超过 3 个', count: 10 },
          { reason: '空白票（未作任何选择）', count: 5 },
        ]),
      );
      client.close();
      clearInterval(sampler);
      await host.kill('SIGTERM');

      const raw = new BetterSqlite3(path.join(dataDir, 'committee-desk.sqlite'), { readonly: true });
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        const perPoll = raw.prepare('SELECT poll_id AS id, count(*) AS n FROM ballot GROUP BY poll_id ORDER BY poll_id').all();
        expect(perPoll).toEqual([
          { id: mainPoll, n: HONEST },
          { id: scoringPoll, n: 30 },
          { id: selectionPoll, n: 25 },
        ]);
        const voters = raw.prepare('SELECT poll_id AS id, count(*) AS n FROM poll_voter GROUP BY poll_id ORDER BY poll_id').all();
        expect(voters).toEqual(perPoll);
        const kinds = new Map([
          [mainPoll, 'satisfaction'],
          [scoringPoll, 'scoring'],
          [selectionPoll, 'selection'],
        ]);
        for (const b of raw.prepare('SELECT poll_id, payload FROM ballot').all() as { poll_id: number; payload: string }[]) {
          expect(BallotPayloadSchema.parse(JSON.parse(b.payload)).kind).toBe(kinds.get(b.poll_id));
        }
        // Sealed storage keeps receipts in a list of their own: one per ballot, as every ballot came from a device.
        expect(raw.prepare('SELECT poll_id AS id, count(*) AS n FROM poll_receipt GROUP BY poll_id ORDER BY poll_id').all()).toEqual(perPoll);
        for (const r of raw.prepare('SELECT receipt FROM poll_receipt').all() as { receipt: string }[]) expect(r.receipt).toMatch(/^[23456789A-HJ-NP-Z]{16}$/);
        expect(raw.prepare('SELECT count(*) AS n FROM named_vote').get()).toEqual({ n: 0 });
      } finally {
        raw.close();
      }

      const total = wave1.length + FLOOD + wave2.length + wave3.length + IDLE_SOCKETS + SLOW_HEADER_SOCKETS + SLOW_BODY_SOCKETS;
      console.log(
        `hostile: ${wave1.length + wave2.length + wave3.length - HONEST} bad requests + ${FLOOD} flood (${flood429.length}×429) + ${IDLE_SOCKETS} idle / ${SLOW_HEADER_SOCKETS + SLOW_BODY_SOCKETS} slow sockets (${total} in all), ` +
          `${HONEST} honest ballots (p99 ${honestP99.toFixed(0)} ms); idle cut after ≤ ${idleMax} ms, slow cut after ≤ ${Math.max(...slowHeaderClosed.map((x) => x.ms))} / ${Math.max(...slowBodyClosed.map((x) => x.ms))} ms (${got408} saw the 408); ` +
          `RSS ${rss.map((s) => `${s.at} ${s.mb.toFixed(0)}`).join(', ')} MB, peak ${peak.toFixed(0)} MB; sockets opened ${socketsOpened - started} ms in; total ${Date.now() - started} ms`,
      );
      // Bounded: 6,500 hostile requests and sockets cost less than 150 MB over the idle host.
      expect(Math.max(peak, rss4) - rss0).toBeLessThan(150);
      // Levelled off: a repeat of the same traffic does not grow it again (no per-request leak;
      // V8 grows its heap in steps of several MB, hence the margin).
      expect(rss3 - rss2).toBeLessThan(40);
    } finally {
      clearInterval(sampler);
      await host.kill('SIGKILL');
    }
  });
});

interface Exchange {
  /** Status of the answer, 0 when the connection closed without one. */
  status: number;
  head: string;
  body: string;
}

/**
 * One raw exchange on a fresh connection: write `text` (byte-exact, so that targets the URL
 * parser refuses reach the server as they are), optionally reset the connection (RST) right
 * after, and resolve with what came back once the connection is closed.
 */
function exchange(port: number, text: string, opts: { reset?: boolean } = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const safety = setTimeout(() => s.destroy(), SOCKET_SAFETY_MS);
    s.on('connect', () => {
      s.write(text);
      if (opts.reset) s.resetAndDestroy();
    });
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(safety);
      const raw = Buffer.concat(chunks).toString('utf8');
      const cut = raw.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(raw)?.[1] ?? 0), head: cut < 0 ? raw : raw.slice(0, cut), body: cut < 0 ? '' : raw.slice(cut + 4) });
    });
  });
}

/** `count` jobs with at most `concurrency` running at once. */
async function inParallel<T>(count: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await job(i);
      }
    }),
  );
  return out;
}

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
function upgrade(target: string, host: string, headers: Record<string, string | null> = {}, method = 'GET'): string {
  const all: Record<string, string | null> = { Host: host, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': KEY, 'Sec-WebSocket-Version': '13', ...headers };
  const lines = Object.entries(all)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}\r\n`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join('')}\r\n`;
}
const plain = (target: string, host: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`;
const manyHeaders = (n: number) => Array.from({ length: n }, (_, i) => `X-Filler-${i}: ${i}\r\n`).join('');

/** Lines the host wrote after it started (its startup lines excluded). */
const hostLog = (host: HostProcess, from: number) =>
  host
    .output()
    .slice(from)
    .split('\n')
    .filter((l) => l.trim() !== '');

describe('both listeners against malformed targets, resets and slow headers', () => {
  it('answer each with a 4xx, keep running the same process, and log none of it', { timeout: 180_000 }, async ({ signal }) => {
    const host = await startHostProcess(tempDir('desk-rude-'), HOST_ARGS, { signal });
    const pid = host.child.pid!;
    const logFrom = host.output().length;
    const term = await ok(host, 'term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
    const member = await ok(host, 'member.create', { termId: term.id, fields: { name: '王建国', role: 'member', status: 'serving', seatOrder: 1, note: null } });
    const meeting = await ok(host, 'meeting.create', { termId: term.id, fields: { number: 1, date: '2026-12-01', place: '第一会议室', status: 'ready' } });
    await ok(host, 'attendance.set', { meetingId: meeting.id, memberIds: [member.id], status: 'present' });
    const code = (await ok<{ rows: { code: string | null }[] }>(host, 'credential.list', { meetingId: meeting.id })).rows[0]!.code!;

    const vport = Number(new URL(host.voterBase!).port);
    const cport = Number(new URL(host.base).port);
    const vhost = `127.0.0.1:${vport}`;
    const chost = `127.0.0.1:${cport}`;
    const events = `/v1/events?c=${code}`;
    const ws = `/ws?token=${host.token}`;
    const long = '/' + 'a'.repeat(8_000);
    const tooLong = '/' + 'a'.repeat(17 * 1024);

    // Slow headers on both listeners, held while everything else runs; the server cuts them
    // (headersTimeout: voter 10 s, console 20 s).
    const slowText = (h: string) => `GET /vote/ HTTP/1.1\r\nHost: ${h}\r\nX-Slow: ${'a'.repeat(400)}`;
    const slow = [...(await openMany(5, () => openSocket(vport, slowText(vhost), 500))), ...(await openMany(5, () => openSocket(cport, slowText(chost), 500)))];

    // [what, port, request, expected status]
    const cases: [string, number, string, number][] = [
      // Upgrades whose target is not a plain path, or is a path that matches nothing.
      ...(
        [
          ['//', 404, 401],
          ['/\\', 404, 401],
          ['http://x', 404, 401],
          ['http://x/v1/events', 404, 401],
          ['*', 404, 401],
          ['/%', 404, 401],
          ['/%zz', 404, 401],
          [`//x${events}`, 404, 401],
          [`//x${ws}`, 404, 401],
          [long, 404, 401],
          [tooLong, 431, 431],
        ] as const
      ).flatMap(([target, voter, consoleStatus]): [string, number, string, number][] => [
        [`voter upgrade ${target.slice(0, 40)}`, vport, upgrade(target, vhost), voter],
        [`console upgrade ${target.slice(0, 40)}`, cport, upgrade(target, chost), consoleStatus],
      ]),
      ['voter upgrade, code "%"', vport, upgrade('/v1/events?c=%', vhost), 401],
      ['voter upgrade, no code', vport, upgrade('/v1/events', vhost), 401],
      ['console upgrade, forged Host', cport, upgrade('//', 'evil.example'), 401],
      // Upgrades to the right place with the right credential, but bad or missing WebSocket headers.
      ...(
        [
          ['no key', { 'Sec-WebSocket-Key': null }, 'GET', 400],
          ['bad key', { 'Sec-WebSocket-Key': 'short' }, 'GET', 400],
          ['no version', { 'Sec-WebSocket-Version': null }, 'GET', 400],
          ['version 99', { 'Sec-WebSocket-Version': '99' }, 'GET', 400],
          ['Upgrade: h2c', { Upgrade: 'h2c' }, 'GET', 400],
          ['POST', {}, 'POST', 405],
        ] as const
      ).flatMap(([what, headers, method, status]): [string, number, string, number][] => [
        [`voter upgrade, ${what}`, vport, upgrade(events, vhost, headers, method), status],
        [`console upgrade, ${what}`, cport, upgrade(ws, chost, headers, method), status],
      ]),
      // Plain requests with targets the URL parser refuses or that decode to nothing.
      ...(['//', '/\\', '/%', '/vote/%', '/vote/%zz', 'http://x/v1/state', '*', '//x/vote/'] as const).map((t): [string, number, string, number] => [`voter GET ${t}`, vport, plain(t, vhost), 404]),
      ...(['//', '/\\', '/%', '/console/%', '/console/%zz', 'http://x/console/', '*', '//x/console/'] as const).map((t): [string, number, string, number] => [`console GET ${t}`, cport, plain(t, chost), 404]),
      ['voter GET /v1/%, no credential', vport, plain('/v1/%', vhost), 401],
      // Header limits: the voter listener takes at most 50 header lines, both at most 16 KiB.
      ['voter 50 headers', vport, plain('/v1/state', vhost, manyHeaders(48)), 401],
      ['voter 51 headers', vport, plain('/v1/state', vhost, manyHeaders(49)), 431],
      ['voter 500 headers', vport, plain('/v1/state', vhost, manyHeaders(498)), 431],
      ['console 51 headers', cport, plain('/console/', chost, manyHeaders(49)), 200],
      ['voter 17 KiB header', vport, plain('/v1/state', vhost, `X-Big: ${'b'.repeat(17 * 1024)}\r\n`), 431],
      ['console 17 KiB header', cport, plain('/console/', chost, `X-Big: ${'b'.repeat(17 * 1024)}\r\n`), 431],
      ['voter 17 KiB path', vport, plain(tooLong, vhost), 431],
      // Not HTTP at all.
      ['voter garbage', vport, 'HELLO THERE\r\n\r\n', 400],
      ['console garbage', cport, 'HELLO THERE\r\n\r\n', 400],
      ['voter bad version', vport, 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', 400],
    ];
    const alive = () => host.child.exitCode === null && host.child.signalCode === null;
    const answers = await inParallel(cases.length, 8, (i) => exchange(cases[i]![1], cases[i]![2]));
    expect(alive(), `the host stopped:\n${host.output()}`).toBe(true);
    expect(answers.map((a, i) => `${cases[i]![0]}: ${a.status}`)).toEqual(cases.map(([what, , , status]) => `${what}: ${status}`));
    // The voter listener's 404s are its documented JSON error, not the internal one.
    for (const [i, a] of answers.entries()) {
      if (cases[i]![1] === vport && a.status === 404 && !cases[i]![0].includes('upgrade')) expect(JSON.parse(a.body)).toEqual({ error: { code: E.notFound.code, message: E.notFound.message } });
    }

    // Resets: right after a refused upgrade, right after an accepted one, and in the middle of headers.
    const RESETS = 200;
    const rude: [string, (i: number) => string][] = [
      ['voter refused upgrade', (i) => upgrade(i % 2 ? '//' : '/nope', vhost)],
      ['console refused upgrade', (i) => upgrade(i % 2 ? '//' : '/nope', chost)],
      ['voter accepted upgrade', () => upgrade(events, vhost)],
      ['console accepted upgrade', () => upgrade(ws, chost)],
      ['voter partial headers', () => `GET /v1/state HTTP/1.1\r\nHost: ${vhost}\r\nX-Part`],
      ['console partial headers', () => `GET /console/ HTTP/1.1\r\nHost: ${chost}\r\nX-Part`],
    ];
    for (const [, make] of rude) {
      const port = make(0).includes(vhost) ? vport : cport;
      await inParallel(RESETS, 10, (i) => exchange(port, make(i), { reset: true }));
    }
    expect(alive(), `the host stopped:\n${host.output()}`).toBe(true);

    // The slow sockets were cut by the server (408, or a reset while the client was still writing).
    const slowClosed = await Promise.all(slow.map((s) => s.closed));
    expect(slowClosed.map((s) => s.byServer && (s.reply === '' || s.reply.startsWith('HTTP/1.1 408 ')))).toEqual(slow.map(() => true));

    // Still the same process, and it still does its work on both listeners.
    expect([host.child.pid, host.child.exitCode, host.child.signalCode]).toEqual([pid, null, null]);
    expect(() => process.kill(pid, 0)).not.toThrow();
    const state = await new LoadClient().request(`${host.voterBase}/v1/state`, { headers: { Authorization: `Credential ${code}` } });
    expect([state.status, state.body.member]).toEqual([200, { name: '王建国' }]);
    expect((await host.call('term.list', {})).ok).toBe(true);
    const hello = await new Promise<string>((resolve, reject) => {
      const sock = new WebSocket(`ws://${vhost}${events}`);
      sock.on('message', (d) => {
        resolve(String(d));
        sock.close();
      });
      sock.on('error', reject);
    });
    expect(JSON.parse(hello)).toEqual({ event: 'hello', pollId: null });
    // The event is pushed before the call's own answer: keep the call and wait for it too, so
    // that it never outlives the test (and the host) as a stray request.
    let created: Promise<unknown> = Promise.resolve();
    const consoleEvent = await new Promise<unknown>((resolve, reject) => {
      const sock = new WebSocket(`ws://${chost}${ws}`);
      sock.on('open', () => {
        created = ok(host, 'term.create', { name: '第十八届', level: 'city', startDate: '2027-01-10', endDate: null });
        created.catch(reject);
      });
      sock.on('message', (d) => {
        resolve(JSON.parse(String(d)));
        sock.close();
      });
      sock.on('error', reject);
    });
    expect(consoleEvent).toMatchObject({ event: 'data.changed' });
    await created;

    // Every one of these was the client's fault: the host said nothing about any of them.
    const total = cases.length + rude.length * RESETS + slow.length;
    const lines = hostLog(host, logFrom);
    console.log(`rude: ${total} malformed, reset and slow connections on both listeners; host ${pid} alive; ${lines.length} log lines`);
    expect(lines).toEqual([]);
  });
});
