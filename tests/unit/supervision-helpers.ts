import type { TermLevel } from '../../shared/domain/labels.js';
import type { EscalationTool, OpinionEventKind, OpinionStatus, SatisfactionVerdict } from '../../shared/domain/supervision/labels.js';
import { INITIAL_STATE, step, type OpinionEvent, type OpinionFacts, type OpinionState } from '../../shared/domain/supervision/opinion-machine.js';

/** Test helpers for the supervision unit tests (not a test file itself). */

/** Member ids from..to inclusive. */
export const ids = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The ordinary case: a city-level term with 29 serving members (ids 1–29), the opinion from the meeting of 2025-03-10. */
export const SOURCE_MEETING = '2025-03-10';
/** `serving`: a count (ids 1..n), a set of ids, or null (replaying stored history: signers not checked again). */
export function facts(over: { level?: TermLevel; serving?: number | ReadonlySet<number> | null; sourceMeetingDate?: string } = {}): OpinionFacts {
  const serving = over.serving === undefined ? 29 : over.serving;
  return {
    level: over.level ?? 'city',
    serving: typeof serving === 'number' ? new Set(ids(1, serving)) : serving,
    sourceMeetingDate: over.sourceMeetingDate ?? SOURCE_MEETING,
  };
}

/** The two responsible bodies (承办单位) of the test opinions. */
export const BODY_A = 101;
export const BODY_B = 102;

const common = (on: string, actor: string, reason: string) => ({ on, actor, reason });

/** Event builders with an ordinary actor and reason. */
export const ev = {
  drafted: (on: string): OpinionEvent => ({ kind: 'drafted', ...common(on, '教科文卫工委 张三', '会后整理审议意见') }),
  approved: (on: string): OpinionEvent => ({ kind: 'approved', ...common(on, '主任会议', '第十二次主任会议审定') }),
  sent: (on: string, months = 3): OpinionEvent => ({ kind: 'sent', months, ...common(on, '办公室 李四', '交办市人民政府，抄报市委') }),
  extended: (on: string, to: string): OpinionEvent => ({ kind: 'extended', to, ...common(on, '主任会议', '承办单位申请延期，经批准') }),
  reported: (on: string): OpinionEvent => ({ kind: 'reported', ...common(on, '办公室 李四', '收到市人民政府研究处理情况报告') }),
  rehearing: (on: string, meetingDate: string, agendaItemId = 55): OpinionEvent => ({
    kind: 'rehearing',
    agendaItemId,
    meetingDate,
    meetingTitle: '市人大常委会会议',
    ...common(on, '主任会议', '列入常委会会议议程'),
  }),
  /** `bodies` defaults to body A with the overall verdict. */
  rated: (on: string, verdict: SatisfactionVerdict, bodies: [number, SatisfactionVerdict][] = [[BODY_A, verdict]], pollId = 9): OpinionEvent => ({
    kind: 'rated',
    pollId,
    verdict,
    bodies: bodies.map(([bodyId, v]) => ({ bodyId, verdict: v })),
    ...common(on, '常委会会议', '满意度测评结果封存'),
  }),
  interviewed: (on: string, interviewees = '市住建局主要负责人'): OpinionEvent => ({ kind: 'interviewed', interviewees, ...common(on, '主任会议', '测评不满意，约谈') }),
  reassigned: (on: string, months = 2): OpinionEvent => ({ kind: 'reassigned', months, ...common(on, '主任会议', '责令限期整改并再次报告') }),
  consented: (on: string, tool: EscalationTool): OpinionEvent => ({ kind: 'consented', tool, ...common(on, '市委', '同意依法启动') }),
  interpellated: (on: string, movers: number[]): OpinionEvent => ({ kind: 'interpellated', movers, ...common(on, '常委会组成人员', '联名提出质询案') }),
  investigated: (on: string, proposers: number[]): OpinionEvent => ({ kind: 'investigated', proposers, ...common(on, '常委会组成人员', '提议组织特定问题调查') }),
  closed: (on: string): OpinionEvent => ({ kind: 'closed', ...common(on, '主任会议', '测评满意，决定销号') }),
};

export interface Run {
  state: OpinionState;
  /** Events as `step` returned them (deadlines and rounds filled in). */
  stored: OpinionEvent[];
  /** The state after each event. */
  states: OpinionState[];
}

/** Steps through `events` from `from`; any refusal fails the test with the machine's message. */
export function run(events: readonly OpinionEvent[], f: OpinionFacts = facts(), from: OpinionState = INITIAL_STATE): Run {
  let state = from;
  const stored: OpinionEvent[] = [];
  const states: OpinionState[] = [];
  events.forEach((e, i) => {
    const r = step(state, e, f);
    if (!r.ok) throw new Error(`step ${i + 1} (${e.kind} on ${e.on}) refused: ${r.message}`);
    state = r.state;
    stored.push(r.event);
    states.push(r.state);
  });
  return { state, stored, states };
}

