/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD), in whole days, with no time zone: a deadline
 * is a date on paper, not an instant. Pure; no Date objects escape.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const m = ISO.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/**
 * The same day `months` later; a day the target month lacks clamps to its last day
 * (sent 1月31日 + 3 months = 4月30日; 11月30日 + 3 months = 2月28日, or 29日 in a leap year).
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return iso(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

function dayNumber(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  const t = new Date((dayNumber(date) + days) * 86_400_000);
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The calendar date of an instant where the machine is (the clerk's date, not UTC's). */
export function localDate(at: Date): string {
  return iso(at.getFullYear(), at.getMonth() + 1, at.getDate());
}

/** How a deadline stands on `today`. */
export interface DeadlineState {
  deadline: string;
  /** Days left (0 on the day itself); negative once overdue. */
  daysLeft: number;
  overdue: boolean;
  /** Not overdue and at most `soonDays` days left. */
  dueSoon: boolean;
}

export const DUE_SOON_DAYS = 14;

export function deadlineState(deadline: string, today: string, soonDays = DUE_SOON_DAYS): DeadlineState {
  const daysLeft = daysBetween(today, deadline);
  return { deadline, daysLeft, overdue: daysLeft < 0, dueSoon: daysLeft >= 0 && daysLeft <= soonDays };
}
