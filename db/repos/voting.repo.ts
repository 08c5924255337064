import BetterSqlite3 from 'better-sqlite3';
import type { AttendanceStatus } from '../../shared/domain/labels.js';
import type { PollStatus, VoteChannel } from '../../shared/domain/polls/lifecycle.js';

/**
 * The voting path's SQL, all of it: what member devices read (on their own read-only
 * connection, so WAL readers never wait for the writer) and what the ballot box writes (on
 * the main connection, inside the group-commit transaction). The interfaces are the whole
 * surface, in the manner of Signal Desktop's ts/sql/Interface.ts: the core sees typed
 * methods, never a statement. Statements that both sides need are written once below.
 */

export interface CredentialRow {
  id: number;
  memberId: number;
  meetingId: number;
  status: 'active' | 'revoked';
  name: string;
}

export interface MeetingRow {
  id: number;
  number: number;
  date: string;
  place: string;
  termName: string;
  /** The stored committee name (JSON) for the title's place. */
  committee: string | null;
}

/** A poll as a device sees it; `received` counts ballots in the box, never what they say. */
export interface VoterPollRow {
  id: number;
  meetingId: number;
  round: number;
  status: Exclude<PollStatus, 'draft'>;
  definition: string;
  present: number;
  agendaTitle: string;
  received: number;
}

export interface CastPollRow {
  id: number;
  status: PollStatus;
  definition: string;
  meetingId: number;
}

/** Where a member stands in a poll: entitled to vote, and how they took part (if they did). */
export interface Standing {
  entitled: boolean;
  channel: VoteChannel | null;
  /** After close only: on the roll (no channel is kept). */
  tookPart: boolean;
}

export interface VotingReader {
  credentialByCode(code: string): CredentialRow | undefined;
  credentialStatus(id: number): CredentialRow['status'] | undefined;
  meeting(id: number): MeetingRow | undefined;
  /** The meeting's open poll, else its most recently closed one. */
  currentPoll(meetingId: number): VoterPollRow | undefined;
  poll(id: number): VoterPollRow | undefined;
  pollForCast(id: number): CastPollRow | undefined;
  standing(pollId: number, memberId: number, open: boolean): Standing;
  /** The member's attendance at the meeting, if recorded. */
  attendance(meetingId: number, memberId: number): AttendanceStatus | undefined;
  /** The published receipts of a closed poll, sorted. */
  receipts(pollId: number): string[];
  close(): void;
}

export interface CastCheck {
  pollStatus: PollStatus | undefined;
  anonymous: boolean;
  credentialStatus: CredentialRow['status'] | undefined;
  attendance: AttendanceStatus | undefined;
  /** Null when the poll is not open (the cast is refused on its status). */
  standing: Standing | null;
}

export interface VotingWriter {
  begin(): void;
  commit(): void;
  rollback(): void;
  /** Everything a cast depends on, read inside the transaction. */
  check(pollId: number, credentialId: number, meetingId: number, memberId: number): CastCheck;
  receiptKnown(pollId: number, receipt: string): boolean;
  /** Roll entry, staged ballot under a random key, receipt; and for a 记名 poll the member's ballot. */
  addDeviceBallot(b: { pollId: number; memberId: number; ballotId: string; payload: string; receipt: string; named: boolean }): void;
}

/**
 * Ballots in the box: staged ones while the poll is open (device ballots and counted paper
 * sheets), the sealed count after close. One expression for the console and the devices.
 */
export const RECEIVED_SQL = `CASE WHEN p.status = 'open'
    THEN (SELECT count(*) FROM ballot_stage b WHERE b.poll_id = p.id) + (SELECT count(*) FROM paper_sheet s WHERE s.poll_id = p.id AND s.counted IS NOT NULL)
    ELSE coalesce((SELECT r.ballot_count FROM poll_result r WHERE r.poll_id = p.id), 0) END`;

const SQL = {
  credentialStatus: 'SELECT status FROM credential WHERE id = ?',
  pollStatus: 'SELECT status, anonymous FROM poll WHERE id = ?',
  attendance: 'SELECT status FROM attendance WHERE meeting_id = ? AND member_id = ?',
  entitled: 'SELECT 1 AS x FROM poll_entitled WHERE poll_id = ? AND member_id = ?',
  channel: 'SELECT channel FROM roll_stage WHERE poll_id = ? AND member_id = ?',
  onRoll: 'SELECT 1 AS x FROM poll_voter WHERE poll_id = ? AND member_id = ?',
  receiptStaged: 'SELECT 1 AS x FROM receipt_stage WHERE poll_id = ? AND receipt = ?',
} as const;

type Stmt<P extends unknown[], R> = BetterSqlite3.Statement<P, R>;

/** The standing statements, prepared on whichever connection asks. */
function standingOf(raw: BetterSqlite3.Database) {
  const entitled: Stmt<[number, number], { x: number }> = raw.prepare(SQL.entitled);
  const channel: Stmt<[number, number], { channel: VoteChannel }> = raw.prepare(SQL.channel);
  const onRoll: Stmt<[number, number], { x: number }> = raw.prepare(SQL.onRoll);
  // While a poll is open the roll is staged (with the channel); after close it is sealed (without).
  return (pollId: number, memberId: number, open: boolean): Standing => {
    const ch = open ? (channel.get(pollId, memberId)?.channel ?? null) : null;
    return {
      entitled: entitled.get(pollId, memberId) !== undefined,
      channel: ch,
      tookPart: open ? ch !== null : onRoll.get(pollId, memberId) !== undefined,
    };
  };
}

