import type { Kysely } from 'kysely';
import type { Paper } from '../../shared/api/schemas.js';
import type { Database } from '../schema.js';
import { toPaper } from './agenda.repo.js';

export interface PaperValues {
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
}

export async function insertPaper(db: Kysely<Database>, agendaItemId: number, v: PaperValues, now: string): Promise<number> {
  const r = await db
    .insertInto('paper')
    .values({ agenda_item_id: agendaItemId, file_name: v.fileName, mime: v.mime, size: v.size, sha256: v.sha256, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function getPaper(db: Kysely<Database>, id: number): Promise<Paper | null> {
  const r = await db.selectFrom('paper').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toPaper(r) : null;
}

export async function deletePaper(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('paper').where('id', '=', id).execute();
}

/** Whether any paper or opinion attachment still uses these bytes (the store is shared and content-addressed). */
export async function paperShaInUse(db: Kysely<Database>, sha256: string): Promise<boolean> {
  const r = await db.selectFrom('paper').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  if (r !== undefined) return true;
  const f = await db.selectFrom('opinion_file').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  return f !== undefined;
}

export async function meetingOfAgendaItem(db: Kysely<Database>, agendaItemId: number): Promise<number | null> {
  const r = await db.selectFrom('agenda_item').select('meeting_id').where('id', '=', agendaItemId).executeTakeFirst();
  return r?.meeting_id ?? null;
}
