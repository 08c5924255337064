import type { z } from 'zod';
import { z as zod } from 'zod';
import { CastRequest, ReceiptCode, VOTER_PROTOCOL_VERSION, type VoterState } from '../../../shared/api/voter-protocol.js';
import { parseBallot } from '../../../shared/domain/polls/ballot.js';
import { placeFromStoredCommittee } from '../../../db/repos/settings.repo.js';
import { meetingTitle } from '../../../shared/domain/format.js';
import type { PollDefinition } from '../../../shared/domain/polls/definition.js';
import { openVotingReader, votingWriter, type CastPollRow, type VotingReader } from '../../../db/repos/voting.repo.js';
import { parseStoredDefinition } from '../seal.js';
import { BallotBox } from './ballot-box.js';
import { VOTER_ERRORS } from './voter-errors.js';
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../../../db/schema.js';

const AUTH_CACHE_MS = 3_000;
const POLL_CACHE_MS = 1_000;

/** The request without its ballot, which is parsed against the poll's own schema. */
const CastEnvelope = zod.strictObject({ pollId: zod.number().int().positive(), receipt: ReceiptCode, ballot: zod.unknown() });

export interface VoterAuth {
  credentialId: number;
  memberId: number;
  meetingId: number;
  name: string;
}

export type VoterEventName = 'poll.opened' | 'poll.progress' | 'poll.closed' | 'poll.released' | 'credential.revoked';
export type VoterEventListener = (meetingId: number, event: VoterEventName, pollId: number | null) => void;

/**
 * What the voter listener may do, and nothing more. Reads go through their own read-only
 * connection (WAL readers see committed data and never wait for the writer); ballots go
 * through the group-commit BallotBox.
 */
export class VoterService {
  private readonly read: VotingReader;
  private readonly box: BallotBox;
  private readonly defs = new Map<string, PollDefinition>();
  private readonly listeners = new Set<VoterEventListener>();

  constructor(
    dbFile: string,
    db: Kysely<Database>,
    raw: BetterSqlite3.Database,
    onBallots: (pollIds: Set<number>) => void,
  ) {
    this.read = openVotingReader(dbFile);
    this.box = new BallotBox(db, votingWriter(raw), onBallots);
  }

