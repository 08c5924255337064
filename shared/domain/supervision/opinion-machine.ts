import type { TermLevel } from '../labels.js';
import { addMonths } from './dates.js';
import {
  ESCALATION_TOOL_LABEL,
  OPINION_EVENT_LABEL,
  OPINION_STATUS_LABEL,
  SATISFACTION_VERDICT_LABEL,
  type EscalationTool,
  type OpinionEventKind,
  type OpinionStatus,
  type SatisfactionVerdict,
} from './labels.js';

/**
 * The review-opinion workflow (DOMAIN.md, "Review opinions") as a state machine over the
 * opinion's events. An event is only ever appended when `step` accepts it; the stored events
 * replayed through `step` give the current state, so the state can always be recomputed and
 * checked. Every event carries who (actor), when (on) and why (reason).
 *
 *   draft ─approved→ approved ─sent→ sent ─reported→ reported ─rehearing→ rehearing ─rated→
 *     satisfied ─closed→ closed
 *     unsatisfied ─reassigned→ sent …            (rectify, report again, rate again)
 *     unsatisfied ─interviewed→ unsatisfied       (约谈, any time after 不满意)
 *     unsatisfied ─consented→ unsatisfied         (报市委同意: after 不满意 twice on the matter)
 *     unsatisfied ─interpellated|investigated→ escalated   (only after consent for that tool)
 *   sent ─extended→ sent                          (approved extension of the deadline)
 */

interface Common {
  /** The date it happened (on paper), YYYY-MM-DD. */
  on: string;
  /** Who did or decided it (a person or a body: 主任会议, 张三). */
  actor: string;
  /** Why, or the decision's wording. */
  reason: string;
}

export type OpinionEvent = Common &
  (
    | { kind: 'drafted' }
    | { kind: 'approved' }
    | { kind: 'sent'; months: number; deadline?: string }
    | { kind: 'extended'; to: string; from?: string }
    | { kind: 'reported'; round?: number }
    | { kind: 'rehearing'; agendaItemId: number; meetingDate: string; meetingTitle: string }
    | { kind: 'rated'; pollId: number; verdict: SatisfactionVerdict; bodies: { bodyId: number; verdict: SatisfactionVerdict }[] }
    | { kind: 'interviewed'; interviewees: string }
    | { kind: 'reassigned'; months: number; deadline?: string }
    | { kind: 'consented'; tool: EscalationTool }
    | { kind: 'interpellated'; movers: number[] }
    | { kind: 'investigated'; proposers: number[] }
    | { kind: 'closed' }
  );

/** What the machine needs to know beyond the events. */
export interface OpinionFacts {
  /** The term's level decides the interpellation minimum. */
  level: TermLevel;
  /**
   * Serving members of the term now (ids), for movers and the one-fifth rule; null when
   * replaying stored history, whose signers were checked when recorded (members leave later).
   */
  serving: ReadonlySet<number> | null;
  /** The date of the meeting the opinion came from: re-hearings must be later. */
  sourceMeetingDate: string;
}

export interface OpinionState {
  status: OpinionStatus | null;
  /** Date of the latest event: the next may not be earlier. */
  lastOn: string | null;
  approvedOn: string | null;
  /** Date the opinion was sent (交办), once. */
  sentOn: string | null;
  /** Deadline of the handling report currently awaited (null before sending). */
  deadline: string | null;
  reports: number;
  lastReportOn: string | null;
  rehearingAgendaItemId: number | null;
  /** Date of the meeting chosen for the re-hearing, and of the meeting that rated last. */
  rehearingMeetingDate: string | null;
  lastRatedMeetingDate: string | null;
  /** 不满意 ratings, in total and per responsible body. */
  unsatisfied: number;
  unsatisfiedByBody: Record<number, number>;
  lastVerdict: SatisfactionVerdict | null;
  interviews: number;
  consent: Record<EscalationTool, boolean>;
  used: Record<EscalationTool, boolean>;
}

