import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/api/errors.js';
import type { AgendaItemId, BodyId, MeetingId } from '../../../shared/api/schemas.js';
import { LIMITS } from '../../../shared/api/schemas.js';
import type {
  HandlingReport,
  OpinionDetail,
  OpinionEventView,
  OpinionFileId,
  OpinionId,
  OpinionRow,
  PlanItemId,
  ProblemId,
  ReportId,
} from '../../../shared/api/supervision-schemas.js';
import { checkCode, chineseDate, meetingTitle } from '../../../shared/domain/format.js';
import type { SatisfactionResult } from '../../../shared/domain/polls/result.js';
import type { TermLevel } from '../../../shared/domain/labels.js';
import { ESCALATION_TOOL_LABEL, OPEN_OPINION_STATUSES, OPINION_EVENT_LABEL, OPINION_STATUS_LABEL, SATISFACTION_VERDICT_LABEL, type OpinionStatus, type SatisfactionVerdict } from '../../../shared/domain/supervision/labels.js';
import {
  availableEvents,
  INITIAL_STATE,
  interpellationMinimum,
  investigationMinimum,
  replay,
  step,
  suggestion,
  type OpinionEvent,
  type OpinionFacts,
  type OpinionState,
} from '../../../shared/domain/supervision/opinion-machine.js';
import { compareUrgency, urgencyOf, type SupervisionSettings } from '../../../shared/domain/supervision/settings.js';
import { getAgendaItem } from '../../../db/repos/agenda.repo.js';
import { getBody } from '../../../db/repos/body.repo.js';
import { paperShaInUse } from '../../../db/repos/paper.repo.js';
import { listMembers } from '../../../db/repos/member.repo.js';
import {
  agendaItemsAfter,
  deleteOpinion,
  getOpinionFile,
  getOpinionRow,
  insertOpinion,
  insertOpinionEvent,
  insertOpinionFile,
  insertRectification,
  insertReport,
  latestSealedSatisfaction,
  listOpinionRows,
  opinionBodies,
  opinionEvents,
  opinionFiles,
  opinionProblems,
  opinionReports,
  opinionsAwaitingRating,
  opinionYears,
  ratedEvents,
  setOpinionState,
  updateOpinionDraft,
  type OpinionDbRow,
  type OpinionFilter,
  type OpinionValues,
} from '../../../db/repos/opinion.repo.js';
import { targetLinks } from '../../../db/repos/subject.repo.js';
import { daysBetween, localDate } from '../../../shared/domain/supervision/dates.js';
import type { Database } from '../../../db/schema.js';
import { titlePlace } from './settings.service.js';
import type { Deps } from '../deps.js';
import type { Handlers } from '../dispatcher.js';
import { classifyPaper } from '../paper-store.js';
import { requireAgendaItem } from './agenda.service.js';
import { supervisionSettings } from './settings.service.js';

type StoredEvent = Awaited<ReturnType<typeof opinionEvents>>[number];

function toEvent(e: StoredEvent): OpinionEvent {
  return { ...(JSON.parse(e.data) as object), kind: e.kind, on: e.on_date, actor: e.actor, reason: e.reason } as OpinionEvent;
}

/** Facts for replaying stored history: signers were checked when recorded. */
export function historyFacts(row: OpinionDbRow): OpinionFacts {
  return { level: row.term_level as TermLevel, serving: null, sourceMeetingDate: row.meeting_date };
}

/**
 * The term whose members may move 质询 or propose an investigation now, and whose level sets
 * the minimum: that of the meeting that last heard the opinion (a matter may be re-heard after
 * a new term has begun), else that of the meeting it came from.
 */
async function escalationTerm(q: Kysely<Database>, row: OpinionDbRow): Promise<{ termId: number; level: TermLevel }> {
  if (row.rehearing_agenda_item_id !== null) {
    const t = await q
      .selectFrom('agenda_item as a')
      .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
      .innerJoin('term as t', 't.id', 'm.term_id')
      .select(['t.id', 't.level'])
      .where('a.id', '=', row.rehearing_agenda_item_id)
      .executeTakeFirst();
    if (t) return { termId: t.id, level: t.level };
  }
  return { termId: row.term_id, level: row.term_level as TermLevel };
}

