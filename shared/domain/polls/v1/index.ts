/**
 * Tally version 1. Frozen: never edit; like a migration.
 *
 * Results sealed before version 2 were produced by this code, and verification re-runs it on
 * the stored definition, context and ballots and compares the bytes. Any change here, even a
 * reworded label, makes honest old seals fail verification. tests/unit/polls-tally-v1.test.ts
 * holds it to the hashes recorded for a 400-poll corpus when it was frozen.
 *
 * What is copied (it decides what a result says): the tallies of every kind, the sheet
 * classification and the reasons it prints (readBallot, ballotRows, indicatorScore), the verdict
 * functions and each preset's default parameters (so "adjusted" is judged as it was), preset
 * names, practice and rule texts, exact arithmetic and rounding, the labels and Chinese numerals
 * printed, the result types, the version 1 context and the version 1 seal text.
 *
 * What is imported (stored vocabulary that must parse the same forever, whatever the version):
 * - definition.ts and the rule schemas in rules.ts: types only here; the core parses stored
 *   definitions with the live schemas, which may only gain optional fields without defaults.
 * - ballot.ts: the payload type and COMBINED_KEY; stored ballots are parsed by the live
 *   payload schemas.
 * - canonicalJson: the core serialises every result with it and compares with the stored
 *   bytes, and the seal texts are built from it, so it is already frozen by the data itself;
 *   a private copy would only hide a change to the live one.
 */
export { tally, TallyContextSchema, type TallyContext } from './tally.js';
export { sealText, sealTextOfCanonical } from './seal.js';
export type * from './result.js';
