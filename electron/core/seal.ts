import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { BallotPayloadSchema, type BallotPayload } from '../../shared/domain/polls/ballot.js';
import { canonicalJson, sealText, sealTextOfCanonical } from '../../shared/domain/polls/canonical.js';
import { PollDefinitionSchema, type PollDefinition } from '../../shared/domain/polls/definition.js';
import type { PollResult } from '../../shared/domain/polls/result.js';
import { tally, type TallyContext } from '../../shared/domain/polls/tally.js';
import { ballotPayloads, getPollRow, getResultRow, type PollRow } from '../../db/repos/poll.repo.js';
import type { Database } from '../../db/schema.js';

export interface Seal {
  result: PollResult;
  /** canonicalJson(result): what is stored and compared on verification. */
  resultJson: string;
  digest: string;
  ballotCount: number;
}

export function tallyContext(row: Pick<PollRow, 'serving_at_open' | 'present_at_open' | 'paper_issued'>): TallyContext {
  const ctx: TallyContext = { serving: row.serving_at_open ?? 0, present: row.present_at_open ?? 0 };
  if (row.paper_issued !== null) ctx.ballotsIssued = row.paper_issued;
  return ctx;
}

/** Tally and digest of ballots given as parsed payloads (demo data, tests). */
export function computeSeal(definition: PollDefinition, payloads: readonly BallotPayload[], ctx: TallyContext): Seal {
  const result = tally(definition, payloads, ctx);
  const digest = crypto.createHash('sha256').update(sealText(definition, payloads, ctx)).digest('hex');
  return { result, resultJson: canonicalJson(result), digest, ballotCount: payloads.length };
}

/**
 * Tally and digest from the rows exactly as stored. The core stored each payload as the
 * canonical JSON of a validated ballot, so closing only JSON-parses each distinct string
 * once (sheets repeat a lot) and hashes the stored bytes; `strict` (verification) also
 * re-validates every row, since there the rows may have been tampered with.
 */
export function computeSealFromStored(definition: PollDefinition, stored: readonly string[], ctx: TallyContext, strict: boolean): Seal {
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
  const result = tally(definition, payloads, ctx);
  const digest = crypto.createHash('sha256').update(sealTextOfCanonical(definition, stored, ctx)).digest('hex');
  return { result, resultJson: canonicalJson(result), digest, ballotCount: stored.length };
}

export function parseStoredDefinition(json: string): PollDefinition {
  return PollDefinitionSchema.parse(JSON.parse(json));
}

export interface Verification {
  pollId: number;
  ok: boolean;
  storedDigest: string;
  recomputedDigest: string;
  message: string;
}

/** Recompute one sealed result from the rows as they are now. Any edited, added or deleted ballot changes the digest. */
export async function verifyPoll(db: Kysely<Database>, pollId: number): Promise<Verification> {
  const row = await getPollRow(db, pollId);
  const stored = await getResultRow(db, pollId);
  if (!row || !stored) return { pollId, ok: false, storedDigest: '', recomputedDigest: '', message: '没有封存的结果' };
  let seal: Seal;
  try {
    const def = parseStoredDefinition(row.definition);
    seal = computeSealFromStored(def, await ballotPayloads(db, pollId), tallyContext(row), true);
  } catch (err) {
    return { pollId, ok: false, storedDigest: stored.digest, recomputedDigest: '', message: `选票或定义无法读取：${(err as Error).message.slice(0, 200)}` };
  }
  const problems: string[] = [];
  if (seal.digest !== stored.digest) problems.push('摘要不符（选票、定义或人数被改动）');
  if (seal.ballotCount !== stored.ballot_count) problems.push(`票数不符（封存 ${stored.ballot_count}，现有 ${seal.ballotCount}）`);
  if (seal.resultJson !== stored.result) problems.push('结果不符（封存的计票结果被改动）');
  return {
    pollId,
    ok: problems.length === 0,
    storedDigest: stored.digest,
    recomputedDigest: seal.digest,
    message: problems.length === 0 ? '一致' : problems.join('；'),
  };
}
