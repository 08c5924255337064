import type { Kysely } from 'kysely';
import { CommitteeNameSchema, SupervisionSettingsSchema, type Settings } from '../../../shared/api/supervision-schemas.js';
import { committeePlace, type CommitteeName } from '../../../shared/domain/committee.js';
import { DEFAULT_SUPERVISION_SETTINGS, type SupervisionSettings } from '../../../shared/domain/supervision/settings.js';
import { readSetting, writeSetting } from '../../../db/repos/settings.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';

/** Stored supervision settings, each field checked; a missing or damaged one falls back to its default. */
export async function supervisionSettings(db: Kysely<Database>): Promise<SupervisionSettings> {
  const stored = await readSetting(db, 'supervision');
  const out = { ...DEFAULT_SUPERVISION_SETTINGS };
  if (stored && typeof stored === 'object') {
    for (const key of Object.keys(out) as (keyof SupervisionSettings)[]) {
      const one = SupervisionSettingsSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
      if (one.success) out[key] = one.data;
    }
  }
  return out;
}

/** The committee's name as stored, or null when not set (or damaged). */
export async function committeeName(db: Kysely<Database>): Promise<CommitteeName | null> {
  const parsed = CommitteeNameSchema.safeParse(await readSetting(db, 'committee'));
  return parsed.success ? parsed.data : null;
}

/** The place printed before a meeting's title (洛阳市), '' when the name is not set. */
export async function titlePlace(db: Kysely<Database>): Promise<string> {
  return committeePlace(await committeeName(db));
}

export function settingsHandlers(deps: Deps): Pick<Handlers, 'settings.get' | 'settings.update'> {
  const { db } = deps;
  const get = async (): Promise<Settings> => ({ supervision: await supervisionSettings(db), committee: await committeeName(db) });
  return {
    'settings.get': get,
    'settings.update': async ({ supervision, committee }) => {
      await db.transaction().execute(async (trx) => {
        if (supervision) await writeSetting(trx, 'supervision', supervision);
        if (committee) await writeSetting(trx, 'committee', committee);
      });
      deps.emit('data.changed', { entity: 'settings', meetingId: null });
      // Meeting titles carry the committee's place: every list that shows one reloads.
      if (committee) deps.emit('data.changed', { entity: 'meeting', meetingId: null });
      return get();
    },
  };
}
