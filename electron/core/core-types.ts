import type { EventName, EventPayload } from '../../shared/api/contract.js';
import type { Result } from '../../shared/api/errors.js';
import type { VoterInfo } from '../../shared/api/voter-schemas.js';
import type { VoterService } from './voter/voter-service.js';

/** What differs between the Electron app and host mode; everything else is shared. */
export interface Platform {
  mode: 'electron' | 'host';
  /**
   * Open a stored file with the system viewer. Returns false when this platform cannot
   * (host mode), in which case the console downloads it over HTTP instead.
   */
  openFile(path: string, displayName: string): Promise<boolean>;
  /**
   * Ask where to save a copy of a built file and copy it there (Electron: a save dialog).
   * Returns the chosen path, or null when the user cancelled. Absent in host mode, where the
   * console downloads the file instead.
   */
  saveFile?(path: string, suggestedName: string): Promise<string | null>;
}

export interface CallContext {
  /** Which transport the call came through; only used for logging and limits. */
  transport: 'ipc' | 'http' | 'ws' | 'internal';
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Core {
  readonly dataDir: string;
  readonly dbFile: string;
  /** The only entry: validates, runs the use case, never throws. */
  dispatch(method: string, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>>;
  /** Subscribe to push events for every console; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Absolute path of a stored paper's bytes (for the HTTP file route). */
  paperFile(id: number): Promise<{ path: string; fileName: string; mime: string } | null>;
  /** Absolute path of a review opinion's attachment (same store as papers). */
  opinionFile(id: number): Promise<{ path: string; fileName: string; mime: string } | null>;
  /** Absolute path of a built export (the export centre's download route). */
  exportFile(id: number): Promise<{ path: string; fileName: string; mime: string } | null>;
  /** Resolves when every export started so far has been written (tests, shutdown). */
  exportsIdle(): Promise<void>;
  /** The only door for member devices (the voter listener uses nothing else). */
  readonly voter: VoterService;
  /**
   * A member's device asked for the meeting's state: when the meeting lets devices sign in
   * and the member is not yet recorded, record the member present. Resolves true when it did.
   */
  deviceSignIn(meetingId: number, memberId: number): Promise<boolean>;
  /** The voter listener tells the core where devices reach it. */
  setVoterEndpoint(info: VoterInfo): void;
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  platform: Platform;
  version: string;
  /** The core's clock (default: the system's). Tests and host mode's `--test-clock` move it. */
  clock?: () => Date;
  /** Write operational log lines here (never ballot contents). Defaults to stderr. */
  log?: (line: string) => void;
}
