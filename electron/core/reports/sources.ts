import type { Kysely } from 'kysely';
import { getMeeting } from '../../../db/repos/meeting.repo.js';
import { getResultRow, listPollRows, type PollRow } from '../../../db/repos/poll.repo.js';
import { listAttendance } from '../../../db/repos/attendance.repo.js';
import { getTerm } from '../../../db/repos/term.repo.js';
import type { Database } from '../../../db/schema.js';
import type { AttendanceRow, Meeting, Term } from '../../../shared/api/schemas.js';
import { AppError } from '../../../shared/api/errors.js';
import { committeePlace, type CommitteeName } from '../../../shared/domain/committee.js';
import type { PollResult } from '../../../shared/domain/polls/result.js';
import { committeeName } from '../services/settings.service.js';

/** A sealed poll as reports print it: the stored result, never a ballot. */
export interface SealedPoll {
  id: number;
  /** The first round's id: rounds of one question share it. */
  seriesId: number;
  agendaTitle: string;
  round: number;
  status: 'closed' | 'released';
  ballotCount: number;
  digest: string;
  sealedAt: string;
  result: PollResult;
}

export interface MeetingReportData {
  meeting: Meeting;
  term: Term;
  committee: CommitteeName | null;
  place: string;
  /** Serving members of the term with attendance at this meeting, in seat order. */
  attendance: AttendanceRow[];
  polls: SealedPoll[];
}

export async function sealedPollsOf(db: Kysely<Database>, rows: readonly PollRow[]): Promise<SealedPoll[]> {
  const out: SealedPoll[] = [];
  for (const row of rows) {
    if (row.status !== 'closed' && row.status !== 'released') continue;
    const stored = await getResultRow(db, row.id);
    if (!stored) continue;
    out.push({
      id: row.id,
      seriesId: row.series_id ?? row.id,
      agendaTitle: row.agenda_title,
      round: row.round,
      status: row.status,
      ballotCount: stored.ballot_count,
      digest: stored.digest,
      sealedAt: stored.sealed_at,
      result: JSON.parse(stored.result) as PollResult,
    });
  }
  return out;
}

/** Everything a meeting's reports print, read in one go. Only sealed polls are included. */
export async function meetingReportData(db: Kysely<Database>, meetingId: number): Promise<MeetingReportData> {
  const meeting = await getMeeting(db, meetingId);
  if (!meeting) throw new AppError('NOT_FOUND', '该会议不存在或已被删除，请刷新后再试。');
  const term = (await getTerm(db, meeting.termId))!;
  const committee = await committeeName(db);
  const [attendance, rows] = await Promise.all([listAttendance(db, meetingId, meeting.termId), listPollRows(db, meetingId)]);
  return { meeting, term, committee, place: committeePlace(committee), attendance, polls: await sealedPollsOf(db, rows) };
}

/** Who took part in each sealed poll (poll_voter: no channel, no choice), as sets of member ids. */
export async function votersOf(db: Kysely<Database>, pollIds: readonly number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>(pollIds.map((id) => [id, new Set<number>()]));
  if (pollIds.length === 0) return out;
  const rows = await db.selectFrom('poll_voter').select(['poll_id', 'member_id']).where('poll_id', 'in', [...pollIds]).execute();
  for (const r of rows) out.get(r.poll_id)?.add(r.member_id);
  return out;
}

/** Who was entitled to vote in each poll (present when it opened). */
export async function entitledOf(db: Kysely<Database>, pollIds: readonly number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>(pollIds.map((id) => [id, new Set<number>()]));
  if (pollIds.length === 0) return out;
  const rows = await db.selectFrom('poll_entitled').select(['poll_id', 'member_id']).where('poll_id', 'in', [...pollIds]).execute();
  for (const r of rows) out.get(r.poll_id)?.add(r.member_id);
  return out;
}
