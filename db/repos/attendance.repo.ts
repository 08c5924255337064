import type { Kysely } from 'kysely';
import type { Attendee, AttendeeId, AttendanceRow, MeetingId, MemberId } from '../../shared/api/schemas.js';
import type { Database } from '../schema.js';
import type { AttendanceStatus, AttendeeCategory, SignInMethod } from '../../shared/domain/labels.js';

/** Serving members of the meeting's term with their attendance (null = not yet recorded). */
export async function listAttendance(db: Kysely<Database>, meetingId: number, termId: number): Promise<AttendanceRow[]> {
  const rows = await db
    .selectFrom('member')
    .leftJoin('attendance', (j) => j.onRef('attendance.member_id', '=', 'member.id').on('attendance.meeting_id', '=', meetingId))
    .select(['member.id', 'member.name', 'member.role', 'member.seat_order', 'attendance.status', 'attendance.method', 'attendance.note', 'attendance.updated_at'])
    .where('member.term_id', '=', termId)
    .where('member.status', '=', 'serving')
    .orderBy('member.seat_order')
    .orderBy('member.id')
    .execute();
  return rows.map((r) => ({
    memberId: r.id as MemberId,
    name: r.name,
    role: r.role as AttendanceRow['role'],
    seatOrder: r.seat_order,
    status: (r.status ?? null) as AttendanceRow['status'],
    method: r.status ? (r.method ?? null) : null,
    note: r.status ? (r.note ?? null) : null,
    updatedAt: r.status ? (r.updated_at ?? null) : null,
  }));
}

export async function setAttendance(
  db: Kysely<Database>,
  meetingId: number,
  memberIds: readonly number[],
  status: AttendanceStatus | null,
  now: string,
  how: { method: SignInMethod; note: string | null } = { method: 'clerk', note: null },
): Promise<void> {
  if (status === null) {
    await db.deleteFrom('attendance').where('meeting_id', '=', meetingId).where('member_id', 'in', memberIds).execute();
    return;
  }
  const values = { status, updated_at: now, method: how.method, note: how.note };
  await db
    .insertInto('attendance')
    .values(memberIds.map((id) => ({ meeting_id: meetingId, member_id: id, ...values })))
    // A member already recorded so keeps the record (how and when they signed in, the 代签
    // reason): 全部出席 must not turn a card sign-in into 工作人员登记. A new reason or a
    // 代签 is written over it.
    .onConflict((oc) => {
      const update = oc.columns(['meeting_id', 'member_id']).doUpdateSet(values);
      return how.method === 'proxy' || how.note !== null ? update : update.where('attendance.status', '!=', status);
    })
    .execute();
}

/** The card (credential) a sign-in code names, whatever its status, with the member it was issued to. */
export async function cardByCode(db: Kysely<Database>, code: string) {
  return (
    (await db
      .selectFrom('credential')
      .innerJoin('member', 'member.id', 'credential.member_id')
      .select(['credential.meeting_id', 'credential.member_id', 'credential.status', 'member.name', 'member.status as member_status'])
      .where('credential.code', '=', code)
      // An active card wins over an old revoked one that happens to share the code.
      .orderBy('credential.status')
      .executeTakeFirst()) ?? null
  );
}

function toAttendee(r: { id: number; meeting_id: number; name: string; organisation: string; category: string; created_at: string }): Attendee {
  return {
    id: r.id as AttendeeId,
    meetingId: r.meeting_id as MeetingId,
    name: r.name,
    organisation: r.organisation,
    category: r.category as AttendeeCategory,
    createdAt: r.created_at,
  };
}

/** 列席 attendees in the order they were recorded. */
export async function listAttendees(db: Kysely<Database>, meetingId: number): Promise<Attendee[]> {
  const rows = await db.selectFrom('attendee').selectAll().where('meeting_id', '=', meetingId).orderBy('id').execute();
  return rows.map(toAttendee);
}

export async function addAttendee(
  db: Kysely<Database>,
  meetingId: number,
  fields: { name: string; organisation: string; category: AttendeeCategory },
  now: string,
): Promise<Attendee> {
  const row = await db
    .insertInto('attendee')
    .values({ meeting_id: meetingId, name: fields.name, organisation: fields.organisation, category: fields.category, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAttendee(row);
}

export async function getAttendee(db: Kysely<Database>, id: number): Promise<Attendee | null> {
  const row = await db.selectFrom('attendee').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAttendee(row) : null;
}

export async function removeAttendee(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('attendee').where('id', '=', id).execute();
}

export async function setDeviceSignIn(db: Kysely<Database>, meetingId: number, on: boolean, now: string): Promise<void> {
  await db.updateTable('meeting').set({ device_sign_in: on ? 1 : 0, updated_at: now }).where('id', '=', meetingId).execute();
}
