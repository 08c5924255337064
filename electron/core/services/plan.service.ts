import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { PollId } from '../../../shared/api/poll-schemas.js';
import type { AgendaItemId, BodyId, MeetingId } from '../../../shared/api/schemas.js';
import type { AppointeeId, PlanItem, PlanItemId, Subject } from '../../../shared/api/supervision-schemas.js';
import { meetingTitle } from '../../../shared/domain/format.js';
import type { SatisfactionTargetResult, ScoringTargetResult } from '../../../shared/domain/polls/result.js';
import { getAgendaItem, setAgendaPlanItem } from '../../../db/repos/agenda.repo.js';
import { listAppointees } from '../../../db/repos/appointee.repo.js';
import { findBodyByName, getBody, insertBody, listBodies } from '../../../db/repos/body.repo.js';
import { getMeeting } from '../../../db/repos/meeting.repo.js';
import {
  agendaItemsOfPlan,
  deletePlanItem,
  insertPlanItem,
  opinionCountsOn,
  planHeld,
  planItemRows,
  planSubjects,
  planYears,
  sealedRatingsOn,
  updatePlanItem,
  type PlanValues,
} from '../../../db/repos/plan.repo.js';
import type { Database } from '../../../db/schema.js';
import { titlePlace } from './settings.service.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { guessBodyKind, knownName, parsePlanRows, textRows } from '../import/plan-import.js';
import { readXlsxRows } from '../import/sheet-xlsx.js';
import { requireAgendaItem } from './agenda.service.js';
import { requireAppointee } from './appointee.service.js';

type RatedTarget = SatisfactionTargetResult | ScoringTargetResult;

/** The plan items of a year (or one item) with what became of them, as of `today`. */
export async function planItemsOf(db: Kysely<Database>, where: { year: number } | { id: number }, today: string): Promise<PlanItem[]> {
  const rows = await planItemRows(db, where);
  const ids = rows.map((r) => r.id);
  const [subjects, held] = await Promise.all([planSubjects(db, ids), planHeld(db, ids)]);
  const heldIds = held.map((h) => h.agenda_item_id);
  const [ratings, opinions] = await Promise.all([sealedRatingsOn(db, heldIds), opinionCountsOn(db, heldIds)]);
  const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const place = await titlePlace(db);
  return rows.map((r) => {
    const mine = held.filter((h) => h.plan_item_id === r.id);
    const mineIds = new Set(mine.map((h) => h.agenda_item_id));
    const heldDone = mine.filter((h) => h.date <= today);
    const late = r.planned_month !== null && (r.year < ty || (r.year === ty && r.planned_month < tm));
    const progress: PlanItem['progress'] = heldDone.length > 0 ? 'held' : mine.length > 0 ? 'arranged' : late ? 'late' : r.planned_month === null ? 'unscheduled' : 'planned';
    const counts = opinions.filter((o) => mineIds.has(o.agenda_item_id));
    return {
      id: r.id as PlanItemId,
      year: r.year,
      position: r.position,
      kind: r.kind,
      title: r.title,
      subjects: subjects
        .filter((s) => s.plan_item_id === r.id)
        .map(
          (s): Subject =>
            s.body_id !== null ? { kind: 'body', id: s.body_id as BodyId, name: s.body_name ?? '' } : { kind: 'appointee', id: s.appointee_id! as AppointeeId, name: s.appointee_name ?? '' },
        ),
      leadBodyId: r.lead_body_id as BodyId | null,
      leadBodyName: r.lead_body_name,
      plannedMonth: r.planned_month,
      notes: r.notes,
      held: mine.map((h) => ({ agendaItemId: h.agenda_item_id as AgendaItemId, meetingId: h.meeting_id as MeetingId, meetingTitle: meetingTitle(h.term_name, h.number, place), date: h.date, title: h.title })),
      ratings: ratings
        .filter((p) => mineIds.has(p.agenda_item_id))
        .flatMap((p) =>
          (JSON.parse(p.result) as { targets: RatedTarget[] }).targets.map((t) => ({
            pollId: p.poll_id as PollId,
            subject: t.label,
            verdict: 'verdict' in t ? (t.verdict?.label ?? null) : (t.grade?.label ?? null),
            figure: 'satisfactionRate' in t ? `满意率 ${t.satisfactionRate.text}` : t.score ? `${t.score.text} 分` : null,
            date: p.date,
          })),
        ),
      opinionsOpen: counts.reduce((n, o) => n + Number(o.open), 0),
      opinionsTotal: counts.reduce((n, o) => n + Number(o.total), 0),
      progress,
    };
  });
}

