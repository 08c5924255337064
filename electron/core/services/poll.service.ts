import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { PollDetail, PollId, PollSummary, SealedResult } from '../../../shared/api/poll-schemas.js';
import type { AgendaItemId, MeetingId } from '../../../shared/api/schemas.js';
import { canonicalJson } from '../../../shared/domain/polls/canonical.js';
import type { PollDefinition } from '../../../shared/domain/polls/definition.js';
import { getMeeting, updateMeeting } from '../../../db/repos/meeting.repo.js';
import {
  ballotPayloads,
  deleteDraftPoll,
  getPollRow,
  getResultRow,
  insertPoll,
  insertResult,
  listPollRows,
  listSheets,
  markOpen,
  markStatus,
  maxRound,
  openPollOfMeeting,
  purgeSheets,
  updateDraftPoll,
  type PollRow,
} from '../../../db/repos/poll.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { computeSealFromStored, parseStoredDefinition, tallyContext, verifyPoll } from '../seal.js';
import { requireAgendaItem } from './agenda.service.js';

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
    present: frozen ? (row.present_at_open ?? 0) : meetingQuorum.present,
    serving: frozen ? (row.serving_at_open ?? 0) : meetingQuorum.serving,
    paperIssued: row.paper_issued,
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
    result: JSON.parse(stored.result) as SealedResult['result'],
  };
}

const STATUS_TEXT: Record<string, string> = { draft: '尚未开始', open: '正在表决', closed: '已结束', released: '已公布' };

function requireStatus(row: PollRow, allowed: string[], action: string): void {
  if (!allowed.includes(row.status)) {
    throw new AppError('STATE', `“${row.title}”${STATUS_TEXT[row.status] ?? row.status}，不能${action}。`);
  }
}

function stored(definition: PollDefinition) {
  return { kind: definition.kind, title: definition.title, anonymous: definition.anonymous, definition: canonicalJson(definition) };
}

export function pollHandlers(
  deps: Deps,
): Pick<
  Handlers,
  'poll.list' | 'poll.get' | 'poll.create' | 'poll.update' | 'poll.delete' | 'poll.open' | 'poll.close' | 'poll.release' | 'poll.newRound' | 'poll.result' | 'poll.verify'
> {
  const { db } = deps;
  const announce = async (id: number) => {
    const s = await summaryOf(db, id);
    deps.emit('poll.updated', { pollId: s.id, meetingId: s.meetingId, status: s.status, received: s.received });
    deps.emit('projector.changed', {});
    return s;
  };

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
        return insertPoll(trx, { agendaItemId, seriesId: null, round: 1, autoClose, doubleEntry, ...stored(definition) }, deps.now());
      });
      await announce(id);
      return detailOf(db, id);
    },
    'poll.update': async ({ id, definition, autoClose, doubleEntry }) => {
      await db.transaction().execute(async (trx) => {
        requireStatus(await requirePoll(trx, id), ['draft'], '修改（已开始的表决不能修改，如需重新表决请新建一轮）');
        await updateDraftPoll(trx, id, { autoClose, doubleEntry, ...stored(definition) });
      });
      await announce(id);
      return detailOf(db, id);
    },
    'poll.delete': async ({ id }) => {
      const row = await requirePoll(db, id);
      requireStatus(row, ['draft'], '删除');
      await deleteDraftPoll(db, id);
      deps.emit('projector.changed', {});
      return { ok: true as const };
    },
    'poll.open': async ({ id }) => {
      await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, id);
        requireStatus(row, ['draft'], '开始');
        const meeting = (await getMeeting(trx, row.meeting_id))!;
        if (meeting.status === 'closed') throw new AppError('STATE', '会议已闭会，不能开始表决。');
        const q = meeting.quorum;
        if (!q.met) {
          throw new AppError('STATE', `未达法定人数（出席 ${q.present} 人，在任 ${q.serving} 人，需至少 ${q.required} 人出席），不能开始表决。请先登记出席。`);
        }
        const other = await openPollOfMeeting(trx, row.meeting_id);
        if (other) throw new AppError('STATE', `“${other.title}”正在表决，请先结束它再开始下一项。`);
        await markOpen(trx, id, q.serving, q.present, deps.now());
        if (meeting.status !== 'in_progress') {
          await updateMeeting(trx, meeting.id, { ...meeting, status: 'in_progress' }, deps.now());
        }
      });
      deps.emit('data.changed', { entity: 'meeting', meetingId: null });
      return announce(id);
    },
    'poll.close': async ({ id }) => {
      await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, id);
        requireStatus(row, ['open'], '结束');
        const sheets = await listSheets(trx, id);
        const pending = sheets.filter((s) => s.ballot_id === null).map((s) => s.sheet_no);
        if (pending.length > 0) {
          throw new AppError('STATE', `还有 ${pending.length} 张纸质选票未核对一致（第 ${pending.slice(0, 10).join('、')} 张），请先完成录入核对再结束表决。`);
        }
        const seal = computeSealFromStored(parseStoredDefinition(row.definition), await ballotPayloads(trx, id), tallyContext(row), false);
        const now = deps.now();
        await insertResult(trx, id, seal.resultJson, seal.ballotCount, seal.digest, now);
        await markStatus(trx, id, 'open', 'closed', now);
        await purgeSheets(trx, id);
      });
      // Fold the WAL into the main file so the order in which ballots were committed is not left in it.
      deps.raw.pragma('wal_checkpoint(TRUNCATE)');
      const s = await announce(id);
      deps.log(`poll ${id} closed and sealed (${s.received} ballots)`);
      return sealedResult(db, await requirePoll(db, id));
    },
    'poll.release': async ({ id }) => {
      await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, id);
        requireStatus(row, ['closed'], '公布');
        await markStatus(trx, id, 'closed', 'released', deps.now());
      });
      return announce(id);
    },
    'poll.newRound': async ({ id }) => {
      const newId = await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, id);
        requireStatus(row, ['closed', 'released'], '另行表决（需先结束本轮）');
        const series = row.series_id ?? row.id;
        const round = (await maxRound(trx, series)) + 1;
        return insertPoll(
          trx,
          {
            agendaItemId: row.agenda_item_id,
            seriesId: series,
            round,
            kind: row.kind,
            title: row.title,
            anonymous: row.anonymous === 1,
            definition: row.definition,
            autoClose: row.auto_close === 1,
            doubleEntry: row.double_entry === 1,
          },
          deps.now(),
        );
      });
      await announce(newId);
      return detailOf(db, newId);
    },
    'poll.result': async ({ id }) => sealedResult(db, await requirePoll(db, id)),
    'poll.verify': async ({ id }) => {
      await requirePoll(db, id);
      const v = await verifyPoll(db, id);
      return { ok: v.ok, digest: v.storedDigest, recomputed: v.recomputedDigest, message: v.message };
    },
  };
}
