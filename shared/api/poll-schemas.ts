import { z } from 'zod';
import { VOTE_KINDS } from '../domain/labels.js';
import { BallotPayloadSchema } from '../domain/polls/ballot.js';
import { PollDefinitionSchema } from '../domain/polls/definition.js';
import { POLL_STATUSES } from '../domain/polls/lifecycle.js';
import type { PollResult } from '../domain/polls/result.js';
import type { SelectionOutcome } from '../domain/polls/tally-selection.js';
import { AgendaItemId, id, MeetingId, MemberId } from './schemas.js';

export const PollId = id.brand<'PollId'>();
export type PollId = z.infer<typeof PollId>;

export { POLL_STATUSES, POLL_STATUS_LABEL, type PollStatus } from '../domain/polls/lifecycle.js';

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
  /** For a selection run-off: the round whose tie it settles; null otherwise. */
  runoffOfRound: z.number().int().nullable(),
  /** Members present: frozen when the poll opens, the meeting's count before that. */
  present: z.number().int(),
  serving: z.number().int(),
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
  /** The frozen tally that produced the result (1: before the ballot box was rebuilt). */
  tallyVersion: z.number().int(),
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

/** A member in the paper hand-out list: a name, never a choice. */
export const RollEntry = z.object({ memberId: MemberId, name: z.string() });
export type RollEntry = z.infer<typeof RollEntry>;

export const PaperStatus = z.object({
  pollId: PollId,
  doubleEntry: z.boolean(),
  /** Sheets handed out: to the named members in `holders`, plus any handed out before names were kept. */
  handedOut: z.number().int(),
  /** Members holding a paper sheet for this poll (they cannot also vote on a device). Empty after close. */
  holders: z.array(RollEntry),
  /** Members entitled to vote and present who have not voted and hold no sheet: who may still get one. Empty after close. */
  eligible: z.array(RollEntry),
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

/** A selection's final list (shared/domain/polls: selectionOutcome), as the console shows it. */
export const SelectionOutcomeSchema = z.custom<SelectionOutcome>((v) => typeof v === 'object' && v !== null && 'winners' in v, { error: '结果格式无效' });
