import type { Kysely } from 'kysely';
import type { AttendanceRow, MemberId } from '../../shared/api/schemas.js';
import type { Database } from '../schema.js';
import type { AttendanceStatus } from '../../shared/domain/labels.js';

/** Serving members of the meeting's term with their attendance (null = not yet recorded). */
export async function listAttendance(db: Kysely<Database>, meetingId: number, termId: number): Promise<AttendanceRow[]> {
  const rows = await db
    .selectFrom('member')
    .leftJoin('attendance', (j) => j.onRef('attendance.member_id', '=', 'member.id').on('attendance.meeting_id', '=', meetingId))
    .select(['member.id', 'member.name', 'member.role', 'member.seat_order', 'attendance.status'])
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
  }));
}

export async function setAttendance(
  db: Kysely<Database>,
  meetingId: number,
  memberIds: readonly number[],
  status: AttendanceStatus | null,
  now: string,
): Promise<void> {
  if (status === null) {
    await db.deleteFrom('attendance').where('meeting_id', '=', meetingId).where('member_id', 'in', memberIds).execute();
    return;
  }
  await db
    .insertInto('attendance')
    .values(memberIds.map((id) => ({ meeting_id: meetingId, member_id: id, status, updated_at: now })))
    .onConflict((oc) => oc.columns(['meeting_id', 'member_id']).doUpdateSet({ status, updated_at: now }))
    .execute();
}
