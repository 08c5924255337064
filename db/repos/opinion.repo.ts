import { sql, type Kysely } from 'kysely';
import type { OpinionEventKind, OpinionStatus, RectificationStatus } from '../../shared/domain/supervision/labels.js';
import type { Database } from '../schema.js';

export interface OpinionValues {
  title: string;
  leadBodyId: number | null;
  assessment: string;
  recommendations: string;
  copyTo: string[];
  bodyIds: number[];
  problems: { text: string; bodyId: number }[];
}

/** The opinion with its source meeting; the ledger's columns. */
export function opinionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('opinion as o')
    .innerJoin('agenda_item as a', 'a.id', 'o.agenda_item_id')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('term as t', 't.id', 'm.term_id')
    .leftJoin('body as lb', 'lb.id', 'o.lead_body_id')
    .select([
      'o.id',
      'o.title',
      'o.status',
      'o.lead_body_id',
      'lb.name as lead_body_name',
      'o.assessment',
      'o.recommendations',
      'o.copy_to',
      'o.approved_on',
      'o.sent_on',
      'o.deadline',
      'o.rehearing_agenda_item_id',
      'o.agenda_item_id',
      'a.title as agenda_title',
      'a.plan_item_id',
      'm.id as meeting_id',
      'm.number as meeting_number',
      'm.date as meeting_date',
      't.id as term_id',
      't.name as term_name',
      't.level as term_level',
    ]);
}
export type OpinionDbRow = Awaited<ReturnType<ReturnType<typeof opinionQuery>['executeTakeFirstOrThrow']>>;

export interface OpinionFilter {
  year?: number;
  bodyId?: number;
  leadBodyId?: number;
  statuses?: readonly OpinionStatus[];
  search?: string;
  ids?: readonly number[];
}

export async function listOpinionRows(db: Kysely<Database>, f: OpinionFilter): Promise<OpinionDbRow[]> {
  let q = opinionQuery(db);
  if (f.year !== undefined) q = q.where('m.date', '>=', `${f.year}-01-01`).where('m.date', '<=', `${f.year}-12-31`);
  if (f.bodyId !== undefined) {
    const bodyId = f.bodyId;
    q = q.where((eb) => eb.exists(eb.selectFrom('opinion_body as ob').select('ob.body_id').whereRef('ob.opinion_id', '=', 'o.id').where('ob.body_id', '=', bodyId)));
  }
  if (f.leadBodyId !== undefined) q = q.where('o.lead_body_id', '=', f.leadBodyId);
  if (f.statuses) q = q.where('o.status', 'in', f.statuses.length > 0 ? [...f.statuses] : ['__none__' as OpinionStatus]);
  if (f.ids) q = q.where('o.id', 'in', f.ids.length > 0 ? [...f.ids] : [0]);
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('o.title', 'like', sql<string>`${like} ESCAPE '\\'`), eb('a.title', 'like', sql<string>`${like} ESCAPE '\\'`)]));
  }
  return q.orderBy('m.date', 'desc').orderBy('o.id', 'desc').execute();
}

export async function getOpinionRow(db: Kysely<Database>, id: number): Promise<OpinionDbRow | null> {
  return (await opinionQuery(db).where('o.id', '=', id).executeTakeFirst()) ?? null;
}

export async function opinionYears(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('opinion as o')
    .innerJoin('agenda_item as a', 'a.id', 'o.agenda_item_id')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .select(sql<number>`CAST(substr(m.date, 1, 4) AS INTEGER)`.as('y'))
    .distinct()
    .orderBy('y', 'desc')
    .execute();
  return rows.map((r) => r.y);
}

export async function opinionBodies(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('opinion_body as ob')
    .innerJoin('body as b', 'b.id', 'ob.body_id')
    .select(['ob.opinion_id', 'ob.body_id', 'b.name'])
    .where('ob.opinion_id', 'in', ids)
    .orderBy('ob.opinion_id')
    .orderBy('ob.position')
    .execute();
}

/**
 * Problems with the state the latest handling report gave each (pending before any), and the
 * latest measures reported for it: a report that does not mention a problem carries its state
 * with empty measures, which must not blank the measures an earlier report gave.
 */
