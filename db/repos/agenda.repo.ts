import type { Kysely, Selectable } from 'kysely';
import type { AgendaItem, AgendaItemId, BodyId, MeetingId, Paper, PaperId } from '../../shared/api/schemas.js';
import type { Database, PaperTable } from '../schema.js';
import type { AgendaKind, VoteKind } from '../../shared/domain/labels.js';

export interface AgendaValues {
  kind: AgendaKind;
  title: string;
  bodyId: number | null;
  notes: string | null;
  voteKind: VoteKind | null;
}

export function toPaper(r: Selectable<PaperTable>): Paper {
  return {
    id: r.id as PaperId,
    agendaItemId: r.agenda_item_id as AgendaItemId,
    fileName: r.file_name,
    mime: r.mime,
    size: r.size,
    sha256: r.sha256,
    createdAt: r.created_at,
  };
}

function itemQuery(db: Kysely<Database>) {
  return db
    .selectFrom('agenda_item')
    .leftJoin('body', 'body.id', 'agenda_item.body_id')
    .leftJoin('plan_item', 'plan_item.id', 'agenda_item.plan_item_id')
    .select((eb) => [
      'agenda_item.plan_item_id',
      'plan_item.title as plan_item_title',
      eb.selectFrom('speech').select((s) => s.fn.countAll<number>().as('n')).whereRef('speech.agenda_item_id', '=', 'agenda_item.id').as('speech_count'),
      eb.selectFrom('opinion').select((s) => s.fn.countAll<number>().as('n')).whereRef('opinion.agenda_item_id', '=', 'agenda_item.id').as('opinion_count'),
    ])
    .select([
      'agenda_item.id',
      'agenda_item.meeting_id',
      'agenda_item.position',
      'agenda_item.kind',
      'agenda_item.title',
      'agenda_item.body_id',
      'body.name as body_name',
      'agenda_item.notes',
      'agenda_item.vote_kind',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof itemQuery>['executeTakeFirstOrThrow']>>;

function toItem(r: Row, papers: Paper[]): AgendaItem {
  return {
    id: r.id as AgendaItemId,
    meetingId: r.meeting_id as MeetingId,
    position: r.position,
    kind: r.kind as AgendaItem['kind'],
    title: r.title,
    bodyId: r.body_id as BodyId | null,
    bodyName: r.body_name,
    notes: r.notes,
    voteKind: r.vote_kind as AgendaItem['voteKind'],
    papers,
    planItemId: r.plan_item_id,
    planItemTitle: r.plan_item_title,
    speechCount: Number(r.speech_count ?? 0),
    opinionCount: Number(r.opinion_count ?? 0),
  };
}

export async function listAgenda(db: Kysely<Database>, meetingId: number): Promise<AgendaItem[]> {
  const rows = await itemQuery(db).where('agenda_item.meeting_id', '=', meetingId).orderBy('agenda_item.position').orderBy('agenda_item.id').execute();
  if (rows.length === 0) return [];
  const papers = await db
    .selectFrom('paper')
    .selectAll()
    .where(
      'agenda_item_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  const byItem = new Map<number, Paper[]>();
  for (const p of papers) {
    const list = byItem.get(p.agenda_item_id) ?? [];
    list.push(toPaper(p));
    byItem.set(p.agenda_item_id, list);
  }
  return rows.map((r) => toItem(r, byItem.get(r.id) ?? []));
}

export async function getAgendaItem(db: Kysely<Database>, id: number): Promise<AgendaItem | null> {
  const r = await itemQuery(db).where('agenda_item.id', '=', id).executeTakeFirst();
  if (!r) return null;
  const papers = await db.selectFrom('paper').selectAll().where('agenda_item_id', '=', id).orderBy('id').execute();
  return toItem(r, papers.map(toPaper));
}

export async function insertAgendaItem(db: Kysely<Database>, meetingId: number, v: AgendaValues, now: string): Promise<number> {
  const last = await db
    .selectFrom('agenda_item')
    .select((eb) => eb.fn.max<number | null>('position').as('p'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  const r = await db
    .insertInto('agenda_item')
    .values({
      meeting_id: meetingId,
      position: (last?.p ?? 0) + 1,
      kind: v.kind,
      title: v.title,
      body_id: v.bodyId,
      notes: v.notes,
      vote_kind: v.voteKind,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAgendaItem(db: Kysely<Database>, id: number, v: AgendaValues): Promise<void> {
  await db
    .updateTable('agenda_item')
    .set({ kind: v.kind, title: v.title, body_id: v.bodyId, notes: v.notes, vote_kind: v.voteKind })
    .where('id', '=', id)
    .execute();
}

export async function deleteAgendaItem(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('agenda_item').where('id', '=', id).execute();
}

export async function agendaIds(db: Kysely<Database>, meetingId: number): Promise<number[]> {
  const rows = await db.selectFrom('agenda_item').select('id').where('meeting_id', '=', meetingId).execute();
  return rows.map((r) => r.id);
}

/** Rewrite positions 1..n in the given order (caller checks the set of ids). */
export async function setAgendaOrder(db: Kysely<Database>, orderedIds: readonly number[]): Promise<void> {
  for (const [i, id] of orderedIds.entries()) {
    await db.updateTable('agenda_item').set({ position: i + 1 }).where('id', '=', id).execute();
  }
}

/** Renumber 1..n after a deletion so positions stay dense. */
export async function compactAgenda(db: Kysely<Database>, meetingId: number): Promise<void> {
  const rows = await db.selectFrom('agenda_item').select('id').where('meeting_id', '=', meetingId).orderBy('position').orderBy('id').execute();
  await setAgendaOrder(
    db,
    rows.map((r) => r.id),
  );
}

export async function setAgendaPlanItem(db: Kysely<Database>, id: number, planItemId: number | null): Promise<void> {
  await db.updateTable('agenda_item').set({ plan_item_id: planItemId }).where('id', '=', id).execute();
}