export const INITIAL_STATE: OpinionState = {
  status: null,
  lastOn: null,
  approvedOn: null,
  sentOn: null,
  deadline: null,
  reports: 0,
  lastReportOn: null,
  rehearingAgendaItemId: null,
  rehearingMeetingDate: null,
  lastRatedMeetingDate: null,
  unsatisfied: 0,
  unsatisfiedByBody: {},
  lastVerdict: null,
  interviews: 0,
  consent: { interpellation: false, investigation: false },
  used: { interpellation: false, investigation: false },
};

/** Which statuses each event may follow. */
export const ALLOWED_FROM: Record<OpinionEventKind, readonly (OpinionStatus | null)[]> = {
  drafted: [null],
  approved: ['draft'],
  sent: ['approved'],
  extended: ['sent'],
  reported: ['sent'],
  rehearing: ['reported', 'rehearing'],
  rated: ['rehearing'],
  interviewed: ['unsatisfied', 'escalated'],
  reassigned: ['unsatisfied', 'escalated'],
  consented: ['unsatisfied', 'escalated'],
  interpellated: ['unsatisfied', 'escalated'],
  investigated: ['unsatisfied', 'escalated'],
  closed: ['satisfied'],
};

/** Deadline months allowed for a handling report (local practice: 2, 3 or 6; any of 1–12 here). */
export const DEADLINE_MONTHS_RANGE = { min: 1, max: 12 } as const;

/** Interpellation: a motion by at least 5 members at province and city level, 3 at county level. */
export function interpellationMinimum(level: TermLevel): number {
  return level === 'county' ? 3 : 5;
}

/** Special-issue investigation: proposed by at least one fifth of serving members, rounded up. */
export function investigationMinimum(serving: number): number {
  return Math.ceil(serving / 5);
}

export type StepResult = { ok: true; state: OpinionState; event: OpinionEvent } | { ok: false; message: string };

function cn(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : date;
}

function refuse(message: string): StepResult {
  return { ok: false, message };
}

function checkSigners(ids: readonly number[], serving: ReadonlySet<number>, min: number, what: string, tool: string): string | null {
  if (new Set(ids).size !== ids.length) return `${what}名单中有重复的人员，请核对。`;
  const notServing = ids.filter((id) => !serving.has(id)).length;
  if (notServing > 0) return `${what}名单中有 ${notServing} 人不是本届在任常委会组成人员，请核对。`;
  if (ids.length < min) return `${tool}须由至少 ${min} 名常委会组成人员${what === '联名人' ? '联名提出' : '提议'}，现只有 ${ids.length} 人，不能记录。`;
  return null;
}

/**
 * Apply one event to a state: the next state and the event as stored (deadlines filled in),
 * or a refusal in Chinese that says what must happen first. Pure.
 */
