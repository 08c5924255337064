import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { RollCounts, VoteChannel } from '../../shared/domain/polls/lifecycle.js';
import type { VoteKind } from '../../shared/domain/labels.js';
import type { Database, PaperSheetTable, PollTable } from '../schema.js';
import { RECEIVED_SQL } from './voting.repo.js';

export type PollRow = Selectable<PollTable> & { agenda_title: string; meeting_id: number; received: number };

function pollQuery(db: Kysely<Database>) {
  return db
    .selectFrom('poll as p')
    .innerJoin('agenda_item', 'agenda_item.id', 'p.agenda_item_id')
    .selectAll('p')
    .select([
      'agenda_item.title as agenda_title',
      'agenda_item.meeting_id',
      'agenda_item.position as agenda_position',
      sql<number>`${sql.raw(RECEIVED_SQL)}`.as('received'),
    ]);
}

export async function getPollRow(db: Kysely<Database>, id: number): Promise<PollRow | null> {
  return (await pollQuery(db).where('p.id', '=', id).executeTakeFirst()) ?? null;
}

export async function listPollRows(db: Kysely<Database>, meetingId: number): Promise<PollRow[]> {
  return pollQuery(db)
    .where('agenda_item.meeting_id', '=', meetingId)
    .orderBy('agenda_item.position')
    .orderBy(sql`coalesce(p.series_id, p.id)`)
    .orderBy('p.round')
    .execute();
}

/** Every round of a series, first round first. */
export async function seriesRows(db: Kysely<Database>, seriesId: number): Promise<PollRow[]> {
  return pollQuery(db)
    .where((eb) => eb.or([eb('p.id', '=', seriesId), eb('p.series_id', '=', seriesId)]))
    .orderBy('p.round')
    .execute();
}

