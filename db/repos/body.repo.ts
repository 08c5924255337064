import type { Kysely, Selectable } from 'kysely';
import type { Body, BodyId } from '../../shared/api/schemas.js';
import type { BodyTable, Database } from '../schema.js';
import type { BodyKind } from '../../shared/domain/labels.js';

export interface BodyValues {
  name: string;
  kind: BodyKind;
  sortOrder: number;
  active: boolean;
}

function toBody(r: Selectable<BodyTable>): Body {
  return { id: r.id as BodyId, name: r.name, kind: r.kind as Body['kind'], sortOrder: r.sort_order, active: r.active === 1 };
}

export async function listBodies(db: Kysely<Database>, includeInactive: boolean): Promise<Body[]> {
  let q = db.selectFrom('body').selectAll();
  if (!includeInactive) q = q.where('active', '=', 1);
  const rows = await q.orderBy('sort_order').orderBy('id').execute();
  return rows.map(toBody);
}

export async function getBody(db: Kysely<Database>, id: number): Promise<Body | null> {
  const r = await db.selectFrom('body').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toBody(r) : null;
}

export async function findBodyByName(db: Kysely<Database>, name: string, exceptId?: number): Promise<number | null> {
  let q = db.selectFrom('body').select('id').where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst())?.id ?? null;
}

export async function insertBody(db: Kysely<Database>, v: BodyValues, now: string): Promise<number> {
  const r = await db
    .insertInto('body')
    .values({ name: v.name, kind: v.kind, sort_order: v.sortOrder, active: v.active ? 1 : 0, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateBody(db: Kysely<Database>, id: number, v: BodyValues): Promise<void> {
  await db
    .updateTable('body')
    .set({ name: v.name, kind: v.kind, sort_order: v.sortOrder, active: v.active ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}
