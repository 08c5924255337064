import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHost, staticDir, vmRssMb, type Host } from './host-process.js';
import { LoadClient, type Reply } from './load-client.js';
import { monoUs, percentile } from './stats.js';

/**
 * A full congress voting at once: N members, each with a credential and a keep-alive
 * connection of its own, opened and used once (GET /v1/state) before the poll opens; then
 * poll.open over the console and every member casts a nine-target sheet at once.
 */

/** All load comes from 127.0.0.1 here, so the per-address limit (meant for one access point's NAT) is lifted. */
export const RATE_PER_ADDRESS = 1_000_000;

export interface BurstResult {
  voters: number;
  all_acked_ms: number;
  ack_p50_ms: number;
  ack_p99_ms: number;
  ballots_per_s: number;
  host_rss_mb_peak: number | null;
  /** Peak RSS when seeding and pre-connecting were done, before the poll opened. */
  host_rss_mb_before_burst: number | null;
  /** Resident set right after the last acknowledgement (VmRSS). */
  host_rss_mb_after_burst: number | null;
  /** Resident set (VmRSS) after seeding, after opening the voters' connections, after their state requests. */
  host_rss_mb_phases: { seeded: number | null; connected: number | null; state_fetched: number | null };
  counted: number;
  /** 201 answers; anything else is listed in `errors`. */
  acked: number;
  errors: Record<string, number>;
  /** Sockets that had to be reopened for the cast (0 when every voter was still pre-connected). */
  reconnects: number;
  /** poll.open round trip over the console. */
  open_ms: number;
  /** Spreading of the sends: last request written minus the first, as the client saw it. */
  send_spread_ms: number;
  seed_s: number;
  /** Monotonic window of the burst (µs) for cutting the host's CPU profile. */
  window_us: [number, number];
  profile_file: string | null;
}

const TARGETS = Array.from({ length: 9 }, (_, i) => ({ key: `d${i + 1}`, label: `部门${i + 1}` }));
const OPTIONS = ['satisfied', 'basically', 'unsatisfied'] as const;
const RECEIPT_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

function receipt(): string {
  return Array.from(crypto.randomBytes(16), (b) => RECEIPT_ALPHABET[b % 32]).join('');
}

function sheet(): unknown {
  return { kind: 'satisfaction', marks: Object.fromEntries(TARGETS.map((t) => [t.key, [OPTIONS[crypto.randomInt(10) < 7 ? 0 : crypto.randomInt(3)]!]])) };
}


/** Term, members (importCommit in chunks of ≤ 2,000), meeting, all present (credentials), a nine-target poll. */
async function seed(host: Host, voters: number) {
  const term = await host.call<{ id: number }>('term.create', { name: '第十四届', level: 'province', startDate: '2023-03-05', endDate: null });
  for (let from = 0; from < voters; from += 2000) {
    const rows = Array.from({ length: Math.min(2000, voters - from) }, (_, k) => {
      const i = from + k;
      return { name: `代表${String(i + 1).padStart(4, '0')}`, role: i === 0 ? 'chair' : 'member', status: 'serving', seatOrder: i + 1, note: null };
    });
    await host.call('member.importCommit', { termId: term.id, rows });
  }
  const members = await host.call<{ id: number }[]>('member.list', { termId: term.id });
  const meeting = await host.call<{ id: number }>('meeting.create', { termId: term.id, fields: { number: 1, date: '2026-03-05', place: '人民大会堂', status: 'ready' } });
  for (let from = 0; from < members.length; from += 1000) {
    await host.call('attendance.set', { meetingId: meeting.id, memberIds: members.slice(from, from + 1000).map((m) => m.id), status: 'present' });
  }
  const item = await host.call<{ id: number }>('agenda.create', {
    meetingId: meeting.id,
    fields: { kind: 'opinion_handling_report', title: '对有关部门审议意见研究处理情况的满意度测评', bodyId: null, notes: null, voteKind: 'satisfaction' },
  });
  const poll = await host.call<{ id: number }>('poll.create', {
    agendaItemId: item.id,
    definition: { kind: 'satisfaction', title: '九个部门满意度测评', targets: TARGETS },
  });
  const creds = await host.call<{ rows: { code: string | null }[] }>('credential.list', { meetingId: meeting.id });
  const codes = creds.rows.map((r) => r.code).filter((c): c is string => c !== null);
  if (codes.length !== voters) throw new Error(`vote burst: ${codes.length} credentials for ${voters} voters`);
  return { pollId: poll.id, codes };
}

