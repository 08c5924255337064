import type { Kysely, Selectable } from 'kysely';
import type { Member, MemberId, TermId } from '../../shared/api/schemas.js';
import type { Database, MemberTable } from '../schema.js';
import type { MemberRole, MemberStatus } from '../../shared/domain/labels.js';

export interface MemberValues {
  name: string;
  role: MemberRole;
  status: MemberStatus;
  seatOrder: number;
  note: string | null;
}

function toMember(r: Selectable<MemberTable>): Member {
  return {
    id: r.id as MemberId,
    termId: r.term_id as TermId,
    name: r.name,
    role: r.role as Member['role'],
    status: r.status as Member['status'],
    seatOrder: r.seat_order,
    note: r.note,
  };
}

export async function listMembers(db: Kysely<Database>, termId: number): Promise<Member[]> {
  const rows = await db.selectFrom('member').selectAll().where('term_id', '=', termId).orderBy('seat_order').orderBy('id').execute();
  return rows.map(toMember);
}

export async function getMember(db: Kysely<Database>, id: number): Promise<Member | null> {
  const r = await db.selectFrom('member').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toMember(r) : null;
}

export async function memberNames(db: Kysely<Database>, termId: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('member').select(['id', 'name']).where('term_id', '=', termId).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function insertMember(db: Kysely<Database>, termId: number, v: MemberValues, now: string): Promise<number> {
  const r = await db
    .insertInto('member')
    .values({ term_id: termId, name: v.name, role: v.role, status: v.status, seat_order: v.seatOrder, note: v.note, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateMember(db: Kysely<Database>, id: number, v: MemberValues): Promise<void> {
  await db
    .updateTable('member')
    .set({ name: v.name, role: v.role, status: v.status, seat_order: v.seatOrder, note: v.note })
    .where('id', '=', id)
    .execute();
}

export async function countServing(db: Kysely<Database>, termId: number): Promise<number> {
  const r = await db
    .selectFrom('member')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('term_id', '=', termId)
    .where('status', '=', 'serving')
    .executeTakeFirstOrThrow();
  return r.n;
}
