import { describe, expect, it } from 'vitest';
import { checkBallot, inspectBallot, parseBallot, scoreStats, type ScoringResult } from '../../shared/domain/polls/index.js';
import { q } from '../../shared/domain/polls/rational.js';
import { def, tallyIn, targets, times } from './polls-helpers.js';

const scores = (d: ReturnType<typeof def>, list: number[], key = 'a', group: string | null = null) =>
  list.flatMap((s) => times(1, d, { kind: 'scoring', group, scores: { [key]: s } }));

describe('scoring, single 0–100 score', () => {
  it('[90, 90, 80, 70] trimmed -> 85 (one highest and one lowest removed even when tied)', () => {
    const d = def({ kind: 'scoring', title: '工作评议', targets: targets('a'), aggregation: 'trimmed_mean' });
    const r = tallyIn(d, scores(d, [90, 90, 80, 70]), { serving: 29, present: 4 }) as ScoringResult;
    const t = r.targets[0]!;
    expect(t.stats).toEqual({
      counted: 4,
      mean: { text: '82.50', value: 82.5 },
      trimmedMean: { text: '85.00', value: 85 },
      min: { text: '70.00', value: 70 },
      max: { text: '90.00', value: 90 },
      score: { text: '85.00', value: 85 },
    });
    expect(t.score).toEqual({ text: '85.00', value: 85 });
    expect(t.grade).toEqual({ key: 'good', label: '良好' });
    expect(r.rule.text).toBe(
      '得分为有效评分的去掉一个最高分和一个最低分后的平均分（评分不足3份时取算术平均分）；90分及以上为优秀，80分及以上为良好，60分及以上为一般，低于60分为较差',
    );
  });

  it('mean rounds half up on exact arithmetic', () => {
    const d = def({ kind: 'scoring', title: 't', targets: targets('a'), scale: { mode: 'single', step: 0.5 } });
    // (89.5 + 90 + 90.5 + 88) / 4 = 89.5; (80 + 80 + 80.5) / 3 = 80.1666…
    expect((tallyIn(d, scores(d, [89.5, 90, 90.5, 88]), { serving: 4, present: 4 }) as ScoringResult).targets[0]!.score?.text).toBe('89.50');
    expect((tallyIn(d, scores(d, [80, 80, 80.5]), { serving: 3, present: 3 }) as ScoringResult).targets[0]!.score?.text).toBe('80.17');
    // 1/8 of a point: 89.995 -> 90.00, graded by the printed score
    const d2 = def({ kind: 'scoring', title: 't', targets: targets('a'), scale: { mode: 'single', step: 0.01 } });
    const r = tallyIn(d2, scores(d2, [89.99, 90]), { serving: 2, present: 2 }) as ScoringResult;
    expect(r.targets[0]!.score?.text).toBe('90.00');
    expect(r.targets[0]!.grade?.label).toBe('优秀');
  });

  it('trimmed mean with fewer than 3 scores falls back to the mean with a warning', () => {
    const d = def({ kind: 'scoring', title: 't', targets: targets('a'), aggregation: 'trimmed_mean' });
    const r = tallyIn(d, scores(d, [90, 80]), { serving: 2, present: 2 }) as ScoringResult;
    expect(r.targets[0]!.stats.trimmedMean).toBeNull();
    expect(r.targets[0]!.score?.text).toBe('85.00');
    expect(r.warnings).toEqual(['对象a：有效评分不足3份，未去掉最高分和最低分']);
  });

  it('scoreStats on exact fractions', () => {
    const s = scoreStats([q(1), q(2), q(2)], 'trimmed_mean');
    expect(s.trimmed).toEqual(q(2));
    expect(s.mean).toEqual(q(5, 3));
  });

  it('out-of-range or off-step scores are invalid for that target; a sheet with no valid score is invalid', () => {
    const d = def({ kind: 'scoring', title: 't', targets: targets('a', 'b') });
    const b = parseBallot(d, { kind: 'scoring', scores: { a: 105, b: 88 } });
    expect(checkBallot(d, b)).toEqual({ valid: true });
    expect(inspectBallot(d, b).rows[0]).toEqual({ key: 'a', state: 'invalid', reason: '分数应在 0 至 100 之间' });
    const off = parseBallot(d, { kind: 'scoring', scores: { a: 88.5 } });
    expect(checkBallot(d, off)).toEqual({ valid: false, reason: '没有一个对象作出有效选择' });
    expect(inspectBallot(d, off).rows[0]!.reason).toBe('分数应为 1 的整数倍');
    const single = def({ kind: 'scoring', title: 't', targets: targets('a') });
    expect(checkBallot(single, parseBallot(single, { kind: 'scoring', scores: { a: -1 } }))).toEqual({ valid: false, reason: '分数应在 0 至 100 之间' });
    expect(checkBallot(single, parseBallot(single, { kind: 'scoring', scores: { a: null } }))).toEqual({ valid: false, reason: '空白票（未作任何选择）' });
    expect(checkBallot(single, parseBallot(single, { kind: 'scoring', scores: { x: 80 } }))).toEqual({ valid: false, reason: '选票含有评分对象以外的内容' });
  });

  it('ranks targets by printed score, ties shown, unscored last', () => {
    const d = def({ kind: 'scoring', title: '九部门评议', targets: targets('a', 'b', 'c', 'd') });
    const ballots = [
      ...times(1, d, { kind: 'scoring', scores: { a: 80, b: 90, c: 90 } }),
      ...times(1, d, { kind: 'scoring', scores: { a: 70, b: 80, c: 80 } }),
    ];
    const r = tallyIn(d, ballots, { serving: 2, present: 2 }) as ScoringResult;
    expect(r.ranking).toEqual([
      { key: 'b', label: '对象b', rank: 1, value: '85.00' },
      { key: 'c', label: '对象c', rank: 1, value: '85.00' },
      { key: 'a', label: '对象a', rank: 3, value: '75.00' },
      { key: 'd', label: '对象d', rank: null, value: '—' },
    ]);
    expect(r.targets.map((t) => [t.rank, t.grade?.label ?? null, t.unfilled])).toEqual([
      [3, '一般', 0],
      [1, '良好', 0],
      [1, '良好', 0],
      [null, null, 2],
    ]);
  });

  it('custom grade bands', () => {
    const d = def({
      kind: 'scoring',
      title: 't',
      targets: targets('a'),
      grades: [
        { key: 'ok', label: '称职', min: 60 },
        { key: 'bad', label: '不称职', min: 0 },
      ],
    });
    const r = tallyIn(d, scores(d, [59]), { serving: 1, present: 1 }) as ScoringResult;
    expect(r.targets[0]!.grade).toEqual({ key: 'bad', label: '不称职' });
  });
});