export async function openPollOfMeeting(db: Kysely<Database>, meetingId: number): Promise<PollRow | null> {
  return (await pollQuery(db).where('agenda_item.meeting_id', '=', meetingId).where('p.status', '=', 'open').executeTakeFirst()) ?? null;
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
  kind: VoteKind;
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

/**
 * Open a draft: the head counts the chair announces (应到 / 实到) and the members present,
 * who alone are entitled to vote in it. Written in member order, so the list says nothing
 * beyond who was present.
 */
export async function markOpen(db: Kysely<Database>, id: number, o: { serving: number; entitled: readonly number[] }, now: string): Promise<void> {
  await db
    .updateTable('poll')
    .set({ status: 'open', serving_at_open: o.serving, present_at_open: o.entitled.length, lowest_present: o.entitled.length, opened_at: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
  const members = [...new Set(o.entitled)].sort((a, b) => a - b);
  for (let i = 0; i < members.length; i += 500) {
    await db
      .insertInto('poll_entitled')
      .values(members.slice(i, i + 500).map((m) => ({ poll_id: id, member_id: m })))
      .execute();
  }
}

/** Attendance changed while the poll is open: keep the lowest count seen (for the quorum warning). */
export async function notePresent(db: Kysely<Database>, id: number, present: number): Promise<void> {
  await db
    .updateTable('poll')
    .set({ lowest_present: sql<number>`min(coalesce(lowest_present, ${present}), ${present})` })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

export async function markStatus(db: Kysely<Database>, id: number, from: 'open' | 'closed', to: 'closed' | 'released', now: string): Promise<void> {
  await db
    .updateTable('poll')
    .set(to === 'closed' ? { status: to, closed_at: now } : { status: to, released_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .execute();
}

/** A random key for a staged ballot: the staging table is ordered by it, not by arrival. */
export function newStageKey(): string {
  return crypto.randomBytes(16).toString('hex');
}

// ---------------------------------------------------------------------------------------
// The roll while a poll is open: entitled members, who took part and how.

export interface RollMember {
  memberId: number;
  name: string;
  seatOrder: number;
  present: boolean;
  channel: VoteChannel | null;
}

/** Entitled members in seat order, with their attendance now and how they took part. */
export async function rollMembers(db: Kysely<Database>, pollId: number, meetingId: number): Promise<RollMember[]> {
  const rows = await db
    .selectFrom('poll_entitled as e')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .leftJoin('attendance as a', (j) => j.onRef('a.member_id', '=', 'e.member_id').on('a.meeting_id', '=', meetingId))
    .leftJoin('roll_stage as r', (j) => j.onRef('r.member_id', '=', 'e.member_id').onRef('r.poll_id', '=', 'e.poll_id'))
    .select(['e.member_id', 'm.name', 'm.seat_order', 'a.status as attendance', 'r.channel'])
    .where('e.poll_id', '=', pollId)
    .orderBy('m.seat_order')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({ memberId: r.member_id, name: r.name, seatOrder: r.seat_order, present: r.attendance === 'present', channel: r.channel }));
}

export async function rollCounts(db: Kysely<Database>, pollId: number, meetingId: number): Promise<RollCounts> {
  const r = await sql<{ entitled_present: number; took_part: number; paper_named: number; unnamed: number; entered: number; pending: number }>`
    SELECT
      (SELECT count(*) FROM poll_entitled e JOIN attendance a ON a.member_id = e.member_id AND a.meeting_id = ${meetingId} AND a.status = 'present'
        WHERE e.poll_id = ${pollId}) AS entitled_present,
      (SELECT count(*) FROM poll_entitled e JOIN attendance a ON a.member_id = e.member_id AND a.meeting_id = ${meetingId} AND a.status = 'present'
        JOIN roll_stage r ON r.poll_id = e.poll_id AND r.member_id = e.member_id WHERE e.poll_id = ${pollId}) AS took_part,
      (SELECT count(*) FROM roll_stage WHERE poll_id = ${pollId} AND channel = 'paper') AS paper_named,
      (SELECT paper_unnamed FROM poll WHERE id = ${pollId}) AS unnamed,
      (SELECT count(*) FROM paper_sheet WHERE poll_id = ${pollId}) AS entered,
      (SELECT count(*) FROM paper_sheet WHERE poll_id = ${pollId} AND counted IS NULL) AS pending`.execute(db);
  const c = r.rows[0]!;
  return {
    entitledPresent: c.entitled_present,
    entitledPresentTookPart: c.took_part,
    handedOut: c.paper_named + (c.unnamed ?? 0),
    entered: c.entered,
    pendingSheets: c.pending,
  };
}

export async function handOutSheet(db: Kysely<Database>, pollId: number, memberId: number): Promise<void> {
  await db.insertInto('roll_stage').values({ poll_id: pollId, member_id: memberId, channel: 'paper' }).execute();
}

export async function takeBackSheet(db: Kysely<Database>, pollId: number, memberId: number): Promise<number> {
  const r = await db.deleteFrom('roll_stage').where('poll_id', '=', pollId).where('member_id', '=', memberId).where('channel', '=', 'paper').executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---------------------------------------------------------------------------------------
// Paper sheets while open (entry order is kept only until close).

export async function listSheets(db: Kysely<Database>, pollId: number): Promise<Selectable<PaperSheetTable>[]> {
  return db.selectFrom('paper_sheet').selectAll().where('poll_id', '=', pollId).orderBy('sheet_no').execute();
}

/** The number the next sheet gets when the clerk does not give one. */
export async function nextSheetNo(db: Kysely<Database>, pollId: number): Promise<number> {
  const r = await db.selectFrom('paper_sheet').select((eb) => eb.fn.max<number | null>('sheet_no').as('m')).where('poll_id', '=', pollId).executeTakeFirst();
  return (r?.m ?? 0) + 1;
}

export async function getSheet(db: Kysely<Database>, pollId: number, sheetNo: number): Promise<Selectable<PaperSheetTable> | null> {
  return (await db.selectFrom('paper_sheet').selectAll().where('poll_id', '=', pollId).where('sheet_no', '=', sheetNo).executeTakeFirst()) ?? null;
}

export async function insertSheet(db: Kysely<Database>, pollId: number, sheetNo: number, first: string, counted: string | null): Promise<void> {
  await db.insertInto('paper_sheet').values({ poll_id: pollId, sheet_no: sheetNo, first_entry: first, second_entry: null, counted }).execute();
}

export async function updateSheet(db: Kysely<Database>, pollId: number, sheetNo: number, set: { second_entry?: string; counted?: string | null }): Promise<void> {
  await db.updateTable('paper_sheet').set(set).where('poll_id', '=', pollId).where('sheet_no', '=', sheetNo).execute();
}

export async function deleteSheet(db: Kysely<Database>, pollId: number, sheetNo: number): Promise<void> {
  await db.deleteFrom('paper_sheet').where('poll_id', '=', pollId).where('sheet_no', '=', sheetNo).execute();
}

// ---------------------------------------------------------------------------------------
// Sealing: staging in, sealed storage out, in one transaction (the caller's).

export interface Staged {
  device: string[];
  paper: string[];
  roll: { memberId: number; channel: VoteChannel }[];
  receipts: string[];
  named: { memberId: number; payload: string }[];
  /** Sheets entered but not counted (awaiting a second entry or disagreeing). */
  pendingSheets: number[];
}

export async function stagedOf(db: Kysely<Database>, pollId: number): Promise<Staged> {
  const [device, sheets, roll, receipts, named] = await Promise.all([
    db.selectFrom('ballot_stage').select('payload').where('poll_id', '=', pollId).execute(),
    db.selectFrom('paper_sheet').select(['sheet_no', 'counted']).where('poll_id', '=', pollId).orderBy('sheet_no').execute(),
    db.selectFrom('roll_stage').select(['member_id', 'channel']).where('poll_id', '=', pollId).execute(),
    db.selectFrom('receipt_stage').select('receipt').where('poll_id', '=', pollId).execute(),
    db
      .selectFrom('named_stage as n')
      .innerJoin('ballot_stage as b', (j) => j.onRef('b.poll_id', '=', 'n.poll_id').onRef('b.id', '=', 'n.ballot_id'))
      .select(['n.member_id', 'b.payload'])
      .where('n.poll_id', '=', pollId)
      .execute(),
  ]);
  return {
    device: device.map((r) => r.payload),
    paper: sheets.filter((s) => s.counted !== null).map((s) => s.counted!),
    roll: roll.map((r) => ({ memberId: r.member_id, channel: r.channel })),
    receipts: receipts.map((r) => r.receipt),
    named: named.map((r) => ({ memberId: r.member_id, payload: r.payload })),
    pendingSheets: sheets.filter((s) => s.counted === null).map((s) => s.sheet_no),
  };
}

export interface Sealed {
  /** Canonical payloads, in any order: they are stored sorted. */
  payloads: readonly string[];
  /** Everyone who took part (voted on a device or was handed a sheet), no channel. */
  voters: readonly number[];
  receipts: readonly string[];
  named: readonly { memberId: number; payload: string }[];
}

/**
 * Write a poll's sealed rows in key order into tables that hold nothing else of it: they
 * append into pages of their own, in an order that is a function of the ballot set alone.
 * Each table is filled by one statement over a JSON array (json_each yields it in order),
 * which costs far less than binding thousands of rows one by one.
 */
export async function writeSealed(db: Kysely<Database>, pollId: number, s: Sealed): Promise<void> {
  const payloads = JSON.stringify([...s.payloads].sort());
  const voters = JSON.stringify([...new Set(s.voters)].sort((a, b) => a - b));
  const receipts = JSON.stringify([...s.receipts].sort());
  await sql`INSERT INTO ballot (poll_id, seq, payload) SELECT ${pollId}, key + 1, value FROM json_each(${payloads}) ORDER BY key`.execute(db);
  await sql`INSERT INTO poll_voter (poll_id, member_id) SELECT ${pollId}, value FROM json_each(${voters}) ORDER BY key`.execute(db);
  await sql`INSERT INTO poll_receipt (poll_id, receipt) SELECT ${pollId}, value FROM json_each(${receipts}) ORDER BY key`.execute(db);
  for (const n of [...s.named].sort((a, b) => a.memberId - b.memberId)) {
    await db.insertInto('named_vote').values({ poll_id: pollId, member_id: n.memberId, payload: n.payload }).execute();
  }
}

/** Tables that hold an open poll's rows; emptied at close. */
const STAGING_TABLES = ['named_stage', 'ballot_stage', 'receipt_stage', 'roll_stage', 'paper_sheet'] as const;

/**
 * Empty the poll's staging so that nothing of its arrival order stays in the file. Deleting
 * rows is not enough: secure_delete zeroes a deleted cell, but a page that keeps other cells
 * keeps the freed cells' offsets and sizes (freeblocks), and even an emptied page keeps its
 * old cell pointer array in the unallocated gap — offsets in key order, from which the
 * arrival order of keys such as member ids can be read. So each staging table is dropped
 * (every page freed, and zeroed by secure_delete) and created again from its own schema
 * text; rows of another poll still open are copied into the new table in key order first.
 */
export async function clearStaging(db: Kysely<Database>, pollId: number): Promise<void> {
  for (const table of STAGING_TABLES) {
    const def = await sql<{ sql: string }>`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ${table}`.execute(db);
    const create = def.rows[0]?.sql;
    if (!create) throw new Error(`staging table ${table} is missing`);
    const others = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE poll_id <> ${pollId}`.execute(db);
    if (others.rows[0]!.n === 0) {
      await sql`DROP TABLE ${sql.table(table)}`.execute(db);
      await sql.raw(create).execute(db);
      continue;
    }
    const keep = `${table}_keep`;
    await sql.raw(create.replace(/^CREATE TABLE\s+"?\w+"?/i, `CREATE TABLE "${keep}"`)).execute(db);
    await sql`INSERT INTO ${sql.table(keep)} SELECT * FROM ${sql.table(table)} WHERE poll_id <> ${pollId}`.execute(db);
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
    await sql`ALTER TABLE ${sql.table(keep)} RENAME TO ${sql.table(table)}`.execute(db);
  }
}

export interface ResultRow {
  result: string;
  ballotCount: number;
  digest: string;
  tallyVersion: number;
  /** Canonical context JSON (tally version 2 on). */
  context: string | null;
}

export async function insertResult(db: Kysely<Database>, pollId: number, r: ResultRow, now: string): Promise<void> {
  await db
    .insertInto('poll_result')
    .values({ poll_id: pollId, result: r.result, ballot_count: r.ballotCount, digest: r.digest, tally_version: r.tallyVersion, context: r.context, sealed_at: now })
    .execute();
}

export async function getResultRow(db: Kysely<Database>, pollId: number) {
  return (await db.selectFrom('poll_result').selectAll().where('poll_id', '=', pollId).executeTakeFirst()) ?? null;
}

/** Sealed payloads in stored order (sorted): what verification recomputes from. */
export async function ballotPayloads(db: Kysely<Database>, pollId: number): Promise<string[]> {
  const rows = await db.selectFrom('ballot').select('payload').where('poll_id', '=', pollId).orderBy('seq').execute();
  return rows.map((r) => r.payload);
}

export async function sealedPollIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('poll_result').select('poll_id').orderBy('poll_id').execute();
  return rows.map((r) => r.poll_id);
}
