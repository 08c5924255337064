import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { meetingTitle } from '../../shared/domain/format.js';
import { quorum } from '../../shared/domain/quorum.js';
import type { Meeting, MeetingId, TermId } from '../../shared/api/schemas.js';
import type { Database } from '../schema.js';
import { placeFromStoredCommittee } from './settings.repo.js';
import type { MeetingStatus } from '../../shared/domain/labels.js';

export interface MeetingValues {
  number: number;
  date: string;
  place: string;
  status: MeetingStatus;
}

export interface MeetingFilter {
  termId?: number | undefined;
  year?: number | undefined;
  search?: string | undefined;
}

function meetingQuery(db: Kysely<Database>) {
  return db
    .selectFrom('meeting')
    .innerJoin('term', 'term.id', 'meeting.term_id')
    .select([
      'meeting.id',
      'meeting.term_id',
      'term.name as term_name',
      'meeting.number',
      'meeting.date',
      'meeting.place',
      'meeting.status',
      'meeting.device_sign_in',
      sql<number>`(SELECT count(*) FROM agenda_item a WHERE a.meeting_id = meeting.id)`.as('agenda_count'),
      sql<string | null>`(SELECT value FROM setting WHERE key = 'committee')`.as('committee'),
      sql<number>`(SELECT count(*) FROM member m WHERE m.term_id = meeting.term_id AND m.status = 'serving')`.as('serving'),
      // Only serving members count towards the quorum, so a member who has left cannot make it.
      sql<number>`(SELECT count(*) FROM attendance t JOIN member m ON m.id = t.member_id
                   WHERE t.meeting_id = meeting.id AND t.status = 'present' AND m.status = 'serving')`.as('present'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof meetingQuery>['executeTakeFirstOrThrow']>>;

function toMeeting(r: Row): Meeting {
  return {
    id: r.id as MeetingId,
    termId: r.term_id as TermId,
    termName: r.term_name,
    number: r.number,
    title: meetingTitle(r.term_name, r.number, placeFromStoredCommittee(r.committee)),
    date: r.date,
    place: r.place,
    status: r.status as Meeting['status'],
    agendaCount: r.agenda_count,
    quorum: quorum(r.serving, r.present),
    deviceSignIn: r.device_sign_in === 1,
  };
}

function filterWhere(f: MeetingFilter) {
  return (eb: ExpressionBuilder<Database, 'meeting'>) => {
    const conds = [];
    if (f.termId !== undefined) conds.push(eb('meeting.term_id', '=', f.termId));
    if (f.year !== undefined) conds.push(eb('meeting.date', '>=', `${f.year}-01-01`), eb('meeting.date', '<=', `${f.year}-12-31`));
    return eb.and(conds);
  };
}

export async function listMeetings(
  db: Kysely<Database>,
  f: MeetingFilter,
  page: number,
  pageSize: number,
): Promise<{ items: Meeting[]; total: number }> {
  // The search matches the displayed title (届 name + Chinese number), the place and the date,
  // so it is applied after building titles; meetings per database are in the hundreds.
  const search = f.search?.trim();
  if (search) {
    const rows = await meetingQuery(db).where(filterWhere(f)).orderBy('meeting.date', 'desc').orderBy('meeting.id', 'desc').execute();
    const all = rows.map(toMeeting).filter((m) => m.title.includes(search) || m.place.includes(search) || m.date.includes(search) || String(m.number) === search);
    return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length };
  }
  const totalRow = await db.selectFrom('meeting').select((eb) => eb.fn.countAll<number>().as('n')).where(filterWhere(f)).executeTakeFirstOrThrow();
  const rows = await meetingQuery(db).where(filterWhere(f))
    .orderBy('meeting.date', 'desc')
    .orderBy('meeting.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(toMeeting), total: totalRow.n };
}

export async function meetingYears(db: Kysely<Database>, termId?: number): Promise<number[]> {
  let q = db.selectFrom('meeting').select(sql<string>`substr(date, 1, 4)`.as('y')).distinct();
  if (termId !== undefined) q = q.where('term_id', '=', termId);
  const rows = await q.orderBy('y', 'desc').execute();
  return rows.map((r) => Number(r.y));
}

export async function getMeeting(db: Kysely<Database>, id: number): Promise<Meeting | null> {
  const r = await meetingQuery(db).where('meeting.id', '=', id).executeTakeFirst();
  return r ? toMeeting(r) : null;
}

export async function findMeetingByNumber(db: Kysely<Database>, termId: number, number: number, exceptId?: number): Promise<number | null> {
  let q = db.selectFrom('meeting').select('id').where('term_id', '=', termId).where('number', '=', number);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst())?.id ?? null;
}

export async function insertMeeting(db: Kysely<Database>, termId: number, v: MeetingValues, now: string): Promise<number> {
  const r = await db
    .insertInto('meeting')
    .values({ term_id: termId, number: v.number, date: v.date, place: v.place, status: v.status, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateMeeting(db: Kysely<Database>, id: number, v: MeetingValues, now: string): Promise<void> {
  await db
    .updateTable('meeting')
    .set({ number: v.number, date: v.date, place: v.place, status: v.status, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The meeting in the room when nobody chose one: the one in progress, else the latest not closed (by date). */
export async function meetingInRoom(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('meeting')
    .select('id')
    .where('status', '!=', 'closed')
    .orderBy(sql`status = 'in_progress'`, 'desc')
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}
