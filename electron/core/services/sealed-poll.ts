import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BallotPayload } from '../../../shared/domain/polls/ballot.js';
import { canonicalJson } from '../../../shared/domain/polls/canonical.js';
import type { PollDefinition } from '../../../shared/domain/polls/definition.js';
import { quorum } from '../../../shared/domain/quorum.js';
import { insertPoll, insertResult, markOpen, markStatus, writeSealed } from '../../../db/repos/poll.repo.js';
import type { Database } from '../../../db/schema.js';
import { sealPayloads } from '../seal.js';
import { syncTargetLinks } from './subject.service.js';

const RECEIPT_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

export interface GeneratedPoll {
  agendaItemId: number;
  definition: PollDefinition;
  /** One sheet per voter, all on devices. */
  payloads: readonly BallotPayload[];
  serving: number;
  /** Members present when the poll opened; the first `payloads.length` of them voted. */
  entitled: readonly number[];
  now: string;
  release: boolean;
  /** Give each ballot a device receipt, as the voter path would. */
  receipts?: boolean;
}

/**
 * A poll that was opened, voted on devices and closed, stored exactly as the close of a real
 * one stores it (sealed storage, current tally). For demo data and generated benchmark
 * databases, which have no devices to vote with.
 */
export async function insertSealedPoll(trx: Kysely<Database>, p: GeneratedPoll): Promise<number> {
  const def = p.definition;
  if (p.payloads.length > p.entitled.length) throw new Error('more ballots than members entitled to vote');
  const pollId = await insertPoll(
    trx,
    { agendaItemId: p.agendaItemId, seriesId: null, round: 1, kind: def.kind, title: def.title, anonymous: def.anonymous, definition: canonicalJson(def), autoClose: false, doubleEntry: false },
    p.now,
  );
  await syncTargetLinks(trx, pollId);
  await markOpen(trx, pollId, { serving: p.serving, entitled: p.entitled }, p.now);
  const present = p.entitled.length;
  const seal = sealPayloads(def, p.payloads, {
    serving: p.serving,
    present,
    device: p.payloads.length,
    paper: { handedOut: 0, returned: 0 },
    quorum: { required: quorum(p.serving, present).required, lowestPresent: present },
  });
  const receipts = p.receipts ? p.payloads.map(() => Array.from(crypto.randomBytes(16), (b) => RECEIPT_ALPHABET[b % 32]).join('')) : [];
  await writeSealed(trx, pollId, { payloads: seal.stored, voters: p.entitled.slice(0, p.payloads.length), receipts, named: [] });
  await insertResult(trx, pollId, { result: seal.resultJson, ballotCount: seal.ballotCount, digest: seal.digest, tallyVersion: seal.tallyVersion, context: seal.contextJson }, p.now);
  await markStatus(trx, pollId, 'open', 'closed', p.now);
  if (p.release) await markStatus(trx, pollId, 'closed', 'released', p.now);
  return pollId;
}
