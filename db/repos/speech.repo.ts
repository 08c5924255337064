import type { Kysely } from 'kysely';
import type { AgendaItemId, MemberId } from '../../shared/api/schemas.js';
import type { Speech, SpeechId } from '../../shared/api/supervision-schemas.js';
import type { Database } from '../schema.js';

function query(db: Kysely<Database>) {
  return db
    .selectFrom('speech as s')
    .innerJoin('member as m', 'm.id', 's.member_id')
    .select(['s.id', 's.agenda_item_id', 's.position', 's.member_id', 'm.name as member_name', 's.points']);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

function toSpeech(r: Row): Speech {
  return { id: r.id as SpeechId, agendaItemId: r.agenda_item_id as AgendaItemId, position: r.position, memberId: r.member_id as MemberId, memberName: r.member_name, points: r.points };
}

export async function listSpeeches(db: Kysely<Database>, agendaItemId: number): Promise<Speech[]> {
  return (await query(db).where('s.agenda_item_id', '=', agendaItemId).orderBy('s.position').orderBy('s.id').execute()).map(toSpeech);
}

export async function getSpeech(db: Kysely<Database>, id: number): Promise<Speech | null> {
  const r = await query(db).where('s.id', '=', id).executeTakeFirst();
  return r ? toSpeech(r) : null;
}

export async function insertSpeech(db: Kysely<Database>, agendaItemId: number, memberId: number, points: string, now: string): Promise<number> {
  const last = await db
    .selectFrom('speech')
    .select((eb) => eb.fn.max<number | null>('position').as('p'))
    .where('agenda_item_id', '=', agendaItemId)
    .executeTakeFirst();
  const r = await db
    .insertInto('speech')
    .values({ agenda_item_id: agendaItemId, position: (last?.p ?? 0) + 1, member_id: memberId, points, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateSpeech(db: Kysely<Database>, id: number, memberId: number, points: string): Promise<void> {
  await db.updateTable('speech').set({ member_id: memberId, points }).where('id', '=', id).execute();
}

export async function deleteSpeech(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('speech').where('id', '=', id).execute();
}