async function servingOf(db: Kysely<Database>, termId: number): Promise<Set<number>> {
  return new Set((await listMembers(db, termId)).filter((m) => m.status === 'serving').map((m) => m.id as number));
}

function replayStored(row: OpinionDbRow, events: readonly StoredEvent[], from: OpinionState = INITIAL_STATE): OpinionState {
  try {
    return replay(events.map(toEvent), historyFacts(row), from);
  } catch (err) {
    throw new AppError('INTERNAL', `审议意见“${row.title}”的办理记录不一致（可能被程序以外的工具修改过）：${(err as Error).message.slice(0, 200)}`);
  }
}

async function requireOpinion(db: Kysely<Database>, id: number): Promise<OpinionDbRow> {
  const row = await getOpinionRow(db, id);
  if (!row) throw new AppError('NOT_FOUND', '该审议意见不存在或已被删除，请刷新后再试。');
  return row;
}

function byOpinion<T extends { opinion_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.opinion_id);
    if (list) list.push(r);
    else out.set(r.opinion_id, [r]);
  }
  return out;
}

/** Ledger rows for the given opinions, in the given order. */
async function toRows(db: Kysely<Database>, rows: readonly OpinionDbRow[], settings: SupervisionSettings, today: string): Promise<OpinionRow[]> {
  const ids = rows.map((r) => r.id);
  const [bodies, problems, rated] = await Promise.all([opinionBodies(db, ids), opinionProblems(db, ids), ratedEvents(db, ids)]);
  const bodiesOf = byOpinion(bodies);
  const problemsOf = byOpinion(problems);
  const ratedOf = byOpinion(rated);
  const place = await titlePlace(db);
  return rows.map((r) => {
    const mine = problemsOf.get(r.id) ?? [];
    // The ledger needs only the ratings: read them off the events (the page replays them in full).
    const ratings = (ratedOf.get(r.id) ?? []).map((e) => (JSON.parse(e.data) as { verdict: SatisfactionVerdict }).verdict);
    return {
      id: r.id as OpinionId,
      title: r.title,
      status: r.status,
      statusLabel: OPINION_STATUS_LABEL[r.status],
      year: Number(r.meeting_date.slice(0, 4)),
      meetingId: r.meeting_id as MeetingId,
      meetingTitle: meetingTitle(r.term_name, r.meeting_number, place),
      meetingDate: r.meeting_date,
      agendaItemId: r.agenda_item_id as AgendaItemId,
      agendaTitle: r.agenda_title,
      planItemId: r.plan_item_id as PlanItemId | null,
      leadBodyId: r.lead_body_id as BodyId | null,
      leadBodyName: r.lead_body_name,
      bodies: (bodiesOf.get(r.id) ?? []).map((b) => ({ id: b.body_id as BodyId, name: b.name })),
      sentOn: r.sent_on,
      deadline: r.deadline,
      urgency: urgencyOf({ status: r.status, deadline: r.deadline, approvedOn: r.approved_on, meetingDate: r.meeting_date }, settings, today),
      problems: {
        total: mine.length,
        pending: mine.filter((p) => p.status === 'pending').length,
        inProgress: mine.filter((p) => p.status === 'in_progress').length,
        done: mine.filter((p) => p.status === 'done').length,
        ongoing: mine.filter((p) => p.status === 'ongoing').length,
      },
      unsatisfied: ratings.filter((v) => v === 'unsatisfied').length,
      lastVerdict: ratings.length > 0 ? SATISFACTION_VERDICT_LABEL[ratings.at(-1)!] : null,
    };
  });
}

/** Ledger rows for a filter, sorted (overdue first), as of the core's today. */
export async function ledgerRows(deps: Deps, filter: OpinionFilter): Promise<OpinionRow[]> {
  return sortLedger(await toRows(deps.db, await listOpinionRows(deps.db, filter), await supervisionSettings(deps.db), deps.today()));
}

function sortLedger(rows: OpinionRow[]): OpinionRow[] {
  // Stable: within the same urgency, the repository's order (newest meeting first) stands.
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => compareUrgency(a.r.urgency, b.r.urgency) || a.i - b.i)
    .map((x) => x.r);
}

