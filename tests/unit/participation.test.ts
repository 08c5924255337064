import { describe, expect, it } from 'vitest';
import { participationWithheld } from '../../electron/core/reports/meeting-reports.js';
import type { SealedPoll } from '../../electron/core/reports/sources.js';
import type { PollResult } from '../../shared/domain/polls/result.js';

/**
 * The roster of who took part in an anonymous poll, read beside its sealed result, must not name
 * anyone's choice: withheld when everyone who took part chose alike, when fewer than three took
 * part, or when a later round of the same question had other participants.
 */

const rate = (num: number, den: number) => ({ num, den, text: `${((num * 100) / den).toFixed(2)}%` });

function decision(counts: [number, number, number], anonymous = true): SealedPoll {
  const returned = counts[0] + counts[1] + counts[2];
  const result = {
    kind: 'decision',
    title: '表决',
    anonymous,
    sheets: { serving: 30, present: 30, issued: 0, returned, valid: returned, invalid: 0, blank: 0 },
    targets: [
      {
        key: 'm',
        label: '议案',
        persons: [],
        options: (['赞成', '反对', '弃权'] as const).map((label, i) => ({ key: String(i), label, count: counts[i]!, rate: rate(counts[i]!, 30) })),
        counted: returned,
        invalid: 0,
        unfilled: 0,
        denominator: { kind: 'all_members', label: '全体组成人员', value: 30 },
        required: 16,
        ruleText: '',
        verdict: { key: 'adopted', label: '通过' },
      },
    ],
  } as unknown as PollResult;
  return { id: 1, seriesId: 1, agendaTitle: '', round: 1, status: 'closed', ballotCount: returned, digest: 'd', sealedAt: '', result };
}

const ids = (n: number, from = 1) => new Set(Array.from({ length: n }, (_, i) => from + i));

describe('participationWithheld', () => {
  it('lists a split vote by name', () => {
    expect(participationWithheld(decision([20, 5, 3]), ids(28), [])).toBeNull();
  });
  it('withholds a vote where everyone chose alike (any option); one dissent is enough to list it', () => {
    expect(participationWithheld(decision([25, 0, 0]), ids(25), [])).toBe('参加者的选择全部相同');
    expect(participationWithheld(decision([0, 0, 25]), ids(25), [])).toBe('参加者的选择全部相同');
    expect(participationWithheld(decision([24, 1, 0]), ids(25), [])).toBeNull();
  });
  it('withholds when fewer than three took part', () => {
    expect(participationWithheld(decision([1, 1, 0]), ids(2), [])).toBe('参加人数少于3人');
  });
  it('withholds a later round whose participants differ from an earlier round of the same question', () => {
    expect(participationWithheld(decision([30, 1, 0]), ids(31), [ids(31)])).toBeNull();
    expect(participationWithheld(decision([30, 0, 1]), ids(31), [ids(32)])).toBe('与同一事项前一轮的参加者不同');
  });
  it('lists a named (non-anonymous) vote, whose choices are public anyway', () => {
    expect(participationWithheld(decision([25, 0, 0], false), ids(25), [])).toBeNull();
  });
});
