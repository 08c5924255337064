import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, daysInMonth, deadlineState, DUE_SOON_DAYS, isLeapYear, localDate } from '../../shared/domain/supervision/dates.js';
import type { OpinionStatus } from '../../shared/domain/supervision/labels.js';
import { compareUrgency, DEFAULT_SUPERVISION_SETTINGS, urgencyOf, type Urgency } from '../../shared/domain/supervision/settings.js';
import { ev, run } from './supervision-helpers.js';

describe('leap years and month lengths', () => {
  it('follows the Gregorian rule', () => {
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2100)).toBe(false);
    expect(isLeapYear(2025)).toBe(false);
    expect(isLeapYear(2028)).toBe(true);
  });
  it('gives February 29 days only in a leap year', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });
});

describe('addMonths', () => {
  it('keeps the day of the month when the target month has it', () => {
    expect(addMonths('2025-05-15', 3)).toBe('2025-08-15');
    expect(addMonths('2025-03-31', 0)).toBe('2025-03-31');
  });
  it('clamps a month-end to the last day of a shorter month (the DOMAIN example)', () => {
    expect(addMonths('2025-01-31', 3)).toBe('2025-04-30');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2025-03-31', 6)).toBe('2025-09-30');
  });
  it('clamps to 29 February in a leap year and to 28 the year after', () => {
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2099-11-30', 3)).toBe('2100-02-28');
  });
  it('rolls over the year', () => {
    expect(addMonths('2025-12-15', 3)).toBe('2026-03-15');
    expect(addMonths('2025-11-30', 2)).toBe('2026-01-30');
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28');
    expect(addMonths('2025-12-31', 12)).toBe('2026-12-31');
  });
  it('works for the usual local periods of 1, 2 and 6 months', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-06-10', 1)).toBe('2025-07-10');
    expect(addMonths('2025-10-31', 2)).toBe('2025-12-31');
    expect(addMonths('2025-12-30', 2)).toBe('2026-02-28');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2025-07-01', 6)).toBe('2026-01-01');
  });
  it('goes backwards for a negative count', () => {
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-15');
  });
  it('refuses what is not an ISO date', () => {
    expect(() => addMonths('2025/01/31', 3)).toThrow(RangeError);
    expect(() => addMonths('2025-1-31', 3)).toThrow('not an ISO date: 2025-1-31');
  });
});

describe('daysBetween and addDays', () => {
  it('counts whole days, negative backwards', () => {
    expect(daysBetween('2025-04-30', '2025-04-30')).toBe(0);
    expect(daysBetween('2025-04-30', '2025-05-01')).toBe(1);
    expect(daysBetween('2025-05-01', '2025-04-30')).toBe(-1);
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1);
    expect(daysBetween('2025-01-31', '2025-04-30')).toBe(89);
  });
  it('counts 29 February in a leap year', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetween('2023-03-01', '2024-03-01')).toBe(366);
    expect(daysBetween('2024-03-01', '2025-03-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2100-02-28', '2100-03-01')).toBe(1);
  });
  it('is not fooled by daylight-saving changes (whole calendar days)', () => {
    expect(daysBetween('2025-03-01', '2025-04-01')).toBe(31);
    expect(daysBetween('2025-10-01', '2025-11-01')).toBe(31);
  });
  it('adds days over month and year ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-10', 15)).toBe('2025-03-25');
    expect(addDays('2025-03-20', 15)).toBe('2025-04-04');
    expect(addDays('2024-01-01', 365)).toBe('2024-12-31');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
  });
  it('subtracts days and is the inverse of daysBetween', () => {
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-04-30', 0)).toBe('2025-04-30');
    for (const [a, b] of [
      ['2023-11-30', '2024-02-29'],
      ['2024-02-29', '2025-02-28'],
      ['2025-12-15', '2026-03-15'],
    ] as const) {
      expect(addDays(a, daysBetween(a, b))).toBe(b);
    }
  });
  it('takes the calendar date of an instant where the machine is', () => {
    expect(localDate(new Date(2025, 0, 31, 23, 59, 59))).toBe('2025-01-31');
    expect(localDate(new Date(2024, 1, 29, 0, 0, 0))).toBe('2024-02-29');
  });
});

