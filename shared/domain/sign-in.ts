import { CODE_ALPHABET } from '../api/voter-protocol.js';

/**
 * What the sign-in desk received, as a card code. A keyboard-wedge scanner types either the
 * printed code (7KQ3-M9PX) or, reading the card's QR code, the whole login address
 * (http://…/vote/#c=7KQ3M9PX); a clerk may type it in lower case, with spaces, or with a
 * full-width dash. Returns the 8-character code, or null when the input holds none.
 */
export function cardCodeFrom(input: string): string | null {
  // Case does not matter anywhere: a scanner with Caps Lock on types HTTP://…/VOTE/#C=5JAU7E2K inverted.
  const fromUrl = /[#?&]c=([0-9A-Za-z]{8})(?![0-9A-Za-z])/i.exec(input);
  const raw = fromUrl ? fromUrl[1]! : input;
  const code = raw.normalize('NFKC').toUpperCase().replace(/[\s\-_—–－]/g, '');
  if (code.length !== 8) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}
