import { z } from 'zod';
import { PollId } from './poll-schemas.js';
import { BodyId, MeetingId } from './schemas.js';

/**
 * A body's ratings over the years (body.ratings): one row per sealed satisfaction or scoring
 * poll in which a row of the sheet rated that body. A row rates the body when its label is the
 * body's name (multi-department sheets pick bodies by name), or when the agenda item is the
 * body's (agenda_item.body_id) and the sheet has exactly one row (a rating of its report).
 */
export const RatingOption = z.object({ key: z.string(), label: z.string(), count: z.number().int(), rate: z.string() });
export type RatingOption = z.infer<typeof RatingOption>;

export const BodyRating = z.object({
  pollId: PollId,
  meetingId: MeetingId,
  meetingTitle: z.string(),
  date: z.string(),
  agendaTitle: z.string(),
  pollTitle: z.string(),
  round: z.number().int(),
  kind: z.enum(['satisfaction', 'scoring']),
  status: z.enum(['closed', 'released']),
  ballotCount: z.number().int(),
  /** The row of the sheet that rated the body. */
  target: z.object({ key: z.string(), label: z.string() }),
  matchedBy: z.enum(['label', 'agenda']),
  /** 满意 / 基本满意 / 不满意 (null under a rates-only rule), or the grade band of a score. */
  verdict: z.string().nullable(),
  /** (满意 + 基本满意) / denominator as printed, e.g. "92.31%"; null for scoring. */
  satisfactionRate: z.string().nullable(),
  /** The final score as printed, e.g. "85.33"; null for satisfaction. */
  score: z.string().nullable(),
  /** Count and rate per option (satisfaction); empty for scoring. */
  options: z.array(RatingOption),
  /** What the rates and verdict were computed against, printed with them. */
  denominator: z.object({ label: z.string(), value: z.number().int() }),
  /** Rank among the rows of the same sheet, and how many rows it had. */
  rank: z.number().int().nullable(),
  of: z.number().int(),
});
export type BodyRating = z.infer<typeof BodyRating>;

export const BodyRatings = z.object({ bodyId: BodyId, bodyName: z.string(), rows: z.array(BodyRating) });
export type BodyRatings = z.infer<typeof BodyRatings>;
