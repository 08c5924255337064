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
import { credentialHandlers } from './services/credential.service.js';
import { ratingsHandlers } from './services/ratings.service.js';
import { VoterService } from './voter/voter-service.js';
import { getPollRow } from '../../db/repos/poll.repo.js';
import type { VoterInfo } from '../../shared/api/voter-schemas.js';
import type { PollId, PollStatus } from '../../shared/api/poll-schemas.js';
import type { MeetingId } from '../../shared/api/schemas.js';
import { Throttle } from './throttle.js';

export const DB_FILE_NAME = 'committee-desk.sqlite';

/** Open the data folder, migrate, and wire every handler behind one dispatcher. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dbFile = path.join(opts.dataDir, DB_FILE_NAME);
  const opened = await openDatabase(dbFile, { log });
  const listeners = new Set<EventListener>();
  let voterEndpoint: VoterInfo = { running: false, urls: [], host: null, port: null };
  // Ballots arrive in bursts; consoles, the room screen and devices get at most a few updates a second.
  const progress = new Throttle(250);

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
    voterNotify: (meetingId, event, pollId) => voter.notify(meetingId, event, pollId),
    voterEndpoint: () => voterEndpoint,
  };

  const voter = new VoterService(dbFile, opened.db, opened.raw, (pollIds) => {
    for (const id of pollIds) progress.run(`poll:${id}`, () => void afterBallots(id));
  });

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
    ...credentialHandlers(deps),
    ...ratingsHandlers(deps),
  };
  const dispatch = createDispatcher(handlers, log);

  /** After a ballot commit: counts to every screen, and auto-close when every present member has voted. */
  async function afterBallots(pollId: number): Promise<void> {
    const row = await getPollRow(opened.db, pollId);
    if (!row) return;
    deps.emit('poll.updated', { pollId: row.id as PollId, meetingId: row.meeting_id as MeetingId, status: row.status as PollStatus, received: row.received });
    deps.emit('projector.changed', {});
    voter.notify(row.meeting_id, 'poll.progress', row.id);
    if (row.status === 'open' && row.auto_close === 1 && row.present_at_open !== null && row.received >= row.present_at_open) {
      const r = await dispatch('poll.close', { id: row.id }, { transport: 'internal' });
      if (!r.ok && r.error.code !== 'STATE') log(`auto-close of poll ${row.id} failed: ${r.error.code}`);
    }
  }

  // Devices hear about status changes of polls in their meeting. poll.updated also fires for
  // every ballot batch and paper sheet with the status unchanged; those are not an opening.
  const notifiedStatus = new Map<number, PollStatus>();
  listeners.add((event, payload) => {
    if (event !== 'poll.updated') return;
    const p = payload as EventPayload<'poll.updated'>;
    if (notifiedStatus.get(p.pollId) === p.status) return;
    notifiedStatus.set(p.pollId, p.status);
    const map = { open: 'poll.opened', closed: 'poll.closed', released: 'poll.released' } as const;
    if (p.status in map) voter.notify(p.meetingId, map[p.status as keyof typeof map], p.pollId);
  });

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
    voter,
    setVoterEndpoint(info) {
      voterEndpoint = info;
    },
    async close() {
      listeners.clear();
      progress.cancel();
      voter.close();
      await opened.close();
    },
  };
}
