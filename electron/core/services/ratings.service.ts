import { AppError } from '../../../shared/api/errors.js';
import type { PollId } from '../../../shared/api/poll-schemas.js';
import type { BodyRating } from '../../../shared/api/rating-schemas.js';
import type { MeetingId } from '../../../shared/api/schemas.js';
import { meetingTitle } from '../../../shared/domain/format.js';
import type { SatisfactionTargetResult, ScoringTargetResult } from '../../../shared/domain/polls/result.js';
import { getBody } from '../../../db/repos/body.repo.js';
import { ratingPollsOfBody, type RatingPollRow } from '../../../db/repos/ratings.repo.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';

type RatedTarget = SatisfactionTargetResult | ScoringTargetResult;

/**
 * The body's row of one sealed sheet: the row labelled with its name, else the only row of a
 * sheet on the body's own agenda item; null when neither (the name matched something else).
 */
function bodyRow(row: RatingPollRow, bodyId: number, bodyName: string): { t: RatedTarget; by: 'label' | 'agenda' } | null {
  const t = JSON.parse(row.target) as RatedTarget | null;
  if (row.label_index !== null && t?.label === bodyName) return { t, by: 'label' };
  if (row.agenda_body_id === bodyId && row.target_count === 1 && t) return { t, by: 'agenda' };
  return null;
}

function toRating(row: RatingPollRow, t: RatedTarget, by: 'label' | 'agenda'): BodyRating {
  const common = {
    pollId: row.poll_id as PollId,
    meetingId: row.meeting_id as MeetingId,
    meetingTitle: meetingTitle(row.term_name, row.number),
    date: row.date,
    agendaTitle: row.agenda_title,
    pollTitle: row.poll_title,
    round: row.round,
    status: row.status as BodyRating['status'],
    ballotCount: row.ballot_count,
    target: { key: t.key, label: t.label },
    matchedBy: by,
    denominator: { label: t.denominator.label, value: t.denominator.value },
    rank: t.rank,
    of: row.target_count,
  };
  if (row.kind === 'satisfaction') {
    const s = t as SatisfactionTargetResult;
    return {
      ...common,
      kind: 'satisfaction',
      verdict: s.verdict?.label ?? null,
      satisfactionRate: s.satisfactionRate.text,
      score: null,
      options: s.options.map((o) => ({ key: o.key, label: o.label, count: o.count, rate: o.rate.text })),
    };
  }
  const s = t as ScoringTargetResult;
  return { ...common, kind: 'scoring', verdict: s.grade?.label ?? null, satisfactionRate: null, score: s.score?.text ?? null, options: [] };
}

export function ratingsHandlers(deps: Deps): Pick<Handlers, 'body.ratings'> {
  const { db } = deps;
  return {
    'body.ratings': async ({ bodyId }) => {
      const body = await getBody(db, bodyId);
      if (!body) throw new AppError('NOT_FOUND', '该单位不存在或已被删除，请刷新后再试。');
      const rows: BodyRating[] = [];
      for (const row of await ratingPollsOfBody(db, bodyId, body.name)) {
        const hit = bodyRow(row, bodyId, body.name);
        if (hit) rows.push(toRating(row, hit.t, hit.by));
      }
      return { bodyId: body.id, bodyName: body.name, rows };
    },
  };
}
