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
import { attendanceHandlers, signInFromDevice } from './services/attendance.service.js';
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
import { appointeeHandlers } from './services/appointee.service.js';
import { attachRatings, opinionHandlers } from './services/opinion.service.js';
import { planHandlers } from './services/plan.service.js';
import { settingsHandlers } from './services/settings.service.js';
import { exportHandlers } from './services/export.service.js';
import { speechHandlers } from './services/speech.service.js';
import { subjectHandlers } from './services/subject.service.js';
import { getOpinionFile } from '../../db/repos/opinion.repo.js';
import { VoterService } from './voter/voter-service.js';
import { getPollRow, rollCounts } from '../../db/repos/poll.repo.js';
import { foldWal } from '../../db/wal.js';
import { autoCloseDue } from '../../shared/domain/polls/lifecycle.js';
import type { VoterInfo } from '../../shared/api/voter-schemas.js';
import type { PollId, PollStatus } from '../../shared/api/poll-schemas.js';
import type { MeetingId } from '../../shared/api/schemas.js';
import { Throttle } from './throttle.js';
import { lockDataDir } from './data-lock.js';
import { localDate } from '../../shared/domain/supervision/dates.js';

export const DB_FILE_NAME = 'committee-desk.sqlite';

/** Open the data folder, migrate, and wire every handler behind one dispatcher. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dbFile = path.join(opts.dataDir, DB_FILE_NAME);
  const lock = lockDataDir(opts.dataDir);
  const opened = await openDatabase(dbFile, { log }).catch((err: unknown) => {
    lock.release();
    throw err;
  });
  const listeners = new Set<EventListener>();
  const clock = opts.clock ?? (() => new Date());
  let voterEndpoint: VoterInfo = { running: false, urls: [], host: null, port: null };
  // Ballots arrive in bursts; consoles, the room screen and devices get at most a few updates a second.
  const progress = new Throttle(250);

  const deps: Deps = {
    db: opened.db,
    papers: new PaperStore(path.join(opts.dataDir, 'papers')),
    platform: opts.platform,
    info: { version: opts.version, dataDir: opts.dataDir, dbFile, schemaVersion: opened.schemaVersion },
    now: () => clock().toISOString(),
    today: () => localDate(clock()),
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
    pollChanged: (pollId) =>
      progress.run(`poll:${pollId}`, () => {
        // Runs after the call that caused it has answered: a failure here (the core closing
        // under it, say) is logged, never left as an unhandled rejection that ends the process.
        afterActivity(pollId).catch((err: unknown) => {
          if (!closed) log(`after-ballot update of poll ${pollId} failed: ${(err as Error).message}`);
        });
      }),
    foldWal: () => fold(0),
    voterEndpoint: () => voterEndpoint,
  };

  const voter = new VoterService(dbFile, opened.db, opened.raw, (pollIds) => {
    for (const id of pollIds) deps.pollChanged(id);
  });

  // Folding needs every reader off the old log; readers hold it only for one statement, so a
  // refusal is brief. Retried a few times here, and always again at the next start-up.
  let closed = false;
  const foldTimers = new Set<ReturnType<typeof setTimeout>>();
  function fold(attempt: number): void {
    if (closed) return;
    let ok = false;
    try {
      ok = foldWal(opened.raw);
    } catch (err) {
      log(`database log fold failed: ${(err as Error).message}`);
    }
    if (ok) return;
    if (attempt >= 20) {
      log('database log could not be folded after a poll closed; it will be at the next start-up');
      return;
    }
    const t = setTimeout(() => {
      foldTimers.delete(t);
      fold(attempt + 1);
    }, 100 * (attempt + 1));
    foldTimers.add(t);
  }

  // A pre-filter on the hot path of every device's state request: only a member the meeting
  // would sign in goes on to the transaction, which checks again.
  const deviceSignInDue = opened.raw.prepare<[number, number], { x: number }>(
    `SELECT 1 AS x FROM meeting m WHERE m.id = ? AND m.device_sign_in = 1 AND m.status <> 'closed'
       AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id AND a.member_id = ?)`,
  );

  const exports = exportHandlers(deps);
  await exports.recover();
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
    ...settingsHandlers(deps),
    ...appointeeHandlers(deps),
    ...subjectHandlers(deps),
    ...planHandlers(deps),
    ...speechHandlers(deps),
    ...opinionHandlers(deps),
    ...exports.handlers,
  };
  const dispatch = createDispatcher(handlers, log);

  /**
   * After ballots, sheets, hand-outs or attendance changed in a poll: counts to every screen,
   * and auto-close when every entitled member still present has taken part and every sheet
   * handed out is back and counted — whichever channel came last. A failed auto-close is
   * logged and shown to the clerk, never swallowed.
   */
  async function afterActivity(pollId: number): Promise<void> {
    const row = await getPollRow(opened.db, pollId);
    if (!row) return;
    deps.emit('poll.updated', { pollId: row.id as PollId, meetingId: row.meeting_id as MeetingId, status: row.status as PollStatus, received: row.received });
    deps.emit('projector.changed', {});
    voter.notify(row.meeting_id, 'poll.progress', row.id);
    if (row.status !== 'open' || row.auto_close !== 1) return;
    if (!autoCloseDue(await rollCounts(opened.db, row.id, row.meeting_id))) return;
    const r = await dispatch('poll.close', { id: row.id }, { transport: 'internal' });
    if (r.ok) return;
    log(`auto-close of poll ${row.id} refused: ${r.error.code}`);
    deps.emit('poll.notice', { pollId: row.id as PollId, meetingId: row.meeting_id as MeetingId, message: `“${row.title}”已满足自动结束条件，但未能自动结束：${r.error.message}` });
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

  // A poll sealed just before a crash may not have reached the opinions waiting for it.
  try {
    const notices = await opened.db.transaction().execute((trx) => attachRatings(trx, null, deps.now()));
    for (const n of notices) log(`start-up: ${n}`);
  } catch (err) {
    log(`start-up: attaching sealed ratings to review opinions failed: ${(err as Error).message}`);
  }

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
    async opinionFile(id) {
      const f = await getOpinionFile(opened.db, id);
      return f ? { path: deps.papers.pathOf(f.sha256), fileName: f.file_name, mime: f.mime } : null;
    },
    exportFile: (id) => exports.fileOf(id),
    exportsIdle: () => exports.runtime.idle(),
    voter,
    async deviceSignIn(meetingId, memberId) {
      if (closed || !deviceSignInDue.get(meetingId, memberId)) return false;
      return signInFromDevice(deps, meetingId, memberId);
    },
    setVoterEndpoint(info) {
      voterEndpoint = info;
    },
    async close() {
      closed = true;
      for (const t of foldTimers) clearTimeout(t);
      listeners.clear();
      progress.cancel();
      await exports.runtime.close();
      voter.close();
      await opened.close();
      lock.release();
    },
  };
}
