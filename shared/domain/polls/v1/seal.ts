import { canonicalJson } from '../canonical.js';

/**
 * Tally version 1, frozen: the text whose SHA-256 seals a version 1 result — the parsed
 * definition, the context and the sorted ballots, each as canonical JSON, and "v":1.
 */

export function sealText(definition: unknown, payloads: readonly unknown[], context: unknown): string {
  return sealTextOfCanonical(definition, payloads.map(canonicalJson), context);
}

/** The same text from ballots that are already canonical strings (as the core stores them). */
export function sealTextOfCanonical(definition: unknown, canonicalBallots: readonly string[], context: unknown): string {
  return `{"ballots":[${[...canonicalBallots].sort().join(',')}],"context":${canonicalJson(context)},"definition":${canonicalJson(definition)},"v":1}`;
}