export function step(state: OpinionState, event: OpinionEvent, facts: OpinionFacts): StepResult {
  const label = OPINION_EVENT_LABEL[event.kind];
  if (!ALLOWED_FROM[event.kind].includes(state.status)) {
    const now = state.status === null ? '尚未起草' : `当前状态为“${OPINION_STATUS_LABEL[state.status]}”`;
    const need = ALLOWED_FROM[event.kind].map((s) => (s === null ? '新起草' : `“${OPINION_STATUS_LABEL[s]}”`)).join('或');
    return refuse(`不能${label}：${now}，只有${need}的审议意见才能${label}。`);
  }
  if (!event.actor.trim()) return refuse(`请填写${label}的办理人或决定者。`);
  if (!event.reason.trim()) return refuse(`请填写${label}的事由或决定内容。`);
  if (state.lastOn !== null && event.on < state.lastOn) return refuse(`${label}日期（${cn(event.on)}）不能早于上一步的日期（${cn(state.lastOn)}）。`);

  const next: OpinionState = { ...state, lastOn: event.on };
  switch (event.kind) {
    case 'drafted':
      next.status = 'draft';
      return { ok: true, state: next, event };
    case 'approved':
      next.status = 'approved';
      next.approvedOn = event.on;
      return { ok: true, state: next, event };
    case 'sent':
    case 'reassigned': {
      if (!Number.isInteger(event.months) || event.months < DEADLINE_MONTHS_RANGE.min || event.months > DEADLINE_MONTHS_RANGE.max) {
        return refuse(`办理期限应为 ${DEADLINE_MONTHS_RANGE.min}–${DEADLINE_MONTHS_RANGE.max} 个月。`);
      }
      const deadline = addMonths(event.on, event.months);
      next.status = 'sent';
      // 交办 happens once; a re-assignment after 不满意 only sets a new deadline from its own date.
      if (event.kind === 'sent') next.sentOn = event.on;
      next.deadline = deadline;
      next.rehearingAgendaItemId = null;
      return { ok: true, state: next, event: { ...event, deadline } };
    }
    case 'extended': {
      const from = state.deadline!;
      if (event.to <= from) return refuse(`延期后的期限（${cn(event.to)}）应晚于现在的期限（${cn(from)}）。`);
      next.deadline = event.to;
      return { ok: true, state: next, event: { ...event, from } };
    }
    case 'reported':
      next.status = 'reported';
      next.reports = state.reports + 1;
      next.lastReportOn = event.on;
      next.deadline = null;
      return { ok: true, state: next, event: { ...event, round: next.reports } };
    case 'rehearing':
      if (event.meetingDate <= facts.sourceMeetingDate) {
        return refuse(`再次审议应安排在提出审议意见的会议（${cn(facts.sourceMeetingDate)}）之后的会议上；所选会议日期为${cn(event.meetingDate)}。`);
      }
      if (state.lastRatedMeetingDate !== null && event.meetingDate <= state.lastRatedMeetingDate) {
        return refuse(`再次审议应安排在上次测评的会议（${cn(state.lastRatedMeetingDate)}）之后的会议上；所选会议日期为${cn(event.meetingDate)}。`);
      }
      next.status = 'rehearing';
      next.rehearingAgendaItemId = event.agendaItemId;
      next.rehearingMeetingDate = event.meetingDate;
      return { ok: true, state: next, event };
    case 'rated': {
      next.lastVerdict = event.verdict;
      next.lastRatedMeetingDate = state.rehearingMeetingDate;
      if (event.verdict === 'unsatisfied') {
        next.status = 'unsatisfied';
        next.unsatisfied = state.unsatisfied + 1;
        const byBody = { ...state.unsatisfiedByBody };
        for (const b of event.bodies) if (b.verdict === 'unsatisfied') byBody[b.bodyId] = (byBody[b.bodyId] ?? 0) + 1;
        next.unsatisfiedByBody = byBody;
      } else {
        next.status = 'satisfied';
      }
      return { ok: true, state: next, event };
    }
    case 'interviewed':
      if (!event.interviewees.trim()) return refuse('请填写被约谈的单位或人员。');
      next.interviews = state.interviews + 1;
      return { ok: true, state: next, event };
    case 'consented': {
      if (maxUnsatisfied(state) < 2) {
        return refuse(
          `报市委同意启动${ESCALATION_TOOL_LABEL[event.tool]}，须在同一承办单位就本事项两次测评不满意之后；本意见同一承办单位测评不满意最多 ${maxUnsatisfied(state)} 次。请先责令整改，在以后的会议上再次报告、再次测评。`,
        );
      }
      if (state.consent[event.tool]) return refuse(`已记录市委同意启动${ESCALATION_TOOL_LABEL[event.tool]}，无需重复记录。`);
      next.consent = { ...state.consent, [event.tool]: true };
      return { ok: true, state: next, event };
    }
    case 'interpellated':
    case 'investigated': {
      const tool: EscalationTool = event.kind === 'interpellated' ? 'interpellation' : 'investigation';
      if (!state.consent[tool]) return refuse(`启动${ESCALATION_TOOL_LABEL[tool]}前须先报市委同意，请先记录“报市委同意”。`);
      if (state.used[tool]) return refuse(`本意见已提出${ESCALATION_TOOL_LABEL[tool]}，不能重复记录。`);
      const serving = facts.serving;
      const problem =
        serving === null
          ? null
          : event.kind === 'interpellated'
            ? checkSigners(event.movers, serving, interpellationMinimum(facts.level), '联名人', '质询案')
            : checkSigners(event.proposers, serving, investigationMinimum(serving.size), '提议人', '特定问题调查');
      if (problem) return refuse(problem);
      next.status = 'escalated';
      next.used = { ...state.used, [tool]: true };
      return { ok: true, state: next, event };
    }
    case 'closed':
      next.status = 'closed';
      next.deadline = null;
      return { ok: true, state: next, event };
  }
}