export async function opinionProblems(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const status = sql<RectificationStatus | null>`(SELECT r.status FROM rectification r JOIN handling_report h ON h.id = r.report_id WHERE r.problem_id = p.id ORDER BY h.round DESC LIMIT 1)`;
  const measures = sql<string | null>`(SELECT r.measures FROM rectification r JOIN handling_report h ON h.id = r.report_id WHERE r.problem_id = p.id AND r.measures <> '' ORDER BY h.round DESC LIMIT 1)`;
  const rows = await db
    .selectFrom('opinion_problem as p')
    .innerJoin('body as b', 'b.id', 'p.body_id')
    .select(['p.id', 'p.opinion_id', 'p.position', 'p.text', 'p.body_id', 'b.name as body_name', status.as('latest_status'), measures.as('measures')])
    .where('p.opinion_id', 'in', ids)
    .orderBy('p.opinion_id')
    .orderBy('p.position')
    .execute();
  return rows.map(({ latest_status, ...r }) => ({ ...r, status: latest_status ?? ('pending' as RectificationStatus) }));
}

export async function opinionEvents(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('opinion_event').selectAll().where('opinion_id', 'in', ids).orderBy('opinion_id').orderBy('id').execute();
}

/** The sealed ratings recorded on opinions, in order (what the ledger shows of their history). */
export async function ratedEvents(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('opinion_event').select(['opinion_id', 'data']).where('kind', '=', 'rated').where('opinion_id', 'in', ids).orderBy('opinion_id').orderBy('id').execute();
}

