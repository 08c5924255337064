import { describe, expect, it } from 'vitest';
import { allows, autoCloseDue, paperAnonymityNotice, POLL_ACTIONS, POLL_STATUSES, refusal, type RollCounts } from '../../shared/domain/polls/lifecycle.js';

describe('poll lifecycle table', () => {
  it('allows each action only in its statuses, and refuses the others in Chinese', () => {
    expect(allows('draft', 'open')).toBe(true);
    expect(allows('open', 'open')).toBe(false);
    expect(allows('open', 'paper')).toBe(true);
    expect(allows('closed', 'paper')).toBe(false);
    expect(allows('released', 'newRound')).toBe(true);
    expect(refusal('draft', 'open', '测评')).toBeNull();
    expect(refusal('closed', 'edit', '测评')).toBe('“测评”已结束，不能修改（已开始的表决不能修改，如需重新表决请另行表决）。');
    expect(refusal('open', 'result', '测评')).toBe('“测评”正在表决，不能查看结果（结果在结束并封存后才能查看）。');
    // Every status can do something, and results never before close.
    for (const s of POLL_STATUSES) expect(Object.keys(POLL_ACTIONS).some((a) => allows(s, a as keyof typeof POLL_ACTIONS))).toBe(true);
    expect(allows('open', 'result')).toBe(false);
  });
});

describe('auto-close rule', () => {
  const base: RollCounts = { entitledPresent: 5, entitledPresentTookPart: 5, handedOut: 2, entered: 2, pendingSheets: 0 };
  it('is due when everyone present took part and every sheet handed out is back and counted', () => {
    expect(autoCloseDue(base)).toBe(true);
  });
  it('waits for a member who has not voted, a sheet still out, or a sheet not yet agreed', () => {
    expect(autoCloseDue({ ...base, entitledPresentTookPart: 4 })).toBe(false);
    expect(autoCloseDue({ ...base, entered: 1 })).toBe(false);
    expect(autoCloseDue({ ...base, pendingSheets: 1 })).toBe(false);
  });
  it('never closes a poll nobody present can vote in', () => {
    expect(autoCloseDue({ entitledPresent: 0, entitledPresentTookPart: 0, handedOut: 0, entered: 0, pendingSheets: 0 })).toBe(false);
  });
});

describe('paper anonymity notice', () => {
  it('warns with one or two anonymous paper voters, not with none, three or a named poll', () => {
    expect(paperAnonymityNotice(1, true)).toMatch(/只有 1 人使用纸质选票/);
    expect(paperAnonymityNotice(2, true)).toMatch(/只有 2 人/);
    expect(paperAnonymityNotice(0, true)).toBeNull();
    expect(paperAnonymityNotice(3, true)).toBeNull();
    expect(paperAnonymityNotice(1, false)).toBeNull();
  });
});
