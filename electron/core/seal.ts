import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { BallotPayloadSchema, type BallotPayload } from '../../shared/domain/polls/ballot.js';
import { canonicalJson } from '../../shared/domain/polls/canonical.js';
import { PollDefinitionSchema, type PollDefinition } from '../../shared/domain/polls/definition.js';
import type { PollResult } from '../../shared/domain/polls/result.js';
import { CURRENT_TALLY_VERSION, tallyVersion } from '../../shared/domain/polls/tally-versions.js';
import { ballotPayloads, getPollRow, getResultRow, type PollRow } from '../../db/repos/poll.repo.js';
import type { Database } from '../../db/schema.js';

export interface Seal {
  result: PollResult;
  /** canonicalJson(result): what is stored and compared on verification. */
  resultJson: string;
  digest: string;
  ballotCount: number;
  tallyVersion: number;
  /** canonicalJson(context) for version 2 on; version 1 reads its context from the poll row. */
  contextJson: string | null;
}

/** Version 1's context: the head counts and the paper count kept on the poll row. */
function contextV1(row: Pick<PollRow, 'serving_at_open' | 'present_at_open' | 'paper_issued'>): Record<string, number> {
  const ctx: Record<string, number> = { serving: row.serving_at_open ?? 0, present: row.present_at_open ?? 0 };
  if (row.paper_issued !== null) ctx.ballotsIssued = row.paper_issued;
  return ctx;
}

/**
 * Tally and digest of ballots as stored (canonical JSON strings) under a given tally version.
 * Sealing parses each distinct string once (sheets repeat a lot) and hashes the stored bytes;
 * `strict` (verification) re-validates every row, since there the rows may have been tampered with.
 */
export function sealStored(version: number, definitionText: string, stored: readonly string[], context: unknown, strict: boolean): Seal {
  const t = tallyVersion(version);
  const def = parseStoredDefinition(definitionText);
  const ctx = t.contextSchema.parse(context);
  const parsed = new Map<string, BallotPayload>();
  const payloads = stored.map((s) => {
    let p = parsed.get(s);
    if (!p) {
      const raw: unknown = JSON.parse(s);
      p = strict ? BallotPayloadSchema.parse(raw) : (raw as BallotPayload);
      parsed.set(s, p);
    }
    return p;
  });
  const result = t.tally(def, payloads, ctx);
  const digest = crypto.createHash('sha256').update(t.sealText(definitionText, stored, ctx)).digest('hex');
  return { result, resultJson: canonicalJson(result), digest, ballotCount: stored.length, tallyVersion: version, contextJson: version >= 2 ? canonicalJson(ctx) : null };
}

/** Seal with the current tally (closing a poll, demo data, benchmarks). */
export function sealCurrent(definitionText: string, stored: readonly string[], context: unknown): Seal {
  return sealStored(CURRENT_TALLY_VERSION, definitionText, stored, context, false);
}

/** Seal parsed payloads with the current tally (generated data). */
export function sealPayloads(definition: PollDefinition, payloads: readonly BallotPayload[], context: unknown): Seal & { stored: string[] } {
  const stored = payloads.map((p) => canonicalJson(p));
  return { ...sealCurrent(canonicalJson(definition), stored, context), stored };
}

export function parseStoredDefinition(json: string): PollDefinition {
  return PollDefinitionSchema.parse(JSON.parse(json));
}

export interface Verification {
  pollId: number;
  ok: boolean;
  storedDigest: string;
  recomputedDigest: string;
  tallyVersion: number;
  message: string;
}

/**
 * Recompute one sealed result from the rows as they are now, with the tally version that
 * sealed it. Any edited, added or deleted ballot changes the digest.
 */
export async function verifyPoll(db: Kysely<Database>, pollId: number): Promise<Verification> {
  const row = await getPollRow(db, pollId);
  const stored = await getResultRow(db, pollId);
  if (!row || !stored) return { pollId, ok: false, storedDigest: '', recomputedDigest: '', tallyVersion: 0, message: '没有封存的结果' };
  const version = stored.tally_version;
  const payloads = await ballotPayloads(db, pollId);
  const problems: string[] = [];
  // A ballot added or deleted is told as such (version 2's context also pins the count, so its tally refuses to run).
  if (payloads.length !== stored.ballot_count) problems.push(`票数不符（封存 ${stored.ballot_count}，现有 ${payloads.length}）`);
  let seal: Seal;
  try {
    const context: unknown = version === 1 ? contextV1(row) : JSON.parse(stored.context ?? 'null');
    seal = sealStored(version, row.definition, payloads, context, true);
  } catch (err) {
    if (problems.length === 0) problems.push(`选票、定义或计票依据无法读取：${(err as Error).message.slice(0, 200)}`);
    return { pollId, ok: false, storedDigest: stored.digest, recomputedDigest: '', tallyVersion: version, message: problems.join('；') };
  }
  if (seal.digest !== stored.digest) problems.push('摘要不符（选票、定义或人数被改动）');
  if (seal.resultJson !== stored.result) problems.push('结果不符（封存的计票结果被改动）');
  return {
    pollId,
    ok: problems.length === 0,
    storedDigest: stored.digest,
    recomputedDigest: seal.digest,
    tallyVersion: version,
    message: problems.length === 0 ? '一致' : problems.join('；'),
  };
}
