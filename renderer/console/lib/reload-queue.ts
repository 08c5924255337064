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
