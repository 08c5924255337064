import { z } from 'zod';
import { ATTENDANCE_STATUSES } from '../domain/labels.js';
import { MemberId } from './schemas.js';

/** Console-side views of member devices: credentials and the voter listener's address. */
export const CredentialRow = z.object({
  memberId: MemberId,
  name: z.string(),
  seatOrder: z.number().int(),
  attendance: z.enum(ATTENDANCE_STATUSES).nullable(),
  /** The active code (XXXXXXXX), or null when none is issued. */
  code: z.string().nullable(),
  issuedAt: z.string().nullable(),
});
export type CredentialRow = z.infer<typeof CredentialRow>;

export const VoterInfo = z.object({
  running: z.boolean(),
  /** Addresses devices can open, e.g. http://192.168.1.20:8731/ (LAN interfaces first). */
  urls: z.array(z.string()),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
});
export type VoterInfo = z.infer<typeof VoterInfo>;

/** The address a credential's QR code opens: the voter app with the code in the fragment (never sent in requests). */
export function credentialUrl(base: string, code: string): string {
  return `${base.replace(/\/$/, '')}/vote/#c=${code}`;
}

export function formatCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}
