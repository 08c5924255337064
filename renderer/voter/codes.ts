/**
 * Credential and receipt codes. The alphabet mirrors shared/api/voter-protocol.ts; it is
 * copied because that module pulls zod, which the voter bundle must not carry. Receipts use
 * the same one as the sign-in codes: no 0/1/I/O, so a member can read one aloud.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

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

/** 16 characters of CODE_ALPHABET (80 bits); it has 32 letters and 256 is a multiple of 32, so `b % 32` is unbiased. */
export function newReceipt(random: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => void window.crypto.getRandomValues(b)): string {
  const bytes = new Uint8Array(16);
  random(bytes);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += CODE_ALPHABET.charAt(bytes[i]! % 32);
  return out;
}

/** 4-4-4-4, the groups a member reads aloud or writes down. */
export function receiptGroups(receipt: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < receipt.length; i += 4) out.push(receipt.slice(i, i + 4));
  return out;
}