function names(list: readonly { id: number; name: string }[], ids: readonly number[]): string {
  const by = new Map(list.map((m) => [m.id, m.name]));
  return ids.map((id) => by.get(id) ?? `#${id}`).join('、');
}

/** One line saying what an event did, for the timeline. */
function eventDetail(e: OpinionEvent, ctx: { members: { id: number; name: string }[]; bodies: { id: number; name: string }[] }): string {
  switch (e.kind) {
    case 'sent':
      return `报告期限 ${chineseDate(e.deadline ?? '')}（交办后 ${e.months} 个月）`;
    case 'reassigned':
      return `责令限期整改，报告期限 ${chineseDate(e.deadline ?? '')}（${e.months} 个月）`;
    case 'extended':
      return `报告期限由 ${chineseDate(e.from ?? '')} 延至 ${chineseDate(e.to)}`;
    case 'reported':
      return `第 ${e.round ?? 1} 次研究处理情况报告`;
    case 'rehearing':
      return `${e.meetingTitle}（${chineseDate(e.meetingDate)}）`;
    case 'rated': {
      const per = e.bodies.length > 1 ? `（${e.bodies.map((b) => `${names(ctx.bodies, [b.bodyId])}：${SATISFACTION_VERDICT_LABEL[b.verdict]}`).join('；')}）` : '';
      return `测评结果：${SATISFACTION_VERDICT_LABEL[e.verdict]}${per}`;
    }
    case 'interviewed':
      return `约谈对象：${e.interviewees}`;
    case 'consented':
      return `市委同意启动${ESCALATION_TOOL_LABEL[e.tool]}`;
    case 'interpellated':
      return `联名人 ${e.movers.length} 名：${names(ctx.members, e.movers)}`;
    case 'investigated':
      return `提议人 ${e.proposers.length} 名：${names(ctx.members, e.proposers)}`;
    default:
      return '';
  }
}

