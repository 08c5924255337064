import { AppError } from '../../../shared/api/errors.js';
import { chineseNumber } from '../../../shared/domain/format.js';
import { findMeetingByNumber, getMeeting, insertMeeting, listMeetings, meetingYears, updateMeeting } from '../../../db/repos/meeting.repo.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { requireTerm } from './term.service.js';

export async function requireMeeting(deps: Pick<Deps, 'db'>, id: number) {
  const m = await getMeeting(deps.db, id);
  if (!m) throw new AppError('NOT_FOUND', '该会议不存在或已被删除，请刷新后再试。');
  return m;
}

export function meetingHandlers(deps: Deps): Pick<Handlers, 'meeting.list' | 'meeting.get' | 'meeting.create' | 'meeting.update'> {
  const { db } = deps;
  const duplicate = (number: number, path: string) =>
    new AppError('CONFLICT', `本届已有第${chineseNumber(number)}次会议，会议次数不能重复`, [{ path, message: '会议次数重复' }]);
  return {
    'meeting.list': async ({ termId, year, search, page, pageSize }) => {
      const { items, total } = await listMeetings(db, { termId, year, search }, page, pageSize);
      return { items, total, years: await meetingYears(db, termId) };
    },
    'meeting.get': async ({ id }) => requireMeeting(deps, id),
    'meeting.create': async ({ termId, fields }) => {
      const id = await db.transaction().execute(async (trx) => {
        await requireTerm({ ...deps, db: trx }, termId);
        if (await findMeetingByNumber(trx, termId, fields.number)) throw duplicate(fields.number, 'fields.number');
        return insertMeeting(trx, termId, fields, deps.now());
      });
      deps.emit('data.changed', { entity: 'meeting', meetingId: null });
      return requireMeeting(deps, id);
    },
    'meeting.update': async ({ id, fields }) => {
      await db.transaction().execute(async (trx) => {
        const current = await requireMeeting({ db: trx }, id);
        if (await findMeetingByNumber(trx, current.termId, fields.number, id)) throw duplicate(fields.number, 'fields.number');
        await updateMeeting(trx, id, fields, deps.now());
      });
      deps.emit('data.changed', { entity: 'meeting', meetingId: null });
      return requireMeeting(deps, id);
    },
  };
}
