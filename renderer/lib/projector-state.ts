import type { ProjectorState } from '../../shared/api/poll-schemas.js';
import { desk } from './desk-client.js';

/** Changes that alter what the title and agenda screens print (sign-ins, agenda edits, the committee's name). */
const SCREEN_ENTITIES = new Set(['meeting', 'agenda', 'attendance', 'member', 'settings', 'term']);

/**
 * Follow the room screen's state, for the screen itself and for the console's view of it:
 * fetched now, again on every push event that can change it and when the push channel comes
 * back, and every `everyMs` if given (a missed event, a sleeping laptop). A burst of events
 * (paper entry sends one per sheet) costs at most one extra fetch. Returns the unsubscribe.
 */
export function followProjectorState(onState: (s: ProjectorState) => void, onError: (err: unknown) => void, everyMs?: number): () => void {
  let disposed = false;
  let inFlight = false;
  let again = false;
  const load = async () => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      do {
        again = false;
        const next = await desk.call('projector.state', {});
        if (disposed) return;
        onState(next);
      } while (again);
    } catch (err) {
      if (!disposed) onError(err);
    } finally {
      inFlight = false;
    }
  };
  const refresh = () => void load();
  refresh();
  const offs = [
    desk.on('projector.changed', refresh),
    desk.on('poll.updated', refresh),
    desk.on('data.changed', (e) => {
      if (SCREEN_ENTITIES.has(e.entity)) refresh();
    }),
    desk.onConnection((c) => {
      if (c === 'connected') refresh();
    }),
  ];
  const timer = everyMs ? window.setInterval(refresh, everyMs) : null;
  return () => {
    disposed = true;
    if (timer !== null) window.clearInterval(timer);
    for (const off of offs) off();
  };
}
