import type { Kysely } from 'kysely';
import { canonicalJson } from '../../../shared/domain/polls/canonical.js';
import type { BallotPayload } from '../../../shared/domain/polls/ballot.js';
import { newStageKey } from '../../../db/repos/poll.repo.js';
import type { VotingWriter } from '../../../db/repos/voting.repo.js';
import type { Database } from '../../../db/schema.js';
import { VOTER_ERRORS, VoterError } from './voter-errors.js';

export interface CastJob {
  pollId: number;
  meetingId: number;
  memberId: number;
  credentialId: number;
  receipt: string;
  /** Parsed against the poll's definition already. */
  payload: BallotPayload;
}

export interface CastOutcome {
  receipt: string;
  /** True when this exact ballot was already in the box (a retry after a lost answer). */
  replay: boolean;
}

interface Pending {
  job: CastJob;
  resolve: (o: CastOutcome) => void;
  reject: (e: Error) => void;
}

const MAX_BATCH = 512;

/**
 * Group commit for device ballots. Casts that arrive while a commit is running wait and go
 * into the next transaction together; each is acknowledged only after its transaction has
 * committed (synchronous=FULL). The raw statements run under Kysely's connection lock, so
 * they never interleave with a Kysely transaction on the same connection.
 */
export class BallotBox {
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: VotingWriter,
    private readonly onCommitted: (pollIds: Set<number>) => void,
  ) {}

  cast(job: CastJob): Promise<CastOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Let the casts already received on open sockets join this batch.
        await new Promise((r) => setImmediate(r));
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.db.connection().execute(async () => this.commit(batch));
        } catch {
          // The connection itself failed (the database is closing): nothing of the batch was
          // committed; each device is told so and retries with the same receipt.
          for (const p of batch) p.reject(VOTER_ERRORS.internal());
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** One transaction for the batch; per-cast refusals do not affect the others. */
  private commit(batch: Pending[]): void {
    const outcomes: (CastOutcome | Error)[] = [];
    const touched = new Set<number>();
    try {
      this.store.begin();
      for (const { job } of batch) {
        try {
          outcomes.push(this.one(job));
          touched.add(job.pollId);
        } catch (err) {
          outcomes.push(err as Error);
        }
      }
      this.store.commit();
    } catch (err) {
      try {
        this.store.rollback();
      } catch {
        // nothing was begun
      }
      for (const p of batch) p.reject(err instanceof VoterError ? err : VOTER_ERRORS.internal());
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o instanceof Error) p.reject(o);
      else p.resolve(o);
    });
    if (touched.size > 0) this.onCommitted(touched);
  }

  /** Reads inside the transaction see the batch's earlier inserts, so duplicates within a batch are caught too. */
  private one(job: CastJob): CastOutcome {
    const c = this.store.check(job.pollId, job.credentialId, job.meetingId, job.memberId);
    if (c.pollStatus === undefined) throw VOTER_ERRORS.noOpenPoll();
    if (c.pollStatus !== 'open') throw VOTER_ERRORS.pollClosed();
    if (c.credentialStatus !== 'active') throw VOTER_ERRORS.revoked();
    if (c.attendance !== 'present' || !c.standing) throw VOTER_ERRORS.notPresent();
    if (c.standing.channel === 'paper') throw VOTER_ERRORS.paperSheet();
    if (c.standing.channel === 'device') {
      // A retry of a ballot that did get in carries its receipt: answer as before, nothing added.
      // The answer must not depend on the choices sent, or someone holding another member's
      // receipt (and a card that has voted) could test guesses about the ballot it names.
      if (this.store.receiptKnown(job.pollId, job.receipt)) return { receipt: job.receipt, replay: true };
      throw VOTER_ERRORS.alreadyVoted();
    }
    if (!c.standing.entitled) throw VOTER_ERRORS.notEntitled();
    if (this.store.receiptKnown(job.pollId, job.receipt)) throw VOTER_ERRORS.badRequest('回执码重复，请刷新页面后重试');
    this.store.addDeviceBallot({
      pollId: job.pollId,
      memberId: job.memberId,
      ballotId: newStageKey(),
      payload: canonicalJson(job.payload),
      receipt: job.receipt,
      named: !c.anonymous,
    });
    return { receipt: job.receipt, replay: false };
  }
}
