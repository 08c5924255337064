/**
 * Quorum of a standing meeting: it may be held only when more than half of all serving
 * members are present (地方组织法). Exactly half is not enough.
 */
export interface Quorum {
  serving: number;
  present: number;
  /** Smallest number present that meets the quorum. */
  required: number;
  met: boolean;
}

export function quorum(serving: number, present: number): Quorum {
  const required = Math.floor(serving / 2) + 1;
  return { serving, present, required, met: serving > 0 && present >= required };
}

export const QUORUM_LABEL = { met: '已达法定人数', notMet: '未达法定人数' } as const;

export interface AttendanceCounts {
  serving: number;
  present: number;
  /** Of the present, those signed in by a clerk on their word (代签). */
  proxy: number;
  leave: number;
  absent: number;
  /** Not recorded yet (未登记 / 未到). */
  unset: number;
}

/** The totals of an attendance list, as the desk, the attendance tab and the 签到表 print them. */
export function countAttendance(rows: readonly { status: 'present' | 'leave' | 'absent' | null; method?: string | null }[]): AttendanceCounts {
  const c: AttendanceCounts = { serving: rows.length, present: 0, proxy: 0, leave: 0, absent: 0, unset: 0 };
  for (const r of rows) {
    c[r.status ?? 'unset']++;
    if (r.status === 'present' && r.method === 'proxy') c.proxy++;
  }
  return c;
}
