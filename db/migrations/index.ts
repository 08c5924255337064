import type { Kysely } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_polls.js';
import * as m0003 from './0003_voter_credentials.js';
import * as m0004 from './0004_sealed_ballot_storage.js';
import * as m0005 from './0005_supervision.js';
import * as m0006 from './0006_exports.js';
import * as m0007 from './0007_sign_in.js';

/**
 * Every migration, in order. A static map (not a folder scan) so that bundles carry
 * them. Names are zero-padded so that their sort order is their apply order.
 */
export interface Migration {
  up(db: Kysely<any>): Promise<void>;
  /**
   * Scrub a copy of the database taken before this migration (a backup) of what this
   * migration removes for privacy, leaving it readable by the version that wrote it.
   * Returns false when the file needs nothing.
   */
  scrubCopy?(file: string): boolean;
}

export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_polls': m0002,
  '0003_voter_credentials': m0003,
  '0004_sealed_ballot_storage': m0004,
  '0005_supervision': m0005,
  '0006_exports': m0006,
  '0007_sign_in': m0007,
};

export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length;
