import { desk } from '../../lib/desk-client.js';
import { useAppStore } from './app-store.js';
import { useBodyStore } from './body-store.js';
import { useMeetingStore } from './meeting-store.js';
import { useTermStore } from './term-store.js';

/**
 * Keeps the stores in step with the database when something changes elsewhere (another
 * window, the desktop app, a second console). Reloads are coalesced: an import or a bulk
 * attendance change sends a burst of events.
 */
const pending = new Map<string, () => Promise<void>>();
let timer: number | null = null;

function schedule(key: string, reload: () => Promise<void>): void {
  pending.set(key, reload);
  if (timer !== null) return;
  timer = window.setTimeout(() => {
    timer = null;
    const jobs = [...pending.values()];
    pending.clear();
    for (const job of jobs) void job();
  }, 120);
}

function reloadAll(): void {
  schedule('app', () => useAppStore.getState().load());
  schedule('terms', () => useTermStore.getState().loadTerms());
  schedule('members', () => useTermStore.getState().loadMembers());
  schedule('bodies', () => useBodyStore.getState().load());
  if (useMeetingStore.getState().listLoaded) schedule('meetings', () => useMeetingStore.getState().loadList());
  if (useMeetingStore.getState().meetingId !== null) {
    schedule('meeting', () => useMeetingStore.getState().loadMeeting());
    schedule('agenda', () => useMeetingStore.getState().loadAgenda());
    schedule('attendance', () => useMeetingStore.getState().loadAttendance());
  }
}

let started = false;

export function startSync(): void {
  if (started) return;
  started = true;
  desk.on('data.changed', ({ entity, meetingId }) => {
    const meetings = useMeetingStore.getState();
    const current = meetings.meetingId;
    const touchesCurrent = current !== null && (meetingId === null || meetingId === current);
    switch (entity) {
      case 'term':
        schedule('app', () => useAppStore.getState().load());
        schedule('terms', () => useTermStore.getState().loadTerms());
        if (meetings.listLoaded) schedule('meetings', () => useMeetingStore.getState().loadList());
        break;
      case 'member':
        schedule('terms', () => useTermStore.getState().loadTerms());
        schedule('members', () => useTermStore.getState().loadMembers());
        if (meetings.listLoaded) schedule('meetings', () => useMeetingStore.getState().loadList());
        if (current !== null) {
          schedule('attendance', () => useMeetingStore.getState().loadAttendance());
          schedule('meeting', () => useMeetingStore.getState().loadMeeting());
        }
        break;
      case 'body':
        schedule('bodies', () => useBodyStore.getState().load());
        if (current !== null) schedule('agenda', () => useMeetingStore.getState().loadAgenda());
        break;
      case 'meeting':
        if (meetings.listLoaded) schedule('meetings', () => useMeetingStore.getState().loadList());
        if (touchesCurrent) schedule('meeting', () => useMeetingStore.getState().loadMeeting());
        schedule('app', () => useAppStore.getState().load());
        break;
      case 'agenda':
        if (meetings.listLoaded) schedule('meetings', () => useMeetingStore.getState().loadList());
        if (touchesCurrent) schedule('agenda', () => useMeetingStore.getState().loadAgenda());
        break;
      case 'attendance':
        if (meetings.listLoaded) schedule('meetings', () => useMeetingStore.getState().loadList());
        if (touchesCurrent) schedule('attendance', () => useMeetingStore.getState().loadAttendance());
        break;
    }
  });

  // Events sent while the push channel was down are lost: reload everything once back.
  let everConnected = desk.connection === 'connected';
  let wasConnected = everConnected;
  desk.onConnection((state) => {
    if (state === 'connected' && !wasConnected && everConnected) reloadAll();
    if (state === 'connected') everConnected = true;
    wasConnected = state === 'connected';
  });
}
