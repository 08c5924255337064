import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { PollDetail, PollId, PollSummary, SealedResult } from '../../../shared/api/poll-schemas.js';
import type { AgendaItemId, MeetingId } from '../../../shared/api/schemas.js';
import { canonicalJson } from '../../../shared/domain/polls/canonical.js';
import type { PollDefinition, SelectionPoll } from '../../../shared/domain/polls/definition.js';
import { refusal, type PollAction } from '../../../shared/domain/polls/lifecycle.js';
import type { SelectionResult } from '../../../shared/domain/polls/result.js';
import { runoffDefinition, selectionOutcome } from '../../../shared/domain/polls/tally-selection.js';
import { quorum } from '../../../shared/domain/quorum.js';
import { listAttendance } from '../../../db/repos/attendance.repo.js';
import { getMeeting, updateMeeting } from '../../../db/repos/meeting.repo.js';
import {
  clearStaging,
  deleteDraftPoll,
  getPollRow,
  getResultRow,
  insertPoll,
  insertResult,
  listPollRows,
  markOpen,
  markStatus,
  maxRound,
  openPollOfMeeting,
  rollCounts,
  seriesRows,
  stagedOf,
  updateDraftPoll,
  writeSealed,
  type PollRow,
} from '../../../db/repos/poll.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { parseStoredDefinition, sealCurrent, verifyPoll } from '../seal.js';
import { requireAgendaItem } from './agenda.service.js';
import { attachRatings } from './opinion.service.js';
import { syncTargetLinks } from './subject.service.js';
import { setTargetLink, targetLinks } from '../../../db/repos/subject.repo.js';

export function toSummary(row: PollRow, meetingQuorum: { serving: number; present: number }): PollSummary {
  const frozen = row.status !== 'draft';
  return {
    id: row.id as PollId,
    agendaItemId: row.agenda_item_id as AgendaItemId,
    meetingId: row.meeting_id as MeetingId,
    agendaTitle: row.agenda_title,
    seriesId: (row.series_id ?? row.id) as PollId,
    round: row.round,
    kind: row.kind as PollSummary['kind'],
    title: row.title,
    anonymous: row.anonymous === 1,
    status: row.status as PollSummary['status'],
    autoClose: row.auto_close === 1,
    doubleEntry: row.double_entry === 1,
    received: row.received,
    runoffOfRound: row.kind === 'selection' ? ((JSON.parse(row.definition) as { runoff?: { round: number } }).runoff?.round ?? null) : null,
    present: frozen ? (row.present_at_open ?? 0) : meetingQuorum.present,
    serving: frozen ? (row.serving_at_open ?? 0) : meetingQuorum.serving,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    releasedAt: row.released_at,
  };
}

export async function requirePoll(db: Kysely<Database>, id: number): Promise<PollRow> {
  const row = await getPollRow(db, id);
  if (!row) throw new AppError('NOT_FOUND', '该表决不存在或已被删除，请刷新后再试。');
  return row;
}

export async function summaryOf(db: Kysely<Database>, id: number): Promise<PollSummary> {
  const row = await requirePoll(db, id);
  const meeting = (await getMeeting(db, row.meeting_id))!;
  return toSummary(row, meeting.quorum);
}

async function detailOf(db: Kysely<Database>, id: number): Promise<PollDetail> {
  const row = await requirePoll(db, id);
  const meeting = (await getMeeting(db, row.meeting_id))!;
  return { ...toSummary(row, meeting.quorum), definition: parseStoredDefinition(row.definition) };
}

export async function sealedResult(db: Kysely<Database>, row: PollRow): Promise<SealedResult> {
  const stored = await getResultRow(db, row.id);
  if (!stored) throw new AppError('STATE', '表决尚未结束，结果在结束并封存后才能查看。');
  return {
    pollId: row.id as PollId,
    status: row.status as SealedResult['status'],
    ballotCount: stored.ballot_count,
    digest: stored.digest,
    sealedAt: stored.sealed_at,
    tallyVersion: stored.tally_version,
    result: JSON.parse(stored.result) as SealedResult['result'],
  };
}