/** The state after `events` (each must be accepted). */
export const stateAfter = (events: readonly OpinionEvent[], f: OpinionFacts = facts()): OpinionState => run(events, f).state;

// Real histories reaching each status. Sent 2025-03-31 + 3 months → deadline 2025-06-30;
// reassigned 2025-07-05 + 2 months → 2025-09-05.
export const TO_DRAFT = [ev.drafted('2025-03-12')];
export const TO_APPROVED = [...TO_DRAFT, ev.approved('2025-03-20')];
export const TO_SENT = [...TO_APPROVED, ev.sent('2025-03-31', 3)];
export const TO_REPORTED = [...TO_SENT, ev.reported('2025-06-20')];
export const TO_REHEARING = [...TO_REPORTED, ev.rehearing('2025-06-21', '2025-06-28', 55)];
export const TO_SATISFIED = [...TO_REHEARING, ev.rated('2025-06-28', 'satisfied')];
export const TO_CLOSED = [...TO_SATISFIED, ev.closed('2025-07-10')];
/** 不满意 once (body A). */
export const TO_UNSATISFIED = [...TO_REHEARING, ev.rated('2025-06-28', 'unsatisfied')];
/** 不满意 twice for body A: interviewed, reassigned, reported again, heard and rated again at a later meeting. */
export const TO_UNSATISFIED_TWICE = [
  ...TO_UNSATISFIED,
  ev.interviewed('2025-07-02'),
  ev.reassigned('2025-07-05', 2),
  ev.reported('2025-08-30'),
  ev.rehearing('2025-09-01', '2025-09-26', 66),
  ev.rated('2025-09-26', 'unsatisfied'),
];
/** Consent for interpellation only, then an interpellation by five members. */
export const TO_ESCALATED = [...TO_UNSATISFIED_TWICE, ev.consented('2025-10-10', 'interpellation'), ev.interpellated('2025-10-20', ids(1, 5))];

const PATHS: Record<OpinionStatus, OpinionEvent[]> = {
  draft: TO_DRAFT,
  approved: TO_APPROVED,
  sent: TO_SENT,
  reported: TO_REPORTED,
  rehearing: TO_REHEARING,
  satisfied: TO_SATISFIED,
  unsatisfied: TO_UNSATISFIED,
  escalated: TO_ESCALATED,
  closed: TO_CLOSED,
};

/** A real history that ends in `status` (none for the not-yet-drafted state). */
export const eventsTo = (status: OpinionStatus | null): OpinionEvent[] => (status === null ? [] : PATHS[status]);

/** A date after every event of the histories above. */
export const LATE = '2027-01-05';

/** One ordinary event of each kind, dated LATE, that the machine accepts from a suitable state. */
export function sample(kind: OpinionEventKind): OpinionEvent {
  switch (kind) {
    case 'drafted':
      return ev.drafted(LATE);
    case 'approved':
      return ev.approved(LATE);
    case 'sent':
      return ev.sent(LATE, 3);
    case 'extended':
      return ev.extended(LATE, '2027-12-31');
    case 'reported':
      return ev.reported(LATE);
    case 'rehearing':
      return ev.rehearing(LATE, '2027-01-20', 77);
    case 'rated':
      return ev.rated(LATE, 'unsatisfied');
    case 'interviewed':
      return ev.interviewed(LATE);
    case 'reassigned':
      return ev.reassigned(LATE, 3);
    case 'consented':
      return ev.consented(LATE, 'investigation');
    case 'interpellated':
      return ev.interpellated(LATE, ids(1, 5));
    case 'investigated':
      return ev.investigated(LATE, ids(1, 6));
    case 'closed':
      return ev.closed(LATE);
  }
}

/**
 * A history ending in `status` from which `sample(kind)` is lawful: the escalation steps also
 * need two 不满意 and the consent for their tool (and the tool not yet used).
 */
export function legalSetup(kind: OpinionEventKind, status: OpinionStatus | null): OpinionEvent[] {
  if (status === 'unsatisfied') {
    if (kind === 'consented') return TO_UNSATISFIED_TWICE;
    if (kind === 'interpellated') return [...TO_UNSATISFIED_TWICE, ev.consented('2025-10-10', 'interpellation')];
    if (kind === 'investigated') return [...TO_UNSATISFIED_TWICE, ev.consented('2025-10-10', 'investigation')];
  }
  if (status === 'escalated') {
    if (kind === 'investigated') return [...TO_ESCALATED, ev.consented('2025-10-25', 'investigation')];
    if (kind === 'interpellated') {
      return [
        ...TO_UNSATISFIED_TWICE,
        ev.consented('2025-10-10', 'interpellation'),
        ev.consented('2025-10-10', 'investigation'),
        ev.investigated('2025-10-20', ids(1, 6)),
      ];
    }
  }
  return eventsTo(status);
}

/** Any CJK ideograph: the message is in Chinese. */
export const CHINESE = /[\u4e00-\u9fff]/;