describe('deadlineState', () => {
  const deadline = '2025-04-30';
  it('is not overdue on the deadline itself, and due soon with 0 days left', () => {
    expect(deadlineState(deadline, '2025-04-30')).toEqual({ deadline, daysLeft: 0, overdue: false, dueSoon: true });
  });
  it('is overdue the day after the deadline, across the month end', () => {
    expect(deadlineState(deadline, '2025-05-01')).toEqual({ deadline, daysLeft: -1, overdue: true, dueSoon: false });
    expect(deadlineState(deadline, '2025-05-12')).toEqual({ deadline, daysLeft: -12, overdue: true, dueSoon: false });
  });
  it('is due soon at 14 days left, not at 15', () => {
    expect(DUE_SOON_DAYS).toBe(14);
    expect(deadlineState(deadline, '2025-04-16')).toEqual({ deadline, daysLeft: 14, overdue: false, dueSoon: true });
    expect(deadlineState(deadline, '2025-04-15')).toEqual({ deadline, daysLeft: 15, overdue: false, dueSoon: false });
  });
  it('counts over a leap February', () => {
    expect(deadlineState('2024-02-29', '2024-03-01').overdue).toBe(true);
    expect(deadlineState('2024-02-29', '2024-02-29').overdue).toBe(false);
    expect(deadlineState('2024-03-01', '2024-02-16')).toEqual({ deadline: '2024-03-01', daysLeft: 14, overdue: false, dueSoon: true });
    expect(deadlineState('2025-03-01', '2025-02-15')).toEqual({ deadline: '2025-03-01', daysLeft: 14, overdue: false, dueSoon: true });
  });
  it('takes another due-soon window', () => {
    expect(deadlineState(deadline, '2025-04-23', 7).dueSoon).toBe(true);
    expect(deadlineState(deadline, '2025-04-22', 7).dueSoon).toBe(false);
  });
});

describe('deadlines through the machine, with extensions', () => {
  it('computes the report deadline from the date sent and moves it with an extension', () => {
    const sent = run([ev.drafted('2025-01-10'), ev.approved('2025-01-20'), ev.sent('2025-01-31', 3)]);
    expect(sent.state.deadline).toBe('2025-04-30');
    expect(deadlineState(sent.state.deadline!, '2025-05-01').overdue).toBe(true);

    // Extended on the last day to the end of May: not overdue on 1 May any more, overdue on 1 June.
    const extended = run([ev.extended('2025-04-30', '2025-05-31')], undefined, sent.state);
    expect(extended.state.deadline).toBe('2025-05-31');
    expect(extended.stored[0]).toMatchObject({ kind: 'extended', from: '2025-04-30', to: '2025-05-31' });
    expect(deadlineState(extended.state.deadline!, '2025-05-01')).toMatchObject({ daysLeft: 30, overdue: false, dueSoon: false });
    expect(deadlineState(extended.state.deadline!, '2025-05-31')).toMatchObject({ daysLeft: 0, overdue: false, dueSoon: true });
    expect(deadlineState(extended.state.deadline!, '2025-06-01')).toMatchObject({ daysLeft: -1, overdue: true });
  });
  it('clamps at the leap day and the year after', () => {
    const start = [ev.drafted('2023-11-01'), ev.approved('2023-11-20')];
    expect(run([...start, ev.sent('2023-11-30', 3)]).state.deadline).toBe('2024-02-29');
    expect(run([ev.drafted('2024-11-01'), ev.approved('2024-11-20'), ev.sent('2024-11-30', 3)]).state.deadline).toBe('2025-02-28');
    expect(run([ev.drafted('2024-08-01'), ev.approved('2024-08-20'), ev.sent('2024-08-31', 6)]).state.deadline).toBe('2025-02-28');
    expect(run([ev.drafted('2025-12-01'), ev.approved('2025-12-10'), ev.sent('2025-12-15', 3)]).state.deadline).toBe('2026-03-15');
  });
});

