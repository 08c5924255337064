import { AppError } from '../../../shared/api/errors.js';
import { getAppointee, insertAppointee, listAppointees, updateAppointee, type AppointeeValues } from '../../../db/repos/appointee.repo.js';
import { getBody } from '../../../db/repos/body.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Kysely } from 'kysely';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';

export async function requireAppointee(db: Kysely<Database>, id: number) {
  const a = await getAppointee(db, id);
  if (!a) throw new AppError('NOT_FOUND', '该被任命人员不存在或已被删除，请刷新后再试。');
  return a;
}

async function check(db: Kysely<Database>, v: AppointeeValues): Promise<void> {
  if (v.bodyId !== null && !(await getBody(db, v.bodyId))) {
    throw new AppError('VALIDATION', '所选单位不存在，请重新选择', [{ path: 'bodyId', message: '单位不存在' }]);
  }
  if (v.appointedOn && v.leftOn && v.leftOn < v.appointedOn) {
    throw new AppError('VALIDATION', '离任日期不能早于任命日期', [{ path: 'leftOn', message: '离任日期不能早于任命日期' }]);
  }
}

export function appointeeHandlers(deps: Deps): Pick<Handlers, 'appointee.list' | 'appointee.create' | 'appointee.update'> {
  const { db } = deps;
  const changed = () => deps.emit('data.changed', { entity: 'appointee', meetingId: null });
  return {
    'appointee.list': async () => listAppointees(db),
    'appointee.create': async (fields) => {
      const id = await db.transaction().execute(async (trx) => {
        await check(trx, fields as AppointeeValues);
        return insertAppointee(trx, fields as AppointeeValues, deps.now());
      });
      changed();
      return requireAppointee(db, id);
    },
    'appointee.update': async ({ id, fields }) => {
      await db.transaction().execute(async (trx) => {
        await requireAppointee(trx, id);
        await check(trx, fields as AppointeeValues);
        await updateAppointee(trx, id, fields as AppointeeValues);
      });
      changed();
      return requireAppointee(db, id);
    },
  };
}
