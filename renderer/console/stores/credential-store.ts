import { create } from 'zustand';
import type { MeetingId, MemberId } from '../../../shared/api/schemas.js';
import type { CredentialRow, VoterInfo } from '../../../shared/api/voter-schemas.js';
import { desk } from '../../lib/desk-client.js';
import { scheduleReload } from '../lib/reload-queue.js';
import { showError } from '../lib/notify.js';

/**
 * The 签到与登录码 tab: each serving member's login code for one meeting, and where member
 * devices connect. Codes follow attendance on the server (marking someone present issues
 * one, anything else revokes it), so this store reloads whenever attendance changes.
 */
interface CredentialState {
  meetingId: MeetingId | null;
  /** True while the tab is on screen; live reloads are skipped otherwise. */
  active: boolean;
  rows: CredentialRow[];
  loading: boolean;
  loaded: boolean;
  voter: VoterInfo | null;
  /** Members with a revoke or reissue in flight, to spin their buttons. */
  busy: MemberId[];
  issuing: boolean;
  open(meetingId: MeetingId): void;
  leave(): void;
  load(): Promise<void>;
  loadVoter(): Promise<void>;
  /** Issue codes to present members without one (all of them, or the given ones); resolves to how many were issued. */
  issue(memberIds?: MemberId[]): Promise<number | null>;
  revoke(memberId: MemberId): Promise<boolean>;
  reissue(memberId: MemberId): Promise<boolean>;
}

let loadRequest = 0;

const withCode = (rows: CredentialRow[]) => rows.filter((r) => r.code !== null).length;

export const useCredentialStore = create<CredentialState>((set, get) => {
  /** Revoke and reissue answer with the whole list; apply it if the tab still shows that meeting. */
  const apply = (meetingId: MeetingId, rows: CredentialRow[]) => {
    if (get().meetingId === meetingId) {
      loadRequest++; // an older list request in flight must not overwrite this answer
      set({ rows, loaded: true });
    }
  };
  const runFor = async (memberId: MemberId, job: (meetingId: MeetingId) => Promise<{ rows: CredentialRow[] }>): Promise<boolean> => {
    const meetingId = get().meetingId;
    if (meetingId === null) return false;
    set((s) => ({ busy: [...s.busy, memberId] }));
    try {
      apply(meetingId, (await job(meetingId)).rows);
      return true;
    } catch (err) {
      showError(err);
      void get().load();
      return false;
    } finally {
      set((s) => ({ busy: s.busy.filter((id) => id !== memberId) }));
    }
  };

  return {
    meetingId: null,
    active: false,
    rows: [],
    loading: false,
    loaded: false,
    voter: null,
    busy: [],
    issuing: false,

    open(meetingId) {
      if (get().meetingId !== meetingId) set({ meetingId, rows: [], loaded: false, busy: [] });
      set({ active: true });
      void get().load();
      void get().loadVoter();
    },

    leave() {
      set({ active: false });
    },

    async load() {
      const meetingId = get().meetingId;
      if (meetingId === null) return;
      const request = ++loadRequest;
      set({ loading: true });
      try {
        const { rows } = await desk.call('credential.list', { meetingId });
        if (request === loadRequest && get().meetingId === meetingId) set({ rows, loaded: true });
      } catch (err) {
        if ((err as { code?: string }).code !== 'NOT_FOUND') showError(err);
      } finally {
        if (request === loadRequest) set({ loading: false });
      }
    },

    async loadVoter() {
      try {
        set({ voter: await desk.call('voter.info', {}) });
      } catch (err) {
        showError(err);
      }
    },

    async issue(memberIds) {
      const meetingId = get().meetingId;
      if (meetingId === null) return null;
      const before = withCode(get().rows);
      set({ issuing: true });
      try {
        const { rows } = await desk.call('credential.issue', { meetingId, memberIds });
        apply(meetingId, rows);
        return withCode(rows) - before;
      } catch (err) {
        showError(err);
        return null;
      } finally {
        set({ issuing: false });
      }
    },

    revoke: (memberId) => runFor(memberId, (meetingId) => desk.call('credential.revoke', { meetingId, memberId })),
    reissue: (memberId) => runFor(memberId, (meetingId) => desk.call('credential.reissue', { meetingId, memberId })),
  };
});

/* Live updates: issuing, revoking and attendance changes (here or in another console) all arrive as attendance changes. */
function reloadCredentials(): void {
  scheduleReload('credentials', () => {
    if (useCredentialStore.getState().active) return useCredentialStore.getState().load();
  });
}

desk.on('data.changed', ({ entity, meetingId }) => {
  const s = useCredentialStore.getState();
  if (!s.active || s.meetingId === null) return;
  if (entity !== 'attendance' && entity !== 'member') return;
  if (meetingId === null || meetingId === s.meetingId) reloadCredentials();
});

desk.onConnection((state) => {
  const s = useCredentialStore.getState();
  if (state !== 'connected' || !s.active) return;
  reloadCredentials();
  void s.loadVoter();
});

const LOOPBACK = /^https?:\/\/(127\.|localhost[:/]|\[::1\])/i;

/**
 * The addresses worth showing to people: LAN interfaces, not loopback (unreachable from a
 * tablet) unless the listener is bound to loopback only. The server lists LAN ones first.
 */
export function deviceUrls(voter: VoterInfo | null): { urls: string[]; loopbackOnly: boolean } {
  if (!voter?.running) return { urls: [], loopbackOnly: false };
  const lan = voter.urls.filter((u) => !LOOPBACK.test(u));
  return lan.length > 0 ? { urls: lan, loopbackOnly: false } : { urls: voter.urls, loopbackOnly: voter.urls.length > 0 };
}

/** `http://192.168.1.20:8731/` as people type it: without the trailing slash. */
export function displayUrl(url: string): string {
  return url.replace(/\/$/, '');
}