export async function detailOf(deps: Deps, db: Kysely<Database>, id: number): Promise<OpinionDetail> {
  const row = await requireOpinion(db, id);
  const settings = await supervisionSettings(db);
  const [base] = await toRows(db, [row], settings, deps.today());
  const events = await opinionEvents(db, [id]);
  const term = await escalationTerm(db, row);
  const current = await listMembers(db, term.termId);
  const serving = current.filter((m) => m.status === 'serving').length;
  const members = term.termId === row.term_id ? current : [...current, ...(await listMembers(db, row.term_id))];
  const problems = await opinionProblems(db, [id]);
  const { reports, rects } = await opinionReports(db, id);
  const files = (await opinionFiles(db, id)).map((f) => ({
    id: f.id as OpinionFileId,
    reportId: f.report_id as ReportId | null,
    problemId: f.problem_id as ProblemId | null,
    fileName: f.file_name,
    size: f.size,
    createdAt: f.created_at,
  }));
  let rehearing: OpinionDetail['rehearing'] = null;
  if (row.rehearing_agenda_item_id !== null) {
    const item = await getAgendaItem(db, row.rehearing_agenda_item_id);
    const meeting = item ? await db.selectFrom('meeting as m').innerJoin('term as t', 't.id', 'm.term_id').select(['m.id', 'm.number', 'm.date', 't.name']).where('m.id', '=', item.meetingId).executeTakeFirst() : undefined;
    if (item && meeting) {
      rehearing = { agendaItemId: item.id, title: item.title, meetingId: meeting.id as MeetingId, meetingTitle: meetingTitle(meeting.name, meeting.number, await titlePlace(db)), date: meeting.date };
    }
  }
  const bodies = base!.bodies.map((b) => ({ id: b.id as number, name: b.name }));
  const rating = await ratingOf(db, row);
  const unrated = await unratedBodies(db, row);
  // One walk through the history gives the state and says whether each handling report came in time.
  let state = INITIAL_STATE;
  const eventNames = { members: members.map((m) => ({ id: m.id as number, name: m.name })), bodies };
  const views: OpinionEventView[] = events.map((e) => {
    const event = toEvent(e);
    let detail = eventDetail(event, eventNames);
    if (event.kind === 'reported' && state.deadline) {
      const late = daysBetween(state.deadline, event.on);
      detail += late > 0 ? `，逾期 ${late} 天（期限 ${chineseDate(state.deadline)}）` : `，按期（期限 ${chineseDate(state.deadline)}）`;
    }
    state = replayStored(row, [e], state);
    return { id: e.id, kind: e.kind, label: OPINION_EVENT_LABEL[e.kind], on: e.on_date, actor: e.actor, reason: e.reason, detail, recordedAt: e.recorded_at };
  });
  return {
    ...base!,
    assessment: row.assessment,
    recommendations: row.recommendations,
    copyTo: JSON.parse(row.copy_to) as string[],
    approvedOn: row.approved_on,
    problemList: problems.map((p) => ({
      id: p.id as ProblemId,
      position: p.position,
      text: p.text,
      bodyId: p.body_id as BodyId,
      bodyName: p.body_name,
      status: p.status,
      measures: p.measures,
    })),
    reports: reports.map(
      (r): HandlingReport => ({
        id: r.id as ReportId,
        round: r.round,
        receivedOn: r.received_on,
        summary: r.summary,
        rectifications: rects
          .filter((x) => x.report_id === r.id)
          .map((x) => ({ problemId: x.problem_id as ProblemId, position: x.position, measures: x.measures, status: x.status })),
        files: files.filter((f) => f.reportId === r.id),
      }),
    ),
    files,
    events: views,
    rehearing,
    available: availableEvents(state),
    suggestion:
      rating.kind === 'unusable'
        ? rating.notice
        : [
            suggestion(state, { level: term.level, servingCount: serving }),
            unrated ? `注意：“${unrated.pollTitle}”中没有与${unrated.bodies.map((b) => `“${b}”`).join('、')}关联的测评对象，测评时将不对其评定；请在该表决的“测评对象关联”中关联。` : null,
          ]
            .filter(Boolean)
            .join(' ') || null,
    escalation: {
      level: term.level,
      serving,
      interpellationMinimum: interpellationMinimum(term.level),
      investigationMinimum: investigationMinimum(serving),
      consent: state.consent,
      interviews: state.interviews,
    },
    defaultMonths: settings.deadlineMonths,
    termId: term.termId,
  };
}

/**
 * Append one event after the machine accepted it, and keep the opinion's columns equal to the
 * replayed state. Throws STATE with the machine's reason when refused. Call inside a transaction.
 */
export async function applyOpinionEvent(trx: Kysely<Database>, row: OpinionDbRow, event: OpinionEvent, facts: OpinionFacts, now: string): Promise<OpinionState> {
  const state = replayStored(row, await opinionEvents(trx, [row.id]));
  const r = step(state, event, facts);
  if (!r.ok) throw new AppError('STATE', r.message);
  const { kind, on, actor, reason, ...data } = r.event;
  await insertOpinionEvent(trx, row.id, { kind, on, actor, reason, data }, now);
  await setOpinionState(
    trx,
    row.id,
    { status: r.state.status!, approvedOn: r.state.approvedOn, sentOn: r.state.sentOn, deadline: r.state.deadline, rehearingAgendaItemId: r.state.rehearingAgendaItemId },
    now,
  );
  return r.state;
}

const VERDICT_ORDER: Record<SatisfactionVerdict, number> = { satisfied: 0, basically: 1, unsatisfied: 2 };

type RatingOutcome =
  | { kind: 'none' }
  | { kind: 'unusable'; notice: string }
  | { kind: 'rated'; event: Extract<OpinionEvent, { kind: 'rated' }> };

/**
 * What the sealed satisfaction result at an opinion's re-hearing says of it: for each 承办单位
 * the row linked to that body, or the only row of a one-row sheet (unless that row is linked to
 * another subject, or to none); the worst verdict among them is the opinion's. 'none' while no
 * result is sealed there; 'unusable' (with the reason, in Chinese) when no row rates its bodies.
 */
