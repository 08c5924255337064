import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { committeePlace } from '../../shared/domain/committee.js';

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

/**
 * The committee's place (洛阳市) from the stored name's JSON, for titles built inside queries;
 * '' when not set or unreadable. The settings service validates the full name on write.
 */
export function placeFromStoredCommittee(json: string | null | undefined): string {
  if (!json) return '';
  try {
    const v = JSON.parse(json) as { fullName?: unknown; shortName?: unknown; office?: unknown };
    if (typeof v.fullName !== 'string' || typeof v.shortName !== 'string') return '';
    return committeePlace({ fullName: v.fullName, shortName: v.shortName, office: v.office === '办公室' ? '办公室' : '办公厅' });
  } catch {
    return '';
  }
}
