import {
  parseBallot,
  parsePollDefinition,
  tally,
  type BallotPayload,
  type PollDefinition,
  type PollDefinitionInput,
  type PollResult,
  type TallyContext,
} from '../../shared/domain/polls/index.js';

/** Test helpers for the polls unit tests (not a test file itself). */

export const def = (input: PollDefinitionInput): PollDefinition => parsePollDefinition(input);

export const targets = (...keys: string[]) => keys.map((key) => ({ key, label: `对象${key}` }));

/** The room a poll was held in; everything not given is the ordinary case. */
export interface Room {
  serving: number;
  /** Present when the poll opened; defaults to all serving. */
  present?: number;
  /** Of the ballots, how many are paper sheets (the rest came from devices). */
  paper?: number;
  /** Sheets handed out; defaults to the paper ballots returned. */
  handedOut?: number;
  /** Quorum; defaults to more than half of serving. */
  required?: number;
  /** Lowest attendance while open; defaults to present. */
  lowestPresent?: number;
}

/** A consistent tally context for `ballots` ballots cast in `room`. */
export function roomContext(ballots: number, room: Room): TallyContext {
  const paper = room.paper ?? 0;
  const present = room.present ?? room.serving;
  return {
    serving: room.serving,
    present,
    device: ballots - paper,
    paper: { handedOut: room.handedOut ?? paper, returned: paper },
    quorum: { required: room.required ?? Math.floor(room.serving / 2) + 1, lowestPresent: room.lowestPresent ?? present },
  };
}

/** Tallies with the context of `room`. */
export function tallyIn(d: PollDefinition, ballots: readonly BallotPayload[], room: Room): PollResult {
  return tally(d, ballots, roomContext(ballots.length, room));
}

/** n copies of a parsed ballot. */
export function times(n: number, d: PollDefinition, raw: unknown): BallotPayload[] {
  const b = parseBallot(d, raw);
  return Array.from({ length: n }, () => structuredClone(b));
}

/** A satisfaction / decision sheet marking one option for one row. */
export const mark = (row: string, ...opts: string[]) => ({ marks: { [row]: opts } });

/** Deterministic shuffle (mulberry32) so a failing order can be reproduced. */
export function shuffle<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
