import type { Kysely } from 'kysely';
import { SupervisionSettingsSchema, type Settings } from '../../../shared/api/supervision-schemas.js';
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

export function settingsHandlers(deps: Deps): Pick<Handlers, 'settings.get' | 'settings.update'> {
  const { db } = deps;
  const get = async (): Promise<Settings> => ({ supervision: await supervisionSettings(db) });
  return {
    'settings.get': get,
    'settings.update': async ({ supervision }) => {
      await writeSetting(db, 'supervision', supervision);
      deps.emit('data.changed', { entity: 'settings', meetingId: null });
      return get();
    },
  };
}