describe('scoring with indicators', () => {
  it('5 indicators × 20 points add up', () => {
    const indicators = ['i1', 'i2', 'i3', 'i4', 'i5'].map((key) => ({ key, label: key, maxPoints: 20 }));
    const d = def({ kind: 'scoring', title: 't', targets: targets('a'), scale: { mode: 'indicators', indicators } });
    const r = tallyIn(
      d,
      [
        ...times(1, d, { kind: 'scoring', scores: { a: { i1: 18, i2: 17, i3: 20, i4: 15, i5: 16 } } }), // 86
        ...times(1, d, { kind: 'scoring', scores: { a: { i1: 20, i2: 19, i3: 18, i4: 17, i5: 16 } } }), // 90
      ],
      { serving: 2, present: 2 },
    ) as ScoringResult;
    const t = r.targets[0]!;
    expect(t.score?.text).toBe('88.00');
    expect(t.indicators.map((i) => i.mean?.text)).toEqual(['19.00', '18.00', '19.00', '16.00', '16.00']);
  });

  it('weights: 100 × Σ wᵢ·(pointsᵢ / maxᵢ) / Σ wᵢ', () => {
    const d = def({
      kind: 'scoring',
      title: 't',
      targets: targets('a'),
      scale: {
        mode: 'indicators',
        indicators: [
          { key: 'work', label: '工作实绩', maxPoints: 100, weight: 60 },
          { key: 'attitude', label: '工作作风', maxPoints: 10, weight: 40 },
        ],
      },
    });
    // 0.6 × 90 + 0.4 × (7/10 × 100) = 54 + 28 = 82
    const b = times(1, d, { kind: 'scoring', scores: { a: { work: 90, attitude: 7 } } });
    const r = tallyIn(d, b, { serving: 1, present: 1 }) as ScoringResult;
    expect(r.targets[0]!.score?.text).toBe('82.00');
    expect(r.rule.text).toContain('评分指标：工作实绩100分（权重60）、工作作风10分（权重40），折算为百分制');
  });

  it('a target with some indicators missing is invalid for that target; over max is invalid', () => {
    const d = def({
      kind: 'scoring',
      title: 't',
      targets: targets('a', 'b'),
      scale: { mode: 'indicators', indicators: [{ key: 'x', label: '甲', maxPoints: 50 }, { key: 'y', label: '乙', maxPoints: 50 }] },
    });
    const b = parseBallot(d, { kind: 'scoring', scores: { a: { x: 40 }, b: { x: 51, y: 10 } } });
    expect(inspectBallot(d, b)).toEqual({
      state: 'invalid',
      reason: '没有一个对象作出有效选择',
      rows: [
        { key: 'a', state: 'invalid', reason: '评分指标未填全' },
        { key: 'b', state: 'invalid', reason: '“甲”得分应在 0 至 50 之间' },
      ],
    });
    expect(checkBallot(d, parseBallot(d, { kind: 'scoring', scores: { a: 80 } }))).toEqual({ valid: false, reason: '评分格式与评分方式不符' });
    expect(checkBallot(d, parseBallot(d, { kind: 'scoring', scores: { a: { z: 1 } } }))).toEqual({ valid: false, reason: '选票含有评分指标以外的内容' });
  });
});

