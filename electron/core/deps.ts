import type { Kysely } from 'kysely';
import type { EventName, EventPayload } from '../../shared/api/contract.js';
import type { Database } from '../../db/schema.js';
import type { Platform } from './core-types.js';
import type { PaperStore } from './paper-store.js';
import type { VoterInfo } from '../../shared/api/voter-schemas.js';
import type { VoterEventName } from './voter/voter-service.js';

/** What every service gets: the database, the clock, the event bus and the platform. */
export interface Deps {
  db: Kysely<Database>;
  papers: PaperStore;
  platform: Platform;
  info: { version: string; dataDir: string; dbFile: string; schemaVersion: number };
  /** The instant now (ISO), from the core's clock. */
  now(): string;
  /** Today's date where the machine is (YYYY-MM-DD), from the same clock. */
  today(): string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  log(line: string): void;
  /** Tell member devices of a meeting that something changed (no choices, no counts per option). */
  voterNotify(meetingId: number, event: VoterEventName, pollId: number | null): void;
  /**
   * Something in an open poll changed (ballots, paper sheets, hand-outs, attendance): tell the
   * screens (throttled) and close the poll if it is due to close by itself.
   */
  pollChanged(pollId: number): void;
  /** Fold the WAL into the main file and clear it (after a poll closes); retried until it succeeds. */
  foldWal(): void;
  /** Where the voter listener is reachable, once it runs. */
  voterEndpoint(): VoterInfo;
}
