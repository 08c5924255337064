import crypto from 'node:crypto';

const ALPHA = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A receipt as a device makes it: 16 random characters of the sign-in codes' alphabet. */
export function newReceipt(): string {
  return Array.from(crypto.randomBytes(16), (b) => ALPHA[b % 32]).join('');
}

export interface VoterReply {
  status: number;
  body: any;
}

export async function voterRequest(base: string, method: 'GET' | 'POST', path: string, code: string | null, body?: unknown): Promise<VoterReply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(code ? { Authorization: `Credential ${code}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (static files)
  }
  return { status: res.status, body: parsed };
}
