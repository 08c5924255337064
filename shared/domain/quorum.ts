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
