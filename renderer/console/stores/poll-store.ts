import { create } from 'zustand';
import type { PaperStatus, PollDetail, PollId, PollSummary, SealedResult } from '../../../shared/api/poll-schemas.js';
import type { Meeting, MeetingId } from '../../../shared/api/schemas.js';
import { allows } from '../../../shared/domain/polls/lifecycle.js';
import type { SelectionOutcome } from '../../../shared/domain/polls/tally-selection.js';
import { desk } from '../../lib/desk-client.js';
import { scheduleReload } from '../lib/reload-queue.js';
import { showError } from '../lib/notify.js';

/** Something about a poll the core wants a clerk to see now (poll.notice); kept until dismissed. */
export interface PollNotice {
  id: number;
  pollId: PollId;
  meetingId: MeetingId;
  message: string;
}

/**
 * Polls of the meeting page's 表决 tab, and the poll page (one poll, its meeting, the other
 * rounds of its series, its paper-entry status and, once sealed, its result; for a selection,
 * the sealed results of every round and the final list of the series).
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
  /** Selection only: the sealed results of the series' rounds, by poll id (this round's too). */
  roundResults: Record<number, SealedResult>;
  /** Selection only: the final list derived from the sealed rounds; null before the first seal. */
  outcome: SelectionOutcome | null;
  notices: PollNotice[];
  dismissNotice(id: number): void;
  openPoll(id: PollId): void;
  reloadPoll(): Promise<void>;
  reloadPaper(): Promise<void>;
  setPaper(status: PaperStatus): void;
  setPoll(poll: PollDetail): void;
}

let listRequest = 0;
let noticeSeq = 0;
/**
 * poll.updated events seen so far. A reload answered after such an event may carry the count
 * from before it (the answer and the event travel on different connections), so a reload
 * during which one arrived is made once more: the last word is always a fresh read.
 */
let updates = 0;

export const usePollStore = create<PollState>((set, get) => ({
  listMeetingId: null,
  polls: [],
  pollsLoading: false,
  pollsLoaded: false,

  async loadPolls(meetingId) {
    if (get().listMeetingId !== meetingId) set({ listMeetingId: meetingId, polls: [], pollsLoaded: false });
    const request = ++listRequest;
    const seen = updates;
    set({ pollsLoading: true });
    try {
      const polls = await desk.call('poll.list', { meetingId });
      if (request === listRequest && get().listMeetingId === meetingId) set({ polls, pollsLoaded: true });
      if (updates !== seen) schedule('list', () => get().loadPolls(meetingId));
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
  roundResults: {},
  outcome: null,
  notices: [],

  dismissNotice(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },

  openPoll(id) {
    if (get().pollId !== id) set({ pollId: id, poll: null, pollMissing: false, result: null, paper: null, roundResults: {}, outcome: null });
    void get().reloadPoll();
  },

  async reloadPoll() {
    const id = get().pollId;
    if (id === null) return;
    let poll: PollDetail;
    const seen = updates;
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
    if (updates !== seen) schedule('poll', () => get().reloadPoll());
    const sealed = allows(poll.status, 'result');
    if (!sealed) set({ result: null });
    if (poll.kind !== 'selection') set({ roundResults: {}, outcome: null });
    const siblings = desk.call('poll.list', { meetingId: poll.meetingId }).then((siblings) => {
      if (get().pollId === id) set({ siblings });
      return siblings;
    });
    const jobs: Promise<unknown>[] = [desk.call('meeting.get', { id: poll.meetingId }).then((meeting) => get().pollId === id && set({ meeting })), siblings];
    if (sealed) jobs.push(desk.call('poll.result', { id }).then((result) => get().pollId === id && set({ result })));
    if (allows(poll.status, 'paper')) jobs.push(get().reloadPaper());
    else set({ paper: null });
    if (poll.kind === 'selection') jobs.push(siblings.then((all) => loadSelectionSeries(id, poll, all)));
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

/** A selection series: every sealed round's result (sealed results never change, so known ones are kept) and the final list. */
async function loadSelectionSeries(id: PollId, poll: PollDetail, siblings: PollSummary[]): Promise<void> {
  const known = usePollStore.getState().roundResults;
  const sealed = siblings.filter((p) => p.seriesId === poll.seriesId && allows(p.status, 'result'));
  const fetched = await Promise.all(sealed.map((p) => (known[p.id] ? known[p.id]! : desk.call('poll.result', { id: p.id }))));
  const outcome = sealed.length > 0 ? await desk.call('poll.outcome', { id }) : null;
  if (usePollStore.getState().pollId !== id) return;
  usePollStore.setState({ roundResults: Object.fromEntries(sealed.map((p, i) => [p.id, fetched[i]!])), outcome });
}

/*
 * Live updates: poll.updated carries counts only. Reloads are coalesced, because entering
 * paper sheets quickly sends a burst of events.
 */
const schedule = (key: string, job: () => Promise<void>) => scheduleReload(`poll:${key}`, job);

desk.on('poll.updated', ({ pollId, meetingId, status, received }) => {
  updates++;
  const s = usePollStore.getState();
  if (s.listMeetingId === meetingId) {
    // The count moves at once; anything else (a new round, a status) comes with the reload.
    usePollStore.setState({ polls: s.polls.map((p) => (p.id === pollId ? { ...p, received } : p)) });
    schedule('list', () => usePollStore.getState().loadPolls(meetingId));
  }
  if (s.poll && s.poll.meetingId === meetingId) {
    if (s.pollId === pollId && s.poll.status === status) {
      usePollStore.setState({ poll: { ...s.poll, received } });
      if (allows(status, 'paper')) schedule('paper', () => usePollStore.getState().reloadPaper());
      schedule('siblings', async () => {
        const siblings = await desk.call('poll.list', { meetingId });
        if (usePollStore.getState().poll?.meetingId === meetingId) usePollStore.setState({ siblings });
      });
    } else {
      schedule('poll', () => usePollStore.getState().reloadPoll());
    }
  }
});

desk.on('poll.notice', ({ pollId, meetingId, message }) => {
  const s = usePollStore.getState();
  // The same notice again (a retried auto-close) is shown once.
  if (!s.notices.some((n) => n.pollId === pollId && n.message === message)) {
    usePollStore.setState({ notices: [...s.notices, { id: ++noticeSeq, pollId, meetingId, message }] });
  }
  if (s.pollId === pollId) schedule('poll', () => usePollStore.getState().reloadPoll());
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