describe('urgencyOf', () => {
  const S = DEFAULT_SUPERVISION_SETTINGS;
  const opinion = (status: OpinionStatus, over: { deadline?: string | null; approvedOn?: string | null; meetingDate?: string } = {}) => ({
    status,
    deadline: over.deadline ?? null,
    approvedOn: over.approvedOn ?? null,
    meetingDate: over.meetingDate ?? '2025-03-10',
  });
  const NONE: Urgency = { due: null, dueWhat: null, daysLeft: null, overdue: false, dueSoon: false, text: null };

  it('has the documented defaults', () => {
    expect(DEFAULT_SUPERVISION_SETTINGS).toEqual({ deadlineMonths: 3, draftDays: 15, sendDays: 10 });
  });
  it('counts a sent opinion against the report deadline', () => {
    const o = opinion('sent', { deadline: '2025-04-30', approvedOn: '2025-01-20' });
    expect(urgencyOf(o, S, '2025-04-20')).toEqual({ due: '2025-04-30', dueWhat: 'report', daysLeft: 10, overdue: false, dueSoon: true, text: '报告期限还剩 10 天' });
    expect(urgencyOf(o, S, '2025-04-30')).toEqual({ due: '2025-04-30', dueWhat: 'report', daysLeft: 0, overdue: false, dueSoon: true, text: '报告期限为今天' });
    expect(urgencyOf(o, S, '2025-05-12')).toEqual({ due: '2025-04-30', dueWhat: 'report', daysLeft: -12, overdue: true, dueSoon: false, text: '报告期限已过 12 天' });
    expect(urgencyOf(o, S, '2025-03-01')).toEqual({ due: '2025-04-30', dueWhat: 'report', daysLeft: 60, overdue: false, dueSoon: false, text: '报告期限还剩 60 天' });
  });
  it('counts a draft against meeting date + draftDays', () => {
    const o = opinion('draft', { meetingDate: '2025-03-10' });
    expect(urgencyOf(o, S, '2025-03-20')).toEqual({ due: '2025-03-25', dueWhat: 'draft', daysLeft: 5, overdue: false, dueSoon: true, text: '会后15日整理时限还剩 5 天' });
    expect(urgencyOf(o, S, '2025-03-26')).toMatchObject({ due: '2025-03-25', overdue: true, text: '会后15日整理时限已过 1 天' });
    expect(urgencyOf(o, { ...S, draftDays: 7 }, '2025-03-17')).toMatchObject({ due: '2025-03-17', daysLeft: 0, text: '会后7日整理时限为今天' });
  });
  it('counts an approved opinion against approvedOn + sendDays', () => {
    const o = opinion('approved', { approvedOn: '2024-02-25', meetingDate: '2024-02-01' });
    expect(urgencyOf(o, S, '2024-03-01')).toEqual({ due: '2024-03-06', dueWhat: 'send', daysLeft: 5, overdue: false, dueSoon: true, text: '审定后10日交办时限还剩 5 天' });
    expect(urgencyOf(o, S, '2024-03-09')).toMatchObject({ due: '2024-03-06', daysLeft: -3, overdue: true, text: '审定后10日交办时限已过 3 天' });
    expect(urgencyOf(o, { ...S, sendDays: 5 }, '2024-03-01')).toMatchObject({ due: '2024-03-01', daysLeft: 0, text: '审定后5日交办时限为今天' });
  });
  it('has nothing due in the other statuses or without the date it needs', () => {
    expect(urgencyOf(opinion('approved', { approvedOn: null }), S, '2025-06-01')).toEqual(NONE);
    expect(urgencyOf(opinion('sent', { deadline: null }), S, '2025-06-01')).toEqual(NONE);
    for (const status of ['reported', 'rehearing', 'satisfied', 'unsatisfied', 'escalated', 'closed'] as const) {
      expect(urgencyOf(opinion(status, { deadline: '2025-04-30', approvedOn: '2025-01-20' }), S, '2025-06-01')).toEqual(NONE);
    }
  });
});

describe('compareUrgency', () => {
  const S = DEFAULT_SUPERVISION_SETTINGS;
  const today = '2025-06-01';
  const sent = (deadline: string) => urgencyOf({ status: 'sent', deadline, approvedOn: null, meetingDate: '2025-01-10' }, S, today);
  const u = {
    overdue12: sent('2025-05-20'),
    overdue1: sent('2025-05-31'),
    draftOverdue3: urgencyOf({ status: 'draft', deadline: null, approvedOn: null, meetingDate: '2025-05-14' }, S, today),
    soon0: sent('2025-06-01'),
    soon10: sent('2025-06-11'),
    soon14: sent('2025-06-15'),
    later15: sent('2025-06-16'),
    later90: sent('2025-08-30'),
    none: urgencyOf({ status: 'closed', deadline: null, approvedOn: null, meetingDate: '2025-01-10' }, S, today),
  };

  it('puts the most overdue first, then due soon (soonest first), then the rest by date, then nothing due', () => {
    expect(u.draftOverdue3).toMatchObject({ due: '2025-05-29', overdue: true, daysLeft: -3 });
    const expected = ['overdue12', 'draftOverdue3', 'overdue1', 'soon0', 'soon10', 'soon14', 'later15', 'later90', 'none'];
    const shuffled = ['later90', 'none', 'soon10', 'overdue1', 'later15', 'soon0', 'overdue12', 'soon14', 'draftOverdue3'];
    const sorted = [...shuffled].sort((a, b) => compareUrgency(u[a as keyof typeof u], u[b as keyof typeof u]));
    expect(sorted).toEqual(expected);
  });
  it('gives the sign by rank before date', () => {
    expect(compareUrgency(u.overdue12, u.overdue1)).toBe(-11);
    expect(compareUrgency(u.overdue1, u.overdue12)).toBe(11);
    expect(compareUrgency(u.overdue1, u.soon0)).toBeLessThan(0);
    expect(compareUrgency(u.soon14, u.later15)).toBeLessThan(0);
    expect(compareUrgency(u.later90, u.soon0)).toBeGreaterThan(0);
    expect(compareUrgency(u.later90, u.none)).toBeLessThan(0);
    expect(compareUrgency(u.none, u.none)).toBe(0);
    expect(compareUrgency(u.soon10, u.soon10)).toBe(0);
  });
});
