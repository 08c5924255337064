import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PaperSheetTable, PollTable } from '../schema.js';

export type PollRow = Selectable<PollTable> & { agenda_title: string; meeting_id: number; received: number };

function pollQuery(db: Kysely<Database>) {
  return db
    .selectFrom('poll')
    .innerJoin('agenda_item', 'agenda_item.id', 'poll.agenda_item_id')
    .selectAll('poll')
    .select([
      'agenda_item.title as agenda_title',
      'agenda_item.meeting_id',
      'agenda_item.position as agenda_position',
      sql<number>`(SELECT count(*) FROM ballot b WHERE b.poll_id = poll.id)`.as('received'),
    ]);
}

export async function getPollRow(db: Kysely<Database>, id: number): Promise<PollRow | null> {
  return (await pollQuery(db).where('poll.id', '=', id).executeTakeFirst()) ?? null;
}

export async function listPollRows(db: Kysely<Database>, meetingId: number): Promise<PollRow[]> {
  return pollQuery(db)
    .where('agenda_item.meeting_id', '=', meetingId)
    .orderBy('agenda_item.position')
    .orderBy(sql`coalesce(poll.series_id, poll.id)`)
    .orderBy('poll.round')
    .execute();
}

export async function openPollOfMeeting(db: Kysely<Database>, meetingId: number): Promise<PollRow | null> {
  return (await pollQuery(db).where('agenda_item.meeting_id', '=', meetingId).where('poll.status', '=', 'open').executeTakeFirst()) ?? null;
}

/** The poll most recently opened or released anywhere: the room screen's default. */
export async function latestActivePoll(db: Kysely<Database>): Promise<PollRow | null> {
  // Pick the id first: the full row carries a ballot count, which would otherwise be computed
  // for every poll of every year before the sort (the room screen asks several times a second).
  const latest = await db
    .selectFrom('poll')
    .select('id')
    .where('status', '!=', 'draft')
    .orderBy(sql`max(coalesce(released_at, ''), coalesce(opened_at, ''))`, 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest ? getPollRow(db, latest.id) : null;
}

export interface NewPoll {
  agendaItemId: number;
  seriesId: number | null;
  round: number;
  kind: string;
  title: string;
  anonymous: boolean;
  definition: string;
  autoClose: boolean;
  doubleEntry: boolean;
}

export async function insertPoll(db: Kysely<Database>, p: NewPoll, now: string): Promise<number> {
  const r = await db
    .insertInto('poll')
    .values({
      agenda_item_id: p.agendaItemId,
      series_id: p.seriesId,
      round: p.round,
      kind: p.kind,
      title: p.title,
      anonymous: p.anonymous ? 1 : 0,
      definition: p.definition,
      status: 'draft',
      auto_close: p.autoClose ? 1 : 0,
      double_entry: p.doubleEntry ? 1 : 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateDraftPoll(db: Kysely<Database>, id: number, p: Omit<NewPoll, 'agendaItemId' | 'seriesId' | 'round'>): Promise<void> {
  await db
    .updateTable('poll')
    .set({ kind: p.kind, title: p.title, anonymous: p.anonymous ? 1 : 0, definition: p.definition, auto_close: p.autoClose ? 1 : 0, double_entry: p.doubleEntry ? 1 : 0 })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function deleteDraftPoll(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('poll').where('id', '=', id).where('status', '=', 'draft').execute();
}

export async function maxRound(db: Kysely<Database>, seriesId: number): Promise<number> {
  const r = await db
    .selectFrom('poll')
    .select((eb) => eb.fn.max<number>('round').as('m'))
    .where((eb) => eb.or([eb('id', '=', seriesId), eb('series_id', '=', seriesId)]))
    .executeTakeFirstOrThrow();
  return r.m;
}

export async function markOpen(db: Kysely<Database>, id: number, serving: number, present: number, now: string): Promise<void> {
  await db
    .updateTable('poll')
    .set({ status: 'open', serving_at_open: serving, present_at_open: present, opened_at: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function markStatus(db: Kysely<Database>, id: number, from: string, to: 'closed' | 'released', now: string): Promise<void> {
  await db
    .updateTable('poll')
    .set(to === 'closed' ? { status: to, closed_at: now } : { status: to, released_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .execute();
}

export async function setPaperIssued(db: Kysely<Database>, id: number, issued: number | null): Promise<void> {
  await db.updateTable('poll').set({ paper_issued: issued }).where('id', '=', id).execute();
}

/** A random key: the ballot table is ordered by it, so storage order reveals no arrival order. */
export function newBallotId(): string {
  return crypto.randomBytes(16).toString('hex');
}

export async function insertBallot(db: Kysely<Database>, pollId: number, payload: string, source: 'device' | 'paper'): Promise<string> {
  const id = newBallotId();
  await db.insertInto('ballot').values({ id, poll_id: pollId, payload, source }).execute();
  return id;
}

export async function deleteBallot(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('ballot').where('id', '=', id).execute();
}

/** Payloads only, in key order (random): what tallies and digests are computed from. */
export async function ballotPayloads(db: Kysely<Database>, pollId: number): Promise<string[]> {
  const rows = await db.selectFrom('ballot').select('payload').where('poll_id', '=', pollId).orderBy('id').execute();
  return rows.map((r) => r.payload);
}

export async function listSheets(db: Kysely<Database>, pollId: number): Promise<Selectable<PaperSheetTable>[]> {
  return db.selectFrom('paper_sheet').selectAll().where('poll_id', '=', pollId).orderBy('sheet_no').execute();
}

export async function getSheet(db: Kysely<Database>, pollId: number, sheetNo: number): Promise<Selectable<PaperSheetTable> | null> {
  return (await db.selectFrom('paper_sheet').selectAll().where('poll_id', '=', pollId).where('sheet_no', '=', sheetNo).executeTakeFirst()) ?? null;
}

export async function insertSheet(db: Kysely<Database>, pollId: number, sheetNo: number, first: string, ballotId: string | null): Promise<void> {
  await db.insertInto('paper_sheet').values({ poll_id: pollId, sheet_no: sheetNo, first_entry: first, second_entry: null, ballot_id: ballotId }).execute();
}

export async function updateSheet(db: Kysely<Database>, pollId: number, sheetNo: number, set: { second_entry?: string; ballot_id?: string | null }): Promise<void> {
  await db.updateTable('paper_sheet').set(set).where('poll_id', '=', pollId).where('sheet_no', '=', sheetNo).execute();
}

export async function deleteSheet(db: Kysely<Database>, pollId: number, sheetNo: number): Promise<void> {
  await db.deleteFrom('paper_sheet').where('poll_id', '=', pollId).where('sheet_no', '=', sheetNo).execute();
}

export async function purgeSheets(db: Kysely<Database>, pollId: number): Promise<void> {
  await db.deleteFrom('paper_sheet').where('poll_id', '=', pollId).execute();
}

export async function insertResult(db: Kysely<Database>, pollId: number, result: string, ballotCount: number, digest: string, now: string): Promise<void> {
  await db.insertInto('poll_result').values({ poll_id: pollId, result, ballot_count: ballotCount, digest, sealed_at: now }).execute();
}

export async function getResultRow(db: Kysely<Database>, pollId: number) {
  return (await db.selectFrom('poll_result').selectAll().where('poll_id', '=', pollId).executeTakeFirst()) ?? null;
}

export async function sealedPollIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('poll_result').select('poll_id').orderBy('poll_id').execute();
  return rows.map((r) => r.poll_id);
}
