import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { PaperSheet, PaperStatus, PollId, RollEntry } from '../../../shared/api/poll-schemas.js';
import type { MemberId } from '../../../shared/api/schemas.js';
import { parseBallot, type BallotPayload } from '../../../shared/domain/polls/ballot.js';
import { canonicalJson } from '../../../shared/domain/polls/canonical.js';
import { refusal } from '../../../shared/domain/polls/lifecycle.js';
import {
  deleteSheet,
  getSheet,
  handOutSheet,
  insertSheet,
  listSheets,
  nextSheetNo,
  rollCounts,
  rollMembers,
  takeBackSheet,
  updateSheet,
  type PollRow,
} from '../../../db/repos/poll.repo.js';
import type { Database, PaperSheetTable } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { parseStoredDefinition } from '../seal.js';
import { requirePoll } from './poll.service.js';

function sheetState(s: Selectable<PaperSheetTable>, doubleEntry: boolean): PaperSheet['state'] {
  if (s.counted !== null) return 'counted';
  if (doubleEntry && s.second_entry === null) return 'awaiting_second';
  return 'mismatch';
}

/** Typed choices are shown back only for a mismatch: a list of entered sheets would be a running tally. */
function toSheet(s: Selectable<PaperSheetTable>, doubleEntry: boolean): PaperSheet {
  const state = sheetState(s, doubleEntry);
  const show = state === 'mismatch';
  return {
    sheetNo: s.sheet_no,
    state,
    first: show ? (JSON.parse(s.first_entry) as BallotPayload) : null,
    second: show && s.second_entry ? (JSON.parse(s.second_entry) as BallotPayload) : null,
  };
}

async function statusOf(db: Kysely<Database>, row: PollRow): Promise<PaperStatus> {
  const doubleEntry = row.double_entry === 1;
  const sheets = (await listSheets(db, row.id)).map((s) => toSheet(s, doubleEntry));
  const open = row.status === 'open';
  const roll = open ? await rollMembers(db, row.id, row.meeting_id) : [];
  const counts = open ? await rollCounts(db, row.id, row.meeting_id) : null;
  const entry = (m: { memberId: number; name: string }): RollEntry => ({ memberId: m.memberId as MemberId, name: m.name });
  return {
    pollId: row.id as PollId,
    doubleEntry,
    handedOut: counts?.handedOut ?? 0,
    holders: roll.filter((m) => m.channel === 'paper').map(entry),
    eligible: roll.filter((m) => m.channel === null && m.present).map(entry),
    entered: sheets.length,
    counted: sheets.filter((s) => s.state === 'counted').length,
    awaitingSecond: sheets.filter((s) => s.state === 'awaiting_second').length,
    mismatches: sheets.filter((s) => s.state === 'mismatch').length,
    nextSheetNo: sheets.reduce((m, s) => Math.max(m, s.sheetNo), 0) + 1,
    sheets,
  };
}

