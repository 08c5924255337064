import { AppError } from '../../../shared/api/errors.js';
import { getTerm, findTermByName, insertTerm, listTerms, updateTerm } from '../../../db/repos/term.repo.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';

export function checkDates(startDate: string, endDate: string | null): void {
  if (endDate !== null && endDate < startDate) {
    throw new AppError('VALIDATION', '届满日期不能早于开始日期', [{ path: 'endDate', message: '届满日期不能早于开始日期' }]);
  }
}

export async function requireTerm(deps: Deps, id: number) {
  const term = await getTerm(deps.db, id);
  if (!term) throw new AppError('NOT_FOUND', '该届次不存在或已被删除，请刷新后再试。');
  return term;
}

export function termHandlers(deps: Deps): Pick<Handlers, 'term.list' | 'term.create' | 'term.update'> {
  const { db } = deps;
  return {
    'term.list': async () => listTerms(db),
    'term.create': async (input) => {
      checkDates(input.startDate, input.endDate);
      const id = await db.transaction().execute(async (trx) => {
        if (await findTermByName(trx, input.name)) {
          throw new AppError('CONFLICT', `已有名为“${input.name}”的届次`, [{ path: 'name', message: '届次名称重复' }]);
        }
        return insertTerm(trx, input, deps.now());
      });
      deps.emit('data.changed', { entity: 'term', meetingId: null });
      return requireTerm(deps, id);
    },
    'term.update': async ({ id, fields }) => {
      checkDates(fields.startDate, fields.endDate);
      await db.transaction().execute(async (trx) => {
        await requireTerm({ ...deps, db: trx }, id);
        if (await findTermByName(trx, fields.name, id)) {
          throw new AppError('CONFLICT', `已有名为“${fields.name}”的届次`, [{ path: 'fields.name', message: '届次名称重复' }]);
        }
        await updateTerm(trx, id, fields);
      });
      deps.emit('data.changed', { entity: 'term', meetingId: null });
      return requireTerm(deps, id);
    },
  };
}
