import type { ReadSheet } from './ballot.js';
import type { ScoringPoll } from './definition.js';
import { AGGREGATION_LABEL, DENOMINATOR_LABEL } from './labels.js';
import { add, cmp, div, fixed2, fromDecimal, hundredths, mul, q, rate, sub, sum, toHundredths, type Q } from './rational.js';
import type { ScoreStats, ScoreValue, ScoringResult, ScoringTargetResult, SheetSummary } from './result.js';
import { denominatorValue, rankTargets, resultBase, type TallyContext } from './tally-common.js';

const show = (x: Q): ScoreValue => {
  const text = fixed2(hundredths(x));
  return { text, value: Number(text) };
};

export interface ExactStats {
  n: number;
  mean: Q | null;
  trimmed: Q | null;
  min: Q | null;
  max: Q | null;
  /** Per aggregation; falls back to the mean when there are too few scores to trim. */
  score: Q | null;
}

/** ExactStats statistics of a list of scores; the trimmed mean drops exactly one max and one min. */
export function scoreStats(xs: readonly Q[], aggregation: ScoringPoll['aggregation']): ExactStats {
  if (xs.length === 0) return { n: 0, mean: null, trimmed: null, min: null, max: null, score: null };
  const total = sum(xs);
  const min = xs.reduce((a, b) => (cmp(b, a) < 0 ? b : a));
  const max = xs.reduce((a, b) => (cmp(b, a) > 0 ? b : a));
  const mean = div(total, q(xs.length));
  const trimmed = xs.length >= 3 ? div(sub(sub(total, max), min), q(xs.length - 2)) : null;
  return { n: xs.length, mean, trimmed, min, max, score: aggregation === 'trimmed_mean' ? (trimmed ?? mean) : mean };
}

const printable = (e: ExactStats): ScoreStats => ({
  counted: e.n,
  mean: e.mean && show(e.mean),
  trimmedMean: e.trimmed && show(e.trimmed),
  min: e.min && show(e.min),
  max: e.max && show(e.max),
  score: e.score && show(e.score),
});

const points = (x: number) => `${x}分`;

/** 得分为… ；90分及以上为优秀，…，60分以下为较差；按评议人类别加权：… */
export function describeScoring(def: ScoringPoll): string {
  const parts = [`得分为有效评分的${AGGREGATION_LABEL[def.aggregation]}${def.aggregation === 'trimmed_mean' ? '（评分不足3份时取算术平均分）' : ''}`];
  if (def.scale.mode === 'indicators') {
    const ind = def.scale.indicators.map((i) => `${i.label}${points(i.maxPoints)}${i.weight === null ? '' : `（权重${i.weight}）`}`);
    parts.push(`评分指标：${ind.join('、')}，折算为百分制`);
  }
  const g = def.grades;
  if (g.length > 0) {
    const low = def.scale.mode === 'single' ? def.scale.min : 0;
    parts.push(
      g.map((b, i) => (i > 0 && i === g.length - 1 && b.min <= low ? `低于${points(g[i - 1]!.min)}为${b.label}` : `${points(b.min)}及以上为${b.label}`)).join('，'),
    );
  }
  if (def.groups.length > 0) {
    const w = def.groups.map((x) => toHundredths(x.weight)!);
    const total = w.reduce((a, b) => a + b);
    const share = (h: bigint) => rate(Number(h), Number(total)).text.replace(/\.?0+%$/, '%');
    parts.push(`按评议人类别加权：${def.groups.map((x, i) => `${x.label}${share(w[i]!)}`).join('、')}`);
  }
  return parts.join('；');
}

export const SCORING_SORT_KEY = '按得分排序';

export function tallyScoring(def: ScoringPoll, sheets: ReadSheet[], summary: SheetSummary, ctx: TallyContext): ScoringResult {
  const warnings: string[] = [];
  // With no ballot at all the poll-level warning says it; per-target ones would only repeat it.
  const noBallots = sheets.length === 0;
  const valid = sheets.filter((s) => s.state === 'valid');
  const targets: Omit<ScoringTargetResult, 'rank'>[] = def.targets.map((t, ti) => {
    const rows = valid.map((s) => ({ row: s.rows[ti]!, group: s.group }));
    const counted = rows.filter((r) => r.row.state === 'counted');
    const all = scoreStats(
      counted.map((r) => r.row.score!),
      def.aggregation,
    );
    if (def.aggregation === 'trimmed_mean' && all.n > 0 && all.n < 3) warnings.push(`${t.label}：有效评分不足3份，未去掉最高分和最低分`);

    let final = all.score;
    const groups = def.groups.map((g) => {
      const e = scoreStats(
        counted.filter((r) => r.group === g.key).map((r) => r.row.score!),
        def.aggregation,
      );
      return { g, e };
    });
    if (def.groups.length > 0) {
      const present = groups.filter((x) => x.e.score !== null);
      if (!noBallots) for (const x of groups) if (x.e.score === null) warnings.push(`${t.label}：${x.g.label}无有效评分，按其余类别的权重折算`);
      // Blend over the groups that scored this target, their weights renormalised.
      final =
        present.length === 0
          ? null
          : div(
              sum(present.map((x) => mul(fromDecimal(x.g.weight), x.e.score!))),
              present.map((x) => fromDecimal(x.g.weight)).reduce(add),
            );
    }

    // The printed two-decimal score decides grade and rank, so the sheet reads consistently and
    // a higher-ranked target never has a lower grade (bands are thresholds on the same figure).
    const finalH = final && hundredths(final);
    const grade = finalH === null ? undefined : def.grades.find((b) => finalH >= toHundredths(b.min)!);
    const indicators =
      def.scale.mode === 'indicators'
        ? def.scale.indicators.map((ind, i) => {
            const pts = counted.map((r) => r.row.points![i]!);
            return { key: ind.key, label: ind.label, maxPoints: ind.maxPoints, mean: pts.length ? show(div(sum(pts), q(pts.length))) : null };
          })
        : [];
    return {
      key: t.key,
      label: t.label,
      counted: counted.length,
      invalid: rows.filter((r) => r.row.state === 'invalid').length,
      unfilled: rows.filter((r) => r.row.state === 'unfilled').length,
      stats: printable(all),
      score: final && show(final),
      grade: grade ? { key: grade.key, label: grade.label } : null,
      denominator: denominatorValue('valid_ballots', summary, counted.length),
      indicators,
      groups: groups.map(({ g, e }) => ({ key: g.key, label: g.label, weight: g.weight, ...printable(e) })),
    };
  });
  const { ranks, ranking } = rankTargets(
    def.targets,
    targets.map((t) => (t.score ? [toHundredths(t.score.value)!] : null)),
    targets.map((t) => t.score?.text ?? '—'),
  );
  const base = resultBase(def, sheets, summary, ctx);
  return {
    ...base,
    kind: 'scoring',
    warnings: [...base.warnings, ...warnings],
    rule: { preset: def.aggregation, name: AGGREGATION_LABEL[def.aggregation], adjusted: false, text: describeScoring(def) },
    denominator: { kind: 'valid_ballots', label: DENOMINATOR_LABEL.valid_ballots },
    ranking,
    sortKey: SCORING_SORT_KEY,
    targets: targets.map((t, i) => ({ ...t, rank: ranks[i] ?? null })),
  };
}
