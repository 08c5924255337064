import { describe, expect, it } from 'vitest';
import { buildBoard, sheetFacts, shortDigest } from '../../renderer/projector/board.js';
import { parseBallot, parsePollDefinition, tally, type PollDefinitionInput } from '../../shared/domain/polls/index.js';

/** The room screen's rows, built from real tallies (the same code that seals results). */

/** Tally version 2: `paper` of the sheets came in on paper (all handed out), the rest from devices. */
function run(input: PollDefinitionInput, sheets: unknown[], serving = 29, present = 20, paper = 0) {
  const def = parsePollDefinition(input);
  return tally(
    def,
    sheets.map((s) => parseBallot(def, s)),
    {
      serving,
      present,
      device: sheets.length - paper,
      paper: { handedOut: paper, returned: paper },
      quorum: { required: Math.floor(serving / 2) + 1, lowestPresent: present },
    },
  );
}

const sat = (marks: Record<string, string[]>) => ({ kind: 'satisfaction', marks });

describe('projector board', () => {
  it('satisfaction: counts, rates against all 29 members, verdicts, colour key, ranked', () => {
    const sheets = [...Array.from({ length: 17 }, () => sat({ a: ['satisfied'], b: ['unsatisfied'] })), ...Array.from({ length: 3 }, () => sat({ a: ['basically'], b: ['satisfied'] }))];
    const board = buildBoard(run({ kind: 'satisfaction', title: '测评', targets: [{ key: 'a', label: '甲局' }, { key: 'b', label: '乙局' }] }, sheets));
    expect(board.legend).toBe(true);
    expect(board.columns.map((c) => [c.label, c.tone])).toEqual([
      ['满意', 'good'],
      ['基本满意', 'mid'],
      ['不满意', 'bad'],
    ]);
    expect(board.denominator).toBe('全体组成人员（29人）');
    expect(board.indexHeader).toBe('名次');
    expect(board.sortKey).toMatch(/^按评定结果排序/);
    expect(board.notice).toBeNull();
    const [a, b] = board.rows;
    expect([a!.index, b!.index]).toEqual(['1', '2']);
    expect(a!.cells).toEqual([
      { main: '17', sub: '58.62%' },
      { main: '3', sub: '10.34%' },
      { main: '0', sub: '0.00%' },
    ]);
    expect(a!.verdict).toEqual({ label: '满意', tone: 'good' });
    expect(b!.verdict).toEqual({ label: '不满意', tone: 'bad' });
    // Bars are shares of the denominator: 17 of 29, not 17 of 20.
    expect(a!.segments[0]!.fraction).toBeCloseTo(17 / 29, 6);
    expect(a!.segments.reduce((s, x) => s + x.fraction, 0)).toBeLessThanOrEqual(1);
  });

  it('rates only: no verdict, the satisfaction rate in its place', () => {
    const board = buildBoard(
      run({ kind: 'satisfaction', title: '测评', targets: [{ key: 'a', label: '甲局' }], rule: { preset: 'rates_only' } }, [sat({ a: ['satisfied'] }), sat({ a: ['unsatisfied'] })]),
    );
    expect(board.verdictHeader).toBe('满意率');
    expect(board.rows[0]!.verdict).toEqual({ label: '50.00%', tone: 'accent' });
  });

  it('valid-ballot denominators that differ per target are printed per row', () => {
    const board = buildBoard(
      run(
        { kind: 'satisfaction', title: '测评', targets: [{ key: 'a', label: '甲局' }, { key: 'b', label: '乙局' }], rule: { preset: 'satisfaction_rate' } },
        [sat({ a: ['satisfied'], b: ['satisfied'] }), sat({ a: ['satisfied'] })],
      ),
    );
    expect(board.denominator).toBe('有效票');
    expect(board.rows.map((r) => r.note)).toEqual(['基数 2张', '基数 1张']);
  });

  it('decision: votes needed, 通过 / 未通过', () => {
    const votes = [...Array(15).fill('for'), ...Array(5).fill('against')] as string[];
    const board = buildBoard(run({ kind: 'decision', title: '决定', targets: [{ key: 'm', label: '草案' }] }, votes.map((v) => ({ kind: 'decision', marks: { m: [v] } }))));
    expect(board.rows[0]!.note).toBe('赞成票达到 15 票为通过');
    expect(board.rows[0]!.verdict).toEqual({ label: '通过', tone: 'good' });
    const half = buildBoard(run({ kind: 'decision', title: '决定', targets: [{ key: 'm', label: '草案' }] }, votes.map((v) => ({ kind: 'decision', marks: { m: [v] } })), 30));
    expect(half.rows[0]!.verdict).toEqual({ label: '未通过', tone: 'bad' });
  });

  it('decision: 应到 / 实到 / 赞成 / 反对 / 弃权 / 未按 as big figures; 未按 counts the members present who did not vote', () => {
    // 20 present, 15 ballots: 12 for, 2 against, 1 abstain; 5 did not vote.
    const votes = [...Array(12).fill('for'), ...Array(2).fill('against'), 'abstain'] as string[];
    const board = buildBoard(run({ kind: 'decision', title: '决定', targets: [{ key: 'm', label: '草案' }] }, votes.map((v) => ({ kind: 'decision', marks: { m: [v] } }))));
    expect(board.figures.map((f) => [f.label, f.value, f.unit])).toEqual([
      ['应到', 29, '人'],
      ['实到', 20, '人'],
      ['赞成', 12, '票'],
      ['反对', 2, '票'],
      ['弃权', 1, '票'],
      ['未按', 5, '人'],
    ]);
    expect(board.columns.map((c) => [c.label, c.inBar])).toEqual([
      ['赞成', true],
      ['反对', true],
      ['弃权', true],
      ['未按', false],
    ]);
    expect(board.rows[0]!.cells.map((c) => c.main)).toEqual(['12', '2', '1', '5']);
    // 12 of 29 is not more than half of all members.
    expect(board.rows[0]!.verdict).toEqual({ label: '未通过', tone: 'bad' });
  });

  it('decision on paper: a blank sheet is 未按, a row marked twice is 无效, shown apart', () => {
    const votes = [...Array(15).fill(['for']), ['for', 'against'], []] as string[][];
    const board = buildBoard(run({ kind: 'decision', title: '决定', targets: [{ key: 'm', label: '草案' }] }, votes.map((m) => ({ kind: 'decision', marks: { m } })), 29, 20, 17));
    const fig = Object.fromEntries(board.figures.map((f) => [f.key, f.value]));
    expect(fig).toEqual({ serving: 29, present: 20, for: 15, against: 0, abstain: 0, invalid: 1, not_voted: 4 });
    expect(board.columns.map((c) => c.label)).toEqual(['赞成', '反对', '弃权', '无效', '未按']);
  });

  it('appointment of several persons: 未按 per person, 应到 / 实到 above the table', () => {
    const persons = [{ key: 'p1', label: '张三' }, { key: 'p2', label: '李四' }];
    const sheets = [
      ...Array.from({ length: 16 }, () => ({ kind: 'appointment', marks: { p1: ['for'], p2: ['for'] } })),
      // Two members left 李四 empty.
      ...Array.from({ length: 2 }, () => ({ kind: 'appointment', marks: { p1: ['against'], p2: [] } })),
    ];
    const board = buildBoard(run({ kind: 'appointment', title: '任免', targets: persons }, sheets));
    expect(board.figures.map((f) => [f.label, f.value])).toEqual([
      ['应到', 29],
      ['实到', 20],
    ]);
    expect(board.rows.map((r) => [r.label, ...r.cells.map((c) => c.main), r.verdict?.label])).toEqual([
      ['张三', '16', '2', '0', '2', '通过'],
      ['李四', '16', '0', '0', '4', '通过'],
    ]);
  });

  it('kinds other than decisions have no figures row and no 未按 column', () => {
    const board = buildBoard(run({ kind: 'satisfaction', title: '测评', targets: [{ key: 'a', label: '甲局' }] }, [sat({ a: ['satisfied'] })]));
    expect(board.figures).toEqual([]);
    expect(board.columns.every((c) => c.inBar)).toBe(true);
  });

  it('combined appointment lists the persons under the row', () => {
    const board = buildBoard(
      run(
        { kind: 'appointment', title: '任免', combined: true, targets: [{ key: 'p1', label: '张三' }, { key: 'p2', label: '李四' }] },
        Array.from({ length: 20 }, () => ({ kind: 'appointment', marks: { combined: ['for'] } })),
      ),
    );
    expect(board.rows).toHaveLength(1);
    expect(board.rows[0]!.note).toContain('张三、李四');
  });

  it('scoring: ranked best first with ties, grades, bars against full marks', () => {
    const scores = (a: number, b: number, c: number) => ({ kind: 'scoring', scores: { a, b, c } });
    const board = buildBoard(
      run({ kind: 'scoring', title: '评议', targets: [{ key: 'a', label: '甲' }, { key: 'b', label: '乙' }, { key: 'c', label: '丙' }] }, [scores(70, 90, 90), scores(70, 90, 90)]),
    );
    expect(board.legend).toBe(false);
    expect(board.rows.map((r) => [r.index, r.label, r.cells[0]!.main, r.verdict?.label])).toEqual([
      ['1', '乙', '90.00', '优秀'],
      ['1', '丙', '90.00', '优秀'],
      ['3', '甲', '70.00', '一般'],
    ]);
    expect(board.rows[0]!.segments[0]!.fraction).toBeCloseTo(0.9, 6);
    expect(board.rows[0]!.note).toBeNull();
  });

  it('selection: ranked, 入选 / 未入选, seats in the summary', () => {
    const board = buildBoard(
      run(
        { kind: 'selection', title: '票决', targets: [{ key: 'a', label: '甲' }, { key: 'b', label: '乙' }, { key: 'c', label: '丙' }], maxChoices: 1 },
        [{ kind: 'selection', chosen: ['b'] }, { kind: 'selection', chosen: ['b'] }, { kind: 'selection', chosen: ['a'] }, { kind: 'selection', chosen: ['a', 'c'] }],
      ),
    );
    expect(board.rows.map((r) => [r.index, r.label, r.cells[0]!.main, r.verdict?.label])).toEqual([
      ['1', '乙', '2', '入选'],
      ['2', '甲', '1', '未入选'],
      ['3', '丙', '0', '未入选'],
    ]);
    expect(board.denominator).toBe('有效票（3张）');
    expect(board.summary).toBe('应选 1 项，入选 1 项');
  });

  it('satisfaction rows follow the ranking, verdict first, not the sheet order', () => {
    // 乙局 has the higher 满意率 (20 of 20 favourable) but only 基本满意; 甲局 is 满意 with 15 of 29.
    const sheets = [
      ...Array.from({ length: 15 }, () => sat({ a: ['satisfied'], b: ['basically'] })),
      ...Array.from({ length: 5 }, () => sat({ a: ['unsatisfied'], b: ['basically'] })),
    ];
    const board = buildBoard(
      run({ kind: 'satisfaction', title: '测评', targets: [{ key: 'b', label: '乙局' }, { key: 'a', label: '甲局' }] }, sheets),
    );
    expect(board.rows.map((r) => [r.index, r.label, r.verdict?.label])).toEqual([
      ['1', '甲局', '满意'],
      ['2', '乙局', '基本满意'],
    ]);
  });

  it('no ballots: 未收到选票, no verdict and no rank; a decision is not adopted', () => {
    const sat0 = buildBoard(run({ kind: 'satisfaction', title: '测评', targets: [{ key: 'a', label: '甲局' }, { key: 'b', label: '乙局' }] }, []));
    expect(sat0.notice).toBe('未收到选票');
    expect(sat0.verdictHeader).toBe('评定结果');
    expect(sat0.rows.map((r) => [r.index, r.label, r.verdict])).toEqual([
      ['—', '甲局', { label: '—', tone: 'muted' }],
      ['—', '乙局', { label: '—', tone: 'muted' }],
    ]);
    const dec0 = buildBoard(run({ kind: 'decision', title: '决定', targets: [{ key: 'm', label: '草案' }] }, []));
    expect(dec0.notice).toBe('未收到选票');
    expect(dec0.rows[0]!.verdict).toEqual({ label: '未通过', tone: 'bad' });
    const sel0 = buildBoard(run({ kind: 'selection', title: '票决', targets: [{ key: 'a', label: '甲' }, { key: 'b', label: '乙' }], maxChoices: 1 }, []));
    expect(sel0.summary).toBe('应选 1 项，未确定入选项目');
    expect(sel0.rows.map((r) => [r.index, r.verdict?.label])).toEqual([
      ['—', '—'],
      ['—', '—'],
    ]);
    const sc0 = buildBoard(run({ kind: 'scoring', title: '评议', targets: [{ key: 'a', label: '甲' }] }, []));
    expect(sc0.rows[0]!.verdict).toEqual({ label: '—', tone: 'muted' });
    expect(sc0.rows[0]!.cells[0]!.main).toBe('—');
  });

  it('selection: a tie at the cut-off is flagged for a run-off', () => {
    const board = buildBoard(
      run(
        { kind: 'selection', title: '票决', targets: [{ key: 'a', label: '甲' }, { key: 'b', label: '乙' }, { key: 'c', label: '丙' }], maxChoices: 2 },
        [{ kind: 'selection', chosen: ['a', 'b'] }, { kind: 'selection', chosen: ['a', 'c'] }],
      ),
    );
    expect(board.rows.map((r) => [r.index, r.label, r.verdict?.label])).toEqual([
      ['1', '甲', '入选'],
      ['2', '乙', '得票相同，需另行投票'],
      ['2', '丙', '得票相同，需另行投票'],
    ]);
    expect(board.summary).toBe('应选 2 项，入选 1 项，2 个得票相同的项目另行投票，决定 1 个名额');
    expect(board.sortKey).toBe('按得票数排序');
  });

  it('footer facts with paper sheets: handed out and returned apart from device ballots', () => {
    const votes = Array.from({ length: 20 }, () => ({ kind: 'decision', marks: { m: ['for'] } }));
    const r = run({ kind: 'decision', title: '决定', targets: [{ key: 'm', label: '草案' }] }, votes, 29, 20, 6);
    expect(sheetFacts(r.sheets)).toEqual([
      { label: '应到', value: '29 人' },
      { label: '实到', value: '20 人' },
      { label: '纸质选票', value: '发出 6 张，收回 6 张' },
      { label: '电子选票', value: '14 张' },
      { label: '收回', value: '20 张' },
      { label: '有效', value: '20 张' },
      { label: '无效', value: '0 张' },
    ]);
  });

  it('footer facts and the short digest', () => {
    const r = run({ kind: 'decision', title: '决定', targets: [{ key: 'm', label: '草案' }] }, [{ kind: 'decision', marks: { m: [] } }]);
    expect(sheetFacts(r.sheets)).toEqual([
      { label: '应到', value: '29 人' },
      { label: '实到', value: '20 人' },
      { label: '收回', value: '1 张' },
      { label: '有效', value: '0 张' },
      { label: '无效', value: '1 张' },
    ]);
    expect(shortDigest('0123456789abcdef0123456789abcdef')).toBe('0123 4567 89ab cdef');
  });
});