/**
 * The row of a sheet that rates a body: the row linked to it, else the only row of a one-row
 * sheet whose row is linked to nothing (an explicit "none" or another subject rates nobody else).
 */
function rowOfBody(bodyId: number, rowKeys: readonly string[], links: readonly { target_key: string; body_id: number | null }[]): string | undefined {
  const link = links.find((l) => l.body_id === bodyId);
  if (link) return link.target_key;
  return rowKeys.length === 1 && !links.some((l) => l.target_key === rowKeys[0]) ? rowKeys[0] : undefined;
}

async function ratingOf(q: Kysely<Database>, row: OpinionDbRow): Promise<RatingOutcome> {
  if (row.status !== 'rehearing' || row.rehearing_agenda_item_id === null) return { kind: 'none' };
  const poll = await latestSealedSatisfaction(q, row.rehearing_agenda_item_id);
  if (!poll) return { kind: 'none' };
  const result = JSON.parse(poll.result) as SatisfactionResult;
  const bodyIds = (await opinionBodies(q, [row.id])).map((b) => b.body_id);
  const links = await targetLinks(q, poll.id);
  const keys = result.targets.map((t) => t.key);
  const rated: { bodyId: number; verdict: SatisfactionVerdict }[] = [];
  for (const bodyId of bodyIds) {
    const key = rowOfBody(bodyId, keys, links);
    const target = result.targets.find((t) => t.key === key);
    if (target?.verdict) rated.push({ bodyId, verdict: target.verdict.key as SatisfactionVerdict });
  }
  if (rated.length === 0) {
    return {
      kind: 'unusable',
      notice: `“${poll.title}”已封存，但表中没有与本意见承办单位关联且有评定结论的测评对象，测评结果未能记入。请在该表决页面的“测评对象关联”中把相应的行关联到承办单位，关联后自动记入。`,
    };
  }
  const verdict = rated.reduce<SatisfactionVerdict>((w, b) => (VERDICT_ORDER[b.verdict] > VERDICT_ORDER[w] ? b.verdict : w), 'satisfied');
  // Dated by its meeting, or by the day it was sealed if that came first; never before the step it follows.
  const sealedOn = localDate(new Date(poll.sealed_at));
  const held = poll.date < sealedOn ? poll.date : sealedOn;
  const state = replayStored(row, await opinionEvents(q, [row.id]));
  const on = state.lastOn && state.lastOn > held ? state.lastOn : held;
  return {
    kind: 'rated',
    event: {
      kind: 'rated',
      on,
      actor: '常委会会议满意度测评',
      reason: `${meetingTitle(poll.term_name, poll.number, await titlePlace(q))}“${poll.title}”测评结果（已封存，校验码 ${checkCode(poll.digest)}）`,
      pollId: poll.id,
      verdict,
      bodies: rated,
    },
  };
}

/**
 * Before the re-hearing's poll is sealed: the 承办单位 that no row of its sheet rates (no row
 * linked to it, and not a one-row sheet), so the clerk can link them in time. Empty when there
 * is no poll yet.
 */
