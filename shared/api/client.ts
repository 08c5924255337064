import type { EventName, EventPayload, Input, Method, Output } from './contract.js';
import type { ErrorBody } from './errors.js';

/**
 * What the console talks to, whatever the transport. The Electron preload object and
 * the HTTP client both satisfy it, so they cannot drift apart.
 */
export interface DeskBridge {
  /** Resolves with the method's result envelope; never rejects for application errors. */
  call(method: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorBody }>;
  /** Subscribe to a push event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
  /**
   * Desktop app only (absent in host mode, where the browser's print dialog saves PDFs): lays
   * out the calling page for print as an A4 PDF and saves it where the clerk chooses.
   * Resolves with the saved file's path, or null when the save dialog was cancelled.
   */
  printToPdf?(suggestedName: string): Promise<string | null>;
}

export interface DeskClient {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
