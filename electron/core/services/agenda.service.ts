import { AppError } from '../../../shared/api/errors.js';
import {
  agendaIds,
  compactAgenda,
  deleteAgendaItem,
  getAgendaItem,
  insertAgendaItem,
  listAgenda,
  setAgendaOrder,
  updateAgendaItem,
  type AgendaValues,
} from '../../../db/repos/agenda.repo.js';
import { getBody } from '../../../db/repos/body.repo.js';
import { paperShaInUse } from '../../../db/repos/paper.repo.js';
import { opinionsFromAgendaItem } from '../../../db/repos/opinion.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Kysely } from 'kysely';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { requireMeeting } from './meeting.service.js';

export async function requireAgendaItem(db: Kysely<Database>, id: number) {
  const item = await getAgendaItem(db, id);
  if (!item) throw new AppError('NOT_FOUND', '该议程不存在或已被删除，请刷新后再试。');
  return item;
}

async function checkBody(db: Kysely<Database>, bodyId: number | null, path: string): Promise<void> {
  if (bodyId !== null && !(await getBody(db, bodyId))) {
    throw new AppError('VALIDATION', '所选汇报单位不存在，请重新选择', [{ path, message: '汇报单位不存在' }]);
  }
}

export function agendaHandlers(
  deps: Deps,
): Pick<Handlers, 'agenda.list' | 'agenda.create' | 'agenda.update' | 'agenda.delete' | 'agenda.reorder'> {
  const { db } = deps;
  const changed = (meetingId: number) => deps.emit('data.changed', { entity: 'agenda', meetingId: meetingId as never });
  return {
    'agenda.list': async ({ meetingId }) => {
      await requireMeeting(deps, meetingId);
      return listAgenda(db, meetingId);
    },
    'agenda.create': async ({ meetingId, fields }) => {
      const id = await db.transaction().execute(async (trx) => {
        await requireMeeting({ db: trx }, meetingId);
        await checkBody(trx, fields.bodyId, 'fields.bodyId');
        return insertAgendaItem(trx, meetingId, fields as AgendaValues, deps.now());
      });
      changed(meetingId);
      return requireAgendaItem(db, id);
    },
    'agenda.update': async ({ id, fields }) => {
      const item = await db.transaction().execute(async (trx) => {
        const current = await requireAgendaItem(trx, id);
        await checkBody(trx, fields.bodyId, 'fields.bodyId');
        await updateAgendaItem(trx, id, fields as AgendaValues);
        return current;
      });
      changed(item.meetingId);
      return requireAgendaItem(db, id);
    },
    'agenda.delete': async ({ id }) => {
      const item = await db.transaction().execute(async (trx) => {
        const current = await requireAgendaItem(trx, id);
        const opinions = await opinionsFromAgendaItem(trx, id);
        if (opinions > 0) throw new AppError('STATE', `“${current.title}”有 ${opinions} 份审议意见（提出或再次审议），不能删除；审议意见的办理记录须保留。`);
        await deleteAgendaItem(trx, id);
        await compactAgenda(trx, current.meetingId);
        return current;
      });
      // Bytes go only after the rows are gone, and only when no other paper shares them.
      for (const p of item.papers) if (!(await paperShaInUse(db, p.sha256))) deps.papers.remove(p.sha256);
      changed(item.meetingId);
      return { ok: true as const };
    },
    'agenda.reorder': async ({ meetingId, orderedIds }) => {
      await db.transaction().execute(async (trx) => {
        await requireMeeting({ db: trx }, meetingId);
        const current = new Set(await agendaIds(trx, meetingId));
        const given = new Set<number>(orderedIds);
        if (given.size !== orderedIds.length || given.size !== current.size || [...given].some((x) => !current.has(x))) {
          throw new AppError('CONFLICT', '议程已被修改（可能在另一窗口中），请刷新后重新排序。');
        }
        await setAgendaOrder(trx, orderedIds);
      });
      changed(meetingId);
      return listAgenda(db, meetingId);
    },
  };
}
