import { AppError } from '../../../shared/api/errors.js';
import { getMeeting } from '../../../db/repos/meeting.repo.js';
import { getMember } from '../../../db/repos/member.repo.js';
import { deleteSpeech, getSpeech, insertSpeech, listSpeeches, updateSpeech } from '../../../db/repos/speech.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Kysely } from 'kysely';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { requireAgendaItem } from './agenda.service.js';

async function requireSpeech(db: Kysely<Database>, id: number) {
  const s = await getSpeech(db, id);
  if (!s) throw new AppError('NOT_FOUND', '该审议发言不存在或已被删除，请刷新后再试。');
  return s;
}

/** The speaker must be a member of the meeting's term. */
async function checkSpeaker(db: Kysely<Database>, agendaItemId: number, memberId: number): Promise<number> {
  const item = await requireAgendaItem(db, agendaItemId);
  const meeting = (await getMeeting(db, item.meetingId))!;
  const member = await getMember(db, memberId);
  if (!member || member.termId !== meeting.termId) {
    throw new AppError('VALIDATION', '发言人不是本届常委会组成人员，请重新选择', [{ path: 'fields.memberId', message: '发言人无效' }]);
  }
  return item.meetingId;
}

export function speechHandlers(deps: Deps): Pick<Handlers, 'speech.list' | 'speech.add' | 'speech.update' | 'speech.delete'> {
  const { db } = deps;
  const changed = (meetingId: number) => {
    deps.emit('data.changed', { entity: 'speech', meetingId: meetingId as never });
    deps.emit('data.changed', { entity: 'agenda', meetingId: meetingId as never });
  };
  return {
    'speech.list': async ({ agendaItemId }) => {
      await requireAgendaItem(db, agendaItemId);
      return listSpeeches(db, agendaItemId);
    },
    'speech.add': async ({ agendaItemId, fields }) => {
      const { id, meetingId } = await db.transaction().execute(async (trx) => {
        const meetingId = await checkSpeaker(trx, agendaItemId, fields.memberId);
        return { id: await insertSpeech(trx, agendaItemId, fields.memberId, fields.points, deps.now()), meetingId };
      });
      changed(meetingId);
      return requireSpeech(db, id);
    },
    'speech.update': async ({ id, fields }) => {
      const meetingId = await db.transaction().execute(async (trx) => {
        const s = await requireSpeech(trx, id);
        const meetingId = await checkSpeaker(trx, s.agendaItemId, fields.memberId);
        await updateSpeech(trx, id, fields.memberId, fields.points);
        return meetingId;
      });
      changed(meetingId);
      return requireSpeech(db, id);
    },
    'speech.delete': async ({ id }) => {
      const s = await requireSpeech(db, id);
      const item = await requireAgendaItem(db, s.agendaItemId);
      await deleteSpeech(db, id);
      changed(item.meetingId);
      return { ok: true as const };
    },
  };
}
