import { desk } from '../../lib/desk-client.js';
import { scheduleReload } from '../lib/reload-queue.js';
import { useAppStore } from './app-store.js';
import { useBodyStore } from './body-store.js';
import { useMeetingStore } from './meeting-store.js';
import { useTermStore } from './term-store.js';

/**
 * Keeps the stores in step with the database when something changes elsewhere (another
 * window, the desktop app, a second console). Reloads are coalesced: an import or a bulk
 * attendance change sends a burst of events.
 */
function reloadAll(): void {
  scheduleReload('app', () => useAppStore.getState().load());
  scheduleReload('terms', () => useTermStore.getState().loadTerms());
  scheduleReload('members', () => useTermStore.getState().loadMembers());
  scheduleReload('bodies', () => useBodyStore.getState().load());
  if (useMeetingStore.getState().listLoaded) scheduleReload('meetings', () => useMeetingStore.getState().loadList());
  if (useMeetingStore.getState().meetingId !== null) {
    scheduleReload('meeting', () => useMeetingStore.getState().loadMeeting());
    scheduleReload('agenda', () => useMeetingStore.getState().loadAgenda());
    scheduleReload('attendance', () => useMeetingStore.getState().loadAttendance());
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
        scheduleReload('app', () => useAppStore.getState().load());
        scheduleReload('terms', () => useTermStore.getState().loadTerms());
        if (meetings.listLoaded) scheduleReload('meetings', () => useMeetingStore.getState().loadList());
        break;
      case 'member':
        scheduleReload('terms', () => useTermStore.getState().loadTerms());
        scheduleReload('members', () => useTermStore.getState().loadMembers());
        if (meetings.listLoaded) scheduleReload('meetings', () => useMeetingStore.getState().loadList());
        if (current !== null) {
          scheduleReload('attendance', () => useMeetingStore.getState().loadAttendance());
          scheduleReload('meeting', () => useMeetingStore.getState().loadMeeting());
        }
        break;
      case 'body':
        scheduleReload('bodies', () => useBodyStore.getState().load());
        if (current !== null) scheduleReload('agenda', () => useMeetingStore.getState().loadAgenda());
        break;
      case 'meeting':
        if (meetings.listLoaded) scheduleReload('meetings', () => useMeetingStore.getState().loadList());
        if (touchesCurrent) scheduleReload('meeting', () => useMeetingStore.getState().loadMeeting());
        scheduleReload('app', () => useAppStore.getState().load());
        break;
      case 'agenda':
        if (meetings.listLoaded) scheduleReload('meetings', () => useMeetingStore.getState().loadList());
        if (touchesCurrent) scheduleReload('agenda', () => useMeetingStore.getState().loadAgenda());
        break;
      case 'attendance':
        if (meetings.listLoaded) scheduleReload('meetings', () => useMeetingStore.getState().loadList());
        if (touchesCurrent) scheduleReload('attendance', () => useMeetingStore.getState().loadAttendance());
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
