import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../../../shared/domain/polls/canonical.js';
import type { BallotPayload } from '../../../shared/domain/polls/ballot.js';
import { newBallotId } from '../../../db/repos/poll.repo.js';
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
  private readonly st;

  constructor(
    private readonly db: Kysely<Database>,
    raw: BetterSqlite3.Database,
    private readonly onCommitted: (pollIds: Set<number>) => void,
  ) {
    this.st = {
      poll: raw.prepare<[number], { status: string; anonymous: number }>('SELECT status, anonymous FROM poll WHERE id = ?'),
      credential: raw.prepare<[number], { status: string }>('SELECT status FROM credential WHERE id = ?'),
      present: raw.prepare<[number, number], { status: string }>('SELECT status FROM attendance WHERE meeting_id = ? AND member_id = ?'),
      voted: raw.prepare<[number, number], { x: number }>('SELECT 1 AS x FROM poll_voter WHERE poll_id = ? AND member_id = ?'),
      receipt: raw.prepare<[number, string], { x: number }>('SELECT 1 AS x FROM ballot WHERE poll_id = ? AND receipt = ?'),
      addVoter: raw.prepare('INSERT INTO poll_voter (poll_id, member_id) VALUES (?, ?)'),
      addBallot: raw.prepare("INSERT INTO ballot (id, poll_id, payload, source, receipt) VALUES (?, ?, ?, 'device', ?)"),
      addNamed: raw.prepare('INSERT INTO named_vote (poll_id, member_id, ballot_id) VALUES (?, ?, ?)'),
      begin: raw.prepare('BEGIN IMMEDIATE'),
      commit: raw.prepare('COMMIT'),
      rollback: raw.prepare('ROLLBACK'),
    };
  }

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
        await this.db.connection().execute(async () => this.commit(batch));
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
      this.st.begin.run();
      for (const { job } of batch) {
        try {
          outcomes.push(this.one(job));
          touched.add(job.pollId);
        } catch (err) {
          outcomes.push(err as Error);
        }
      }
      this.st.commit.run();
    } catch (err) {
      try {
        this.st.rollback.run();
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
    const poll = this.st.poll.get(job.pollId);
    if (!poll) throw VOTER_ERRORS.noOpenPoll();
    if (poll.status !== 'open') throw VOTER_ERRORS.pollClosed();
    if (this.st.credential.get(job.credentialId)?.status !== 'active') throw VOTER_ERRORS.revoked();
    if (this.st.present.get(job.meetingId, job.memberId)?.status !== 'present') throw VOTER_ERRORS.notPresent();
    const payload = canonicalJson(job.payload);
    if (this.st.voted.get(job.pollId, job.memberId)) {
      // A retry of a ballot that did get in carries its receipt: answer as before, nothing added.
      // The answer must not depend on the choices sent, or someone holding another member's
      // receipt (and a card that has voted) could test guesses about the ballot it names.
      if (this.st.receipt.get(job.pollId, job.receipt)) return { receipt: job.receipt, replay: true };
      throw VOTER_ERRORS.alreadyVoted();
    }
    if (this.st.receipt.get(job.pollId, job.receipt)) throw VOTER_ERRORS.badRequest('回执码重复，请刷新页面后重试');
    const ballotId = newBallotId();
    this.st.addVoter.run(job.pollId, job.memberId);
    this.st.addBallot.run(ballotId, job.pollId, payload, job.receipt);
    if (poll.anonymous === 0) this.st.addNamed.run(job.pollId, job.memberId, ballotId);
    return { receipt: job.receipt, replay: false };
  }
}
