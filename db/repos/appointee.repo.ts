import type { Kysely } from 'kysely';
import type { Appointee, AppointeeId } from '../../shared/api/supervision-schemas.js';
import type { BodyId } from '../../shared/api/schemas.js';
import type { Database } from '../schema.js';

export interface AppointeeValues {
  name: string;
  office: string;
  bodyId: number | null;
  appointedOn: string | null;
  leftOn: string | null;
  note: string | null;
}

function query(db: Kysely<Database>) {
  return db
    .selectFrom('appointee as a')
    .leftJoin('body as b', 'b.id', 'a.body_id')
    .select(['a.id', 'a.name', 'a.office', 'a.body_id', 'b.name as body_name', 'a.appointed_on', 'a.left_on', 'a.note']);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

function toAppointee(r: Row): Appointee {
  return {
    id: r.id as AppointeeId,
    name: r.name,
    office: r.office,
    bodyId: r.body_id as BodyId | null,
    bodyName: r.body_name,
    appointedOn: r.appointed_on,
    leftOn: r.left_on,
    note: r.note,
  };
}

/** Current first (no date left), then by date appointed, newest first. */
export async function listAppointees(db: Kysely<Database>): Promise<Appointee[]> {
  const rows = await query(db)
    .orderBy((eb) => eb.case().when('a.left_on', 'is', null).then(0).else(1).end())
    .orderBy('a.appointed_on', 'desc')
    .orderBy('a.id')
    .execute();
  return rows.map(toAppointee);
}

export async function getAppointee(db: Kysely<Database>, id: number): Promise<Appointee | null> {
  const r = await query(db).where('a.id', '=', id).executeTakeFirst();
  return r ? toAppointee(r) : null;
}

export async function insertAppointee(db: Kysely<Database>, v: AppointeeValues, now: string): Promise<number> {
  const r = await db
    .insertInto('appointee')
    .values({ name: v.name, office: v.office, body_id: v.bodyId, appointed_on: v.appointedOn, left_on: v.leftOn, note: v.note, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAppointee(db: Kysely<Database>, id: number, v: AppointeeValues): Promise<void> {
  await db
    .updateTable('appointee')
    .set({ name: v.name, office: v.office, body_id: v.bodyId, appointed_on: v.appointedOn, left_on: v.leftOn, note: v.note })
    .where('id', '=', id)
    .execute();
}
