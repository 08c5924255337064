import { create } from 'zustand';
import type { AgendaItem, AgendaItemId, AttendanceRow, Meeting, MeetingId, MemberId, TermId } from '../../../shared/api/schemas.js';
import type { AttendanceStatus } from '../../../shared/domain/labels.js';
import type { Quorum } from '../../../shared/domain/quorum.js';
import { desk } from '../../lib/desk-client.js';
import { showError } from '../lib/notify.js';

export interface MeetingFilters {
  termId: TermId | undefined;
  year: number | undefined;
  search: string;
  page: number;
  pageSize: number;
}

interface MeetingState {
  filters: MeetingFilters;
  items: Meeting[];
  total: number;
  years: number[];
  listLoading: boolean;
  listLoaded: boolean;
  loadList(): Promise<void>;
  setFilters(patch: Partial<MeetingFilters>): void;

  /** The meeting page's data. */
  meetingId: MeetingId | null;
  meeting: Meeting | null;
  meetingMissing: boolean;
  agenda: AgendaItem[];
  agendaLoading: boolean;
  attendance: AttendanceRow[];
  attendanceLoading: boolean;
  openMeeting(id: MeetingId): void;
  loadMeeting(): Promise<void>;
  loadAgenda(): Promise<void>;
  loadAttendance(): Promise<void>;
  setMeeting(meeting: Meeting): void;
  reorderAgenda(orderedIds: AgendaItemId[]): Promise<void>;
  setAttendance(memberIds: MemberId[], status: AttendanceStatus | null): Promise<void>;
}

let listRequest = 0;

export const useMeetingStore = create<MeetingState>((set, get) => ({
  filters: { termId: undefined, year: undefined, search: '', page: 1, pageSize: 20 },
  items: [],
  total: 0,
  years: [],
  listLoading: false,
  listLoaded: false,

  async loadList() {
    const { filters } = get();
    const request = ++listRequest;
    set({ listLoading: true });
    try {
      const result = await desk.call('meeting.list', {
        termId: filters.termId,
        year: filters.year,
        search: filters.search.trim() || undefined,
        page: filters.page,
        pageSize: filters.pageSize,
      });
      // Typing in the search box fires several requests; only the newest may win.
      if (request !== listRequest) return;
      set({ items: result.items, total: result.total, years: result.years, listLoaded: true });
    } catch (err) {
      if (request === listRequest) showError(err);
    } finally {
      if (request === listRequest) set({ listLoading: false });
    }
  },

  setFilters(patch) {
    const filters = { ...get().filters, ...patch };
    // Any change other than paging starts again at page 1.
    if (!('page' in patch)) filters.page = 1;
    set({ filters });
    void get().loadList();
  },

  meetingId: null,
  meeting: null,
  meetingMissing: false,
  agenda: [],
  agendaLoading: false,
  attendance: [],
  attendanceLoading: false,

  openMeeting(id) {
    // Coming back to the same meeting keeps what is shown while it refreshes.
    if (get().meetingId !== id) set({ meetingId: id, meeting: null, meetingMissing: false, agenda: [], attendance: [] });
    void get().loadMeeting();
    void get().loadAgenda();
    void get().loadAttendance();
  },

  async loadMeeting() {
    const id = get().meetingId;
    if (id === null) return;
    try {
      const meeting = await desk.call('meeting.get', { id });
      if (get().meetingId === id) set({ meeting, meetingMissing: false });
    } catch (err) {
      if (get().meetingId !== id) return;
      if ((err as { code?: string }).code === 'NOT_FOUND') set({ meetingMissing: true });
      else showError(err);
    }
  },

  async loadAgenda() {
    const meetingId = get().meetingId;
    if (meetingId === null) return;
    set({ agendaLoading: true });
    try {
      const agenda = await desk.call('agenda.list', { meetingId });
      if (get().meetingId === meetingId) set({ agenda });
    } catch (err) {
      if ((err as { code?: string }).code !== 'NOT_FOUND') showError(err);
    } finally {
      set({ agendaLoading: false });
    }
  },

  async loadAttendance() {
    const meetingId = get().meetingId;
    if (meetingId === null) return;
    set({ attendanceLoading: true });
    try {
      const result = await desk.call('attendance.list', { meetingId });
      if (get().meetingId === meetingId) {
        set({ attendance: result.rows });
        applyQuorum(meetingId, result.quorum);
      }
    } catch (err) {
      if ((err as { code?: string }).code !== 'NOT_FOUND') showError(err);
    } finally {
      set({ attendanceLoading: false });
    }
  },

  setMeeting(meeting) {
    set((s) => ({
      meeting: s.meetingId === meeting.id ? meeting : s.meeting,
      items: s.items.map((m) => (m.id === meeting.id ? meeting : m)),
    }));
  },

  async reorderAgenda(orderedIds) {
    const meetingId = get().meetingId;
    if (meetingId === null) return;
    const before = get().agenda;
    const byId = new Map(before.map((item) => [item.id, item]));
    // Show the new order at once; the server's answer (with positions) replaces it.
    set({ agenda: orderedIds.map((id, i) => ({ ...byId.get(id)!, position: i + 1 })) });
    try {
      const agenda = await desk.call('agenda.reorder', { meetingId, orderedIds });
      if (get().meetingId === meetingId) set({ agenda });
    } catch (err) {
      showError(err);
      void get().loadAgenda();
    }
  },

  async setAttendance(memberIds, status) {
    const meetingId = get().meetingId;
    if (meetingId === null || memberIds.length === 0) return;
    const ids = new Set<number>(memberIds);
    set((s) => ({ attendance: s.attendance.map((r) => (ids.has(r.memberId) ? { ...r, status } : r)) }));
    try {
      const result = await desk.call('attendance.set', { meetingId, memberIds, status });
      applyQuorum(meetingId, result.quorum);
    } catch (err) {
      showError(err);
      void get().loadAttendance();
    }
  },
}));

/** The quorum shown on the meeting page and in the list follows every attendance change. */
function applyQuorum(meetingId: MeetingId, quorum: Quorum): void {
  useMeetingStore.setState((s) => ({
    meeting: s.meeting && s.meeting.id === meetingId ? { ...s.meeting, quorum } : s.meeting,
    items: s.items.map((m) => (m.id === meetingId ? { ...m, quorum } : m)),
  }));
}
