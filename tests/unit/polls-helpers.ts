import { parseBallot, parsePollDefinition, type BallotPayload, type PollDefinition, type PollDefinitionInput } from '../../shared/domain/polls/index.js';

/** Test helpers for the polls unit tests (not a test file itself). */

export const def = (input: PollDefinitionInput): PollDefinition => parsePollDefinition(input);

export const targets = (...keys: string[]) => keys.map((key) => ({ key, label: `对象${key}` }));

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
