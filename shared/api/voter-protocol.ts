import { z } from 'zod';
import { BallotPayloadSchema } from '../domain/polls/ballot.js';
import { PollDefinitionSchema } from '../domain/polls/definition.js';

/**
 * The voter listener's protocol (docs/voter-protocol.md). Voter devices see only this:
 * their meeting, the open poll's ballot sheet, their own voted/not-voted state and,
 * after a poll closes, the list of counted receipt codes. Version 1, under /v1/.
 */
export const VOTER_PROTOCOL_VERSION = 1;

/** Credential codes: 8 characters from an alphabet without look-alikes, shown as XXXX-XXXX. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}
export const CredentialCode = z
  .string()
  .max(32)
  .transform(normalizeCode)
  .pipe(z.string().regex(new RegExp(`^[${CODE_ALPHABET}]{8}$`), { error: '登录码应为 8 位字母和数字' }));

/**
 * A receipt is chosen by the device before it first sends the ballot, so a retry carries the
 * same one. Devices draw it from the sign-in codes' alphabet (no 0/1/I/O, so it can be read
 * aloud) and show it as four groups of four. Receipts stored before that were base32hex
 * ([0-9A-V]); they stay valid, so a device that kept one can still retry and check it.
 */
export const RECEIPT_ALPHABET = CODE_ALPHABET;
export const LEGACY_RECEIPT_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
export const ReceiptCode = z.string().regex(new RegExp(`^(?:[${RECEIPT_ALPHABET}]{16}|[${LEGACY_RECEIPT_ALPHABET}]{16})$`), { error: '回执码格式无效' });

export const VoterMeeting = z.object({ id: z.number().int(), title: z.string(), date: z.string(), place: z.string() });

export const VoterPoll = z.object({
  id: z.number().int(),
  round: z.number().int(),
  agendaTitle: z.string(),
  definition: PollDefinitionSchema,
  status: z.enum(['open', 'closed', 'released']),
  received: z.number().int(),
  present: z.number().int(),
});

export const VoterState = z.object({
  protocol: z.literal(VOTER_PROTOCOL_VERSION),
  member: z.object({ name: z.string() }),
  meeting: VoterMeeting,
  /** The open poll, else the most recent closed one (for its receipts), else null. */
  poll: VoterPoll.nullable(),
  /** Whether this member's ballot for `poll` is in the box (after close: whether they took part). */
  voted: z.boolean(),
  /**
   * Whether this member may vote in `poll`: only members present when it opened may (a member
   * who signed in later votes in the next one). False when there is no poll.
   */
  entitled: z.boolean(),
  /** Whether this member was handed a paper sheet for `poll` (then they vote on paper, not here). */
  paperSheet: z.boolean(),
  /** Whether this member is recorded present at the meeting (signed in); only then can they vote. */
  signedIn: z.boolean(),
});
export type VoterState = z.infer<typeof VoterState>;

export const CastRequest = z.strictObject({
  pollId: z.number().int().positive(),
  receipt: ReceiptCode,
  ballot: BallotPayloadSchema,
});
export type CastRequest = z.input<typeof CastRequest>;

export const CastResponse = z.object({ receipt: ReceiptCode, pollId: z.number().int() });

export const ReceiptList = z.object({
  pollId: z.number().int(),
  status: z.enum(['closed', 'released']),
  /** Sorted: the list says which receipts were counted, nothing about order or choice. */
  receipts: z.array(z.string()),
  ballotCount: z.number().int(),
});

export const VOTER_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'REVOKED',
  'NOT_PRESENT',
  'NOT_ENTITLED',
  'PAPER_SHEET',
  'NO_OPEN_POLL',
  'POLL_CLOSED',
  'ALREADY_VOTED',
  'INVALID_BALLOT',
  'TOO_LARGE',
  'RATE_LIMITED',
  'NOT_FOUND',
  'INTERNAL',
] as const;
export type VoterErrorCode = (typeof VOTER_ERROR_CODES)[number];

/** Events over the voter WebSocket (/v1/events); they carry no choices and no counts per option. 'hello' greets a new socket. */
export const VoterEvent = z.object({
  event: z.enum(['hello', 'poll.opened', 'poll.progress', 'poll.closed', 'poll.released', 'credential.revoked']),
  pollId: z.number().int().nullable(),
});