export async function insertOpinion(db: Kysely<Database>, agendaItemId: number, v: OpinionValues, now: string): Promise<number> {
  const r = await db
    .insertInto('opinion')
    .values({
      agenda_item_id: agendaItemId,
      title: v.title,
      lead_body_id: v.leadBodyId,
      assessment: v.assessment,
      recommendations: v.recommendations,
      copy_to: JSON.stringify(v.copyTo),
      status: 'draft',
      approved_on: null,
      sent_on: null,
      deadline: null,
      rehearing_agenda_item_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeParts(db, r.id, v);
  return r.id;
}

/** A draft's text, bodies and problems (problems are rewritten: a draft has no rectification yet). */
export async function updateOpinionDraft(db: Kysely<Database>, id: number, v: OpinionValues, now: string): Promise<void> {
  await db
    .updateTable('opinion')
    .set({ title: v.title, lead_body_id: v.leadBodyId, assessment: v.assessment, recommendations: v.recommendations, copy_to: JSON.stringify(v.copyTo), updated_at: now })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('opinion_problem').where('opinion_id', '=', id).execute();
  await db.deleteFrom('opinion_body').where('opinion_id', '=', id).execute();
  await writeParts(db, id, v);
}

async function writeParts(db: Kysely<Database>, id: number, v: OpinionValues): Promise<void> {
  for (const [i, bodyId] of v.bodyIds.entries()) await db.insertInto('opinion_body').values({ opinion_id: id, position: i + 1, body_id: bodyId }).execute();
  for (const [i, p] of v.problems.entries()) await db.insertInto('opinion_problem').values({ opinion_id: id, position: i + 1, text: p.text, body_id: p.bodyId }).execute();
}

export async function deleteOpinion(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('opinion').where('id', '=', id).execute();
}

/** The columns kept equal to the replayed state. */
export async function setOpinionState(
  db: Kysely<Database>,
  id: number,
  s: { status: OpinionStatus; approvedOn: string | null; sentOn: string | null; deadline: string | null; rehearingAgendaItemId: number | null },
  now: string,
): Promise<void> {
  await db
    .updateTable('opinion')
    .set({ status: s.status, approved_on: s.approvedOn, sent_on: s.sentOn, deadline: s.deadline, rehearing_agenda_item_id: s.rehearingAgendaItemId, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function insertOpinionEvent(
  db: Kysely<Database>,
  opinionId: number,
  e: { kind: OpinionEventKind; on: string; actor: string; reason: string; data: Record<string, unknown> },
  now: string,
): Promise<void> {
  await db
    .insertInto('opinion_event')
    .values({ opinion_id: opinionId, kind: e.kind, on_date: e.on, actor: e.actor, reason: e.reason, data: JSON.stringify(e.data), recorded_at: now })
    .execute();
}

export async function insertReport(db: Kysely<Database>, opinionId: number, round: number, receivedOn: string, summary: string | null, now: string): Promise<number> {
  const r = await db
    .insertInto('handling_report')
    .values({ opinion_id: opinionId, round, received_on: receivedOn, summary, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertRectification(db: Kysely<Database>, reportId: number, problemId: number, measures: string, status: RectificationStatus): Promise<void> {
  await db.insertInto('rectification').values({ report_id: reportId, problem_id: problemId, measures, status }).execute();
}

export async function opinionReports(db: Kysely<Database>, opinionId: number) {
  const reports = await db.selectFrom('handling_report').selectAll().where('opinion_id', '=', opinionId).orderBy('round').execute();
  const rects =
    reports.length === 0
      ? []
      : await db
          .selectFrom('rectification as r')
          .innerJoin('opinion_problem as p', 'p.id', 'r.problem_id')
          .select(['r.report_id', 'r.problem_id', 'p.position', 'r.measures', 'r.status'])
          .where(
            'r.report_id',
            'in',
            reports.map((x) => x.id),
          )
          .orderBy('p.position')
          .execute();
  return { reports, rects };
}

export async function opinionFiles(db: Kysely<Database>, opinionId: number) {
  return db.selectFrom('opinion_file').selectAll().where('opinion_id', '=', opinionId).orderBy('id').execute();
}

export async function getOpinionFile(db: Kysely<Database>, id: number) {
  return (await db.selectFrom('opinion_file').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertOpinionFile(
  db: Kysely<Database>,
  v: { opinionId: number; reportId: number | null; problemId: number | null; fileName: string; mime: string; size: number; sha256: string },
  now: string,
): Promise<number> {
  const r = await db
    .insertInto('opinion_file')
    .values({ opinion_id: v.opinionId, report_id: v.reportId, problem_id: v.problemId, file_name: v.fileName, mime: v.mime, size: v.size, sha256: v.sha256, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Opinions waiting for a rating at an agenda item (or at any item when none is given). */
export async function opinionsAwaitingRating(db: Kysely<Database>, agendaItemId: number | null): Promise<number[]> {
  let q = db.selectFrom('opinion').select('id').where('status', '=', 'rehearing');
  if (agendaItemId !== null) q = q.where('rehearing_agenda_item_id', '=', agendaItemId);
  return (await q.orderBy('id').execute()).map((r) => r.id);
}

export async function opinionsFromAgendaItem(db: Kysely<Database>, agendaItemId: number): Promise<number> {
  const r = await db
    .selectFrom('opinion')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('agenda_item_id', '=', agendaItemId), eb('rehearing_agenda_item_id', '=', agendaItemId)]))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The latest sealed satisfaction poll on an agenda item, with its meeting. */
export async function latestSealedSatisfaction(db: Kysely<Database>, agendaItemId: number) {
  return (
    (await db
      .selectFrom('poll as p')
      .innerJoin('poll_result as r', 'r.poll_id', 'p.id')
      .innerJoin('agenda_item as a', 'a.id', 'p.agenda_item_id')
      .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
      .innerJoin('term as t', 't.id', 'm.term_id')
      .select(['p.id', 'p.title', 'p.definition', 'r.result', 'r.digest', 'r.sealed_at', 'm.date', 'm.number', 't.name as term_name'])
      .where('p.agenda_item_id', '=', agendaItemId)
      .where('p.kind', '=', 'satisfaction')
      .where('p.status', 'in', ['closed', 'released'])
      .orderBy('r.sealed_at', 'desc')
      .orderBy('p.id', 'desc')
      .executeTakeFirst()) ?? null
  );
}

/** Agenda items of meetings after a date (of any term: a matter may be re-heard after a new term begins), for re-hearing. */
export async function agendaItemsAfter(db: Kysely<Database>, afterDate: string) {
  return db
    .selectFrom('agenda_item as a')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('term as t', 't.id', 'm.term_id')
    .select((eb) => [
      'a.id',
      'a.title',
      'm.id as meeting_id',
      'm.number',
      'm.date',
      't.name as term_name',
      eb.exists(eb.selectFrom('poll as p').select('p.id').whereRef('p.agenda_item_id', '=', 'a.id').where('p.kind', '=', 'satisfaction')).as('has_poll'),
    ])
    .where('m.date', '>', afterDate)
    .orderBy('m.date')
    .orderBy('a.position')
    .limit(500)
    .execute();
}
