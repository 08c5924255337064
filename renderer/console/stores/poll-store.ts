import { create } from 'zustand';
import type { PaperStatus, PollDetail, PollId, PollSummary, SealedResult } from '../../../shared/api/poll-schemas.js';
import type { Meeting, MeetingId } from '../../../shared/api/schemas.js';
import { desk } from '../../lib/desk-client.js';
import { scheduleReload } from '../lib/reload-queue.js';
import { showError } from '../lib/notify.js';

/**
 * Polls of the meeting page's 表决 tab, and the poll page (one poll, its meeting, the other
 * rounds of its series, its paper-entry status and, once sealed, its result).
 *
 * Nothing here ever holds a partial tally: while a poll is open the server sends only
 * counts, and the result is fetched only for closed or released polls.
 */
interface PollState {
  listMeetingId: MeetingId | null;
  polls: PollSummary[];
  pollsLoading: boolean;
  pollsLoaded: boolean;
  loadPolls(meetingId: MeetingId): Promise<void>;

  pollId: PollId | null;
  poll: PollDetail | null;
  pollMissing: boolean;
  meeting: Meeting | null;
  /** Every poll of the poll's meeting: the page links the rounds of its series. */
  siblings: PollSummary[];
  result: SealedResult | null;
  paper: PaperStatus | null;
  openPoll(id: PollId): void;
  reloadPoll(): Promise<void>;
  reloadPaper(): Promise<void>;
  setPaper(status: PaperStatus): void;
  setPoll(poll: PollDetail): void;
}

const isSealed = (status: PollSummary['status']) => status === 'closed' || status === 'released';

let listRequest = 0;

export const usePollStore = create<PollState>((set, get) => ({
  listMeetingId: null,
  polls: [],
  pollsLoading: false,
  pollsLoaded: false,

  async loadPolls(meetingId) {
    if (get().listMeetingId !== meetingId) set({ listMeetingId: meetingId, polls: [], pollsLoaded: false });
    const request = ++listRequest;
    set({ pollsLoading: true });
    try {
      const polls = await desk.call('poll.list', { meetingId });
      if (request === listRequest && get().listMeetingId === meetingId) set({ polls, pollsLoaded: true });
    } catch (err) {
      if ((err as { code?: string }).code !== 'NOT_FOUND') showError(err);
    } finally {
      if (request === listRequest) set({ pollsLoading: false });
    }
  },

  pollId: null,
  poll: null,
  pollMissing: false,
  meeting: null,
  siblings: [],
  result: null,
  paper: null,

  openPoll(id) {
    if (get().pollId !== id) set({ pollId: id, poll: null, pollMissing: false, result: null, paper: null });
    void get().reloadPoll();
  },

  async reloadPoll() {
    const id = get().pollId;
    if (id === null) return;
    let poll: PollDetail;
    try {
      poll = await desk.call('poll.get', { id });
    } catch (err) {
      if (get().pollId !== id) return;
      if ((err as { code?: string }).code === 'NOT_FOUND') set({ pollMissing: true, poll: null });
      else showError(err);
      return;
    }
    if (get().pollId !== id) return;
    set({ poll, pollMissing: false });
    if (!isSealed(poll.status)) set({ result: null });
    const jobs: Promise<unknown>[] = [
      desk.call('meeting.get', { id: poll.meetingId }).then((meeting) => get().pollId === id && set({ meeting })),
      desk.call('poll.list', { meetingId: poll.meetingId }).then((siblings) => get().pollId === id && set({ siblings })),
    ];
    if (isSealed(poll.status)) jobs.push(desk.call('poll.result', { id }).then((result) => get().pollId === id && set({ result })));
    if (poll.status === 'draft' || poll.status === 'open') jobs.push(get().reloadPaper());
    else set({ paper: null });
    try {
      await Promise.all(jobs);
    } catch (err) {
      if (get().pollId === id) showError(err);
    }
  },

  async reloadPaper() {
    const id = get().pollId;
    if (id === null) return;
    try {
      const paper = await desk.call('paperBallot.status', { pollId: id });
      if (get().pollId === id) set({ paper });
    } catch (err) {
      if ((err as { code?: string }).code !== 'NOT_FOUND') showError(err);
    }
  },

  setPaper(status) {
    if (get().pollId === status.pollId) set({ paper: status });
  },

  setPoll(poll) {
    if (get().pollId === poll.id) set({ poll });
  },
}));

/*
 * Live updates: poll.updated carries counts only. Reloads are coalesced, because entering
 * paper sheets quickly sends a burst of events.
 */
const schedule = (key: string, job: () => Promise<void>) => scheduleReload(`poll:${key}`, job);

desk.on('poll.updated', ({ pollId, meetingId, status, received }) => {
  const s = usePollStore.getState();
  if (s.listMeetingId === meetingId) {
    // The count moves at once; anything else (a new round, a status) comes with the reload.
    usePollStore.setState({ polls: s.polls.map((p) => (p.id === pollId ? { ...p, received } : p)) });
    schedule('list', () => usePollStore.getState().loadPolls(meetingId));
  }
  if (s.poll && s.poll.meetingId === meetingId) {
    if (s.pollId === pollId && s.poll.status === status) {
      usePollStore.setState({ poll: { ...s.poll, received } });
      if (status === 'open' || status === 'draft') schedule('paper', () => usePollStore.getState().reloadPaper());
      schedule('siblings', async () => {
        const siblings = await desk.call('poll.list', { meetingId });
        if (usePollStore.getState().poll?.meetingId === meetingId) usePollStore.setState({ siblings });
      });
    } else {
      schedule('poll', () => usePollStore.getState().reloadPoll());
    }
  }
});

desk.on('data.changed', ({ entity, meetingId }) => {
  const s = usePollStore.getState();
  // The present count of a draft follows attendance; agenda titles head the groups.
  if (entity !== 'attendance' && entity !== 'agenda' && entity !== 'meeting' && entity !== 'member') return;
  if (s.listMeetingId !== null && (meetingId === null || meetingId === s.listMeetingId)) {
    const id = s.listMeetingId;
    schedule('list', () => usePollStore.getState().loadPolls(id));
  }
  if (s.poll && (meetingId === null || meetingId === s.poll.meetingId)) schedule('poll', () => usePollStore.getState().reloadPoll());
});

desk.onConnection((state) => {
  if (state !== 'connected') return;
  const s = usePollStore.getState();
  if (s.listMeetingId !== null) {
    const id = s.listMeetingId;
    schedule('list', () => usePollStore.getState().loadPolls(id));
  }
  if (s.pollId !== null) schedule('poll', () => usePollStore.getState().reloadPoll());
});
