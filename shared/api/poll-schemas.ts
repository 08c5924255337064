import { z } from 'zod';
import { MEETING_STATUSES, VOTE_KINDS } from '../domain/labels.js';
import { BallotPayloadSchema } from '../domain/polls/ballot.js';
import { PollDefinitionSchema } from '../domain/polls/definition.js';
import { POLL_STATUSES } from '../domain/polls/lifecycle.js';
import type { PollResult } from '../domain/polls/result.js';
import type { SelectionOutcome } from '../domain/polls/tally-selection.js';
import { AgendaItemId, id, MeetingId, MemberId, QuorumSchema } from './schemas.js';

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

/** What the room screen draws: nothing yet, the meeting's title (会标), its agenda, or a poll. */
export const PROJECTOR_VIEWS = ['idle', 'title', 'agenda', 'poll'] as const;
export type ProjectorView = (typeof PROJECTOR_VIEWS)[number];

/** The meeting in the room, as the screen prints it. */
export const ProjectorMeeting = z.object({
  id: MeetingId,
  /** 洛阳市第十七届人大常委会第十二次会议 */
  title: z.string(),
  /** The title as a 会标 prints it, in two phrases: 洛阳市第十七届人民代表大会常务委员会 / 第十二次会议. */
  banner: z.tuple([z.string(), z.string()]),
  /** 2026年12月14日 */
  dateText: z.string(),
  place: z.string(),
  status: z.enum(MEETING_STATUSES),
});
export type ProjectorMeeting = z.infer<typeof ProjectorMeeting>;

export const ProjectorAgendaItem = z.object({
  id: AgendaItemId,
  /** 1-based, in agenda order. */
  position: z.number().int(),
  title: z.string(),
  /** 汇报单位 */
  bodyName: z.string().nullable(),
});
export type ProjectorAgendaItem = z.infer<typeof ProjectorAgendaItem>;

export const ProjectorState = z.object({
  view: z.enum(PROJECTOR_VIEWS),
  /** The clerk locked the screen: a poll that opens does not take it over. */
  pinned: z.boolean(),
  /** The screen shows a poll it followed by itself (opened after the clerk's last choice). */
  following: z.boolean(),
  /** The committee's full name (洛阳市人民代表大会常务委员会), null until the office sets it. */
  committee: z.string().nullable(),
  /** The meeting in the room; null when there is none to show. */
  meeting: ProjectorMeeting.nullable(),
  /** Its agenda, in order. */
  agenda: z.array(ProjectorAgendaItem),
  /** The item under way: the clerk's 设为当前议题, or the item of the poll on screen. */
  currentItemId: AgendaItemId.nullable(),
  /** 应到 (serving) / 实到 (present) of the meeting now, and whether the quorum is met. */
  attendance: QuorumSchema.nullable(),
  /** The meeting's title (short form), as `meeting.title`. */
  meetingTitle: z.string().nullable(),
  agendaTitle: z.string().nullable(),
  /** Set in the 'poll' view only. */
  poll: PollSummary.nullable(),
  /** Present only once the chair has released the result. */
  result: SealedResult.nullable(),
});
export type ProjectorState = z.infer<typeof ProjectorState>;

/**
 * What the clerk puts on the room screen. A chosen view stays until the next choice, except
 * that a poll opening in the same meeting takes the screen over unless it is pinned.
 */
export const ProjectorShowInput = z.discriminatedUnion('show', [
  /** The meeting's title (会标). */
  z.object({ show: z.literal('title'), meetingId: MeetingId }),
  /** The agenda; `currentItemId` sets the item under way (absent: keep the one set before). */
  z.object({ show: z.literal('agenda'), meetingId: MeetingId, currentItemId: AgendaItemId.nullable().optional() }),
  /** One poll: its progress, then its result once released. */
  z.object({ show: z.literal('poll'), pollId: PollId }),
  /** The meeting's latest poll (opened or released), and every poll that opens after it. */
  z.object({ show: z.literal('follow'), meetingId: MeetingId }),
  /** Lock (or unlock) what is on screen now. */
  z.object({ show: z.literal('pin'), pinned: z.boolean() }),
]);
export type ProjectorShowInput = z.infer<typeof ProjectorShowInput>;

export const BallotPayloadInput = BallotPayloadSchema;

/** A selection's final list (shared/domain/polls: selectionOutcome), as the console shows it. */
export const SelectionOutcomeSchema = z.custom<SelectionOutcome>((v) => typeof v === 'object' && v !== null && 'winners' in v, { error: '结果格式无效' });