function requireAction(row: PollRow, action: PollAction): void {
  const refused = refusal(row.status, action, row.title);
  if (refused) throw new AppError('STATE', refused);
}

/**
 * A run-off settles one tie: its draft may be retitled or reworded, but it keeps its tied
 * candidates, its seats and what it settles, or the series' final list would not add up.
 */
function keepRunoff(current: PollDefinition, next: PollDefinition): void {
  if (current.kind !== 'selection' || !current.runoff) return;
  const same =
    next.kind === 'selection' &&
    next.runoff?.round === current.runoff.round &&
    next.maxChoices === current.maxChoices &&
    canonicalJson(next.targets.map((t) => t.key).sort()) === canonicalJson(current.targets.map((t) => t.key).sort());
  if (!same) {
    throw new AppError('VALIDATION', `这是第${current.runoff.round}轮得票相同项目的另行投票：候选项目和应选数不能修改（只能修改名称等文字）。如需重新票决，请另行表决。`);
  }
}

function stored(definition: PollDefinition) {
  return { kind: definition.kind, title: definition.title, anonymous: definition.anonymous, definition: canonicalJson(definition) };
}

/** Sealing failed on an invariant that holds by construction: nothing was changed. */
function inconsistent(err: unknown): AppError {
  return new AppError('INTERNAL', `计票数据不一致，表决未结束，选票未作任何改动：${(err as Error).message.slice(0, 200)}。请联系技术支持。`);
}

/**
 * Close a poll in one transaction: the seal is computed from staging, the staging tables are
 * emptied (secure_delete zeroes what they freed), the sealed rows are written in key order.
 * The caller folds the WAL afterwards.
 */
async function closePoll(trx: Kysely<Database>, row: PollRow, now: string): Promise<void> {
  requireAction(row, 'close');
  const staged = await stagedOf(trx, row.id);
  if (staged.pendingSheets.length > 0) {
    const p = staged.pendingSheets;
    throw new AppError('STATE', `还有 ${p.length} 张纸质选票未核对一致（第 ${p.slice(0, 10).join('、')} 张），请先完成录入核对再结束表决。`);
  }
  const counts = await rollCounts(trx, row.id, row.meeting_id);
  const meeting = (await getMeeting(trx, row.meeting_id))!;
  const serving = row.serving_at_open ?? 0;
  const context = {
    serving,
    present: row.present_at_open ?? 0,
    device: staged.device.length,
    paper: { handedOut: counts.handedOut, returned: staged.paper.length },
    quorum: { required: quorum(serving, 0).required, lowestPresent: Math.min(row.lowest_present ?? meeting.quorum.present, meeting.quorum.present) },
  };
  const payloads = [...staged.device, ...staged.paper];
  let seal;
  try {
    seal = sealCurrent(row.definition, payloads, context);
  } catch (err) {
    throw inconsistent(err);
  }
  // Staging goes first: the sealed rows then reuse the pages it freed (zeroed, and written to
  // the log once, with their final content, instead of once zeroed and again elsewhere).
  await clearStaging(trx, row.id);
  await writeSealed(trx, row.id, { payloads, voters: staged.roll.map((r) => r.memberId), receipts: staged.receipts, named: staged.named });
  await insertResult(trx, row.id, { result: seal.resultJson, ballotCount: seal.ballotCount, digest: seal.digest, tallyVersion: seal.tallyVersion, context: seal.contextJson }, now);
  await markStatus(trx, row.id, 'open', 'closed', now);
}

export function pollHandlers(
  deps: Deps,
): Pick<
  Handlers,
  | 'poll.list'
  | 'poll.get'
  | 'poll.create'
  | 'poll.update'
  | 'poll.delete'
  | 'poll.open'
  | 'poll.close'
  | 'poll.release'
  | 'poll.newRound'
  | 'poll.result'
  | 'poll.outcome'
  | 'poll.verify'
