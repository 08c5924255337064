import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { CODE_ALPHABET } from '../../shared/api/voter-protocol.js';
import type { Database } from '../schema.js';

/** 8 characters from a 32-letter alphabet: 40 bits, typed as XXXX-XXXX, rate-limited at the listener. */
export function newCredentialCode(): string {
  const bytes = crypto.randomBytes(8);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b % 32];
  return out;
}

export interface CredentialRow {
  memberId: number;
  name: string;
  seatOrder: number;
  attendance: string | null;
  code: string | null;
  issuedAt: string | null;
}

/** Serving members of the meeting's term with their active credential, if any. */
export async function listCredentials(db: Kysely<Database>, meetingId: number, termId: number): Promise<CredentialRow[]> {
  const rows = await db
    .selectFrom('member')
    .leftJoin('attendance', (j) => j.onRef('attendance.member_id', '=', 'member.id').on('attendance.meeting_id', '=', meetingId))
    .leftJoin('credential', (j) =>
      j.onRef('credential.member_id', '=', 'member.id').on('credential.meeting_id', '=', meetingId).on('credential.status', '=', 'active'),
    )
    .select(['member.id', 'member.name', 'member.seat_order', 'attendance.status as attendance', 'credential.code', 'credential.issued_at'])
    .where('member.term_id', '=', termId)
    .where('member.status', '=', 'serving')
    .orderBy('member.seat_order')
    .orderBy('member.id')
    .execute();
  return rows.map((r) => ({ memberId: r.id, name: r.name, seatOrder: r.seat_order, attendance: r.attendance ?? null, code: r.code ?? null, issuedAt: r.issued_at ?? null }));
}

export async function activeCredential(db: Kysely<Database>, meetingId: number, memberId: number) {
  return (
    (await db.selectFrom('credential').selectAll().where('meeting_id', '=', meetingId).where('member_id', '=', memberId).where('status', '=', 'active').executeTakeFirst()) ?? null
  );
}

export async function issueCredential(db: Kysely<Database>, meetingId: number, memberId: number, now: string): Promise<string> {
  // A collision with another active code is astronomically rare; the unique index catches it and we draw again.
  for (let attempt = 0; ; attempt++) {
    const code = newCredentialCode();
    try {
      await db.insertInto('credential').values({ meeting_id: meetingId, member_id: memberId, code, status: 'active', issued_at: now }).execute();
      return code;
    } catch (err) {
      if (attempt < 5 && String((err as Error).message).includes('credential.code')) continue;
      throw err;
    }
  }
}

export async function revokeCredentials(db: Kysely<Database>, meetingId: number, memberIds: readonly number[], now: string): Promise<number> {
  if (memberIds.length === 0) return 0;
  const r = await db
    .updateTable('credential')
    .set({ status: 'revoked', revoked_at: now })
    .where('meeting_id', '=', meetingId)
    .where('member_id', 'in', memberIds)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