describe('rater groups blended by weight', () => {
  const d = def({
    kind: 'scoring',
    title: '履职评议',
    targets: targets('a'),
    aggregation: 'trimmed_mean',
    groups: [
      { key: 'committee', label: '常委会组成人员', weight: 60 },
      { key: 'deputies', label: '人大代表', weight: 30 },
      { key: 'public', label: '群众代表', weight: 10 },
    ],
  });

  it('trims within each group, then blends: 0.6 × 85 + 0.3 × 80 + 0.1 × 70 = 82', () => {
    const ballots = [
      ...scores(d, [90, 90, 80, 70], 'a', 'committee'), // trimmed 85
      ...scores(d, [100, 80, 80, 60], 'a', 'deputies'), // trimmed 80
      ...scores(d, [70, 70, 70], 'a', 'public'), // 70
    ];
    const r = tallyIn(d, ballots, { serving: 11, present: 11 }) as ScoringResult;
    const t = r.targets[0]!;
    expect(t.groups.map((g) => [g.key, g.counted, g.score?.text])).toEqual([
      ['committee', 4, '85.00'],
      ['deputies', 4, '80.00'],
      ['public', 3, '70.00'],
    ]);
    expect(t.score?.text).toBe('82.00');
    expect(t.stats.counted).toBe(11);
    expect(r.rule.text).toContain('按评议人类别加权：常委会组成人员60%、人大代表30%、群众代表10%');
  });

  it('a group with no scores is left out and the others renormalised, with a warning', () => {
    const ballots = [...scores(d, [90, 90, 90], 'a', 'committee'), ...scores(d, [60, 60, 60], 'a', 'deputies')];
    const r = tallyIn(d, ballots, { serving: 6, present: 6 }) as ScoringResult;
    expect(r.targets[0]!.score?.text).toBe('80.00'); // (60·90 + 30·60) / 90
    expect(r.warnings).toContain('对象a：群众代表无有效评分，按其余类别的权重折算');
  });

  it('a ballot must name a known group', () => {
    expect(checkBallot(d, parseBallot(d, { kind: 'scoring', scores: { a: 80 } }))).toEqual({ valid: false, reason: '未注明评议人类别或类别无效' });
    expect(checkBallot(d, parseBallot(d, { kind: 'scoring', group: 'press', scores: { a: 80 } })).valid).toBe(false);
    const plain = def({ kind: 'scoring', title: 't', targets: targets('a') });
    expect(checkBallot(plain, parseBallot(plain, { kind: 'scoring', group: 'committee', scores: { a: 80 } }))).toEqual({
      valid: false,
      reason: '本次评分不分评议人类别',
    });
  });
});