export function paperBallotHandlers(
  deps: Deps,
): Pick<Handlers, 'paperBallot.enter' | 'paperBallot.resolve' | 'paperBallot.remove' | 'paperBallot.status' | 'paperBallot.handOut' | 'paperBallot.takeBack'> {
  const { db } = deps;
  const requireOpen = async (trx: Kysely<Database>, pollId: number) => {
    const row = await requirePoll(trx, pollId);
    const refused = refusal(row.status, 'paper', row.title);
    if (refused) throw new AppError('STATE', refused);
    return row;
  };
  /** The payload must fit this poll (kind, targets, options); an invalid sheet still parses and is kept. */
  const payloadFor = (row: PollRow, raw: unknown): string => {
    try {
      return canonicalJson(parseBallot(parseStoredDefinition(row.definition), raw));
    } catch (err) {
      throw new AppError('VALIDATION', `选票内容与本表决不符：${(err as Error).message.slice(0, 200)}`);
    }
  };

  return {
    'paperBallot.enter': async ({ pollId, pass, sheetNo, payload }) => {
      const out = await db.transaction().execute(async (trx) => {
        const row = await requireOpen(trx, pollId);
        const doubleEntry = row.double_entry === 1;
        const entry = payloadFor(row, payload);
        if (pass === 1) {
          const no = sheetNo ?? (await nextSheetNo(trx, pollId));
          if (await getSheet(trx, pollId, no)) throw new AppError('CONFLICT', `第 ${no} 张选票已录入过。如需更正，请先撤回该张再重新录入。`);
          // Only sheets handed to named members can come back: one more would be a sheet from nowhere.
          const counts = await rollCounts(trx, pollId, row.meeting_id);
          if (counts.entered >= counts.handedOut) {
            throw new AppError(
              'STATE',
              counts.handedOut === 0
                ? '还没有发放纸质选票。请先在“发放纸质选票”中登记领票人，再录入选票。'
                : `已录入 ${counts.entered} 张，等于发出的张数（${counts.handedOut} 张），不能再录入。如有漏登记的领票人，请先登记发放。`,
            );
          }
          await insertSheet(trx, pollId, no, entry, doubleEntry ? null : entry);
          return { no, row };
        }
        if (sheetNo === undefined) throw new AppError('VALIDATION', '第二遍录入须填写选票编号', [{ path: 'sheetNo', message: '请填写选票编号' }]);
        const sheet = await getSheet(trx, pollId, sheetNo);
        if (!sheet) throw new AppError('NOT_FOUND', `第 ${sheetNo} 张选票还没有第一遍录入。`);
        if (sheet.second_entry !== null) throw new AppError('CONFLICT', `第 ${sheetNo} 张选票已完成第二遍录入。`);
        if (doubleEntry) {
          await updateSheet(trx, pollId, sheetNo, { second_entry: entry, counted: sheet.first_entry === entry ? entry : null });
        } else {
          // Spot check (抽查复核) of a sheet already counted: a disagreement takes it out of the
          // box until the clerks settle it against the paper.
          const differs = sheet.first_entry !== entry;
          await updateSheet(trx, pollId, sheetNo, { second_entry: entry, ...(differs ? { counted: null } : {}) });
        }
        return { no: sheetNo, row };
      });
      deps.pollChanged(pollId);
      const status = await statusOf(db, out.row);
      return { sheetNo: out.no, sheet: status.sheets.find((s) => s.sheetNo === out.no)!, status };
    },
    'paperBallot.resolve': async ({ pollId, sheetNo, payload }) => {
      const row = await db.transaction().execute(async (trx) => {
        const row = await requireOpen(trx, pollId);
        const sheet = await getSheet(trx, pollId, sheetNo);
        if (!sheet || sheetState(sheet, row.double_entry === 1) !== 'mismatch') {
          throw new AppError('STATE', `第 ${sheetNo} 张选票没有待核对的不一致。`);
        }
        await updateSheet(trx, pollId, sheetNo, { counted: payloadFor(row, payload) });
        return row;
      });
      deps.pollChanged(pollId);
      return statusOf(db, row);
    },
    'paperBallot.remove': async ({ pollId, sheetNo }) => {
      const row = await db.transaction().execute(async (trx) => {
        const row = await requireOpen(trx, pollId);
        if (!(await getSheet(trx, pollId, sheetNo))) throw new AppError('NOT_FOUND', `没有第 ${sheetNo} 张选票的录入记录。`);
        await deleteSheet(trx, pollId, sheetNo);
        return row;
      });
      deps.pollChanged(pollId);
      return statusOf(db, row);
    },
    'paperBallot.status': async ({ pollId }) => statusOf(db, await requirePoll(db, pollId)),
    'paperBallot.handOut': async ({ pollId, memberIds }) => {
      const row = await db.transaction().execute(async (trx) => {
        const row = await requireOpen(trx, pollId);
        const roll = new Map((await rollMembers(trx, pollId, row.meeting_id)).map((m) => [m.memberId, m]));
        const problems: string[] = [];
        for (const id of new Set(memberIds)) {
          const m = roll.get(id);
          if (!m) problems.push(`第 ${id} 号人员在本项表决开始时未签到，不能参加本项表决`);
          else if (!m.present) problems.push(`${m.name}已不在会场（出席状态已改为请假或缺席）`);
          else if (m.channel === 'device') problems.push(`${m.name}已在电子设备上投票`);
          else if (m.channel === 'paper') problems.push(`${m.name}已领取纸质选票`);
        }
        if (problems.length > 0) throw new AppError('STATE', `不能发放：${problems.slice(0, 5).join('；')}${problems.length > 5 ? `等 ${problems.length} 人` : ''}。未发放任何选票。`);
        for (const id of new Set(memberIds)) await handOutSheet(trx, pollId, id);
        return row;
      });
      deps.pollChanged(pollId);
      return statusOf(db, row);
    },
    'paperBallot.takeBack': async ({ pollId, memberId }) => {
      const row = await db.transaction().execute(async (trx) => {
        const row = await requireOpen(trx, pollId);
        const counts = await rollCounts(trx, pollId, row.meeting_id);
        if (counts.entered >= counts.handedOut) {
          throw new AppError('STATE', `已录入 ${counts.entered} 张纸质选票，收回一张未用的选票后发出数将少于录入数。请先核对录入的选票。`);
        }
        if ((await takeBackSheet(trx, pollId, memberId)) === 0) throw new AppError('NOT_FOUND', '该人员没有领取本项表决的纸质选票。');
        return row;
      });
      deps.pollChanged(pollId);
      return statusOf(db, row);
    },
  };
}
