import type { AgendaItemId } from '../../../shared/api/schemas.js';
import type { ProjectorMeeting, ProjectorShowInput, ProjectorState } from '../../../shared/api/poll-schemas.js';
import { AppError } from '../../../shared/api/errors.js';
import { committeePlace, type CommitteeName } from '../../../shared/domain/committee.js';
import { chineseDate, chineseNumber } from '../../../shared/domain/format.js';
import { listAgenda } from '../../../db/repos/agenda.repo.js';
import { getMeeting, meetingInRoom } from '../../../db/repos/meeting.repo.js';
import { getPollRow, latestActivePoll, listPollRows, type PollRow } from '../../../db/repos/poll.repo.js';
import type { Meeting } from '../../../shared/api/schemas.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { committeeName } from './settings.service.js';
import { sealedResult, toSummary } from './poll.service.js';

/**
 * The room screen (会场大屏). The clerk chooses what it shows: the meeting's title (会标), its
 * agenda with the item under way, or a poll. A poll that opens in the room's meeting after
 * that choice takes the screen over by itself, unless the clerk locked (pinned) the screen;
 * once it closes the screen stays on it, so the released result appears there. With no
 * choice yet the screen shows the latest poll of a meeting not yet closed, else the title of
 * the meeting in progress. A poll shows received / present while open and its result only
 * after the chair releases it: the result is read here only for a released poll.
 *
 * The choice is kept in memory: after a restart the screen falls back to that default,
 * which is where a restarted room would be anyway (the poll in progress, or the title).
 */

type ChosenView = 'title' | 'agenda' | 'poll';

interface Choice {
  meetingId: number;
  view: ChosenView;
  pollId: number | null;
  /** Polls of the meeting opened before the choice: only those opened after it are followed. */
  seen: ReadonlySet<number>;
}

/** Opened or released most recently first; the poll open now, if any, before all. */
function byActivity(rows: PollRow[]): PollRow[] {
  const at = (r: PollRow) => [r.released_at ?? '', r.opened_at ?? ''].reduce((a, b) => (a > b ? a : b));
  return rows
    .filter((r) => r.status !== 'draft')
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || at(b).localeCompare(at(a)) || b.id - a.id);
}

const opened = (rows: PollRow[]) => new Set(rows.filter((r) => r.status !== 'draft').map((r) => r.id));

function projectorMeeting(m: Meeting, committee: CommitteeName | null): ProjectorMeeting {
  const place = committeePlace(committee);
  return {
    id: m.id,
    title: m.title,
    // The full form a 会标 prints, cut where the committee's name ends.
    banner: [`${place}${m.termName}人民代表大会常务委员会`, `第${chineseNumber(m.number)}次会议`],
    dateText: chineseDate(m.date),
    place: m.place,
    status: m.status,
  };
}

