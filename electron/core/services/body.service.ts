import { AppError } from '../../../shared/api/errors.js';
import { findBodyByName, getBody, insertBody, listBodies, updateBody } from '../../../db/repos/body.repo.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';

export function bodyHandlers(deps: Deps): Pick<Handlers, 'body.list' | 'body.create' | 'body.update'> {
  const { db } = deps;
  const duplicate = (name: string, path: string) => new AppError('CONFLICT', `已有名为“${name}”的单位`, [{ path, message: '单位名称重复' }]);
  return {
    'body.list': async ({ includeInactive }) => listBodies(db, includeInactive),
    'body.create': async (fields) => {
      const id = await db.transaction().execute(async (trx) => {
        if (await findBodyByName(trx, fields.name)) throw duplicate(fields.name, 'name');
        return insertBody(trx, fields, deps.now());
      });
      deps.emit('data.changed', { entity: 'body', meetingId: null });
      return (await getBody(db, id))!;
    },
    'body.update': async ({ id, fields }) => {
      await db.transaction().execute(async (trx) => {
        if (!(await getBody(trx, id))) throw new AppError('NOT_FOUND', '该单位不存在或已被删除，请刷新后再试。');
        if (await findBodyByName(trx, fields.name, id)) throw duplicate(fields.name, 'fields.name');
        await updateBody(trx, id, fields);
      });
      deps.emit('data.changed', { entity: 'body', meetingId: null });
      return (await getBody(db, id))!;
    },
  };
}
