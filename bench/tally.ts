import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../electron/core/core.js';
import { sealStored } from '../electron/core/seal.js';
import { openDatabase } from '../db/open.js';
import { insertAgendaItem } from '../db/repos/agenda.repo.js';
import { insertMeeting } from '../db/repos/meeting.repo.js';
import { insertMember } from '../db/repos/member.repo.js';
import { ballotPayloads, getPollRow, getResultRow, insertPoll, markOpen, newStageKey } from '../db/repos/poll.repo.js';
import { votingWriter } from '../db/repos/voting.repo.js';
import { insertTerm } from '../db/repos/term.repo.js';
import { BallotPayloadSchema } from '../shared/domain/polls/ballot.js';
import { canonicalJson } from '../shared/domain/polls/canonical.js';
import { parsePollDefinition } from '../shared/domain/polls/definition.js';
import { median, monoUs } from './stats.js';

/**
 * Close, tally, digest and store a poll of 3,000 ballots × 20 targets, as poll.close does it
 * through dispatch in the same process: read the staged ballots, seal, write the sealed rows
 * in key order, empty the staging, fold the WAL. The ballots are staged by a second
 * connection just before, through the voter path's own statements, so they sit in the WAL as
 * they do after a real burst.
 */

export interface TallyResult {
  tally_seal_ms: number;
  runs_ms: number[];
  ballots: number;
  targets: number;
  /** The same work taken apart, outside dispatch (median of the runs). */
  breakdown: { read_ms: number; parse_ms: number; tally_digest_ms: number };
  /** Monotonic windows (µs) of the timed calls, for cutting a CPU profile. */
  windows_us: [number, number][];
}

const OPTIONS = ['satisfied', 'basically', 'unsatisfied'] as const;

export async function tallyBench(workDir: string, opts: { ballots?: number; targets?: number; runs?: number } = {}): Promise<TallyResult> {
  const ballots = opts.ballots ?? 3000;
  const nTargets = opts.targets ?? 20;
  const runs = opts.runs ?? 3;
  const dataDir = fs.mkdtempSync(path.join(workDir, 'tally-'));
  const file = path.join(dataDir, 'committee-desk.sqlite');
  const def = parsePollDefinition({
    kind: 'satisfaction',
    title: '二十个部门满意度测评',
    targets: Array.from({ length: nTargets }, (_, i) => ({ key: `t${i + 1}`, label: `部门${i + 1}` })),
  });
  const now = new Date().toISOString();

  // The structure first, through the repositories, then the core on the same file.
  const seeder = await openDatabase(file);
  const pollIds: number[] = [];
  const members: number[] = [];
  await seeder.db.transaction().execute(async (trx) => {
    const termId = await insertTerm(trx, { name: '第十四届', level: 'province', startDate: '2023-03-05', endDate: null }, now);
    const meetingId = await insertMeeting(trx, termId, { number: 1, date: '2026-03-05', place: '人民大会堂', status: 'in_progress' }, now);
    for (let m = 0; m < ballots; m++) members.push(await insertMember(trx, termId, { name: `代表${m + 1}`, role: 'member', status: 'serving', seatOrder: m + 1, note: null }, now));
    for (let r = 0; r < runs; r++) {
      const itemId = await insertAgendaItem(trx, meetingId, { kind: 'work_review', title: `测评${r + 1}`, bodyId: null, notes: null, voteKind: 'satisfaction' }, now);
      const id = await insertPoll(trx, { agendaItemId: itemId, seriesId: null, round: 1, kind: def.kind, title: def.title, anonymous: true, definition: canonicalJson(def), autoClose: false, doubleEntry: false }, now);
      await markOpen(trx, id, { serving: ballots, entitled: members }, now);
      pollIds.push(id);
    }
  });
  const core = await createCore({ dataDir, version: 'bench', platform: { mode: 'host', openFile: async () => false }, log: () => {} });
  const runsMs: number[] = [];
  const windows: [number, number][] = [];
  const parts = { read: [] as number[], parse: [] as number[], seal: [] as number[] };
  try {
    for (const pollId of pollIds) {
      const writer = votingWriter(seeder.raw);
      writer.begin();
      for (let b = 0; b < ballots; b++) {
        const marks = Object.fromEntries(def.targets.map((t) => [t.key, [OPTIONS[crypto.randomInt(10) < 6 ? 0 : crypto.randomInt(3)]!]]));
        const receipt = crypto.randomBytes(8).toString('hex').toUpperCase();
        writer.addDeviceBallot({ pollId, memberId: members[b]!, ballotId: newStageKey(), payload: canonicalJson({ kind: 'satisfaction', marks }), receipt, named: false });
      }
      writer.commit();
      const w0 = monoUs();
      const t0 = performance.now();
      const r = await core.dispatch('poll.close', { id: pollId }, { transport: 'internal' });
      runsMs.push(performance.now() - t0);
      windows.push([w0, monoUs()]);
      if (!r.ok) throw new Error(`tally: poll.close failed: ${r.error.code} ${r.error.message}`);
      if ((r.value as { ballotCount: number }).ballotCount !== ballots) throw new Error('tally: wrong ballot count');

      // The same steps by hand, to see which one costs what.
      const row = (await getPollRow(seeder.db, pollId))!;
      const sealed = (await getResultRow(seeder.db, pollId))!;
      const a = performance.now();
      const raw = await ballotPayloads(seeder.db, pollId);
      const b = performance.now();
      raw.map((p) => BallotPayloadSchema.parse(JSON.parse(p)));
      const c = performance.now();
      sealStored(sealed.tally_version, row.definition, raw, JSON.parse(sealed.context!), false);
      const d = performance.now();
      parts.read.push(b - a);
      parts.parse.push(c - b);
      parts.seal.push(d - c);
    }
  } finally {
    await core.close();
    await seeder.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    tally_seal_ms: median(runsMs),
    runs_ms: runsMs,
    ballots,
    targets: nTargets,
    breakdown: { read_ms: median(parts.read), parse_ms: median(parts.parse), tally_digest_ms: median(parts.seal) },
    windows_us: windows,
  };
}