/** The stored row only, for checks inside a write (the full view reads ratings and opinions). */
async function requirePlanRow(db: Kysely<Database>, id: number) {
  const [row] = await planItemRows(db, { id });
  if (!row) throw new AppError('NOT_FOUND', '该监督计划事项不存在或已被删除，请刷新后再试。');
  return row;
}

async function requirePlanItem(db: Kysely<Database>, id: number, today: string): Promise<PlanItem> {
  const [item] = await planItemsOf(db, { id }, today);
  if (!item) throw new AppError('NOT_FOUND', '该监督计划事项不存在或已被删除，请刷新后再试。');
  return item;
}

async function checkRefs(db: Kysely<Database>, v: PlanValues): Promise<void> {
  if (v.leadBodyId !== null && !(await getBody(db, v.leadBodyId))) {
    throw new AppError('VALIDATION', '所选牵头委员会不存在，请重新选择', [{ path: 'fields.leadBodyId', message: '牵头委员会不存在' }]);
  }
  const seen = new Set<string>();
  for (const s of v.subjects) {
    const key = `${s.kind}:${s.id}`;
    if (seen.has(key)) throw new AppError('VALIDATION', '监督对象有重复，请检查', [{ path: 'fields.subjects', message: '监督对象重复' }]);
    seen.add(key);
    if (s.kind === 'body' && !(await getBody(db, s.id))) throw new AppError('VALIDATION', '所选监督对象单位不存在，请重新选择', [{ path: 'fields.subjects', message: '单位不存在' }]);
    if (s.kind === 'appointee') await requireAppointee(db, s.id);
  }
}

