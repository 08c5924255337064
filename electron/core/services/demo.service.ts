import { insertAgendaItem } from '../../../db/repos/agenda.repo.js';
import { setAttendance } from '../../../db/repos/attendance.repo.js';
import { insertBody } from '../../../db/repos/body.repo.js';
import { insertMeeting } from '../../../db/repos/meeting.repo.js';
import { insertMember } from '../../../db/repos/member.repo.js';
import { insertTerm } from '../../../db/repos/term.repo.js';
import type { TermId } from '../../../shared/api/schemas.js';
import { demoData } from '../demo/demo-data.js';
import type { Deps } from '../deps.js';

/** Insert the demo term, bodies and meetings through the repositories, in one transaction. */
export async function loadDemo(deps: Deps): Promise<{ termId: TermId; members: number; meetings: number }> {
  const now = deps.now();
  const data = demoData(now.slice(0, 10));
  const termId = await deps.db.transaction().execute(async (trx) => {
    const termId = await insertTerm(trx, data.term, now);
    const memberIds: number[] = [];
    for (const m of data.members) memberIds.push(await insertMember(trx, termId, m, now));
    const bodyIds: number[] = [];
    for (const b of data.bodies) bodyIds.push(await insertBody(trx, b, now));
    for (const meeting of data.meetings) {
      const meetingId = await insertMeeting(trx, termId, meeting, now);
      for (const item of meeting.agenda) {
        await insertAgendaItem(trx, meetingId, { ...item, bodyId: item.bodyIndex === null ? null : bodyIds[item.bodyIndex]! }, now);
      }
      for (const status of ['present', 'leave', 'absent'] as const) {
        const ids = meeting.attendance.filter((a) => a.status === status).map((a) => memberIds[a.memberIndex]!);
        if (ids.length > 0) await setAttendance(trx, meetingId, ids, status, now);
      }
    }
    return termId;
  });
  for (const entity of ['term', 'member', 'body', 'meeting'] as const) deps.emit('data.changed', { entity, meetingId: null });
  return { termId: termId as TermId, members: data.members.length, meetings: data.meetings.length };
}
