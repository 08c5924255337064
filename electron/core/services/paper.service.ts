import { AppError } from '../../../shared/api/errors.js';
import { LIMITS } from '../../../shared/api/schemas.js';
import { deletePaper, getPaper, insertPaper, paperShaInUse } from '../../../db/repos/paper.repo.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { classifyPaper } from '../paper-store.js';
import { requireAgendaItem } from './agenda.service.js';

export function paperHandlers(deps: Deps): Pick<Handlers, 'paper.attach' | 'paper.delete' | 'paper.open'> {
  const { db } = deps;
  const requirePaper = async (id: number) => {
    const p = await getPaper(db, id);
    if (!p) throw new AppError('NOT_FOUND', '该会议文件不存在或已被删除，请刷新后再试。');
    return p;
  };
  return {
    'paper.attach': async ({ agendaItemId, fileName, contentBase64 }) => {
      const item = await requireAgendaItem(db, agendaItemId);
      const bytes = Buffer.from(contentBase64, 'base64');
      if (bytes.length > LIMITS.paperBytes) throw new AppError('TOO_LARGE', `会议文件超过 ${LIMITS.paperBytes / 1024 / 1024} MB，请压缩或拆分后再上传。`);
      const { mime } = classifyPaper(fileName, bytes);
      // Bytes first (fsynced), then the row: a crash in between leaves an orphan file, never a dangling row.
      const { sha256, size } = deps.papers.put(bytes);
      const id = await db.transaction().execute(async (trx) => {
        await requireAgendaItem(trx, agendaItemId);
        return insertPaper(trx, agendaItemId, { fileName, mime, size, sha256 }, deps.now());
      });
      deps.emit('data.changed', { entity: 'agenda', meetingId: item.meetingId });
      return requirePaper(id);
    },
    'paper.delete': async ({ id }) => {
      const paper = await requirePaper(id);
      const item = await requireAgendaItem(db, paper.agendaItemId);
      await deletePaper(db, id);
      if (!(await paperShaInUse(db, paper.sha256))) deps.papers.remove(paper.sha256);
      deps.emit('data.changed', { entity: 'agenda', meetingId: item.meetingId });
      return { ok: true as const };
    },
    'paper.open': async ({ id }) => {
      const paper = await requirePaper(id);
      if (deps.platform.mode === 'electron') {
        const copy = deps.papers.viewCopy(id, paper.sha256, paper.fileName);
        if (await deps.platform.openFile(copy, paper.fileName)) return { url: null };
        throw new AppError('STATE', `系统中没有可以打开“${paper.fileName}”的程序，请安装相应的阅读软件。`);
      }
      return { url: `/files/paper/${id}` };
    },
  };
}