export function planHandlers(
  deps: Deps,
): Pick<Handlers, 'plan.list' | 'plan.create' | 'plan.update' | 'plan.delete' | 'plan.importPreview' | 'plan.importCommit' | 'agenda.linkPlan'> {
  const { db } = deps;
  const changed = () => deps.emit('data.changed', { entity: 'plan', meetingId: null });

  async function known() {
    const bodies = await listBodies(db, true);
    const appointees = await listAppointees(db);
    return { bodies: new Set(bodies.map((b) => b.name)), appointees: new Set(appointees.map((a) => a.name)) };
  }

  return {
    'plan.list': async ({ year }) => ({ year, years: await planYears(db), items: await planItemsOf(db, { year }, deps.today()) }),
    'plan.create': async ({ year, fields }) => {
      const id = await db.transaction().execute(async (trx) => {
        await checkRefs(trx, fields as PlanValues);
        return insertPlanItem(trx, year, fields as PlanValues, deps.now());
      });
      changed();
      return requirePlanItem(db, id, deps.today());
    },
    'plan.update': async ({ id, fields }) => {
      await db.transaction().execute(async (trx) => {
        await requirePlanRow(trx, id);
        await checkRefs(trx, fields as PlanValues);
        await updatePlanItem(trx, id, fields as PlanValues);
      });
      changed();
      return requirePlanItem(db, id, deps.today());
    },
    'plan.delete': async ({ id }) => {
      await db.transaction().execute(async (trx) => {
        const item = await requirePlanRow(trx, id);
        const linked = await agendaItemsOfPlan(trx, id);
        if (linked > 0) throw new AppError('STATE', `“${item.title}”已关联 ${linked} 项会议议程，不能删除；请先在议程中取消关联。`);
        await deletePlanItem(trx, id);
      });
      changed();
      return { ok: true as const };
    },
    'plan.importPreview': async ({ text, fileName, contentBase64 }) => {
      let rows;
      if (contentBase64 !== undefined) {
        if (!fileName || !/\.xlsx$/i.test(fileName)) throw new AppError('BAD_FILE', '请上传 Excel 文件（.xlsx）；其他格式可复制表格内容后粘贴。');
        rows = await readXlsxRows(Buffer.from(contentBase64, 'base64'));
      } else if (text !== undefined) {
        rows = textRows(text);
      } else {
        throw new AppError('VALIDATION', '请粘贴监督计划内容或选择 Excel 文件');
      }
      if (rows.length === 0) throw new AppError('VALIDATION', '没有读到任何内容：请粘贴监督计划的表格行（每行一项）。');
      if (rows.length > 501) throw new AppError('TOO_LARGE', '一次最多导入 500 项，请分批导入。');
      const parsed = parsePlanRows(rows, await known());
      const valid = parsed.filter((r) => r.fields !== null).length;
      return { rows: parsed, validCount: valid, errorCount: parsed.length - valid, newBodies: [...new Set(parsed.flatMap((r) => (r.fields ? r.newBodies : [])))] };
    },
    'plan.importCommit': async ({ year, rows }) => {
      const result = await db.transaction().execute(async (trx) => {
        // The same lines saved twice (a second click, a second window) would double the plan.
        const planned = new Set((await planItemRows(trx, { year })).map((r) => r.title));
        const repeated = rows.filter((r) => planned.has(r.title)).map((r) => `“${r.title}”`);
        if (repeated.length > 0) {
          throw new AppError('CONFLICT', `${year}年的计划中已有${repeated.slice(0, 3).join('、')}${repeated.length > 3 ? `等 ${repeated.length} 项` : ''}，可能已经导入过；未导入任何事项。请删去这些行后再导入。`);
        }
        const appointees = new Map((await listAppointees(trx)).map((a) => [a.name, a.id as number]));
        const bodyIds = new Map<string, number>();
        let bodiesCreated = 0;
        const existing = (await listBodies(trx, true)).map((b) => b.name);
        const bodyId = async (given: string, lead: boolean): Promise<number> => {
          const name = knownName(given, existing);
          const cached = bodyIds.get(name);
          if (cached !== undefined) return cached;
          let id = await findBodyByName(trx, name);
          if (id === null) {
            id = await insertBody(trx, { name, kind: guessBodyKind(name, lead), sortOrder: 1000, active: true }, deps.now());
            bodiesCreated++;
          }
          bodyIds.set(name, id);
          return id;
        };
        for (const r of rows) {
          const subjects: PlanValues['subjects'] = [];
          for (const name of new Set(r.subjectNames)) {
            // A name that is a person's and not a body's is that person (as the preview said).
            const person = appointees.get(name);
            const isPerson = person !== undefined && !existing.includes(name) && !bodyIds.has(name);
            subjects.push(isPerson ? { kind: 'appointee', id: person } : { kind: 'body', id: await bodyId(name, false) });
          }
          const leadBodyId = r.leadName ? await bodyId(r.leadName, true) : null;
          await insertPlanItem(trx, year, { kind: r.kind, title: r.title, subjects, leadBodyId, plannedMonth: r.plannedMonth, notes: r.notes }, deps.now());
        }
        return { created: rows.length, bodiesCreated };
      });
      changed();
      if (result.bodiesCreated > 0) deps.emit('data.changed', { entity: 'body', meetingId: null });
      return result;
    },
    'agenda.linkPlan': async ({ agendaItemId, planItemId }) => {
      const meetingId = await db.transaction().execute(async (trx) => {
        const item = await requireAgendaItem(trx, agendaItemId);
        if (planItemId !== null) {
          const plan = await requirePlanRow(trx, planItemId);
          const meeting = (await getMeeting(trx, item.meetingId))!;
          if (Number(meeting.date.slice(0, 4)) !== plan.year) {
            throw new AppError('VALIDATION', `会议在 ${meeting.date.slice(0, 4)} 年召开，不能关联 ${plan.year} 年的监督计划事项。`);
          }
        }
        await setAgendaPlanItem(trx, agendaItemId, planItemId);
        return item.meetingId;
      });
      deps.emit('data.changed', { entity: 'agenda', meetingId: meetingId as MeetingId });
      changed();
      return (await getAgendaItem(db, agendaItemId))!;
    },
  };
}
