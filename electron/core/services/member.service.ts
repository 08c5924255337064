import { AppError } from '../../../shared/api/errors.js';
import { LIMITS } from '../../../shared/api/schemas.js';
import { getMember, insertMember, listMembers, memberNames, updateMember } from '../../../db/repos/member.repo.js';
import { parseMemberFile } from '../import/member-import.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { requireTerm } from './term.service.js';

export function memberHandlers(
  deps: Deps,
): Pick<Handlers, 'member.list' | 'member.create' | 'member.update' | 'member.importPreview' | 'member.importCommit'> {
  const { db } = deps;
  const duplicate = (name: string, path: string) =>
    new AppError('CONFLICT', `本届已有名为“${name}”的组成人员。重名时请在姓名后加以区分（如“王伟（市教育局）”）。`, [{ path, message: '姓名重复' }]);

  return {
    'member.list': async ({ termId }) => {
      await requireTerm(deps, termId);
      return listMembers(db, termId);
    },
    'member.create': async ({ termId, fields }) => {
      const id = await db.transaction().execute(async (trx) => {
        await requireTerm({ ...deps, db: trx }, termId);
        if ((await memberNames(trx, termId)).has(fields.name)) throw duplicate(fields.name, 'fields.name');
        return insertMember(trx, termId, fields, deps.now());
      });
      deps.emit('data.changed', { entity: 'member', meetingId: null });
      return (await getMember(db, id))!;
    },
    'member.update': async ({ id, fields }) => {
      await db.transaction().execute(async (trx) => {
        const current = await getMember(trx, id);
        if (!current) throw new AppError('NOT_FOUND', '该组成人员不存在或已被删除，请刷新后再试。');
        const other = (await memberNames(trx, current.termId)).get(fields.name);
        if (other !== undefined && other !== id) throw duplicate(fields.name, 'fields.name');
        await updateMember(trx, id, fields);
      });
      deps.emit('data.changed', { entity: 'member', meetingId: null });
      return (await getMember(db, id))!;
    },
    'member.importPreview': async ({ termId, fileName, contentBase64, jobId }) => {
      await requireTerm(deps, termId);
      const bytes = Buffer.from(contentBase64, 'base64');
      if (bytes.length > LIMITS.importFileBytes) {
        throw new AppError('TOO_LARGE', `导入文件超过 ${LIMITS.importFileBytes / 1024 / 1024} MB，请检查是否选错了文件。`);
      }
      const existing = new Set((await memberNames(db, termId)).keys());
      const rows = await parseMemberFile(fileName, bytes, {
        existingNames: existing,
        onProgress: jobId ? (phase, done, total) => deps.emit('job.progressed', { jobId, phase, done, total }) : undefined,
      });
      const validCount = rows.filter((r) => r.errors.length === 0).length;
      return { rows, validCount, errorCount: rows.length - validCount };
    },
    'member.importCommit': async ({ termId, rows }) => {
      const created = await db.transaction().execute(async (trx) => {
        await requireTerm({ ...deps, db: trx }, termId);
        const names = await memberNames(trx, termId);
        const seen = new Set<string>();
        const issues = rows.flatMap((r, i) =>
          names.has(r.name) || seen.has(r.name) ? [{ path: `rows.${i}.name`, message: `“${r.name}”重名` }] : (seen.add(r.name), []),
        );
        if (issues.length > 0) {
          throw new AppError('CONFLICT', `有 ${issues.length} 人与本届已有人员或文件中其他行重名，未导入任何人：${issues.slice(0, 5).map((i) => i.message).join('，')}`, issues);
        }
        const now = deps.now();
        for (const r of rows) await insertMember(trx, termId, r, now);
        return rows.length;
      });
      deps.emit('data.changed', { entity: 'member', meetingId: null });
      return { created };
    },
  };
}