export function projectorHandlers(deps: Deps): Pick<Handlers, 'projector.state' | 'projector.show'> {
  const { db } = deps;
  let choice: Choice | null = null;
  let pinned = false;
  /** The item under way, per meeting: set by the clerk, or by a poll on screen. */
  const currentItem = new Map<number, number | null>();

  interface Resolved {
    view: ProjectorState['view'];
    meeting: Meeting | null;
    poll: PollRow | null;
    following: boolean;
  }

  /** What the screen shows now, from the choice and the polls in the database. */
  async function resolve(): Promise<Resolved> {
    if (choice) {
      const meeting = await getMeeting(db, choice.meetingId);
      if (!meeting) {
        // The meeting was deleted under the screen: back to the default.
        choice = null;
        pinned = false;
      } else {
        if (!pinned) {
          const seen = choice.seen;
          const fresh = byActivity(await listPollRows(db, meeting.id)).find((r) => !seen.has(r.id));
          if (fresh) return { view: 'poll', meeting, poll: fresh, following: true };
        }
        if (choice.view === 'poll' && choice.pollId !== null) {
          const poll = await getPollRow(db, choice.pollId);
          if (poll) return { view: 'poll', meeting, poll, following: false };
          return { view: 'title', meeting, poll: null, following: false };
        }
        return { view: choice.view, meeting, poll: null, following: false };
      }
    }
    const latest = await latestActivePoll(db);
    const latestMeeting = latest ? await getMeeting(db, latest.meeting_id) : null;
    if (latest && latestMeeting && latestMeeting.status !== 'closed') return { view: 'poll', meeting: latestMeeting, poll: latest, following: true };
    const roomId = await meetingInRoom(db);
    const room = roomId !== null ? await getMeeting(db, roomId) : null;
    if (room) return { view: 'title', meeting: room, poll: null, following: false };
    if (latest && latestMeeting) return { view: 'poll', meeting: latestMeeting, poll: latest, following: true };
    return { view: 'idle', meeting: null, poll: null, following: false };
  }

  async function state(): Promise<ProjectorState> {
    const committee = await committeeName(db);
    const { view, meeting, poll, following } = await resolve();
    if (!meeting) {
      return {
        view: 'idle',
        pinned,
        following: false,
        committee: committee?.fullName ?? null,
        meeting: null,
        agenda: [],
        currentItemId: null,
        attendance: null,
        meetingTitle: null,
        agendaTitle: null,
        poll: null,
        result: null,
      };
    }
    const agenda = (await listAgenda(db, meeting.id)).map((item, i) => ({ id: item.id, position: i + 1, title: item.title, bodyName: item.bodyName }));
    // A poll on screen makes its item the one under way; it stays so after the vote.
    if (poll) currentItem.set(meeting.id, poll.agenda_item_id);
    const current = currentItem.get(meeting.id) ?? null;
    return {
      view,
      pinned,
      following,
      committee: committee?.fullName ?? null,
      meeting: projectorMeeting(meeting, committee),
      agenda,
      currentItemId: agenda.some((a) => a.id === current) ? (current as AgendaItemId) : null,
      attendance: meeting.quorum,
      meetingTitle: meeting.title,
      agendaTitle: poll?.agenda_title ?? null,
      poll: poll ? toSummary(poll, meeting.quorum) : null,
      // Never a tally before the chair releases it.
      result: poll && poll.status === 'released' ? await sealedResult(db, poll) : null,
    };
  }

  async function requireMeeting(id: number): Promise<Meeting> {
    const meeting = await getMeeting(db, id);
    if (!meeting) throw new AppError('NOT_FOUND', '该会议不存在或已被删除，请刷新后再试。');
    return meeting;
  }

  async function choose(input: ProjectorShowInput): Promise<void> {
    switch (input.show) {
      case 'title':
      case 'agenda': {
        const meeting = await requireMeeting(input.meetingId);
        if (input.show === 'agenda' && input.currentItemId !== undefined) {
          if (input.currentItemId !== null && !(await listAgenda(db, meeting.id)).some((a) => a.id === input.currentItemId)) {
            throw new AppError('NOT_FOUND', '该议程不属于本次会议或已被删除，请刷新后再试。');
          }
          currentItem.set(meeting.id, input.currentItemId);
        }
        choice = { meetingId: meeting.id, view: input.show, pollId: null, seen: opened(await listPollRows(db, meeting.id)) };
        return;
      }
      case 'poll': {
        const poll = await getPollRow(db, input.pollId);
        if (!poll) throw new AppError('NOT_FOUND', '该表决不存在或已被删除，请刷新后再试。');
        const seen = opened(await listPollRows(db, poll.meeting_id));
        seen.add(poll.id);
        choice = { meetingId: poll.meeting_id, view: 'poll', pollId: poll.id, seen };
        return;
      }
      case 'follow': {
        const meeting = await requireMeeting(input.meetingId);
        const rows = await listPollRows(db, meeting.id);
        const latest = byActivity(rows)[0] ?? null;
        choice = { meetingId: meeting.id, view: latest ? 'poll' : 'title', pollId: latest?.id ?? null, seen: opened(rows) };
        pinned = false;
        return;
      }
      case 'pin': {
        // Pinning keeps what is on screen now (a followed poll included) as the choice.
        const now = await resolve();
        if (now.meeting) {
          const rows = await listPollRows(db, now.meeting.id);
          // Unpinning lets a poll open right now take the screen; older ones stay behind.
          const seen = input.pinned ? opened(rows) : new Set(rows.filter((r) => r.status !== 'draft' && r.status !== 'open').map((r) => r.id));
          if (now.poll) seen.add(now.poll.id);
          choice = { meetingId: now.meeting.id, view: now.view === 'idle' ? 'title' : now.view, pollId: now.poll?.id ?? null, seen };
        }
        pinned = input.pinned;
        return;
      }
    }
  }

  return {
    'projector.state': async () => state(),
    'projector.show': async (input) => {
      await choose(input);
      deps.emit('projector.changed', {});
      return state();
    },
  };
}
