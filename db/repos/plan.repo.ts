import { sql, type Kysely } from 'kysely';
import type { PlanKind } from '../../shared/domain/supervision/labels.js';
import type { Database } from '../schema.js';

export interface PlanValues {
  kind: PlanKind;
  title: string;
  subjects: { kind: 'body' | 'appointee'; id: number }[];
  leadBodyId: number | null;
  plannedMonth: number | null;
  notes: string | null;
}

export async function planItemRows(db: Kysely<Database>, where: { year: number } | { id: number }) {
  let q = db
    .selectFrom('plan_item as p')
    .leftJoin('body as b', 'b.id', 'p.lead_body_id')
    .select(['p.id', 'p.year', 'p.position', 'p.kind', 'p.title', 'p.lead_body_id', 'b.name as lead_body_name', 'p.planned_month', 'p.notes']);
  q = 'year' in where ? q.where('p.year', '=', where.year) : q.where('p.id', '=', where.id);
  return q.orderBy('p.position').orderBy('p.id').execute();
}

export async function planSubjects(db: Kysely<Database>, planItemIds: readonly number[]) {
  if (planItemIds.length === 0) return [];
  return db
    .selectFrom('plan_item_subject as s')
    .leftJoin('body as b', 'b.id', 's.body_id')
    .leftJoin('appointee as a', 'a.id', 's.appointee_id')
    .select(['s.plan_item_id', 's.position', 's.body_id', 's.appointee_id', 'b.name as body_name', 'a.name as appointee_name'])
    .where('s.plan_item_id', 'in', planItemIds)
    .orderBy('s.plan_item_id')
    .orderBy('s.position')
    .execute();
}

/** Agenda items that carry out the given plan items, with their meetings, oldest first. */
export async function planHeld(db: Kysely<Database>, planItemIds: readonly number[]) {
  if (planItemIds.length === 0) return [];
  return db
    .selectFrom('agenda_item as a')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('term as t', 't.id', 'm.term_id')
    .select(['a.plan_item_id', 'a.id as agenda_item_id', 'a.title', 'm.id as meeting_id', 'm.number', 'm.date', 't.name as term_name'])
    .where('a.plan_item_id', 'in', planItemIds)
    .orderBy('m.date')
    .orderBy('a.position')
    .execute();
}

/** Sealed satisfaction and scoring results on the given agenda items (latest round of each series last). */
export async function sealedRatingsOn(db: Kysely<Database>, agendaItemIds: readonly number[]) {
  if (agendaItemIds.length === 0) return [];
  return db
    .selectFrom('poll as p')
    .innerJoin('poll_result as r', 'r.poll_id', 'p.id')
    .innerJoin('agenda_item as a', 'a.id', 'p.agenda_item_id')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .select(['p.id as poll_id', 'p.agenda_item_id', 'p.kind', 'p.round', 'r.result', 'm.date'])
    .where('p.agenda_item_id', 'in', agendaItemIds)
    .where('p.kind', 'in', ['satisfaction', 'scoring'])
    .where('p.status', 'in', ['closed', 'released'])
    .orderBy('m.date')
    .orderBy('p.id')
    .execute();
}

/** Opinions drafted from the given agenda items: total and not yet closed. */
export async function opinionCountsOn(db: Kysely<Database>, agendaItemIds: readonly number[]) {
  if (agendaItemIds.length === 0) return [];
  return db
    .selectFrom('opinion')
    .select(['agenda_item_id', sql<number>`count(*)`.as('total'), sql<number>`sum(status <> 'closed')`.as('open')])
    .where('agenda_item_id', 'in', agendaItemIds)
    .groupBy('agenda_item_id')
    .execute();
}

export async function planYears(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('plan_item').select('year').distinct().orderBy('year', 'desc').execute();
  return rows.map((r) => r.year);
}

async function writeSubjects(db: Kysely<Database>, id: number, subjects: PlanValues['subjects']): Promise<void> {
  await db.deleteFrom('plan_item_subject').where('plan_item_id', '=', id).execute();
  for (const [i, s] of subjects.entries()) {
    await db
      .insertInto('plan_item_subject')
      .values({ plan_item_id: id, position: i + 1, body_id: s.kind === 'body' ? s.id : null, appointee_id: s.kind === 'appointee' ? s.id : null })
      .execute();
  }
}

export async function insertPlanItem(db: Kysely<Database>, year: number, v: PlanValues, now: string): Promise<number> {
  const last = await db
    .selectFrom('plan_item')
    .select((eb) => eb.fn.max<number | null>('position').as('p'))
    .where('year', '=', year)
    .executeTakeFirst();
  const r = await db
    .insertInto('plan_item')
    .values({ year, position: (last?.p ?? 0) + 1, kind: v.kind, title: v.title, lead_body_id: v.leadBodyId, planned_month: v.plannedMonth, notes: v.notes, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeSubjects(db, r.id, v.subjects);
  return r.id;
}

export async function updatePlanItem(db: Kysely<Database>, id: number, v: PlanValues): Promise<void> {
  await db
    .updateTable('plan_item')
    .set({ kind: v.kind, title: v.title, lead_body_id: v.leadBodyId, planned_month: v.plannedMonth, notes: v.notes })
    .where('id', '=', id)
    .execute();
  await writeSubjects(db, id, v.subjects);
}

export async function deletePlanItem(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('plan_item').where('id', '=', id).execute();
}

export async function agendaItemsOfPlan(db: Kysely<Database>, id: number): Promise<number> {
  const r = await db.selectFrom('agenda_item').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_item_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.n);
}
