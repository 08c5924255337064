import { addDays, daysBetween, deadlineState, DUE_SOON_DAYS } from './dates.js';
import type { OpinionStatus } from './labels.js';

/** Local rules of supervision, set per locality (设置). */
export interface SupervisionSettings {
  /** Months from sending (交办) to the handling report's deadline; default 3. */
  deadlineMonths: number;
  /** The opinion is to be drafted (整理) within this many days of the meeting. */
  draftDays: number;
  /** …and sent within this many days of its approval. */
  sendDays: number;
}

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = { deadlineMonths: 3, draftDays: 15, sendDays: 10 };

/** Where an opinion stands against the clock, for the ledger and the reminder. */
export interface Urgency {
  /** The date that matters now (the report's deadline, or the draft / send limit), or null. */
  due: string | null;
  dueWhat: 'report' | 'draft' | 'send' | null;
  daysLeft: number | null;
  overdue: boolean;
  dueSoon: boolean;
  /** A Chinese line for lists: "逾期 12 天", "还剩 5 天"… */
  text: string | null;
}

const NONE: Urgency = { due: null, dueWhat: null, daysLeft: null, overdue: false, dueSoon: false, text: null };

export function urgencyOf(
  o: { status: OpinionStatus; deadline: string | null; approvedOn: string | null; meetingDate: string },
  settings: SupervisionSettings,
  today: string,
): Urgency {
  let due: string | null = null;
  let dueWhat: Urgency['dueWhat'] = null;
  if (o.status === 'sent' && o.deadline) {
    due = o.deadline;
    dueWhat = 'report';
  } else if (o.status === 'draft') {
    due = addDays(o.meetingDate, settings.draftDays);
    dueWhat = 'draft';
  } else if (o.status === 'approved' && o.approvedOn) {
    due = addDays(o.approvedOn, settings.sendDays);
    dueWhat = 'send';
  }
  if (!due) return NONE;
  const s = deadlineState(due, today, DUE_SOON_DAYS);
  const what = dueWhat === 'report' ? '报告期限' : dueWhat === 'draft' ? `会后${settings.draftDays}日整理时限` : `审定后${settings.sendDays}日交办时限`;
  const text = s.overdue ? `${what}已过 ${-s.daysLeft} 天` : s.daysLeft === 0 ? `${what}为今天` : `${what}还剩 ${s.daysLeft} 天`;
  return { due, dueWhat, daysLeft: s.daysLeft, overdue: s.overdue, dueSoon: s.dueSoon, text };
}

/** Ledger order: overdue first (most overdue first), then due soon (soonest first), then the rest by due date, then newest. */
export function compareUrgency(a: Urgency, b: Urgency): number {
  const rank = (u: Urgency) => (u.overdue ? 0 : u.dueSoon ? 1 : u.due ? 2 : 3);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  if (a.due && b.due) return daysBetween(b.due, a.due);
  return 0;
}
