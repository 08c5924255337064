import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import { formatCode } from '../../../shared/api/voter-schemas.js';
import type { AttendanceRow, MeetingId } from '../../../shared/api/schemas.js';
import { quorum, type Quorum } from '../../../shared/domain/quorum.js';
import { cardCodeFrom } from '../../../shared/domain/sign-in.js';
import type { AttendanceStatus, SignInMethod } from '../../../shared/domain/labels.js';
import { addAttendee, cardByCode, getAttendee, listAttendance, listAttendees, removeAttendee, setAttendance, setDeviceSignIn } from '../../../db/repos/attendance.repo.js';
import { getMeeting } from '../../../db/repos/meeting.repo.js';
import { notePresent, openPollOfMeeting } from '../../../db/repos/poll.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { requireMeeting } from './meeting.service.js';
import { syncCredentials } from './credential.service.js';

type Method = 'attendance.list' | 'attendance.set' | 'attendance.signIn' | 'attendance.configure' | 'attendee.list' | 'attendee.add' | 'attendee.remove';

const closedMessage = '会议已闭会，出席情况不能再修改。';

/**
 * Write attendance inside the caller's transaction: cards for members now present, and the
 * lowest attendance an open vote has seen (losing the quorum is stated in its result).
 * Returns the meeting's quorum and the open poll, if any.
 */
async function record(
  trx: Kysely<Database>,
  now: string,
  meetingId: number,
  memberIds: readonly number[],
  status: AttendanceStatus | null,
  how: { method: SignInMethod; note: string | null },
): Promise<{ quorum: Quorum; openPollId: number | null; openPollTitle: string | null }> {
  const ids = [...new Set(memberIds)];
  await setAttendance(trx, meetingId, ids, status, now, how);
  await syncCredentials(trx, meetingId, ids, status, now);
  const q = (await requireMeeting({ db: trx }, meetingId)).quorum;
  const open = await openPollOfMeeting(trx, meetingId);
  if (open) await notePresent(trx, open.id, q.present);
  return { quorum: q, openPollId: open?.id ?? null, openPollTitle: open?.title ?? null };
}

