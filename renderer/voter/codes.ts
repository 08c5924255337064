/**
 * Credential and receipt codes. The alphabets mirror shared/api/voter-protocol.ts; they are
 * copied because that module pulls zod, which the voter bundle must not carry.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const RECEIPT_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/** Upper case, spaces and dashes dropped (what a member types or a card shows). */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s\u3000\-_—－]/g, '');
}

export function isCode(code: string): boolean {
  if (code.length !== 8) return false;
  for (let i = 0; i < code.length; i++) if (CODE_ALPHABET.indexOf(code.charAt(i)) < 0) return false;
  return true;
}

export function formatCode(code: string): string {
  return code.length > 4 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** 16 characters from [0-9A-V]; 256 is a multiple of 32, so `b % 32` is unbiased. */
export function newReceipt(): string {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += RECEIPT_ALPHABET.charAt(bytes[i]! % 32);
  return out;
}

export function receiptGroups(receipt: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < receipt.length; i += 4) out.push(receipt.slice(i, i + 4));
  return out;
}