export function maxUnsatisfied(state: OpinionState): number {
  return Math.max(state.unsatisfied === 0 ? 0 : 1, ...Object.values(state.unsatisfiedByBody), 0);
}

/**
 * Replay stored events. A stored history the machine refuses means the data was changed
 * outside the app; the error names the event.
 */
export function replay(events: readonly OpinionEvent[], facts: OpinionFacts, from: OpinionState = INITIAL_STATE): OpinionState {
  let state = from;
  events.forEach((e, i) => {
    const r = step(state, e, facts);
    if (!r.ok) throw new Error(`event ${i + 1} (${e.kind}) does not follow: ${r.message}`);
    state = r.state;
  });
  return state;
}

/** Events a clerk may record now (the buttons to show); `rated` comes only from a sealed poll. */
export function availableEvents(state: OpinionState): OpinionEventKind[] {
  return (Object.keys(ALLOWED_FROM) as OpinionEventKind[]).filter((k) => {
    if (k === 'rated' || k === 'drafted') return false;
    if (!ALLOWED_FROM[k].includes(state.status)) return false;
    if (k === 'consented') return maxUnsatisfied(state) >= 2 && !(state.consent.interpellation && state.consent.investigation);
    if (k === 'interpellated') return state.consent.interpellation && !state.used.interpellation;
    if (k === 'investigated') return state.consent.investigation && !state.used.investigation;
    return true;
  });
}

/** The next lawful step, in words, for the opinion's page and the ledger. Null when nothing is due. */
export function suggestion(state: OpinionState, facts: Pick<OpinionFacts, 'level'> & { servingCount: number }): string | null {
  const movers = interpellationMinimum(facts.level);
  const proposers = investigationMinimum(facts.servingCount);
  switch (state.status) {
    case 'draft':
      return '起草完成后提请主任会议审定。';
    case 'approved':
      return '审定后及时交办承办单位，并抄报市委。';
    case 'sent':
      return '等待承办单位报送研究处理情况报告。';
    case 'reported':
      return '将研究处理情况报告列入以后一次常委会会议议程，审议并进行满意度测评。';
    case 'rehearing':
      return '在所安排的会议上进行满意度测评；结果封存后自动记入本意见。';
    case 'satisfied':
      return `测评结果为${SATISFACTION_VERDICT_LABEL[state.lastVerdict ?? 'satisfied']}，可由主任会议决定销号。`;
    case 'unsatisfied':
    case 'escalated': {
      if (maxUnsatisfied(state) < 2) {
        return '测评不满意：责令承办单位限期整改，在以后的会议上再次报告、再次测评；可先约谈承办单位负责人。';
      }
      const text: Record<EscalationTool, string> = {
        interpellation: `质询（须至少 ${movers} 名组成人员联名）`,
        investigation: `特定问题调查（须至少 ${proposers} 名组成人员提议，即在任人数的五分之一）`,
      };
      const unused = (['interpellation', 'investigation'] as const).filter((t) => !state.used[t]);
      if (unused.length === 0) return '已提出质询和特定问题调查：责令整改后再次报告、再次测评。';
      const ready = unused.filter((t) => state.consent[t]).map((t) => text[t]);
      const pending = unused.filter((t) => !state.consent[t]).map((t) => text[t]);
      if (ready.length === 0) return `同一事项两次测评不满意：可约谈；经报市委同意后，可依法启动${pending.join('或')}。`;
      const rest = pending.length > 0 ? `；启动${pending.join('或')}须另报市委同意` : '';
      return `已报市委同意：可依法启动${ready.join('或')}${rest}；或责令整改后再次报告、再次测评。`;
    }
    case 'closed':
    case null:
      return null;
  }
}
