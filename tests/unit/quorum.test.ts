import { describe, expect, it } from 'vitest';
import { countAttendance, quorum } from '../../shared/domain/quorum.js';

describe('quorum', () => {
  it('needs more than half of the serving members: exactly half is not enough', () => {
    expect(quorum(55, 27)).toMatchObject({ required: 28, met: false });
    expect(quorum(55, 28)).toMatchObject({ required: 28, met: true });
    expect(quorum(54, 27)).toMatchObject({ required: 28, met: false });
    expect(quorum(0, 0).met).toBe(false);
  });

  it('counts an attendance list, 代签 among the present', () => {
    const rows = [
      { status: 'present' as const, method: 'card' },
      { status: 'present' as const, method: 'proxy' },
      { status: 'leave' as const, method: 'clerk' },
      { status: 'absent' as const, method: null },
      { status: null, method: null },
      { status: null },
    ];
    expect(countAttendance(rows)).toEqual({ serving: 6, present: 2, proxy: 1, leave: 1, absent: 1, unset: 2 });
  });
});