export function attendanceHandlers(deps: Deps): Pick<Handlers, Method> {
  const { db } = deps;
  const changed = (meetingId: number, openPollId: number | null) => {
    deps.emit('data.changed', { entity: 'attendance', meetingId: meetingId as MeetingId });
    if (openPollId !== null) deps.pollChanged(openPollId);
  };
  const openMeeting = async (trx: Kysely<Database>, meetingId: number) => {
    const meeting = await requireMeeting({ db: trx }, meetingId);
    if (meeting.status === 'closed') throw new AppError('STATE', closedMessage);
    return meeting;
  };

  return {
    'attendance.list': async ({ meetingId }) => {
      const meeting = await requireMeeting(deps, meetingId);
      const rows = await listAttendance(db, meetingId, meeting.termId);
      return { rows, quorum: quorum(rows.length, rows.filter((r) => r.status === 'present').length) };
    },

    'attendance.set': async ({ meetingId, memberIds, status, proxy, note }) => {
      const out = await db.transaction().execute(async (trx) => {
        const meeting = await openMeeting(trx, meetingId);
        const serving = new Set((await listAttendance(trx, meetingId, meeting.termId)).map((r) => r.memberId as number));
        const foreign = memberIds.filter((id) => !serving.has(id));
        if (foreign.length > 0) {
          throw new AppError('VALIDATION', `有 ${foreign.length} 人不是本届在任组成人员，不能登记出席`, [{ path: 'memberIds', message: '含非在任人员' }]);
        }
        return record(trx, deps.now(), meetingId, memberIds, status, { method: proxy ? 'proxy' : 'clerk', note: note ?? null });
      });
      changed(meetingId, out.openPollId);
      return { quorum: out.quorum };
    },

    'attendance.signIn': async ({ meetingId, code: typed }) => {
      const code = cardCodeFrom(typed);
      if (code === null) {
        throw new AppError('VALIDATION', '签到码应为签到卡上的 8 位字母和数字（如 7KQ3-M9PX），请核对后重新输入或扫描。', [{ path: 'code', message: '签到码格式不对' }]);
      }
      const out = await db.transaction().execute(async (trx) => {
        const meeting = await openMeeting(trx, meetingId);
        const card = await cardByCode(trx, code);
        if (!card) throw new AppError('NOT_FOUND', `没有签到码为 ${formatCode(code)} 的签到卡。请核对卡上的签到码；仍不对时，可在“尚未签到”名单中为本人代签。`);
        if (card.meeting_id !== meetingId) {
          const other = await getMeeting(trx, card.meeting_id);
          throw new AppError('STATE', `这是${card.name}在${other ? other.title : '另一次会议'}的签到卡，不是本次会议的。请使用本次会议的签到卡。`);
        }
        if (card.status !== 'active') throw new AppError('STATE', `${card.name}的这张签到卡已作废（已补发新卡），请使用新卡；新卡不在身边时，可在“尚未签到”名单中为本人代签。`);
        if (card.member_status !== 'serving') throw new AppError('STATE', `${card.name}已不是在任组成人员，不能签到。`);
        const before = (await listAttendance(trx, meetingId, meeting.termId)).find((r) => r.memberId === card.member_id);
        if (!before) throw new AppError('STATE', `${card.name}不是本届组成人员，不能签到。`);
        if (before.status === 'present') return { row: before, already: true, previous: 'present' as const, quorum: meeting.quorum, openPollId: null, openPollTitle: null };
        const r = await record(trx, deps.now(), meetingId, [card.member_id], 'present', { method: 'card', note: null });
        const row = (await listAttendance(trx, meetingId, meeting.termId)).find((x) => x.memberId === card.member_id) as AttendanceRow;
        return { row, already: false, previous: before.status, quorum: r.quorum, openPollId: r.openPollId, openPollTitle: r.openPollTitle };
      });
      if (!out.already) changed(meetingId, out.openPollId);
      return { row: out.row, already: out.already, previous: out.already ? null : out.previous, quorum: out.quorum, lateFor: out.openPollTitle };
    },

    'attendance.configure': async ({ meetingId, deviceSignIn }) => {
      await db.transaction().execute(async (trx) => {
        await openMeeting(trx, meetingId);
        await setDeviceSignIn(trx, meetingId, deviceSignIn, deps.now());
      });
      deps.emit('data.changed', { entity: 'meeting', meetingId });
      return requireMeeting(deps, meetingId);
    },

    'attendee.list': async ({ meetingId }) => {
      await requireMeeting(deps, meetingId);
      return listAttendees(db, meetingId);
    },
    'attendee.add': async ({ meetingId, fields }) => {
      const a = await db.transaction().execute(async (trx) => {
        await openMeeting(trx, meetingId);
        return addAttendee(trx, meetingId, { name: fields.name, organisation: fields.organisation ?? '', category: fields.category }, deps.now());
      });
      deps.emit('data.changed', { entity: 'attendee', meetingId });
      return a;
    },
    'attendee.remove': async ({ id }) => {
      const meetingId = await db.transaction().execute(async (trx) => {
        const a = await getAttendee(trx, id);
        if (!a) throw new AppError('NOT_FOUND', '没有找到这位列席人员，可能已被删除。');
        await openMeeting(trx, a.meetingId);
        await removeAttendee(trx, id);
        return a.meetingId;
      });
      deps.emit('data.changed', { entity: 'attendee', meetingId });
      return { ok: true as const };
    },
  };
}

/**
 * Signing in by logging in on a device, when the meeting allows it: a member not yet
 * recorded becomes present. A member the clerk recorded as 请假 or 缺席 is left as recorded
 * (the clerk's word stands; the member signs in at the desk). Returns true when it signed in.
 */
export async function signInFromDevice(deps: Deps, meetingId: number, memberId: number): Promise<boolean> {
  const out = await deps.db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('meeting')
      .leftJoin('attendance', (j) => j.onRef('attendance.meeting_id', '=', 'meeting.id').on('attendance.member_id', '=', memberId))
      .innerJoin('member', (j) => j.on('member.id', '=', memberId))
      .select(['meeting.status', 'meeting.device_sign_in', 'attendance.status as attendance', 'member.status as member_status'])
      .where('meeting.id', '=', meetingId)
      .executeTakeFirst();
    if (!m || m.status === 'closed' || m.device_sign_in !== 1 || m.attendance !== null || m.member_status !== 'serving') return null;
    return record(trx, deps.now(), meetingId, [memberId], 'present', { method: 'device', note: null });
  });
  if (!out) return false;
  deps.emit('data.changed', { entity: 'attendance', meetingId: meetingId as MeetingId });
  if (out.openPollId !== null) deps.pollChanged(out.openPollId);
  return true;
}
