import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface RatingPollRow {
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
  agenda_body_id: number | null;
  ballot_count: number;
  /** Rows of the sheet. */
  target_count: number;
  /** Position of the row labelled with the body's name, or null. */
  label_index: number | null;
  /** JSON of that row's sealed result (of row 0 when no row has the name). */
  target: string;
}

/**
 * Sealed satisfaction and scoring polls that may have rated a body: one-row sheets on the
 * body's own agenda items, and sheets with a row labelled with the body's name. Multi-row
 * sheets on the body's items are left out (a government presenting its departments' reports
 * is not rated by them). Only the one row's result is taken out of the sealed result, in
 * SQLite: a body rated at every meeting for ten years has hundreds of rows, and parsing whole
 * nine-department results in JavaScript would be most of the cost. Newest meeting first.
 */
export async function ratingPollsOfBody(db: Kysely<Database>, bodyId: number, bodyName: string): Promise<RatingPollRow[]> {
  // Canonical definitions carry a row as {"key":…,"label":"<name>"}: a cheap text prefilter before the JSON test.
  const needle = `"label":${JSON.stringify(bodyName)}`;
  const labelIndex = sql<number | null>`(SELECT t.key FROM json_each(p.definition, '$.targets') t WHERE t.value ->> 'label' = ${bodyName} LIMIT 1)`;
  return db
    .selectFrom('poll as p')
    .innerJoin('agenda_item as a', 'a.id', 'p.agenda_item_id')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('term as t', 't.id', 'm.term_id')
    .innerJoin('poll_result as r', 'r.poll_id', 'p.id')
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
      'a.body_id as agenda_body_id',
      'r.ballot_count',
      sql<number>`json_array_length(p.definition, '$.targets')`.as('target_count'),
      labelIndex.as('label_index'),
      sql<string>`r.result -> ('$.targets[' || coalesce(${labelIndex}, 0) || ']')`.as('target'),
    ])
    .where('p.kind', 'in', ['satisfaction', 'scoring'])
    .where('p.status', 'in', ['closed', 'released'])
    .where((eb) =>
      eb.or([
        eb.and([eb('a.body_id', '=', bodyId), eb(sql<number>`json_array_length(p.definition, '$.targets')`, '=', 1)]),
        eb(sql<number>`instr(p.definition, ${needle})`, '>', 0),
      ]),
    )
    .orderBy('m.date', 'desc')
    .orderBy('m.id', 'desc')
    .orderBy('a.position')
    .orderBy('p.round')
    .execute();
}
