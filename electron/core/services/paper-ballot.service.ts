import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { PaperSheet, PaperStatus, PollId } from '../../../shared/api/poll-schemas.js';
import { parseBallot, type BallotPayload } from '../../../shared/domain/polls/ballot.js';
import { canonicalJson } from '../../../shared/domain/polls/canonical.js';
import {
  deleteBallot,
  deleteSheet,
  getSheet,
  insertBallot,
  insertSheet,
  listSheets,
  setPaperIssued,
  updateSheet,
  type PollRow,
} from '../../../db/repos/poll.repo.js';
import type { Database, PaperSheetTable } from '../../../db/schema.js';
import type { Selectable } from 'kysely';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { parseStoredDefinition } from '../seal.js';
import { requirePoll, summaryOf } from './poll.service.js';

function sheetState(s: Selectable<PaperSheetTable>, doubleEntry: boolean): PaperSheet['state'] {
  if (s.ballot_id !== null) return 'counted';
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
  return {
    pollId: row.id as PollId,
    doubleEntry,
    issued: row.paper_issued,
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
): Pick<Handlers, 'paperBallot.enter' | 'paperBallot.resolve' | 'paperBallot.remove' | 'paperBallot.status' | 'paperBallot.setIssued'> {
  const { db } = deps;
  const requireOpen = async (trx: Kysely<Database>, pollId: number) => {
    const row = await requirePoll(trx, pollId);
    if (row.status !== 'open') throw new AppError('STATE', `“${row.title}”不在表决中，不能录入纸质选票。`);
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
  const changed = async (pollId: number) => {
    const s = await summaryOf(db, pollId);
    deps.emit('poll.updated', { pollId: s.id, meetingId: s.meetingId, status: s.status, received: s.received });
    deps.emit('projector.changed', {});
  };

  return {
    'paperBallot.enter': async ({ pollId, pass, sheetNo, payload }) => {
      const out = await db.transaction().execute(async (trx) => {
        const row = await requireOpen(trx, pollId);
        const doubleEntry = row.double_entry === 1;
        const entry = payloadFor(row, payload);
        if (pass === 1) {
          const no = sheetNo ?? (await statusOf(trx, row)).nextSheetNo;
          if (await getSheet(trx, pollId, no)) throw new AppError('CONFLICT', `第 ${no} 张选票已录入过。如需更正，请先撤回该张再重新录入。`);
          const ballotId = doubleEntry ? null : await insertBallot(trx, pollId, entry, 'paper');
          await insertSheet(trx, pollId, no, entry, ballotId);
          return { no, row };
        }
        if (sheetNo === undefined) throw new AppError('VALIDATION', '第二遍录入须填写选票编号', [{ path: 'sheetNo', message: '请填写选票编号' }]);
        const sheet = await getSheet(trx, pollId, sheetNo);
        if (!sheet) throw new AppError('NOT_FOUND', `第 ${sheetNo} 张选票还没有第一遍录入。`);
        if (sheet.second_entry !== null) throw new AppError('CONFLICT', `第 ${sheetNo} 张选票已完成第二遍录入。`);
        if (doubleEntry) {
          const ballotId = sheet.first_entry === entry ? await insertBallot(trx, pollId, entry, 'paper') : null;
          await updateSheet(trx, pollId, sheetNo, { second_entry: entry, ballot_id: ballotId });
        } else {
          // Spot check (抽查复核) of a sheet already counted: a disagreement takes it out of the
          // box until the clerks settle it against the paper.
          const differs = sheet.first_entry !== entry;
          await updateSheet(trx, pollId, sheetNo, { second_entry: entry, ...(differs ? { ballot_id: null } : {}) });
          if (differs && sheet.ballot_id) await deleteBallot(trx, sheet.ballot_id);
        }
        return { no: sheetNo, row };
      });
      await changed(pollId);
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
        const ballotId = await insertBallot(trx, pollId, payloadFor(row, payload), 'paper');
        await updateSheet(trx, pollId, sheetNo, { ballot_id: ballotId });
        return row;
      });
      await changed(pollId);
      return statusOf(db, row);
    },
    'paperBallot.remove': async ({ pollId, sheetNo }) => {
      const row = await db.transaction().execute(async (trx) => {
        const row = await requireOpen(trx, pollId);
        const sheet = await getSheet(trx, pollId, sheetNo);
        if (!sheet) throw new AppError('NOT_FOUND', `没有第 ${sheetNo} 张选票的录入记录。`);
        await deleteSheet(trx, pollId, sheetNo);
        if (sheet.ballot_id) await deleteBallot(trx, sheet.ballot_id);
        return row;
      });
      await changed(pollId);
      return statusOf(db, row);
    },
    'paperBallot.status': async ({ pollId }) => statusOf(db, await requirePoll(db, pollId)),
    'paperBallot.setIssued': async ({ pollId, issued }) => {
      const row = await db.transaction().execute(async (trx) => {
        const row = await requirePoll(trx, pollId);
        if (row.status !== 'draft' && row.status !== 'open') throw new AppError('STATE', '表决已结束，发出票数不能再修改。');
        await setPaperIssued(trx, pollId, issued);
        return { ...row, paper_issued: issued };
      });
      await changed(pollId);
      return statusOf(db, row);
    },
  };
}