> {
  const { db } = deps;
  const announce = async (id: number) => {
    const s = await summaryOf(db, id);
    deps.emit('poll.updated', { pollId: s.id, meetingId: s.meetingId, status: s.status, received: s.received });
    deps.emit('projector.changed', {});
    return s;
  };

  /**
   * A sealed satisfaction result reaches the review opinions waiting for it at this agenda item
   * (測评销号). Its own transaction after the seal: a failure here never undoes a close; it is
   * logged, shown to the clerk, and tried again at the next start-up.
   */
  async function attachToOpinions(s: PollSummary): Promise<void> {
    if (s.kind !== 'satisfaction') return;
    try {
      const notices = await db.transaction().execute((trx) => attachRatings(trx, s.agendaItemId, deps.now()));
      deps.emit('data.changed', { entity: 'opinion', meetingId: null });
      for (const message of notices) deps.emit('poll.notice', { pollId: s.id, meetingId: s.meetingId, message });
    } catch (err) {
      deps.log(`attaching the result of poll ${s.id} to review opinions failed: ${(err as Error).message}`);
      deps.emit('poll.notice', { pollId: s.id, meetingId: s.meetingId, message: '表决已封存，但测评结果未能记入相关审议意见；重新启动程序时会再次记入。' });
    }
  }

  return {
    'poll.list': async ({ meetingId }) => {
      const meeting = await getMeeting(db, meetingId);
      if (!meeting) throw new AppError('NOT_FOUND', '该会议不存在或已被删除，请刷新后再试。');
      return (await listPollRows(db, meetingId)).map((r) => toSummary(r, meeting.quorum));
    },
    'poll.get': async ({ id }) => detailOf(db, id),
    'poll.create': async ({ agendaItemId, definition, autoClose, doubleEntry }) => {
      const id = await db.transaction().execute(async (trx) => {
        const item = await requireAgendaItem(trx, agendaItemId);
        const meeting = (await getMeeting(trx, item.meetingId))!;
        if (meeting.status === 'closed') throw new AppError('STATE', '会议已闭会，不能再新建表决。');
        const id = await insertPoll(trx, { agendaItemId, seriesId: null, round: 1, autoClose, doubleEntry, ...stored(definition) }, deps.now());
        await syncTargetLinks(trx, id);
        return id;
      });
      await announce(id);
      return detailOf(db, id);
    },
    'poll.update': async ({ id, definition, autoClose, doubleEntry }) => {
      await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, id);
        requireAction(row, 'edit');
        keepRunoff(parseStoredDefinition(row.definition), definition);
        await updateDraftPoll(trx, id, { autoClose, doubleEntry, ...stored(definition) });
        await syncTargetLinks(trx, id);
      });
      await announce(id);
      return detailOf(db, id);
    },
    'poll.delete': async ({ id }) => {
      requireAction(await requirePoll(db, id), 'delete');
      await deleteDraftPoll(db, id);
      deps.emit('projector.changed', {});
      return { ok: true as const };
    },
    'poll.open': async ({ id }) => {
      await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, id);
        requireAction(row, 'open');
        const meeting = (await getMeeting(trx, row.meeting_id))!;
        if (meeting.status === 'closed') throw new AppError('STATE', '会议已闭会，不能开始表决。');
        const q = meeting.quorum;
        if (!q.met) {
          throw new AppError('STATE', `未达法定人数（出席 ${q.present} 人，在任 ${q.serving} 人，需至少 ${q.required} 人出席），不能开始表决。请先登记出席。`);
        }
        const other = await openPollOfMeeting(trx, row.meeting_id);
        if (other) throw new AppError('STATE', `“${other.title}”正在表决，请先结束它再开始下一项。`);
        // The members entitled to vote are those present now (the chair announces 应到 / 实到).
        const present = (await listAttendance(trx, meeting.id, meeting.termId)).filter((a) => a.status === 'present').map((a) => a.memberId as number);
        await markOpen(trx, id, { serving: q.serving, entitled: present }, deps.now());
        if (meeting.status !== 'in_progress') {
          await updateMeeting(trx, meeting.id, { ...meeting, status: 'in_progress' }, deps.now());
        }
      });
      deps.emit('data.changed', { entity: 'meeting', meetingId: null });
      return announce(id);
    },
    'poll.close': async ({ id }) => {
      await db.transaction().execute(async (trx) => closePoll(trx, await requirePoll(trx, id), deps.now()));
      // The WAL holds the open poll's commits in arrival order: fold it into the file now.
      deps.foldWal();
      const s = await announce(id);
      deps.log(`poll ${id} closed and sealed (${s.received} ballots)`);
      await attachToOpinions(s);
      return sealedResult(db, await requirePoll(db, id));
    },
    'poll.release': async ({ id }) => {
      await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, id);
        requireAction(row, 'release');
        await markStatus(trx, id, 'closed', 'released', deps.now());
      });
      return announce(id);
    },
    'poll.newRound': async ({ id }) => {
      const newId = await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, id);
        requireAction(row, 'newRound');
        if ((await getMeeting(trx, row.meeting_id))?.status === 'closed') throw new AppError('STATE', '会议已闭会，不能再另行表决。');
        const series = row.series_id ?? row.id;
        const latest = await maxRound(trx, series);
        if (row.round !== latest) throw new AppError('STATE', `“${row.title}”已有第${latest}轮，请在最新一轮上另行表决。`);
        // After a tie at a selection's cut-off, the next round is the run-off: the tied
        // candidates only, for the seats left. Otherwise it repeats the poll as it was — for a
        // selection, its last full round (a settled run-off is not repeated on its own).
        let definition = row.definition;
        if (row.kind === 'selection') {
          const result = await getResultRow(trx, row.id);
          const def = parseStoredDefinition(row.definition) as SelectionPoll;
          const runoff = result ? runoffDefinition(def, JSON.parse(result.result) as SelectionResult, row.round) : null;
          if (runoff) definition = canonicalJson(runoff);
          else if (def.runoff) {
            const full = (await seriesRows(trx, series)).filter((r) => !(parseStoredDefinition(r.definition) as SelectionPoll).runoff).at(-1);
            if (full) definition = full.definition;
          }
        }
        const round = latest + 1;
        const newId = await insertPoll(
          trx,
          {
            agendaItemId: row.agenda_item_id,
            seriesId: series,
            round,
            kind: row.kind,
            title: row.title,
            anonymous: row.anonymous === 1,
            definition,
            autoClose: row.auto_close === 1,
            doubleEntry: row.double_entry === 1,
          },
          deps.now(),
        );
        // The new round rates the same rows as the one it repeats.
        for (const l of await targetLinks(trx, row.id)) {
          await setTargetLink(trx, newId, l.target_key, l.body_id !== null ? { kind: 'body', id: l.body_id } : l.appointee_id !== null ? { kind: 'appointee', id: l.appointee_id } : null);
        }
        await syncTargetLinks(trx, newId);
        return newId;
      });
      await announce(newId);
      return detailOf(db, newId);
    },
    'poll.result': async ({ id }) => {
      const row = await requirePoll(db, id);
      requireAction(row, 'result');
      return sealedResult(db, row);
    },
    'poll.outcome': async ({ id }) => {
      const row = await requirePoll(db, id);
      if (row.kind !== 'selection') return null;
      const rounds = [];
      for (const r of await seriesRows(db, row.series_id ?? row.id)) {
        const res = await getResultRow(db, r.id);
        if (!res) continue;
        rounds.push({ round: r.round, definition: parseStoredDefinition(r.definition) as SelectionPoll, result: JSON.parse(res.result) as SelectionResult });
      }
      return rounds.length > 0 ? selectionOutcome(rounds) : null;
    },
    'poll.verify': async ({ id }) => {
      requireAction(await requirePoll(db, id), 'verify');
      const v = await verifyPoll(db, id);
      return { ok: v.ok, digest: v.storedDigest, recomputed: v.recomputedDigest, message: v.message };
    },
  };
}

