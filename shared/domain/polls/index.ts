/** The pure rules of polls: definitions, ballots, verdict presets, tallies, canonical form. */
export * from './labels.js';
export * from './rules.js';
export * from './presets.js';
export * from './definition.js';
export * from './ballot.js';
export * from './result.js';
export * from './canonical.js';
export { rate } from './rational.js';
export { tally, TallyContextSchema, type TallyContext } from './tally.js';
export { NO_BALLOTS_WARNING } from './tally-common.js';
export { describeScoring, scoreStats, SCORING_SORT_KEY, type ExactStats } from './tally-scoring.js';
export {
  describeSelection,
  runoffDefinition,
  SELECTION_SORT_KEY,
  selectionOutcome,
  type SelectionOutcome,
  type SelectionRound,
  type SelectionWinner,
} from './tally-selection.js';
export { CURRENT_TALLY_VERSION, isTallyVersion, TALLIES, tallyVersion, type TallyEntry, type TallyVersion } from './tally-versions.js';
