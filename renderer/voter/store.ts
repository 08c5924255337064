/**
 * Device storage. Old Safari in private mode throws on every write, so each access is
 * guarded and falls back to memory (the device then forgets on reload, nothing worse).
 * Everything is keyed by credential code: a shared tablet keeps members apart.
 */
import type { CastRequest } from '../../shared/api/voter-protocol.js';

const PREFIX = 'cdvote1.';
const memory: Record<string, string> = {};

function get(key: string): string | null {
  try {
    return window.localStorage.getItem(PREFIX + key);
  } catch {
    return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key]! : null;
  }
}

function set(key: string, value: string): void {
  memory[key] = value;
  try {
    window.localStorage.setItem(PREFIX + key, value);
  } catch {
    // memory only
  }
}

function remove(key: string): void {
  delete memory[key];
  try {
    window.localStorage.removeItem(PREFIX + key);
  } catch {
    // memory only
  }
}

function getJson<T>(key: string): T | null {
  const raw = get(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function loadCode(): string | null {
  return get('code');
}
export function saveCode(code: string): void {
  set('code', code);
}
export function forgetCode(): void {
  remove('code');
}

/** The ballot as it is (re)sent: fixed at the first send so every retry is byte-for-byte the same request. */
export type PendingBallot = CastRequest;

export function loadPending(code: string): PendingBallot | null {
  return getJson<PendingBallot>(`pending.${code}`);
}
export function savePending(code: string, p: PendingBallot): void {
  set(`pending.${code}`, JSON.stringify(p));
}
export function clearPending(code: string): void {
  remove(`pending.${code}`);
}

/** Receipt per poll; `ok` once the host acknowledged the ballot. Holds no choices. */
export interface StoredReceipt {
  receipt: string;
  ok: boolean;
}
type ReceiptMap = Record<string, StoredReceipt>;
const MAX_RECEIPTS = 60;

export function loadReceipt(code: string, pollId: number): StoredReceipt | null {
  const all = getJson<ReceiptMap>(`receipts.${code}`);
  return all && Object.prototype.hasOwnProperty.call(all, String(pollId)) ? all[String(pollId)]! : null;
}

/** Drop a receipt the host never acknowledged (its ballot was refused), so the next send draws a new one. */
export function forgetReceipt(code: string, pollId: number): void {
  const all = getJson<ReceiptMap>(`receipts.${code}`);
  if (!all || !Object.prototype.hasOwnProperty.call(all, String(pollId)) || all[String(pollId)]!.ok) return;
  delete all[String(pollId)];
  set(`receipts.${code}`, JSON.stringify(all));
}

export function saveReceipt(code: string, pollId: number, r: StoredReceipt): void {
  const all = getJson<ReceiptMap>(`receipts.${code}`) ?? {};
  all[String(pollId)] = r;
  const ids = Object.keys(all).map(Number).sort((a, b) => a - b);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_RECEIPTS))) delete all[String(id)];
  set(`receipts.${code}`, JSON.stringify(all));
}
