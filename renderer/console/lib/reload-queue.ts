import { useEffect } from 'react';
import type { EventPayload } from '../../../shared/api/contract.js';
import { desk } from '../../lib/desk-client.js';
/**
 * Reloads triggered by push events, coalesced: an import, a bulk attendance change or fast
 * paper-ballot entry sends a burst of events, and each store should reload once per burst.
 * Keys name the reload ("poll:list", "terms"); a later job under the same key replaces the earlier.
 */
const pending = new Map<string, () => Promise<void> | void>();
let timer: number | null = null;

export function scheduleReload(key: string, job: () => Promise<void> | void): void {
  pending.set(key, job);
  if (timer !== null) return;
  timer = window.setTimeout(() => {
    timer = null;
    const jobs = [...pending.values()];
    pending.clear();
    for (const run of jobs) void run();
  }, 120);
}

type Entity = EventPayload<'data.changed'>['entity'];

/**
 * Reload a screen (coalesced under `key`) when any of `entities` changes, and when a poll is
 * sealed or released: that is when ratings appear and review opinions take their results
 * (ballots arriving while a poll is open change nothing on these screens).
 */
export function useReloadOn(key: string, entities: readonly Entity[], reload: () => Promise<void> | void): void {
  const watched = entities.join(',');
  useEffect(() => {
    const set = new Set(watched.split(','));
    const offData = desk.on('data.changed', ({ entity }) => {
      if (set.has(entity)) scheduleReload(key, reload);
    });
    const offPoll = desk.on('poll.updated', ({ status }) => {
      if (status === 'closed' || status === 'released') scheduleReload(key, reload);
    });
    return () => {
      offData();
      offPoll();
    };
  }, [key, watched, reload]);
}
