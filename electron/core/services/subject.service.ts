import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { BodyId } from '../../../shared/api/schemas.js';
import type { AppointeeId, PlanItemId, Subject } from '../../../shared/api/supervision-schemas.js';
import { BODY_KIND_LABEL } from '../../../shared/domain/labels.js';
import { listAppointees } from '../../../db/repos/appointee.repo.js';
import { getBody, listBodies } from '../../../db/repos/body.repo.js';
import { dropTargetLinksExcept, opinionIdsOfBody, planItemsOfSubject, setTargetLink, targetLinks, type SubjectKey } from '../../../db/repos/subject.repo.js';
import type { Database } from '../../../db/schema.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { parseStoredDefinition } from '../seal.js';
import { requireAppointee } from './appointee.service.js';
import { requirePoll } from './poll.service.js';
import { attachRatings, ledgerRows } from './opinion.service.js';
import { subjectRatings } from './ratings.service.js';
import { chineseDate } from '../../../shared/domain/format.js';

const RATED_KINDS = new Set(['satisfaction', 'scoring']);

/**
 * Link each row of a satisfaction or scoring sheet to its subject, once, by name: a body of
 * that name, else an appointed person of that name, else — for a one-row sheet — the body whose
 * report the agenda item is. Links already made (or set by a clerk) stay; rows gone lose theirs.
 * Called when a draft is saved; from then on history follows the link, not the name.
 */
export async function syncTargetLinks(db: Kysely<Database>, pollId: number): Promise<void> {
  const poll = await requirePoll(db, pollId);
  if (!RATED_KINDS.has(poll.kind)) return;
  const targets = parseStoredDefinition(poll.definition).targets;
  await dropTargetLinksExcept(
    db,
    pollId,
    targets.map((t) => t.key),
  );
  const linked = new Set((await targetLinks(db, pollId)).map((l) => l.target_key));
  const bodies = new Map((await listBodies(db, true)).map((b) => [b.name, b.id as number]));
  const people = new Map<string, number>();
  for (const a of await listAppointees(db)) if (!people.has(a.name)) people.set(a.name, a.id);
  const agendaBody = (await db.selectFrom('agenda_item').select('body_id').where('id', '=', poll.agenda_item_id).executeTakeFirst())?.body_id ?? null;
  for (const t of targets) {
    if (linked.has(t.key)) continue;
    const body = bodies.get(t.label);
    const person = people.get(t.label);
    const subject: SubjectKey | null =
      body !== undefined ? { kind: 'body', id: body } : person !== undefined ? { kind: 'appointee', id: person } : targets.length === 1 && agendaBody !== null ? { kind: 'body', id: agendaBody } : null;
    if (subject) await setTargetLink(db, pollId, t.key, subject);
  }
}

async function requireSubject(db: Kysely<Database>, ref: SubjectKey): Promise<{ subject: Subject; description: string }> {
  if (ref.kind === 'body') {
    const b = await getBody(db, ref.id);
    if (!b) throw new AppError('NOT_FOUND', '该单位不存在或已被删除，请刷新后再试。');
    return { subject: { kind: 'body', id: b.id, name: b.name }, description: BODY_KIND_LABEL[b.kind] + (b.active ? '' : '（已停用）') };
  }
  const a = await requireAppointee(db, ref.id);
  const parts = [a.bodyName, a.office].filter(Boolean).join(' ');
  const dates = a.appointedOn ? `，${chineseDate(a.appointedOn)}任命` + (a.leftOn ? `，${chineseDate(a.leftOn)}离任` : '') : '';
  return { subject: { kind: 'appointee', id: a.id, name: a.name }, description: `${parts}${dates}` };
}

async function subjectRows(db: Kysely<Database>, pollId: number) {
  const poll = await requirePoll(db, pollId);
  if (!RATED_KINDS.has(poll.kind)) return [];
  const links = new Map((await targetLinks(db, pollId)).map((l) => [l.target_key, l]));
  return parseStoredDefinition(poll.definition).targets.map((t) => {
    const l = links.get(t.key);
    const subject: Subject | null =
      l?.body_id != null
        ? { kind: 'body', id: l.body_id as BodyId, name: l.body_name ?? '' }
        : l?.appointee_id != null
          ? { kind: 'appointee', id: l.appointee_id as AppointeeId, name: l.appointee_name ?? '' }
          : null;
    return { targetKey: t.key, label: t.label, subject };
  });
}

export function subjectHandlers(deps: Deps): Pick<Handlers, 'subject.history' | 'poll.subjects' | 'poll.linkSubject'> {
  const { db } = deps;
  return {
    'subject.history': async ({ subject: ref }) => {
      const { subject, description } = await requireSubject(db, ref);
      const opinionIds = ref.kind === 'body' ? await opinionIdsOfBody(db, ref.id) : [];
      return {
        subject,
        description,
        ratings: await subjectRatings(db, ref),
        opinions: opinionIds.length === 0 ? [] : await ledgerRows(deps, { ids: opinionIds }),
        planItems: (await planItemsOfSubject(db, ref)).map((p) => ({ id: p.id as PlanItemId, year: p.year, title: p.title, kind: p.kind })),
      };
    },
    'poll.subjects': async ({ pollId }) => subjectRows(db, pollId),
    'poll.linkSubject': async ({ pollId, targetKey, subject }) => {
      const notices = await db.transaction().execute(async (trx) => {
        const poll = await requirePoll(trx, pollId);
        if (!RATED_KINDS.has(poll.kind)) throw new AppError('STATE', '只有满意度测评和打分评议的测评对象可以关联单位或人员。');
        if (!parseStoredDefinition(poll.definition).targets.some((t) => t.key === targetKey)) throw new AppError('NOT_FOUND', '表中没有这一测评对象，请刷新后再试。');
        if (subject?.kind === 'body' && !(await getBody(trx, subject.id))) throw new AppError('VALIDATION', '所选单位不存在，请刷新后重新选择');
        if (subject?.kind === 'appointee') await requireAppointee(trx, subject.id);
        await setTargetLink(trx, pollId, targetKey, subject);
        // The notice of an unattached result tells the clerk to link a row: a sealed result
        // reaches the opinions waiting at its item now, not at the next start-up.
        const sealed = poll.kind === 'satisfaction' && (poll.status === 'closed' || poll.status === 'released');
        return sealed ? attachRatings(trx, poll.agenda_item_id, deps.now()) : [];
      });
      for (const n of notices) deps.log(`poll ${pollId}: ${n}`);
      deps.emit('data.changed', { entity: 'body', meetingId: null });
      deps.emit('data.changed', { entity: 'opinion', meetingId: null });
      return subjectRows(db, pollId);
    },
  };
}