  subscribe(l: VoterEventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  notify(meetingId: number, event: VoterEventName, pollId: number | null): void {
    if (event === 'credential.revoked') this.authCache.clear();
    else this.pollCache.clear();
    for (const l of this.listeners) l(meetingId, event, pollId);
  }

  /**
   * Codes seen recently, for a few seconds: a burst of thousands of devices otherwise spends
   * most of its time looking codes up through the WAL. Safe because the ballot box checks the
   * credential and the attendance again inside its transaction, and revocations clear it.
   */
  private readonly authCache = new Map<string, { auth: VoterAuth; at: number }>();
  /** Same for the poll a ballot names; the ballot box re-checks its status in the transaction. */
  private readonly pollCache = new Map<number, { row: CastPollRow | undefined; at: number }>();

  private pollForCast(id: number) {
    const now = Date.now();
    const hit = this.pollCache.get(id);
    if (hit && now - hit.at < POLL_CACHE_MS) return hit.row;
    const row = this.read.pollForCast(id);
    if (this.pollCache.size >= 1_000) this.pollCache.clear();
    this.pollCache.set(id, { row, at: now });
    return row;
  }

  authenticate(code: string): VoterAuth {
    const now = Date.now();
    const hit = this.authCache.get(code);
    if (hit && now - hit.at < AUTH_CACHE_MS) return hit.auth;
    const auth = this.lookup(code);
    if (this.authCache.size >= 20_000) this.authCache.clear();
    this.authCache.set(code, { auth, at: now });
    return auth;
  }

  private lookup(code: string): VoterAuth {
    const row = this.read.credentialByCode(code);
    if (!row) throw VOTER_ERRORS.unauthorized();
    if (row.status !== 'active') throw VOTER_ERRORS.revoked();
    return { credentialId: row.id, memberId: row.memberId, meetingId: row.meetingId, name: row.name };
  }

  private definition(p: { definition: string }): PollDefinition {
    let def = this.defs.get(p.definition);
    if (!def) {
      def = parseStoredDefinition(p.definition);
      if (this.defs.size > 200) this.defs.clear();
      this.defs.set(p.definition, def);
    }
    return def;
  }

  state(auth: VoterAuth): VoterState {
    const m = this.read.meeting(auth.meetingId);
    if (!m) throw VOTER_ERRORS.unauthorized();
    const p = this.read.currentPoll(auth.meetingId);
    const standing = p ? this.read.standing(p.id, auth.memberId, p.status === 'open') : null;
    return {
      protocol: VOTER_PROTOCOL_VERSION,
      member: { name: auth.name },
      meeting: { id: m.id, title: meetingTitle(m.termName, m.number, placeFromStoredCommittee(m.committee)), date: m.date, place: m.place },
      poll: p
        ? { id: p.id, round: p.round, agendaTitle: p.agendaTitle, definition: this.definition(p), status: p.status, received: p.received, present: p.present }
        : null,
      voted: standing !== null && standing.channel !== 'paper' && standing.tookPart,
      entitled: standing?.entitled ?? false,
      paperSheet: standing?.channel === 'paper',
      signedIn: this.read.attendance(auth.meetingId, auth.memberId) === 'present',
    };
  }

  /**
   * Validate, queue for the next group commit, and resolve once the ballot is on disk. The
   * ballot is parsed once, against its poll's own schema; only a refusal re-checks the
   * whole request, so that errors are classified as before (bad shape → BAD_REQUEST).
   */
  async cast(auth: VoterAuth, body: unknown): Promise<{ receipt: string; pollId: number; replay: boolean }> {
    const refuse = (err: Error): never => {
      const full = CastRequest.safeParse(body);
      if (!full.success) throw VOTER_ERRORS.badRequest(firstIssue(full.error));
      throw err;
    };
    const env = CastEnvelope.safeParse(body);
    if (!env.success) return refuse(VOTER_ERRORS.badRequest(firstIssue(env.error)));
    const p = this.pollForCast(env.data.pollId);
    if (!p || p.meetingId !== auth.meetingId) return refuse(VOTER_ERRORS.noOpenPoll());
    if (p.status !== 'open') return refuse(VOTER_ERRORS.pollClosed());
    let payload;
    try {
      payload = parseBallot(this.definition(p), env.data.ballot);
    } catch (err) {
      return refuse(VOTER_ERRORS.invalidBallot(firstIssue(err as z.ZodError)));
    }
    const out = await this.box.cast({ pollId: p.id, meetingId: auth.meetingId, memberId: auth.memberId, credentialId: auth.credentialId, receipt: env.data.receipt, payload });
    return { receipt: out.receipt, pollId: p.id, replay: out.replay };
  }

  receipts(auth: VoterAuth, pollId: number) {
    const p = this.read.poll(pollId);
    if (!p || p.meetingId !== auth.meetingId) throw VOTER_ERRORS.notFound();
    if (p.status !== 'closed' && p.status !== 'released') throw VOTER_ERRORS.noOpenPoll();
    return { pollId, status: p.status, receipts: this.read.receipts(pollId), ballotCount: p.received };
  }

  credentialActive(credentialId: number): boolean {
    return this.read.credentialStatus(credentialId) === 'active';
  }

  close(): void {
    this.read.close();
  }
}

function firstIssue(err: z.ZodError | Error): string {
  const issues = (err as z.ZodError).issues;
  if (Array.isArray(issues) && issues[0]) return `${issues[0].path.join('.') || '内容'}：${issues[0].message}`;
  return err.message.slice(0, 200);
}
