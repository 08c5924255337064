import path from 'node:path';
import type { EventName, EventPayload } from '../../shared/api/contract.js';
import { getPaper } from '../../db/repos/paper.repo.js';
import { openDatabase } from '../../db/open.js';
import type { Core, CoreOptions, EventListener } from './core-types.js';
import type { Deps } from './deps.js';
import { createDispatcher, type Handlers } from './dispatcher.js';
import { PaperStore } from './paper-store.js';
import { agendaHandlers } from './services/agenda.service.js';
import { appHandlers } from './services/app.service.js';
import { attendanceHandlers } from './services/attendance.service.js';
import { bodyHandlers } from './services/body.service.js';
import { meetingHandlers } from './services/meeting.service.js';
import { memberHandlers } from './services/member.service.js';
import { paperHandlers } from './services/paper.service.js';
import { paperBallotHandlers } from './services/paper-ballot.service.js';
import { pollHandlers } from './services/poll.service.js';
import { projectorHandlers } from './services/projector.service.js';
import { termHandlers } from './services/term.service.js';

export const DB_FILE_NAME = 'committee-desk.sqlite';

/** Open the data folder, migrate, and wire every handler behind one dispatcher. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dbFile = path.join(opts.dataDir, DB_FILE_NAME);
  const opened = await openDatabase(dbFile, { log });
  const listeners = new Set<EventListener>();

  const deps: Deps = {
    db: opened.db,
    raw: opened.raw,
    papers: new PaperStore(path.join(opts.dataDir, 'papers')),
    platform: opts.platform,
    info: { version: opts.version, dataDir: opts.dataDir, dbFile, schemaVersion: opened.schemaVersion },
    now: () => new Date().toISOString(),
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const l of listeners) {
        try {
          l(event, payload);
        } catch (err) {
          log(`event listener failed: ${(err as Error).message}`);
        }
      }
    },
    log,
  };

  const handlers: Handlers = {
    ...appHandlers(deps),
    ...termHandlers(deps),
    ...memberHandlers(deps),
    ...bodyHandlers(deps),
    ...meetingHandlers(deps),
    ...agendaHandlers(deps),
    ...paperHandlers(deps),
    ...attendanceHandlers(deps),
    ...pollHandlers(deps),
    ...paperBallotHandlers(deps),
    ...projectorHandlers(deps),
  };
  const dispatch = createDispatcher(handlers, log);

  return {
    dataDir: opts.dataDir,
    dbFile,
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async paperFile(id) {
      const p = await getPaper(opened.db, id);
      return p ? { path: deps.papers.pathOf(p.sha256), fileName: p.fileName, mime: p.mime } : null;
    },
    async close() {
      listeners.clear();
      await opened.close();
    },
  };
}
