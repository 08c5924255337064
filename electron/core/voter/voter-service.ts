import BetterSqlite3 from 'better-sqlite3';
import type { z } from 'zod';
import { z as zod } from 'zod';
import { CastRequest, ReceiptCode, VOTER_PROTOCOL_VERSION, type VoterState } from '../../../shared/api/voter-protocol.js';
import { parseBallot } from '../../../shared/domain/polls/ballot.js';
import { meetingTitle } from '../../../shared/domain/format.js';
import type { PollDefinition } from '../../../shared/domain/polls/definition.js';
import { parseStoredDefinition } from '../seal.js';
import { BallotBox } from './ballot-box.js';
import { VOTER_ERRORS } from './voter-errors.js';
import type { Kysely } from 'kysely';
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

interface PollRowLite {
  id: number;
  round: number;
  status: string;
  definition: string;
  present_at_open: number | null;
  agenda_title: string;
  received: number;
}

/**
 * What the voter listener may do, and nothing more. Reads go through their own read-only
 * connection (WAL readers see committed data and never wait for the writer); ballots go
 * through the group-commit BallotBox.
 */
export class VoterService {
  private readonly read: BetterSqlite3.Database;
  private readonly box: BallotBox;
  private readonly defs = new Map<string, PollDefinition>();
  private readonly listeners = new Set<VoterEventListener>();
  private readonly st;

  constructor(
    dbFile: string,
    db: Kysely<Database>,
    raw: BetterSqlite3.Database,
    onBallots: (pollIds: Set<number>) => void,
  ) {
    this.read = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    this.read.pragma('busy_timeout = 5000');
    this.box = new BallotBox(db, raw, onBallots);
    const pollCols = `p.id, p.round, p.status, p.definition, p.present_at_open, a.title AS agenda_title,
      (SELECT count(*) FROM ballot b WHERE b.poll_id = p.id) AS received`;
    this.st = {
      auth: this.read.prepare<[string], { id: number; member_id: number; meeting_id: number; status: string; name: string }>(
        `SELECT c.id, c.member_id, c.meeting_id, c.status, m.name FROM credential c JOIN member m ON m.id = c.member_id
         WHERE c.code = ? ORDER BY c.status = 'active' DESC LIMIT 1`,
      ),
      credentialStatus: this.read.prepare<[number], { status: string }>('SELECT status FROM credential WHERE id = ?'),
      meeting: this.read.prepare<[number], { id: number; number: number; date: string; place: string; term_name: string }>(
        'SELECT m.id, m.number, m.date, m.place, t.name AS term_name FROM meeting m JOIN term t ON t.id = m.term_id WHERE m.id = ?',
      ),
      openPoll: this.read.prepare<[number], PollRowLite>(
        `SELECT ${pollCols} FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id WHERE a.meeting_id = ? AND p.status = 'open' LIMIT 1`,
      ),
      lastPoll: this.read.prepare<[number], PollRowLite>(
        `SELECT ${pollCols} FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id
         WHERE a.meeting_id = ? AND p.status IN ('closed', 'released') ORDER BY p.closed_at DESC LIMIT 1`,
      ),
      pollById: this.read.prepare<[number], PollRowLite & { meeting_id: number }>(
        `SELECT ${pollCols}, a.meeting_id FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id WHERE p.id = ?`,
      ),
      // The cast path needs no ballot count: counting per cast made a burst of n cost n²/2.
      pollForCast: this.read.prepare<[number], { id: number; status: string; definition: string; meeting_id: number }>(
        'SELECT p.id, p.status, p.definition, a.meeting_id FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id WHERE p.id = ?',
      ),
      voted: this.read.prepare<[number, number], { x: number }>('SELECT 1 AS x FROM poll_voter WHERE poll_id = ? AND member_id = ?'),
      receipts: this.read.prepare<[number], { receipt: string }>('SELECT receipt FROM ballot WHERE poll_id = ? AND receipt IS NOT NULL ORDER BY receipt'),
      ballotCount: this.read.prepare<[number], { n: number }>('SELECT count(*) AS n FROM ballot WHERE poll_id = ?'),
    };
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
  private readonly pollCache = new Map<number, { row: { id: number; status: string; definition: string; meeting_id: number } | undefined; at: number }>();

  private pollForCast(id: number) {
    const now = Date.now();
    const hit = this.pollCache.get(id);
    if (hit && now - hit.at < POLL_CACHE_MS) return hit.row;
    const row = this.st.pollForCast.get(id);
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
    const row = this.st.auth.get(code);
    if (!row) throw VOTER_ERRORS.unauthorized();
    if (row.status !== 'active') throw VOTER_ERRORS.revoked();
    return { credentialId: row.id, memberId: row.member_id, meetingId: row.meeting_id, name: row.name };
  }

  private definition(p: Pick<PollRowLite, 'definition'>): PollDefinition {
    let def = this.defs.get(p.definition);
    if (!def) {
      def = parseStoredDefinition(p.definition);
      if (this.defs.size > 200) this.defs.clear();
      this.defs.set(p.definition, def);
    }
    return def;
  }

  state(auth: VoterAuth): VoterState {
    const m = this.st.meeting.get(auth.meetingId);
    if (!m) throw VOTER_ERRORS.unauthorized();
    const p = this.st.openPoll.get(auth.meetingId) ?? this.st.lastPoll.get(auth.meetingId) ?? null;
    return {
      protocol: VOTER_PROTOCOL_VERSION,
      member: { name: auth.name },
      meeting: { id: m.id, title: meetingTitle(m.term_name, m.number), date: m.date, place: m.place },
      poll: p
        ? {
            id: p.id,
            round: p.round,
            agendaTitle: p.agenda_title,
            definition: this.definition(p),
            status: p.status as 'open' | 'closed' | 'released',
            received: p.received,
            present: p.present_at_open ?? 0,
          }
        : null,
      voted: p ? this.st.voted.get(p.id, auth.memberId) !== undefined : false,
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
    if (!p || p.meeting_id !== auth.meetingId) return refuse(VOTER_ERRORS.noOpenPoll());
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
    const p = this.st.pollById.get(pollId);
    if (!p || p.meeting_id !== auth.meetingId) throw VOTER_ERRORS.notFound();
    if (p.status !== 'closed' && p.status !== 'released') throw VOTER_ERRORS.noOpenPoll();
    return {
      pollId,
      status: p.status as 'closed' | 'released',
      receipts: this.st.receipts.all(pollId).map((r) => r.receipt),
      ballotCount: this.st.ballotCount.get(pollId)!.n,
    };
  }

  credentialActive(credentialId: number): boolean {
    return this.st.credentialStatus.get(credentialId)?.status === 'active';
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