async function unratedBodies(q: Kysely<Database>, row: OpinionDbRow): Promise<{ pollTitle: string; bodies: string[] } | null> {
  if (row.status !== 'rehearing' || row.rehearing_agenda_item_id === null) return null;
  const poll = await q
    .selectFrom('poll')
    .select(['id', 'title', 'definition'])
    .where('agenda_item_id', '=', row.rehearing_agenda_item_id)
    .where('kind', '=', 'satisfaction')
    .where('status', 'in', ['draft', 'open'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!poll) return null;
  const keys = (JSON.parse(poll.definition) as { targets: { key: string }[] }).targets.map((t) => t.key);
  const links = await targetLinks(q, poll.id);
  const missing = (await opinionBodies(q, [row.id])).filter((b) => rowOfBody(b.body_id, keys, links) === undefined).map((b) => b.name);
  return missing.length > 0 ? { pollTitle: poll.title, bodies: missing } : null;
}

/**
 * Attach sealed satisfaction results to the opinions waiting for them at an agenda item (or at
 * every item). Returns what could not be attached, in Chinese, for the clerk. Idempotent: only
 * opinions still waiting are touched.
 */
export async function attachRatings(trx: Kysely<Database>, agendaItemId: number | null, now: string): Promise<string[]> {
  const notices: string[] = [];
  for (const id of await opinionsAwaitingRating(trx, agendaItemId)) {
    const row = (await getOpinionRow(trx, id))!;
    const outcome = await ratingOf(trx, row);
    if (outcome.kind === 'unusable') notices.push(`审议意见“${row.title}”：${outcome.notice}`);
    if (outcome.kind === 'rated') await applyOpinionEvent(trx, row, outcome.event, historyFacts(row), now);
  }
  return notices;
}

/** Steps are recorded when they have happened: a date after today is a typing mistake. */
function notFuture(on: string, today: string, path: string): void {
  if (on > today) throw new AppError('VALIDATION', `日期（${chineseDate(on)}）不能晚于今天（${chineseDate(today)}）：请登记已经发生的办理步骤。`, [{ path, message: '日期晚于今天' }]);
}

function checkFields(fields: { bodyIds: number[]; problems: { bodyId: number }[] }): void {
  if (new Set(fields.bodyIds).size !== fields.bodyIds.length) throw new AppError('VALIDATION', '承办单位有重复，请检查', [{ path: 'fields.bodyIds', message: '承办单位重复' }]);
  fields.problems.forEach((p, i) => {
    if (!fields.bodyIds.includes(p.bodyId)) {
      throw new AppError('VALIDATION', `第 ${i + 1} 项问题的责任单位不在承办单位之中，请先把它加入承办单位`, [{ path: `fields.problems.${i}.bodyId`, message: '责任单位不在承办单位之中' }]);
    }
  });
}

async function checkBodies(db: Kysely<Database>, ids: readonly (number | null)[]): Promise<void> {
  for (const id of ids) if (id !== null && !(await getBody(db, id))) throw new AppError('VALIDATION', '所选单位不存在，请刷新后重新选择');
}

function values(fields: {
  title: string;
  leadBodyId: number | null;
  assessment: string;
  recommendations: string;
  copyTo: string[];
  bodyIds: number[];
  problems: { text: string; bodyId: number }[];
}): OpinionValues {
  return { ...fields, problems: fields.problems.map((p) => ({ text: p.text, bodyId: p.bodyId })) };
}

export function opinionHandlers(
  deps: Deps,
): Pick<
  Handlers,
  | 'opinion.list'
  | 'opinion.reminder'
  | 'opinion.get'
  | 'opinion.create'
  | 'opinion.update'
  | 'opinion.delete'
  | 'opinion.record'
  | 'opinion.report'
  | 'opinion.rehearingOptions'
  | 'opinion.attachFile'
  | 'opinion.openFile'
> {
  const { db } = deps;
  const changed = () => deps.emit('data.changed', { entity: 'opinion', meetingId: null });

  async function ledger(filter: OpinionFilter, overdueOnly: boolean) {
    const settings = await supervisionSettings(db);
    const today = deps.today();
    const rows = sortLedger(await toRows(db, await listOpinionRows(db, filter), settings, today));
    return { rows: overdueOnly ? rows.filter((r) => r.urgency.overdue) : rows, today };
  }

  return {
    'opinion.list': async ({ year, bodyId, leadBodyId, status, overdue, search }) => {
      const statuses: readonly OpinionStatus[] | undefined = status === 'all' ? undefined : status === 'open' ? OPEN_OPINION_STATUSES : [status];
      const { rows, today } = await ledger({ year, bodyId, leadBodyId, statuses, search }, overdue);
      return { items: rows, years: await opinionYears(db), overdue: rows.filter((r) => r.urgency.overdue).length, dueSoon: rows.filter((r) => r.urgency.dueSoon).length, today };
    },
    'opinion.reminder': async () => {
      const { rows, today } = await ledger({ statuses: OPEN_OPINION_STATUSES }, false);
      return { today, overdue: rows.filter((r) => r.urgency.overdue), dueSoon: rows.filter((r) => r.urgency.dueSoon) };
    },
    'opinion.get': async ({ id }) => detailOf(deps, db, id),
    'opinion.create': async ({ agendaItemId, fields, on, actor }) => {
      checkFields(fields);
      notFuture(on, deps.today(), 'on');
      const id = await db.transaction().execute(async (trx) => {
        await requireAgendaItem(trx, agendaItemId);
        await checkBodies(trx, [...fields.bodyIds, fields.leadBodyId]);
        const id = await insertOpinion(trx, agendaItemId, values(fields), deps.now());
        const row = (await getOpinionRow(trx, id))!;
        if (on < row.meeting_date) throw new AppError('VALIDATION', `起草日期不能早于会议日期（${chineseDate(row.meeting_date)}）`, [{ path: 'on', message: '起草日期早于会议日期' }]);
        await applyOpinionEvent(trx, row, { kind: 'drafted', on, actor, reason: `根据${meetingTitle(row.term_name, row.meeting_number, await titlePlace(trx))}审议意见整理` }, historyFacts(row), deps.now());
        return id;
      });
      changed();
      return detailOf(deps, db, id);
    },
    'opinion.update': async ({ id, fields }) => {
      checkFields(fields);
      await db.transaction().execute(async (trx) => {
        const row = await requireOpinion(trx, id);
        if (row.status !== 'draft') throw new AppError('STATE', `审议意见当前状态为“${OPINION_STATUS_LABEL[row.status]}”，内容不能再修改（起草中的才能修改）。`);
        await checkBodies(trx, [...fields.bodyIds, fields.leadBodyId]);
        await updateOpinionDraft(trx, id, values(fields), deps.now());
      });
      changed();
      return detailOf(deps, db, id);
    },
    'opinion.delete': async ({ id }) => {
      const row = await requireOpinion(db, id);
      if (row.status !== 'draft') throw new AppError('STATE', '只能删除起草中的审议意见；已审定的意见要保留完整的办理记录。');
      const files = await opinionFiles(db, id);
      await deleteOpinion(db, id);
      // Bytes go only after the rows are gone, and only when no paper or other attachment shares them.
      for (const sha of new Set(files.map((f) => f.sha256))) if (!(await paperShaInUse(db, sha))) deps.papers.remove(sha);
      changed();
      return { ok: true as const };
    },
    'opinion.record': async ({ id, step: input }) => {
      notFuture(input.on, deps.today(), 'step.on');
      const notices = await db.transaction().execute(async (trx) => {
        const row = await requireOpinion(trx, id);
        const term = await escalationTerm(trx, row);
        const facts: OpinionFacts = { level: term.level, serving: await servingOf(trx, term.termId), sourceMeetingDate: row.meeting_date };
        let event: OpinionEvent;
        if (input.kind === 'rehearing') {
          const item = await requireAgendaItem(trx, input.agendaItemId);
          if (item.id === row.agenda_item_id) throw new AppError('STATE', '再次审议应安排在以后会议的议程上，不能是提出审议意见的同一议程。');
          const m = (await trx.selectFrom('meeting as m').innerJoin('term as t', 't.id', 'm.term_id').select(['m.number', 'm.date', 't.name']).where('m.id', '=', item.meetingId).executeTakeFirst())!;
          event = { ...input, meetingDate: m.date, meetingTitle: `${meetingTitle(m.name, m.number, await titlePlace(trx))}：${item.title}` };
        } else {
          event = input as OpinionEvent;
        }
        await applyOpinionEvent(trx, row, event, facts, deps.now());
        // A poll on the chosen item may already be sealed: its result attaches now.
        return input.kind === 'rehearing' ? attachRatings(trx, input.agendaItemId, deps.now()) : [];
      });
      for (const n of notices) deps.log(`opinion ${id}: ${n}`);
      changed();
      return detailOf(deps, db, id);
    },
    'opinion.report': async ({ id, report }) => {
      notFuture(report.on, deps.today(), 'report.on');
      await db.transaction().execute(async (trx) => {
        const row = await requireOpinion(trx, id);
        const problems = await opinionProblems(trx, [id]);
        const given = new Map(report.rectifications.map((r) => [r.problemId as number, r]));
        if (given.size !== report.rectifications.length) throw new AppError('VALIDATION', '整改清单中有重复的问题，请检查');
        for (const pid of given.keys()) if (!problems.some((p) => p.id === pid)) throw new AppError('VALIDATION', '整改清单中的问题不属于这份审议意见，请刷新后重试');
        const state = await applyOpinionEvent(trx, row, { kind: 'reported', on: report.on, actor: report.actor, reason: report.reason }, historyFacts(row), deps.now());
        const reportId = await insertReport(trx, id, state.reports, report.on, report.summary, deps.now());
        // A problem the report does not mention keeps its last state (or 未整改), with no new measures.
        for (const p of problems) {
          const r = given.get(p.id);
          await insertRectification(trx, reportId, p.id, r?.measures ?? '', r?.status ?? p.status);
        }
      });
      changed();
      return detailOf(deps, db, id);
    },
    'opinion.rehearingOptions': async ({ id }) => {
      const row = await requireOpinion(db, id);
      // After the meeting it came from and after the meeting that last rated it: the only ones the workflow accepts.
      const state = replayStored(row, await opinionEvents(db, [id]));
      const after = state.lastRatedMeetingDate !== null && state.lastRatedMeetingDate > row.meeting_date ? state.lastRatedMeetingDate : row.meeting_date;
      const place = await titlePlace(db);
      return (await agendaItemsAfter(db, after)).map((a) => ({
        agendaItemId: a.id as AgendaItemId,
        meetingId: a.meeting_id as MeetingId,
        meetingTitle: meetingTitle(a.term_name, a.number, place),
        date: a.date,
        title: a.title,
        hasSatisfactionPoll: Boolean(a.has_poll),
      }));
    },
    'opinion.attachFile': async ({ opinionId, reportId, problemId, fileName, contentBase64 }) => {
      // Everything is checked before the bytes are stored, so a refused call leaves nothing on disk.
      const checkTargets = async (q: Kysely<Database>) => {
        await requireOpinion(q, opinionId);
        if (reportId !== null) {
          const r = await q.selectFrom('handling_report').select('id').where('id', '=', reportId).where('opinion_id', '=', opinionId).executeTakeFirst();
          if (!r) throw new AppError('VALIDATION', '所选研究处理情况报告不属于这份审议意见，请刷新后重试');
        }
        if (problemId !== null) {
          const p = await q.selectFrom('opinion_problem').select('id').where('id', '=', problemId).where('opinion_id', '=', opinionId).executeTakeFirst();
          if (!p) throw new AppError('VALIDATION', '所选问题不属于这份审议意见，请刷新后重试');
        }
      };
      await checkTargets(db);
      const bytes = Buffer.from(contentBase64, 'base64');
      if (bytes.length > LIMITS.paperBytes) throw new AppError('TOO_LARGE', `附件超过 ${LIMITS.paperBytes / 1024 / 1024} MB，请压缩或拆分后再上传。`);
      const { mime } = classifyPaper(fileName, bytes);
      // Bytes first (fsynced), then the row: a crash in between leaves an orphan file, never a dangling row.
      const { sha256, size } = deps.papers.put(bytes);
      try {
        await db.transaction().execute(async (trx) => {
          await checkTargets(trx);
          await insertOpinionFile(trx, { opinionId, reportId, problemId, fileName, mime, size, sha256 }, deps.now());
        });
      } catch (err) {
        // Deleted in the meantime: take the bytes back unless something else uses them.
        if (!(await paperShaInUse(db, sha256))) deps.papers.remove(sha256);
        throw err;
      }
      changed();
      return detailOf(deps, db, opinionId);
    },
    'opinion.openFile': async ({ id }) => {
      const f = await getOpinionFile(db, id);
      if (!f) throw new AppError('NOT_FOUND', '该附件不存在或已被删除，请刷新后再试。');
      if (deps.platform.mode === 'electron') {
        const copy = deps.papers.viewCopy(`opinion-${id}`, f.sha256, f.file_name);
        if (await deps.platform.openFile(copy, f.file_name)) return { url: null };
        throw new AppError('STATE', `系统中没有可以打开“${f.file_name}”的程序，请安装相应的阅读软件。`);
      }
      return { url: `/files/opinion/${id}` };
    },
  };
}