export async function voteBurst(voters: number, opts: { cpuProf: boolean; workDir: string }): Promise<BurstResult> {
  const dataDir = fs.mkdtempSync(path.join(opts.workDir, `burst-${voters}-`));
  const profDir = opts.cpuProf ? fs.mkdtempSync(path.join(opts.workDir, `prof-${voters}-`)) : undefined;
  const host = await startHost({
    dataDir,
    cpuProfDir: profDir,
    args: ['--voter-host', '127.0.0.1', '--voter-port', '0', '--voter-rate-per-address', String(RATE_PER_ADDRESS), '--static-dir', staticDir(opts.workDir)],
  });
  let client: LoadClient | null = null;
  try {
    if (!host.voterPort) throw new Error(`vote burst: the host printed no loopback voter URL:\n${host.output()}`);
    const seedStart = performance.now();
    const { pollId, codes } = await seed(host, voters);
    const seedS = (performance.now() - seedStart) / 1000;
    const rssSeeded = vmRssMb(host.pid);

    // Bounded: 3 minutes for everything below, 30 s per request.
    client = new LoadClient({ port: host.voterPort, deadlineMs: 180_000, timeoutMs: 30_000 });
    const conns = await client.connections(voters);
    const rssConnected = vmRssMb(host.pid);
    const auth = codes.map((c) => ({ Authorization: `Credential ${c}` }));
    const states = await Promise.all(conns.map((c, i) => c.request('GET', '/v1/state', auth[i])));
    const badState = states.filter((r) => r.status !== 200);
    if (badState.length > 0) throw new Error(`vote burst: ${badState.length} state requests failed, e.g. ${badState[0]!.status} ${badState[0]!.error} ${badState[0]!.body.slice(0, 200)}`);
    const rssState = vmRssMb(host.pid);
    const connectsBefore = conns.reduce((s, c) => s + c.connects, 0);
    const bodies = codes.map(() => JSON.stringify({ pollId, receipt: receipt(), ballot: sheet() }));
    const castHeaders = auth.map((a) => ({ ...a, 'Content-Type': 'application/json' }));

    const rssBefore = host.peakRssMb();
    const openStart = performance.now();
    await host.call('poll.open', { id: pollId });
    const t0 = performance.now();
    const w0 = monoUs();
    const sendTimes: number[] = [];
    const replies: Reply[] = await Promise.all(
      conns.map((c, i) => {
        const p = c.request('POST', '/v1/ballots', castHeaders[i], bodies[i]);
        sendTimes.push(performance.now());
        return p;
      }),
    );
    const w1 = monoUs();
    const rssAfter = vmRssMb(host.pid);
    const last = Math.max(...replies.map((r) => r.at));
    const reconnects = conns.reduce((s, c) => s + c.connects, 0) - connectsBefore;
    const errors: Record<string, number> = {};
    let acked = 0;
    for (const r of replies) {
      if (r.status === 201) acked++;
      else {
        let code = r.error ?? String(r.status);
        try {
          code = `${r.status} ${(JSON.parse(r.body) as { error: { code: string } }).error.code}`;
        } catch {
          // not a voter error body
        }
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
    client.close();
    client = null;

    const sealed = await host.call<{ ballotCount: number }>('poll.close', { id: pollId });
    const rss = host.peakRssMb();
    const allAcked = last - t0;
    const lat = replies.filter((r) => r.status === 201).map((r) => r.latencyMs);
    await host.stop();
    const profile = profDir ? (fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profDir, f))[0] ?? null) : null;
    return {
      voters,
      all_acked_ms: allAcked,
      ack_p50_ms: percentile(lat, 50),
      ack_p99_ms: percentile(lat, 99),
      ballots_per_s: acked / (allAcked / 1000),
      host_rss_mb_peak: rss,
      host_rss_mb_before_burst: rssBefore,
      host_rss_mb_after_burst: rssAfter,
      host_rss_mb_phases: { seeded: rssSeeded, connected: rssConnected, state_fetched: rssState },
      counted: sealed.ballotCount,
      acked,
      errors,
      reconnects,
      open_ms: t0 - openStart,
      send_spread_ms: sendTimes.length ? Math.max(...sendTimes) - t0 : 0,
      seed_s: seedS,
      window_us: [w0, w1],
      profile_file: profile,
    };
  } finally {
    client?.close();
    await host.stop();
  }
}
