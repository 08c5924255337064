import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { CredentialRow } from '../../../shared/api/voter-schemas.js';
import type { MemberId } from '../../../shared/api/schemas.js';
import { activeCredential, issueCredential, listCredentials, revokeCredentials } from '../../../db/repos/credential.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { requireMeeting } from './meeting.service.js';

async function rowsOf(db: Kysely<Database>, meetingId: number, termId: number): Promise<{ rows: CredentialRow[] }> {
  const rows = await listCredentials(db, meetingId, termId);
  return { rows: rows.map((r) => ({ ...r, memberId: r.memberId as MemberId, attendance: r.attendance as CredentialRow['attendance'] })) };
}

/**
 * A member recorded present gets a card (credential) if the clerk had not printed one yet.
 * Nothing is revoked when a member is recorded 请假 or 缺席: cards are printed before the
 * meeting for every serving member, and the ballot box refuses anyone not present. Runs
 * inside the caller's transaction.
 */
export async function syncCredentials(trx: Kysely<Database>, meetingId: number, memberIds: readonly number[], status: string | null, now: string): Promise<void> {
  if (status !== 'present') return;
  for (const id of memberIds) if (!(await activeCredential(trx, meetingId, id))) await issueCredential(trx, meetingId, id, now);
}

export function credentialHandlers(deps: Deps): Pick<Handlers, 'credential.list' | 'credential.issue' | 'credential.revoke' | 'credential.reissue' | 'voter.info'> {
  const { db } = deps;
  const revoked = (meetingId: number) => deps.voterNotify(meetingId, 'credential.revoked', null);
  const serving = async (trx: Kysely<Database>, meetingId: number, termId: number, memberId: number) => {
    const row = (await listCredentials(trx, meetingId, termId)).find((r) => r.memberId === memberId);
    if (!row) throw new AppError('NOT_FOUND', '该人员不是本届在任组成人员。');
  };
  return {
    'credential.list': async ({ meetingId }) => {
      const m = await requireMeeting(deps, meetingId);
      return rowsOf(db, meetingId, m.termId);
    },
    'credential.issue': async ({ meetingId, memberIds }) => {
      const m = await requireMeeting(deps, meetingId);
      if (m.status === 'closed') throw new AppError('STATE', '会议已闭会，不能再制作签到卡。');
      await db.transaction().execute(async (trx) => {
        const rows = await listCredentials(trx, meetingId, m.termId);
        const serving = new Set(rows.map((r) => r.memberId));
        const foreign = (memberIds ?? []).filter((id) => !serving.has(id));
        if (foreign.length > 0) {
          throw new AppError('VALIDATION', `有 ${foreign.length} 人不是本届在任组成人员，不能制作签到卡`, [{ path: 'memberIds', message: '含非在任人员' }]);
        }
        const wanted = memberIds ? new Set<number>(memberIds) : null;
        // Cards are printed before the meeting, for every serving member.
        const targets = rows.filter((r) => r.code === null && (!wanted || wanted.has(r.memberId)));
        for (const r of targets) await issueCredential(trx, meetingId, r.memberId, deps.now());
      });
      deps.emit('data.changed', { entity: 'attendance', meetingId });
      return rowsOf(db, meetingId, m.termId);
    },
    'credential.revoke': async ({ meetingId, memberId }) => {
      const m = await requireMeeting(deps, meetingId);
      await revokeCredentials(db, meetingId, [memberId], deps.now());
      revoked(meetingId);
      deps.emit('data.changed', { entity: 'attendance', meetingId });
      return rowsOf(db, meetingId, m.termId);
    },
    'credential.reissue': async ({ meetingId, memberId }) => {
      const m = await requireMeeting(deps, meetingId);
      await db.transaction().execute(async (trx) => {
        await serving(trx, meetingId, m.termId, memberId);
        await revokeCredentials(trx, meetingId, [memberId], deps.now());
        await issueCredential(trx, meetingId, memberId, deps.now());
      });
      revoked(meetingId);
      deps.emit('data.changed', { entity: 'attendance', meetingId });
      return rowsOf(db, meetingId, m.termId);
    },
    'voter.info': async () => deps.voterEndpoint(),
  };
}
