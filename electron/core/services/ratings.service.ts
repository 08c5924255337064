import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { PollId } from '../../../shared/api/poll-schemas.js';
import type { BodyRating } from '../../../shared/api/rating-schemas.js';
import type { MeetingId } from '../../../shared/api/schemas.js';
import { meetingTitle } from '../../../shared/domain/format.js';
import type { SatisfactionTargetResult, ScoringTargetResult } from '../../../shared/domain/polls/result.js';
import { getBody } from '../../../db/repos/body.repo.js';
import { ratedRowsOf, type RatedRow, type SubjectKey } from '../../../db/repos/subject.repo.js';
import type { Database } from '../../../db/schema.js';
import { titlePlace } from './settings.service.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';

type RatedTarget = SatisfactionTargetResult | ScoringTargetResult;
export type SubjectRatingValue = Omit<BodyRating, 'matchedBy'>;

function toRating(row: RatedRow, t: RatedTarget, place: string): SubjectRatingValue {
  const common = {
    pollId: row.poll_id as PollId,
    meetingId: row.meeting_id as MeetingId,
    meetingTitle: meetingTitle(row.term_name, row.number, place),
    date: row.date,
    agendaTitle: row.agenda_title,
    pollTitle: row.poll_title,
    round: row.round,
    status: row.status as BodyRating['status'],
    ballotCount: row.ballot_count,
    target: { key: t.key, label: t.label },
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

/**
 * Every sealed row linked to a subject (poll_target_subject), newest first. The link is made
 * by id when the poll is drafted, so a renamed body keeps its history and a namesake does not
 * borrow it.
 */
export async function subjectRatings(db: Kysely<Database>, subject: SubjectKey): Promise<SubjectRatingValue[]> {
  const out: SubjectRatingValue[] = [];
  const place = await titlePlace(db);
  for (const row of await ratedRowsOf(db, subject)) {
    if (row.target === null) continue;
    out.push(toRating(row, JSON.parse(row.target) as RatedTarget, place));
  }
  return out;
}

export function ratingsHandlers(deps: Deps): Pick<Handlers, 'body.ratings'> {
  const { db } = deps;
  return {
    'body.ratings': async ({ bodyId }) => {
      const body = await getBody(db, bodyId);
      if (!body) throw new AppError('NOT_FOUND', '该单位不存在或已被删除，请刷新后再试。');
      const rows: BodyRating[] = (await subjectRatings(db, { kind: 'body', id: bodyId })).map((r) => ({
        ...r,
        matchedBy: r.target.label === body.name ? ('label' as const) : ('agenda' as const),
      }));
      return { bodyId: body.id, bodyName: body.name, rows };
    },
  };
}
