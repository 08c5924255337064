import { describe, expect, it } from 'vitest';
import { checkBallot, parseBallot, tally, type SelectionResult } from '../../shared/domain/polls/index.js';
import { def, targets, times } from './polls-helpers.js';

const pick = (d: ReturnType<typeof def>, n: number, ...chosen: string[]) => times(n, d, { kind: 'selection', chosen });

describe('selection (票决)', () => {
  const d = def({ kind: 'selection', title: '民生实事项目票决', targets: targets('a', 'b', 'c', 'd', 'e'), maxChoices: 3 });

  it('a ballot with N+1 marks is void; N marks is valid; none is blank', () => {
    expect(checkBallot(d, parseBallot(d, { kind: 'selection', chosen: ['a', 'b', 'c', 'd'] }))).toEqual({ valid: false, reason: '所选项目超过 3 个' });
    expect(checkBallot(d, parseBallot(d, { kind: 'selection', chosen: ['a', 'b', 'c'] }))).toEqual({ valid: true });
    expect(checkBallot(d, parseBallot(d, { kind: 'selection', chosen: [] }))).toEqual({ valid: false, reason: '空白票（未作任何选择）' });
    expect(checkBallot(d, parseBallot(d, { kind: 'selection', chosen: ['x'] }))).toEqual({ valid: false, reason: '选票含有候选项目以外的内容' });
    // the same project twice is one mark
    expect(parseBallot(d, { kind: 'selection', chosen: ['c', 'a', 'c'] })).toEqual({ kind: 'selection', chosen: ['a', 'c'] });
  });

  it('void ballots do not count for any project', () => {
    const r = tally(d, [...pick(d, 4, 'a', 'b', 'c'), ...pick(d, 2, 'a', 'b', 'c', 'd'), ...pick(d, 1)], { serving: 7, present: 7 }) as SelectionResult;
    expect(r.sheets).toMatchObject({ returned: 7, valid: 4, invalid: 3, blank: 1 });
    expect(r.targets.find((t) => t.key === 'd')!.votes).toBe(0);
    expect(r.targets.find((t) => t.key === 'a')!.rate).toEqual({ num: 4, den: 4, text: '100.00%' });
  });

  it('ranks by votes with ties sharing a rank and flags a run-off at the cut-off', () => {
    const ballots = [...pick(d, 5, 'a', 'b', 'c'), ...pick(d, 3, 'a', 'd', 'e'), ...pick(d, 2, 'b', 'e')];
    // a 8, b 7, c 5, d 3, e 5 -> c and e tie for the 3rd seat
    const r = tally(d, ballots, { serving: 10, present: 10 }) as SelectionResult;
    expect(r.targets.map((t) => [t.key, t.votes, t.rank, t.state])).toEqual([
      ['a', 8, 1, 'selected'],
      ['b', 7, 2, 'selected'],
      ['c', 5, 3, 'runoff'],
      ['d', 3, 5, 'not_selected'],
      ['e', 5, 3, 'runoff'],
    ]);
    expect(r.selection).toEqual({ seats: 3, selected: 2, runoffSeats: 1, runoffCandidates: 2, vacantSeats: 0 });
    expect(r.ranking.map((e) => [e.key, e.rank, e.value])).toEqual([
      ['a', 1, '8票'],
      ['b', 2, '7票'],
      ['c', 3, '5票'],
      ['e', 3, '5票'],
      ['d', 5, '3票'],
    ]);
    expect(r.warnings).toEqual(['第3名得票相同：2个项目争1个名额，需另行投票']);
    expect(r.rule.text).toBe('每张选票最多选择3个项目，超过3个的选票无效；按得票多少确定前3名；第3名得票相同的，另行投票确定');
  });

  it('a tie entirely inside the seats needs no run-off', () => {
    const r = tally(d, [...pick(d, 4, 'a', 'b', 'c'), ...pick(d, 1, 'a', 'b', 'd')], { serving: 5, present: 5 }) as SelectionResult;
    expect(r.targets.map((t) => t.state)).toEqual(['selected', 'selected', 'selected', 'not_selected', 'not_selected']);
    expect(r.selection.runoffSeats).toBe(0);
  });

  it('requireMajority: more than half of valid ballots, else the seat stays vacant', () => {
    const dm = def({ kind: 'selection', title: 't', targets: targets('a', 'b', 'c'), maxChoices: 2, requireMajority: true });
    const r = tally(dm, [...pick(dm, 3, 'a'), ...pick(dm, 2, 'a', 'b'), ...pick(dm, 1, 'c')], { serving: 6, present: 6 }) as SelectionResult;
    // a 5 of 6, b 2 of 6, c 1 of 6
    expect(r.targets.map((t) => [t.key, t.majority, t.state])).toEqual([
      ['a', true, 'selected'],
      ['b', false, 'not_selected'],
      ['c', false, 'not_selected'],
    ]);
    expect(r.selection).toEqual({ seats: 2, selected: 1, runoffSeats: 0, runoffCandidates: 0, vacantSeats: 1 });
    expect(r.rule.text).toContain('且得票须超过有效票的半数');
  });

  it('minChoices: fewer marks than required is invalid', () => {
    const dm = def({ kind: 'selection', title: 't', targets: targets('a', 'b', 'c'), maxChoices: 2, minChoices: 2 });
    expect(checkBallot(dm, parseBallot(dm, { kind: 'selection', chosen: ['a'] }))).toEqual({ valid: false, reason: '所选项目少于 2 个' });
  });

  it('definition checks', () => {
    expect(() => def({ kind: 'selection', title: 't', targets: targets('a', 'b'), maxChoices: 3 })).toThrow('应选数不能多于候选项目数');
    expect(() => def({ kind: 'selection', title: 't', targets: targets('a', 'b'), maxChoices: 1, minChoices: 2 })).toThrow();
  });
});
