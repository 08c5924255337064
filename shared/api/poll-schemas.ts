import { z } from 'zod';
import { VOTE_KINDS } from '../domain/labels.js';
import { BallotPayloadSchema } from '../domain/polls/ballot.js';
import { PollDefinitionSchema } from '../domain/polls/definition.js';
import type { PollResult } from '../domain/polls/result.js';
import { AgendaItemId, id, MeetingId } from './schemas.js';

export const PollId = id.brand<'PollId'>();
export type PollId = z.infer<typeof PollId>;

export const POLL_STATUSES = ['draft', 'open', 'closed', 'released'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];
export const POLL_STATUS_LABEL: Record<PollStatus, string> = { draft: '草稿', open: '表决中', closed: '已结束（未公布）', released: '已公布' };

/** What every screen may know of a poll at any time: never a partial tally. */
export const PollSummary = z.object({
  id: PollId,
  agendaItemId: AgendaItemId,
  meetingId: MeetingId,
  agendaTitle: z.string(),
  seriesId: PollId,
  round: z.number().int(),
  kind: z.enum(VOTE_KINDS),
  title: z.string(),
  anonymous: z.boolean(),
  status: z.enum(POLL_STATUSES),
  autoClose: z.boolean(),
  doubleEntry: z.boolean(),
  /** Ballots in the box (electronic and reconciled paper sheets). */
  received: z.number().int(),
  /** Members present: frozen when the poll opens, the meeting's count before that. */
  present: z.number().int(),
  serving: z.number().int(),
  paperIssued: z.number().int().nullable(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
});
export type PollSummary = z.infer<typeof PollSummary>;

export const PollDetail = PollSummary.extend({ definition: PollDefinitionSchema });
export type PollDetail = z.infer<typeof PollDetail>;

const PollResultSchema = z.custom<PollResult>((v) => typeof v === 'object' && v !== null && 'kind' in v, { error: '结果格式无效' });

/** A sealed result: the tally, and the SHA-256 over the definition, context and sorted ballots. */
export const SealedResult = z.object({
  pollId: PollId,
  status: z.enum(POLL_STATUSES),
  ballotCount: z.number().int(),
  digest: z.string(),
  sealedAt: z.string(),
  result: PollResultSchema,
});
export type SealedResult = z.infer<typeof SealedResult>;

export const PollSettings = {
  autoClose: z.boolean().default(false),
  doubleEntry: z.boolean().default(false),
};

export const PAPER_SHEET_STATES = ['counted', 'awaiting_second', 'mismatch'] as const;
export type PaperSheetState = (typeof PAPER_SHEET_STATES)[number];

/**
 * A paper sheet as the entry screen sees it. The typed choices are shown back only for a
 * mismatch, which the clerks resolve against the paper; otherwise only the state.
 */
export const PaperSheet = z.object({
  sheetNo: z.number().int(),
  state: z.enum(PAPER_SHEET_STATES),
  first: BallotPayloadSchema.nullable(),
  second: BallotPayloadSchema.nullable(),
});
export type PaperSheet = z.infer<typeof PaperSheet>;

export const PaperStatus = z.object({
  pollId: PollId,
  doubleEntry: z.boolean(),
  issued: z.number().int().nullable(),
  /** Sheets entered at least once. */
  entered: z.number().int(),
  counted: z.number().int(),
  awaitingSecond: z.number().int(),
  mismatches: z.number().int(),
  nextSheetNo: z.number().int(),
  sheets: z.array(PaperSheet),
});
export type PaperStatus = z.infer<typeof PaperStatus>;

export const ProjectorState = z.object({
  meetingTitle: z.string().nullable(),
  agendaTitle: z.string().nullable(),
  poll: PollSummary.nullable(),
  /** Present only once the chair has released the result. */
  result: SealedResult.nullable(),
});
export type ProjectorState = z.infer<typeof ProjectorState>;

export const BallotPayloadInput = BallotPayloadSchema;
