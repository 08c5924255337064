import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, ReceiptCode } from '../../shared/api/voter-protocol.js';
import { newReceipt, receiptGroups } from '../../renderer/voter/codes.js';

/** Receipts from the sign-in codes' alphabet, grouped to be read aloud (issue 11, item 4). */
describe('receipts', () => {
  it('are drawn from the sign-in codes’ alphabet, every letter equally often', () => {
    // Every byte value once: each of the 32 letters comes out exactly 8 times.
    const seen = new Map<string, number>();
    for (let start = 0; start < 256; start += 16) {
      const r = newReceipt((b) => b.forEach((_, i) => (b[i] = start + i)));
      expect(r).toMatch(new RegExp(`^[${CODE_ALPHABET}]{16}$`));
      expect(ReceiptCode.safeParse(r).success).toBe(true);
      for (const c of r) seen.set(c, (seen.get(c) ?? 0) + 1);
    }
    expect([...seen.keys()].sort().join('')).toBe([...CODE_ALPHABET].sort().join(''));
    expect(new Set(seen.values())).toEqual(new Set([8]));
    for (const c of '01IO') expect(seen.has(c)).toBe(false);
  });

  it('are shown as four groups of four', () => {
    expect(receiptGroups('4Q8M2DXK7TVWC9HA')).toEqual(['4Q8M', '2DXK', '7TVW', 'C9HA']);
  });

  it('are accepted by the server in the new alphabet and in the old base32hex one, nothing else', () => {
    expect(ReceiptCode.safeParse('4Q8M2DXK7TVWC9HA').success).toBe(true);
    // Stored before the change ([0-9A-V]); a device may still retry with one.
    expect(ReceiptCode.safeParse('4Q8M2D0K7TV1C9HA').success).toBe(true);
    expect(ReceiptCode.safeParse('0123456789ABCDEF').success).toBe(true);
    // A mix of both (0 and W) is neither; nor lower case, spaces or a wrong length.
    expect(ReceiptCode.safeParse('0Q8M2DXK7TVWC9HA').success).toBe(false);
    expect(ReceiptCode.safeParse('4q8m2dxk7tvwc9ha').success).toBe(false);
    expect(ReceiptCode.safeParse('4Q8M 2DXK 7TVW C9HA').success).toBe(false);
    expect(ReceiptCode.safeParse('4Q8M2DXK7TVWC9H').success).toBe(false);
  });
});
