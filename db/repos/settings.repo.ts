import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Stored settings by key (JSON values); the caller validates what it reads. */
export async function readSetting(db: Kysely<Database>, key: string): Promise<unknown> {
  const r = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  if (!r) return undefined;
  try {
    return JSON.parse(r.value) as unknown;
  } catch {
    return undefined;
  }
}

export async function writeSetting(db: Kysely<Database>, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('setting')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute();
}
