import type { Kysely } from 'kysely';
import type { ProjectorState } from '../../../shared/api/poll-schemas.js';
import { getMeeting } from '../../../db/repos/meeting.repo.js';
import { getPollRow, latestActivePoll } from '../../../db/repos/poll.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { sealedResult, toSummary } from './poll.service.js';

/**
 * The room screen. It shows the chosen poll (or the latest one opened or released): while
 * open only received / present, and the result only after the chair releases it.
 */
export function projectorHandlers(deps: Deps): Pick<Handlers, 'projector.state' | 'projector.show'> {
  const { db } = deps;
  // Kept in memory: after a restart the screen falls back to the latest poll.
  let chosen: number | null = null;

  async function state(trxDb: Kysely<Database>): Promise<ProjectorState> {
    const row = (chosen !== null ? await getPollRow(trxDb, chosen) : null) ?? (await latestActivePoll(trxDb));
    if (!row) return { meetingTitle: null, agendaTitle: null, poll: null, result: null };
    const meeting = (await getMeeting(trxDb, row.meeting_id))!;
    return {
      meetingTitle: meeting.title,
      agendaTitle: row.agenda_title,
      poll: toSummary(row, meeting.quorum),
      result: row.status === 'released' ? await sealedResult(trxDb, row) : null,
    };
  }

  return {
    'projector.state': async () => state(db),
    'projector.show': async ({ pollId }) => {
      chosen = pollId;
      deps.emit('projector.changed', {});
      return state(db);
    },
  };
}
