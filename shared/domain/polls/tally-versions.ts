import type { z } from 'zod';
import type { BallotPayload } from './ballot.js';
import { sealTextV2 } from './canonical.js';
import { PollDefinitionSchema, type PollDefinition } from './definition.js';
import type { PollResult } from './result.js';
import { tally, TallyContextSchema, type TallyContext } from './tally.js';
import * as v1 from './v1/index.js';

/**
 * Every tally version that sealed results, by number. The core seals with the current version
 * and stores its number with the result; verification re-runs the stored number's entry, so a
 * result is always checked by the code that produced it.
 */

export const CURRENT_TALLY_VERSION: TallyVersion = 2;

export interface TallyEntry<C = unknown> {
  readonly version: number;
  /** The context this version takes; the core builds it from the poll's stored counts. */
  readonly contextSchema: z.ZodType<C>;
  /** The result for these ballots (parsed payloads, any order). */
  tally(def: PollDefinition, ballots: readonly BallotPayload[], ctx: C): PollResult;
  /** The text whose SHA-256 is the seal: the definition as stored, the ballots as stored (canonical JSON strings). */
  sealText(definitionText: string, canonicalBallots: readonly string[], ctx: C): string;
}

const V1: TallyEntry<v1.TallyContext> = {
  version: 1,
  contextSchema: v1.TallyContextSchema,
  tally: (def, ballots, ctx) => v1.tally(def, ballots, ctx),
  // Version 1 hashed the parsed definition re-serialised, so it parses the stored text the
  // way the core did then (the live schema must keep parsing old definitions to the same JSON).
  sealText: (definitionText, ballots, ctx) =>
    v1.sealTextOfCanonical(PollDefinitionSchema.parse(JSON.parse(definitionText)), ballots, v1.TallyContextSchema.parse(ctx)),
};

const V2: TallyEntry<TallyContext> = {
  version: 2,
  contextSchema: TallyContextSchema,
  tally,
  sealText: (definitionText, ballots, ctx) => sealTextV2(definitionText, ballots, TallyContextSchema.parse(ctx)),
};

export const TALLIES = { 1: V1, 2: V2 } as const;
/** A tally version number this code knows. */
export type TallyVersion = keyof typeof TALLIES;

/**
 * Whether this code knows the version. A result sealed by newer code must not be verified with
 * another version: that would report a false mismatch.
 */
export function isTallyVersion(version: number): version is TallyVersion {
  return Object.hasOwn(TALLIES, version);
}

/** The entry of a stored version number; throws for one this code does not know (see isTallyVersion). */
export function tallyVersion(version: number): TallyEntry {
  if (!isTallyVersion(version)) throw new Error(`Unknown tally version ${version}: this result was sealed by a newer version of the program`);
  return TALLIES[version] as TallyEntry;
}
