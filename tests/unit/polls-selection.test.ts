import { describe, expect, it } from 'vitest';
import {
  checkBallot,
  parseBallot,
  runoffDefinition,
  selectionOutcome,
  type SelectionPoll,
  type SelectionResult,
  type SelectionRound,
} from '../../shared/domain/polls/index.js';
import { def, tallyIn, targets, times } from './polls-helpers.js';

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
    const r = tallyIn(d, [...pick(d, 4, 'a', 'b', 'c'), ...pick(d, 2, 'a', 'b', 'c', 'd'), ...pick(d, 1)], { serving: 7, present: 7 }) as SelectionResult;
    expect(r.sheets).toMatchObject({ returned: 7, valid: 4, invalid: 3, blank: 1 });
    expect(r.targets.find((t) => t.key === 'd')!.votes).toBe(0);
    expect(r.targets.find((t) => t.key === 'a')!.rate).toEqual({ num: 4, den: 4, text: '100.00%' });
  });

  it('ranks by votes with ties sharing a rank and flags a run-off at the cut-off', () => {
    const ballots = [...pick(d, 5, 'a', 'b', 'c'), ...pick(d, 3, 'a', 'd', 'e'), ...pick(d, 2, 'b', 'e')];
    // a 8, b 7, c 5, d 3, e 5 -> c and e tie for the 3rd seat
    const r = tallyIn(d, ballots, { serving: 10, present: 10 }) as SelectionResult;
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
    const r = tallyIn(d, [...pick(d, 4, 'a', 'b', 'c'), ...pick(d, 1, 'a', 'b', 'd')], { serving: 5, present: 5 }) as SelectionResult;
    expect(r.targets.map((t) => t.state)).toEqual(['selected', 'selected', 'selected', 'not_selected', 'not_selected']);
    expect(r.selection.runoffSeats).toBe(0);
  });

  it('requireMajority: more than half of valid ballots, else the seat stays vacant', () => {
    const dm = def({ kind: 'selection', title: 't', targets: targets('a', 'b', 'c'), maxChoices: 2, requireMajority: true });
    const r = tallyIn(dm, [...pick(dm, 3, 'a'), ...pick(dm, 2, 'a', 'b'), ...pick(dm, 1, 'c')], { serving: 6, present: 6 }) as SelectionResult;
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

describe('run-offs (另行投票) and the final list', () => {
  const d = def({ kind: 'selection', title: '民生实事项目票决', targets: targets('a', 'b', 'c', 'd', 'e'), maxChoices: 3 }) as SelectionPoll;
  const run = (dd: SelectionPoll, ballots: ReturnType<typeof pick>) => tallyIn(dd, ballots, { serving: 12 }) as SelectionResult;
  // a 8, b 7, c 5, d 3, e 5: c and e tie for the 3rd seat
  const r1 = run(d, [...pick(d, 5, 'a', 'b', 'c'), ...pick(d, 3, 'a', 'd', 'e'), ...pick(d, 2, 'b', 'e')]);
  const round1: SelectionRound = { round: 1, definition: d, result: r1 };

  it('the run-off has only the tied candidates and the remaining seats', () => {
    const ro = runoffDefinition(d, r1, 1)!;
    expect(ro).toEqual({
      kind: 'selection',
      title: '民生实事项目票决（另行投票）',
      anonymous: true,
      targets: [
        { key: 'c', label: '对象c' },
        { key: 'e', label: '对象e' },
      ],
      maxChoices: 1,
      minChoices: 1,
      requireMajority: false,
      runoff: { round: 1 },
    });
    expect(runoffDefinition(d, r1, 1, '第二轮票决')!.title).toBe('第二轮票决');
    const r2 = run(ro, [...pick(ro, 6, 'c'), ...pick(ro, 4, 'e')]);
    expect(r2.rule.text).toBe('本轮为第1轮得票相同项目的另行投票，确定1个名额；每张选票最多选择1个项目，超过1个的选票无效；按得票多少确定前1名；第1名得票相同的，另行投票确定');
    expect(selectionOutcome([round1, { round: 2, definition: ro, result: r2 }])).toEqual({
      seats: 3,
      filled: 3,
      winners: [
        { key: 'a', label: '对象a', votes: 8, round: 1 },
        { key: 'b', label: '对象b', votes: 7, round: 1 },
        { key: 'c', label: '对象c', votes: 6, round: 2 },
      ],
      tie: null,
      vacantSeats: 0,
    });
  });

  it('no tie, no run-off', () => {
    const r = run(d, [...pick(d, 4, 'a', 'b', 'c'), ...pick(d, 1, 'a', 'b', 'd')]);
    expect(runoffDefinition(d, r, 1)).toBeNull();
    expect(selectionOutcome([{ round: 1, definition: d, result: r }])).toMatchObject({ seats: 3, filled: 3, tie: null, vacantSeats: 0 });
  });

  it('a tie in the run-off is flagged again, and settled by a run-off of the run-off', () => {
    const ro = runoffDefinition(d, r1, 1)!;
    const r2 = run(ro, [...pick(ro, 5, 'c'), ...pick(ro, 5, 'e')]);
    expect(r2.targets.map((t) => t.state)).toEqual(['runoff', 'runoff']);
    expect(r2.warnings).toEqual(['另行投票后仍得票相同（第1名得票相同：2个项目争1个名额），需再次另行投票']);
    const two = [round1, { round: 2, definition: ro, result: r2 }];
    expect(selectionOutcome(two)).toMatchObject({
      filled: 2,
      tie: { round: 2, seats: 1, candidates: [{ key: 'c', label: '对象c', votes: 5 }, { key: 'e', label: '对象e', votes: 5 }] },
      vacantSeats: 0,
    });
    const ro2 = runoffDefinition(ro, r2, 2)!;
    expect(ro2.runoff).toEqual({ round: 2 });
    expect(ro2.targets.map((t) => t.key)).toEqual(['c', 'e']);
    const r3 = run(ro2, [...pick(ro2, 4, 'c'), ...pick(ro2, 7, 'e')]);
    const out = selectionOutcome([...two, { round: 3, definition: ro2, result: r3 }]);
    expect(out.winners.map((w) => [w.key, w.round])).toEqual([
      ['a', 1],
      ['b', 1],
      ['e', 3],
    ]);
    expect(out).toMatchObject({ filled: 3, tie: null, vacantSeats: 0 });
  });

  it('a run-off that received no ballot decides nothing: the tie still stands', () => {
    const ro = runoffDefinition(d, r1, 1)!;
    const out = selectionOutcome([round1, { round: 2, definition: ro, result: run(ro, []) }]);
    expect(out).toMatchObject({ filled: 2, tie: { round: 1, seats: 1 }, vacantSeats: 0 });
  });

  it('a round without run-off is a full re-vote and replaces what came before', () => {
    const ro = runoffDefinition(d, r1, 1)!;
    const r2 = run(ro, [...pick(ro, 5, 'c'), ...pick(ro, 5, 'e')]);
    const r3 = run(d, [...pick(d, 6, 'c', 'd', 'e')]);
    const out = selectionOutcome([round1, { round: 2, definition: ro, result: r2 }, { round: 3, definition: d, result: r3 }]);
    expect(out.winners.map((w) => [w.key, w.votes, w.round])).toEqual([
      ['c', 6, 3],
      ['d', 6, 3],
      ['e', 6, 3],
    ]);
    expect(out).toMatchObject({ seats: 3, filled: 3, tie: null });
  });

  it('rounds are read in round order whatever order they come in', () => {
    const ro = runoffDefinition(d, r1, 1)!;
    const r2 = run(ro, pick(ro, 3, 'e'));
    expect(selectionOutcome([{ round: 2, definition: ro, result: r2 }, round1]).winners.map((w) => w.key)).toEqual(['a', 'b', 'e']);
  });

  it('seats nobody qualified for stay vacant in the final list', () => {
    const dm = def({ kind: 'selection', title: 't', targets: targets('a', 'b', 'c', 'd'), maxChoices: 3, requireMajority: true }) as SelectionPoll;
    const r = run(dm, [...pick(dm, 2, 'a', 'b'), ...pick(dm, 2, 'a', 'c'), ...pick(dm, 2, 'a', 'd'), ...pick(dm, 2, 'b', 'c', 'd')]);
    // of 8 valid: a 6, b 4, c 4, d 4 -> only a has more than half; the tie at 4 is not a run-off, nobody there can qualify
    expect(r.selection).toEqual({ seats: 3, selected: 1, runoffSeats: 0, runoffCandidates: 0, vacantSeats: 2 });
    expect(runoffDefinition(dm, r, 1)).toBeNull();
    expect(selectionOutcome([{ round: 1, definition: dm, result: r }])).toMatchObject({ filled: 1, tie: null, vacantSeats: 2 });
  });

  it('the run-off keeps the majority rule and caps minChoices at the remaining seats', () => {
    const dt = def({ kind: 'selection', title: 't', targets: targets('a', 'b', 'c'), maxChoices: 2, minChoices: 2, requireMajority: true }) as SelectionPoll;
    const r = run(dt, [...pick(dt, 4, 'a', 'b'), ...pick(dt, 4, 'a', 'c'), ...pick(dt, 1, 'b', 'c')]);
    // of 9 valid: a 8, b 5, c 5: both have a majority and tie for the 2nd seat
    const ro = runoffDefinition(dt, r, 1)!;
    expect([ro.maxChoices, ro.minChoices, ro.requireMajority, ro.targets.map((t) => t.key)]).toEqual([1, 1, true, ['b', 'c']]);
  });

  it('refuses rounds that are not one series', () => {
    const ro = runoffDefinition(d, r1, 1)!;
    const r2 = run(ro, pick(ro, 3, 'e'));
    expect(() => selectionOutcome([{ round: 2, definition: ro, result: r2 }])).toThrow('not the open tie');
    const wrong = { ...ro, runoff: { round: 7 } };
    expect(() => selectionOutcome([round1, { round: 2, definition: wrong, result: r2 }])).toThrow('not the open tie');
    const others = def({ ...ro, targets: targets('c', 'd') }) as SelectionPoll;
    expect(() => selectionOutcome([round1, { round: 2, definition: others, result: run(others, pick(others, 2, 'd')) }])).toThrow('not a run-off among the tied candidates');
    expect(() => selectionOutcome([])).toThrow();
  });
});
