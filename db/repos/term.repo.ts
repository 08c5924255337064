import { sql, type Kysely } from 'kysely';
import type { Term, TermId } from '../../shared/api/schemas.js';
import type { Database } from '../schema.js';
import type { TermLevel } from '../../shared/domain/labels.js';

function termQuery(db: Kysely<Database>) {
  return db
    .selectFrom('term')
    .select([
      'term.id',
      'term.name',
      'term.level',
      'term.start_date',
      'term.end_date',
      sql<number>`(SELECT count(*) FROM member m WHERE m.term_id = term.id AND m.status = 'serving')`.as('serving'),
      sql<number>`(SELECT count(*) FROM member m WHERE m.term_id = term.id)`.as('total'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof termQuery>['executeTakeFirstOrThrow']>>;

function toTerm(r: Row): Term {
  return {
    id: r.id as TermId,
    name: r.name,
    level: r.level as Term['level'],
    startDate: r.start_date,
    endDate: r.end_date,
    servingCount: r.serving,
    memberCount: r.total,
  };
}

export async function listTerms(db: Kysely<Database>): Promise<Term[]> {
  const rows = await termQuery(db).orderBy('term.start_date', 'desc').orderBy('term.id', 'desc').execute();
  return rows.map(toTerm);
}

export async function getTerm(db: Kysely<Database>, id: number): Promise<Term | null> {
  const r = await termQuery(db).where('term.id', '=', id).executeTakeFirst();
  return r ? toTerm(r) : null;
}

export async function findTermByName(db: Kysely<Database>, name: string, exceptId?: number): Promise<number | null> {
  let q = db.selectFrom('term').select('id').where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  const r = await q.executeTakeFirst();
  return r?.id ?? null;
}

export interface TermValues {
  name: string;
  level: TermLevel;
  startDate: string;
  endDate: string | null;
}

export async function insertTerm(db: Kysely<Database>, v: TermValues, now: string): Promise<number> {
  const r = await db
    .insertInto('term')
    .values({ name: v.name, level: v.level, start_date: v.startDate, end_date: v.endDate, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateTerm(db: Kysely<Database>, id: number, v: TermValues): Promise<void> {
  await db
    .updateTable('term')
    .set({ name: v.name, level: v.level, start_date: v.startDate, end_date: v.endDate })
    .where('id', '=', id)
    .execute();
}

export async function countTerms(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('term').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return r.n;
}
