import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export type SubjectKey = { kind: 'body'; id: number } | { kind: 'appointee'; id: number };

export async function targetLinks(db: Kysely<Database>, pollId: number) {
  return db
    .selectFrom('poll_target_subject as s')
    .leftJoin('body as b', 'b.id', 's.body_id')
    .leftJoin('appointee as a', 'a.id', 's.appointee_id')
    .select(['s.target_key', 's.body_id', 's.appointee_id', 'b.name as body_name', 'a.name as appointee_name'])
    .where('s.poll_id', '=', pollId)
    .execute();
}

/** Link a row to a subject; null records that it rates none (a clerk's decision that later saves keep). */
export async function setTargetLink(db: Kysely<Database>, pollId: number, targetKey: string, subject: SubjectKey | null): Promise<void> {
  await db.deleteFrom('poll_target_subject').where('poll_id', '=', pollId).where('target_key', '=', targetKey).execute();
  await db
    .insertInto('poll_target_subject')
    .values({ poll_id: pollId, target_key: targetKey, body_id: subject?.kind === 'body' ? subject.id : null, appointee_id: subject?.kind === 'appointee' ? subject.id : null })
    .execute();
}

export async function dropTargetLinksExcept(db: Kysely<Database>, pollId: number, keys: readonly string[]): Promise<void> {
  let q = db.deleteFrom('poll_target_subject').where('poll_id', '=', pollId);
  if (keys.length > 0) q = q.where('target_key', 'not in', [...keys]);
  await q.execute();
}

export interface RatedRow {
  poll_id: number;
  kind: string;
  poll_title: string;
  round: number;
  status: string;
  meeting_id: number;
  date: string;
  number: number;
  term_name: string;
  agenda_title: string;
  ballot_count: number;
  target_count: number;
  /** JSON of the linked row's sealed result. */
  target: string | null;
}

/**
 * Sealed satisfaction and scoring rows linked to a subject, newest meeting first. Only the
 * linked row's result is taken out of the sealed result in SQLite: a body rated at every meeting
 * for ten years has hundreds of rows, and parsing whole nine-row results in JavaScript would be
 * most of the cost.
 */
export async function ratedRowsOf(db: Kysely<Database>, subject: SubjectKey): Promise<RatedRow[]> {
  const index = sql<number>`(SELECT t.key FROM json_each(p.definition, '$.targets') t WHERE t.value ->> 'key' = s.target_key LIMIT 1)`;
  return db
    .selectFrom('poll_target_subject as s')
    .innerJoin('poll as p', 'p.id', 's.poll_id')
    .innerJoin('poll_result as r', 'r.poll_id', 'p.id')
    .innerJoin('agenda_item as a', 'a.id', 'p.agenda_item_id')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('term as t', 't.id', 'm.term_id')
    .select([
      'p.id as poll_id',
      'p.kind',
      'p.title as poll_title',
      'p.round',
      'p.status',
      'm.id as meeting_id',
      'm.date',
      'm.number',
      't.name as term_name',
      'a.title as agenda_title',
      'r.ballot_count',
      sql<number>`json_array_length(p.definition, '$.targets')`.as('target_count'),
      sql<string | null>`r.result -> ('$.targets[' || ${index} || ']')`.as('target'),
    ])
    .where(subject.kind === 'body' ? 's.body_id' : 's.appointee_id', '=', subject.id)
    .where('p.kind', 'in', ['satisfaction', 'scoring'])
    .where('p.status', 'in', ['closed', 'released'])
    .orderBy('m.date', 'desc')
    .orderBy('m.id', 'desc')
    .orderBy('a.position')
    .orderBy('p.round')
    .execute();
}

export async function planItemsOfSubject(db: Kysely<Database>, subject: SubjectKey) {
  return db
    .selectFrom('plan_item_subject as s')
    .innerJoin('plan_item as p', 'p.id', 's.plan_item_id')
    .select(['p.id', 'p.year', 'p.title', 'p.kind'])
    .where(subject.kind === 'body' ? 's.body_id' : 's.appointee_id', '=', subject.id)
    .orderBy('p.year', 'desc')
    .orderBy('p.position')
    .execute();
}

export async function opinionIdsOfBody(db: Kysely<Database>, bodyId: number): Promise<number[]> {
  const rows = await db.selectFrom('opinion_body').select('opinion_id').where('body_id', '=', bodyId).execute();
  return rows.map((r) => r.opinion_id);
}
