import { AppError } from '../../../shared/api/errors.js';
import { quorum } from '../../../shared/domain/quorum.js';
import { listAttendance, setAttendance } from '../../../db/repos/attendance.repo.js';
import { notePresent, openPollOfMeeting } from '../../../db/repos/poll.repo.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { requireMeeting } from './meeting.service.js';
import { syncCredentials } from './credential.service.js';

export function attendanceHandlers(deps: Deps): Pick<Handlers, 'attendance.list' | 'attendance.set'> {
  const { db } = deps;
  return {
    'attendance.list': async ({ meetingId }) => {
      const meeting = await requireMeeting(deps, meetingId);
      const rows = await listAttendance(db, meetingId, meeting.termId);
      return { rows, quorum: quorum(rows.length, rows.filter((r) => r.status === 'present').length) };
    },
    'attendance.set': async ({ meetingId, memberIds, status }) => {
      let revokedCount = 0;
      let openPollId: number | null = null;
      const q = await db.transaction().execute(async (trx) => {
        const meeting = await requireMeeting({ db: trx }, meetingId);
        if (meeting.status === 'closed') throw new AppError('STATE', '会议已闭会，出席情况不能再修改。');
        const serving = new Set((await listAttendance(trx, meetingId, meeting.termId)).map((r) => r.memberId as number));
        const foreign = memberIds.filter((id) => !serving.has(id));
        if (foreign.length > 0) {
          throw new AppError('VALIDATION', `有 ${foreign.length} 人不是本届在任组成人员，不能登记出席`, [{ path: 'memberIds', message: '含非在任人员' }]);
        }
        await setAttendance(trx, meetingId, [...new Set(memberIds)], status, deps.now());
        revokedCount = await syncCredentials(trx, meetingId, [...new Set(memberIds)], status, deps.now());
        const q = (await requireMeeting({ db: trx }, meetingId)).quorum;
        // A vote in progress keeps the lowest attendance it saw: losing the quorum is stated in its result.
        const open = await openPollOfMeeting(trx, meetingId);
        if (open) {
          await notePresent(trx, open.id, q.present);
          openPollId = open.id;
        }
        return q;
      });
      deps.emit('data.changed', { entity: 'attendance', meetingId });
      if (openPollId !== null) deps.pollChanged(openPollId);
      if (revokedCount > 0) deps.voterNotify(meetingId, 'credential.revoked', null);
      return { quorum: q };
    },
  };
}