const POLL_COLS = `p.id, a.meeting_id AS meetingId, p.round, p.status, p.definition, coalesce(p.present_at_open, 0) AS present,
  a.title AS agendaTitle, ${RECEIVED_SQL} AS received`;

/** Opens the devices' read-only connection on the database file. */
export function openVotingReader(file: string): VotingReader {
  const read = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  read.pragma('busy_timeout = 5000');
  const st = {
    credential: read.prepare<[string], { id: number; memberId: number; meetingId: number; status: CredentialRow['status']; name: string }>(
      `SELECT c.id, c.member_id AS memberId, c.meeting_id AS meetingId, c.status, m.name FROM credential c JOIN member m ON m.id = c.member_id
       WHERE c.code = ? ORDER BY c.status = 'active' DESC LIMIT 1`,
    ),
    credentialStatus: read.prepare<[number], { status: CredentialRow['status'] }>(SQL.credentialStatus),
    meeting: read.prepare<[number], MeetingRow>(
      "SELECT m.id, m.number, m.date, m.place, t.name AS termName, (SELECT value FROM setting WHERE key = 'committee') AS committee FROM meeting m JOIN term t ON t.id = m.term_id WHERE m.id = ?",
    ),
    openPoll: read.prepare<[number], VoterPollRow>(
      `SELECT ${POLL_COLS} FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id WHERE a.meeting_id = ? AND p.status = 'open' LIMIT 1`,
    ),
    lastPoll: read.prepare<[number], VoterPollRow>(
      `SELECT ${POLL_COLS} FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id
       WHERE a.meeting_id = ? AND p.status IN ('closed', 'released') ORDER BY p.closed_at DESC LIMIT 1`,
    ),
    poll: read.prepare<[number], VoterPollRow>(`SELECT ${POLL_COLS} FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id WHERE p.id = ? AND p.status <> 'draft'`),
    // The cast path counts nothing: counting per cast made a burst of n cost n²/2.
    pollForCast: read.prepare<[number], CastPollRow>(
      'SELECT p.id, p.status, p.definition, a.meeting_id AS meetingId FROM poll p JOIN agenda_item a ON a.id = p.agenda_item_id WHERE p.id = ?',
    ),
    receipts: read.prepare<[number], { receipt: string }>('SELECT receipt FROM poll_receipt WHERE poll_id = ? ORDER BY receipt'),
    attendance: read.prepare<[number, number], { status: AttendanceStatus }>(SQL.attendance),
  };
  const standing = standingOf(read);
  return {
    credentialByCode: (code) => st.credential.get(code),
    credentialStatus: (id) => st.credentialStatus.get(id)?.status,
    meeting: (id) => st.meeting.get(id),
    currentPoll: (meetingId) => st.openPoll.get(meetingId) ?? st.lastPoll.get(meetingId),
    poll: (id) => st.poll.get(id),
    pollForCast: (id) => st.pollForCast.get(id),
    standing,
    attendance: (meetingId, memberId) => st.attendance.get(meetingId, memberId)?.status,
    receipts: (pollId) => st.receipts.all(pollId).map((r) => r.receipt),
    close: () => read.close(),
  };
}

/** The ballot box's statements on the main connection; the caller holds the connection lock. */
export function votingWriter(raw: BetterSqlite3.Database): VotingWriter {
  const st = {
    poll: raw.prepare<[number], { status: PollStatus; anonymous: number }>(SQL.pollStatus),
    credential: raw.prepare<[number], { status: CredentialRow['status'] }>(SQL.credentialStatus),
    attendance: raw.prepare<[number, number], { status: AttendanceStatus }>(SQL.attendance),
    receipt: raw.prepare<[number, string], { x: number }>(SQL.receiptStaged),
    addRoll: raw.prepare<[number, number]>("INSERT INTO roll_stage (poll_id, member_id, channel) VALUES (?, ?, 'device')"),
    addBallot: raw.prepare<[number, string, string]>('INSERT INTO ballot_stage (poll_id, id, payload) VALUES (?, ?, ?)'),
    addReceipt: raw.prepare<[number, string]>('INSERT INTO receipt_stage (poll_id, receipt) VALUES (?, ?)'),
    addNamed: raw.prepare<[number, number, string]>('INSERT INTO named_stage (poll_id, member_id, ballot_id) VALUES (?, ?, ?)'),
    begin: raw.prepare('BEGIN IMMEDIATE'),
    commit: raw.prepare('COMMIT'),
    rollback: raw.prepare('ROLLBACK'),
  };
  const standing = standingOf(raw);
  return {
    begin: () => void st.begin.run(),
    commit: () => void st.commit.run(),
    rollback: () => void st.rollback.run(),
    check(pollId, credentialId, meetingId, memberId) {
      const poll = st.poll.get(pollId);
      // A ballot for a poll that is not open is refused on its status alone: nothing more to read.
      if (poll?.status !== 'open') return { pollStatus: poll?.status, anonymous: true, credentialStatus: undefined, attendance: undefined, standing: null };
      return {
        pollStatus: poll.status,
        anonymous: poll.anonymous !== 0,
        credentialStatus: st.credential.get(credentialId)?.status,
        attendance: st.attendance.get(meetingId, memberId)?.status,
        standing: standing(pollId, memberId, true),
      };
    },
    receiptKnown: (pollId, receipt) => st.receipt.get(pollId, receipt) !== undefined,
    addDeviceBallot(b) {
      st.addRoll.run(b.pollId, b.memberId);
      st.addBallot.run(b.pollId, b.ballotId, b.payload);
      st.addReceipt.run(b.pollId, b.receipt);
      if (b.named) st.addNamed.run(b.pollId, b.memberId, b.ballotId);
    },
  };
}
