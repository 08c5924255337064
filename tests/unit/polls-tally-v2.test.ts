import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  CURRENT_TALLY_VERSION,
  isTallyVersion,
  parsePollDefinition,
  sealTextV2,
  tally,
  TALLIES,
  tallyVersion,
  type AppointmentResult,
  type DecisionResult,
  type PollDefinition,
  type SatisfactionResult,
  type ScoringResult,
  type SelectionResult,
  type TallyContext,
} from '../../shared/domain/polls/index.js';
import { seededRandom } from '../../shared/domain/random.js';
import { corpus, CORPUS_SEED, CORPUS_SIZE, type CorpusCase } from '../fixtures/poll-corpus.js';
import { def, roomContext, shuffle, tallyIn, targets, times } from './polls-helpers.js';

/** Tally version 2: the context, the reconciliation, empty boxes, the quorum, ranking, versions. */

const sat = (d: PollDefinition, n: number, marks: Record<string, string[]>) => times(n, d, { kind: 'satisfaction', marks });

describe('the version 2 context', () => {
  const d = def({ kind: 'decision', title: '表决', targets: targets('m') });
  const five = times(5, d, { kind: 'decision', marks: { m: ['for'] } });
  const ok: TallyContext = { serving: 29, present: 20, device: 3, paper: { handedOut: 3, returned: 2 }, quorum: { required: 15, lowestPresent: 20 } };

  it('is accepted when it adds up', () => expect(tally(d, five, ok).sheets.returned).toBe(5));

  it.each([
    ['device + paper returned is not the ballot count', { ...ok, device: 4 }, 'device (4) + paper.returned (2) is not the 5 ballots'],
    ['more sheets returned than handed out', { ...ok, device: 1, paper: { handedOut: 3, returned: 4 } }, 'paper.returned (4) exceeds paper.handedOut (3)'],
    ['more ballots than members present', { ...ok, present: 4 }, '5 ballots from 4 members present'],
    ['more present than serving', { ...ok, serving: 19 }, 'present (20) exceeds serving (19)'],
  ])('throws when %s', (_what, ctx, message) => {
    expect(() => tally(d, five, ctx)).toThrow(message);
  });

  it('is strict: a version 1 context or an extra field is refused', () => {
    expect(() => tally(d, five, { serving: 29, present: 20 } as never)).toThrow();
    expect(() => tally(d, five, { ...ok, ballotsIssued: 5 } as never)).toThrow();
    expect(() => tally(d, five, { ...ok, serving: 1.5 })).toThrow();
  });
});

describe('sheet reconciliation', () => {
  it('counts device and paper ballots, sheets handed out and not returned', () => {
    const d = def({ kind: 'satisfaction', title: '测评', targets: targets('a') });
    const ballots = [...sat(d, 20, { a: ['satisfied'] }), ...sat(d, 3, { a: ['basically'] }), ...sat(d, 2, {})];
    const r = tallyIn(d, ballots, { serving: 29, present: 27, paper: 5, handedOut: 7 });
    expect(r.sheets).toMatchObject({ serving: 29, present: 27, issued: 7, returned: 25, valid: 23, invalid: 2, blank: 2, device: 20, paperReturned: 5 });
    expect(r.sheets.reconciliation!.map((l) => [l.label, l.count])).toEqual([
      ['发出纸质选票', 7],
      ['收回纸质选票', 5],
      ['未收回纸质选票', 2],
      ['电子选票', 20],
      ['收回选票合计', 25],
      ['有效票', 23],
      ['无效票（含空白票）', 2],
      ['其中空白票', 2],
    ]);
  });
});

describe('no ballots (未收到选票)', () => {
  const room = { serving: 29, present: 20 };

  it.each(['majority_of_all_three_tier', 'unsatisfied_majority', 'rates_only', 'satisfaction_rate'] as const)('satisfaction, %s: no verdict, no rank', (preset) => {
    for (const denominator of ['all_members', 'present', 'ballots_returned', 'valid_ballots'] as const) {
      const d = def({ kind: 'satisfaction', title: '测评', targets: targets('a', 'b'), rule: { preset, denominator } });
      const r = tallyIn(d, [], room) as SatisfactionResult;
      expect(r.noBallots).toBe(true);
      expect(r.warnings).toEqual(['未收到选票']);
      expect(r.targets.map((t) => [t.verdict, t.rank])).toEqual([
        [null, null],
        [null, null],
      ]);
      expect(r.ranking.map((e) => e.rank)).toEqual([null, null]);
    }
  });

  it('scoring: no score, grade or rank, and no per-target warnings', () => {
    const d = def({
      kind: 'scoring',
      title: '评议',
      targets: targets('a', 'b'),
      aggregation: 'trimmed_mean',
      groups: [
        { key: 'committee', label: '常委会组成人员', weight: 0.6 },
        { key: 'public', label: '群众代表', weight: 0.4 },
      ],
    });
    const r = tallyIn(d, [], room) as ScoringResult;
    expect(r.noBallots).toBe(true);
    expect(r.warnings).toEqual(['未收到选票']);
    expect(r.targets.map((t) => [t.score, t.grade, t.rank])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
  });

  it('selection: nothing decided, no state and no rank', () => {
    const d = def({ kind: 'selection', title: '票决', targets: targets('a', 'b', 'c'), maxChoices: 2 });
    const r = tallyIn(d, [], room) as SelectionResult;
    expect(r.noBallots).toBe(true);
    expect(r.warnings).toEqual(['未收到选票']);
    expect(r.targets.map((t) => [t.votes, t.state, t.stateLabel, t.rank])).toEqual([
      [0, null, null, null],
      [0, null, null, null],
      [0, null, null, null],
    ]);
    expect(r.selection).toEqual({ seats: 2, selected: 0, runoffSeats: 0, runoffCandidates: 0, vacantSeats: 2 });
  });

  it('decision: not adopted, and the warning says why', () => {
    const d = def({ kind: 'decision', title: '表决', targets: targets('m') });
    const r = tallyIn(d, [], room) as DecisionResult;
    expect(r.noBallots).toBe(true);
    expect(r.targets[0]!.verdict).toEqual({ key: 'rejected', label: '未通过' });
    expect(r.warnings).toEqual(['未收到选票', '未收到选票，赞成票为0：按全体组成人员（29人）计算，至少需15票，未通过']);
  });

  it('appointment, per person and combined: none appointed', () => {
    const each = def({ kind: 'appointment', title: '任免', targets: targets('p1', 'p2') });
    const r = tallyIn(each, [], room) as AppointmentResult;
    expect(r.targets.map((t) => t.verdict.key)).toEqual(['rejected', 'rejected']);
    expect(r.warnings).toEqual(['未收到选票', '未收到选票，各项赞成票均为0：按全体组成人员（29人）计算，至少需15票，均未通过']);
    const combined = def({ kind: 'appointment', title: '任免', targets: targets('p1', 'p2'), combined: true });
    const c = tallyIn(combined, [], room) as AppointmentResult;
    expect(c.targets.map((t) => t.verdict.key)).toEqual(['rejected']);
    expect(c.warnings[1]).toBe('未收到选票，赞成票为0：按全体组成人员（29人）计算，至少需15票，未通过');
  });

  it('a box with ballots is not flagged', () => {
    const d = def({ kind: 'decision', title: '表决', targets: targets('m') });
    const r = tallyIn(d, times(1, d, { kind: 'decision', marks: {} }), room);
    expect(r.noBallots).toBe(false);
    expect(r.warnings).toEqual([]);
  });
});

describe('quorum lost while the poll was open', () => {
  const d = def({ kind: 'decision', title: '表决', targets: targets('m') });
  const ballots = times(16, d, { kind: 'decision', marks: { m: ['for'] } });

  it('is stored as a warning in the result', () => {
    const r = tallyIn(d, ballots, { serving: 29, present: 20, lowestPresent: 14 }) as DecisionResult;
    expect(r.warnings).toEqual(['表决进行中出席人数曾降至14人，低于法定人数15人']);
    expect(r.targets[0]!.verdict.key).toBe('adopted'); // the count stands; the clerk decides what the warning means
  });

  it('exactly the quorum is no warning', () => {
    expect(tallyIn(d, ballots, { serving: 29, present: 20, lowestPresent: 15 }).warnings).toEqual([]);
  });
});

describe('ranking never contradicts the verdicts', () => {
  it('three tiers: a 基本满意 department never ranks above a 满意 one, even with a higher 满意率', () => {
    const d = def({ kind: 'satisfaction', title: '测评', targets: targets('a', 'b', 'c') });
    // a: 16 满意 -> 满意 (favourable 16/29); b: 14 + 15 -> 基本满意 (favourable 29/29); c: 14 + 14 -> 基本满意
    const ballots = [
      ...sat(d, 14, { a: ['satisfied'], b: ['satisfied'], c: ['satisfied'] }),
      ...sat(d, 2, { a: ['satisfied'], b: ['basically'], c: ['basically'] }),
      ...sat(d, 12, { a: ['unsatisfied'], b: ['basically'], c: ['basically'] }),
      ...sat(d, 1, { a: ['unsatisfied'], b: ['basically'], c: ['unsatisfied'] }),
    ];
    const r = tallyIn(d, ballots, { serving: 29 }) as SatisfactionResult;
    expect(r.targets.map((t) => [t.key, t.verdict?.label, t.satisfactionRate.text, t.rank])).toEqual([
      ['a', '满意', '55.17%', 1],
      ['b', '基本满意', '100.00%', 2],
      ['c', '基本满意', '96.55%', 3],
    ]);
    expect(r.ranking.map((e) => [e.key, e.value])).toEqual([
      ['a', '满意，55.17%，55.17%'],
      ['b', '基本满意，48.28%，100.00%'],
      ['c', '基本满意，48.28%，96.55%'],
    ]);
    expect(r.sortKey).toBe('按评定结果排序；结果相同的，按满意票占比排序，再按满意与基本满意票之和占比排序');
  });

  it('unsatisfied majority: verdict, then fewer 不满意, then 满意 share', () => {
    const d = def({ kind: 'satisfaction', title: '测评', targets: targets('a', 'b', 'c'), rule: { preset: 'unsatisfied_majority' } });
    // of 10 returned: a 4/3/3 满意; b 6/1/3 满意 (as many 不满意 as a, more 满意); c 2/6/2 基本满意 (fewest 不满意)
    const ballots = [
      ...sat(d, 2, { a: ['satisfied'], b: ['satisfied'], c: ['satisfied'] }),
      ...sat(d, 2, { a: ['satisfied'], b: ['satisfied'], c: ['basically'] }),
      ...sat(d, 1, { a: ['basically'], b: ['satisfied'], c: ['basically'] }),
      ...sat(d, 1, { a: ['basically'], b: ['satisfied'], c: ['basically'] }),
      ...sat(d, 1, { a: ['basically'], b: ['basically'], c: ['basically'] }),
      ...sat(d, 2, { a: ['unsatisfied'], b: ['unsatisfied'], c: ['unsatisfied'] }),
      ...sat(d, 1, { a: ['unsatisfied'], b: ['unsatisfied'], c: ['basically'] }),
    ];
    const r = tallyIn(d, ballots, { serving: 29, present: 20 }) as SatisfactionResult;
    expect(r.targets.map((t) => t.options.map((o) => o.count).join('/'))).toEqual(['4/3/3', '6/1/3', '2/6/2']);
    expect(r.targets.map((t) => [t.key, t.verdict?.key, t.rank])).toEqual([
      ['a', 'satisfied', 2],
      ['b', 'satisfied', 1],
      ['c', 'basically', 3],
    ]);
    expect(r.sortKey).toBe('按评定结果排序；结果相同的，按不满意票占比排序（占比低的在前），再按满意票占比排序');
  });

  it('satisfaction rate: verdict, then 满意率, then 满意 share', () => {
    const d = def({ kind: 'satisfaction', title: '测评', targets: targets('a', 'b', 'c'), rule: { preset: 'satisfaction_rate' } });
    const ballots = [
      ...sat(d, 6, { a: ['satisfied'], b: ['basically'], c: ['satisfied'] }),
      ...sat(d, 2, { a: ['basically'], b: ['basically'], c: ['unsatisfied'] }),
      ...sat(d, 2, { a: ['unsatisfied'], b: ['satisfied'], c: ['unsatisfied'] }),
    ];
    const r = tallyIn(d, ballots, { serving: 29, present: 20 }) as SatisfactionResult;
    expect(r.targets.map((t) => [t.key, t.verdict?.key, t.satisfactionRate.text, t.rank])).toEqual([
      ['a', 'satisfied', '80.00%', 2],
      ['b', 'satisfied', '100.00%', 1],
      ['c', 'basically', '60.00%', 3],
    ]);
    expect(r.sortKey).toBe('按评定结果排序；结果相同的，按满意率排序，再按满意票占比排序');
  });

  it('compares printed figures: 1 of 107 and 1 of 108 both print 0.93% and share a rank', () => {
    const d = def({ kind: 'satisfaction', title: '测评', targets: targets('a', 'b'), rule: { preset: 'rates_only', denominator: 'valid_ballots' } });
    const ballots = [...sat(d, 1, { a: ['satisfied'], b: ['satisfied'] }), ...sat(d, 106, { a: ['unsatisfied'], b: ['unsatisfied'] }), ...sat(d, 1, { b: ['unsatisfied'] })];
    const r = tallyIn(d, ballots, { serving: 120 }) as SatisfactionResult;
    expect(r.targets.map((t) => [t.satisfactionRate.num, t.satisfactionRate.den, t.satisfactionRate.text, t.rank])).toEqual([
      [1, 107, '0.93%', 1],
      [1, 108, '0.93%', 1],
    ]);
  });

  it('competition ranks 1, 2, 2, 4 on equal verdict and figures; a target with no verdict is unranked', () => {
    const d = def({ kind: 'satisfaction', title: '测评', targets: targets('a', 'b', 'c', 'd', 'e'), rule: { preset: 'satisfaction_rate' } });
    const ballots = [
      ...sat(d, 4, { a: ['satisfied'], b: ['satisfied'], c: ['satisfied'], d: ['basically'] }),
      ...sat(d, 1, { a: ['satisfied'], b: ['basically'], c: ['basically'], d: ['basically'] }),
    ];
    const r = tallyIn(d, ballots, { serving: 29, present: 15 }) as SatisfactionResult;
    expect(r.targets.map((t) => [t.key, t.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
      ['e', null],
    ]);
    expect(r.ranking.map((e) => e.key)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('scoring and selection state their sort key; decisions have none', () => {
    const s = def({ kind: 'scoring', title: '评议', targets: targets('a') });
    expect(tallyIn(s, times(1, s, { kind: 'scoring', scores: { a: 90 } }), { serving: 3 }).sortKey).toBe('按得分排序');
    const v = def({ kind: 'selection', title: '票决', targets: targets('a', 'b'), maxChoices: 1 });
    expect(tallyIn(v, times(1, v, { kind: 'selection', chosen: ['a'] }), { serving: 3 }).sortKey).toBe('按得票数排序');
    const m = def({ kind: 'decision', title: '表决', targets: targets('m') });
    expect(tallyIn(m, [], { serving: 3 }).sortKey).toBeNull();
  });
});

describe('results of version 2', () => {
  const cases = [
    def({ kind: 'satisfaction', title: 't', targets: targets('a') }),
    def({ kind: 'scoring', title: 't', targets: targets('a') }),
    def({ kind: 'decision', title: 't', targets: targets('m') }),
    def({ kind: 'appointment', title: 't', targets: targets('p') }),
    def({ kind: 'selection', title: 't', targets: targets('a', 'b'), maxChoices: 1 }),
  ];
  it.each(cases.map((d) => [d.kind, d] as const))('%s: carries tally 2 and no preset origin', (_k, d) => {
    const r = tallyIn(d, [], { serving: 5 });
    expect(r.tally).toBe(2);
    expect(Object.keys(r.rule).sort()).toEqual(['adjusted', 'name', 'preset', 'text']);
  });
});

describe('the version registry', () => {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/poll-corpus-v1.json', import.meta.url), 'utf8')) as { cases: [string, string, string][] };
  const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

  it('version 1 through the registry reproduces every sealed hash of the corpus from stored text', () => {
    const v1 = tallyVersion(1);
    const wrong = corpus(CORPUS_SEED, CORPUS_SIZE).filter((c, i) => {
      const [, result, seal] = fixture.cases[i]!;
      const stored = c.ballots.map(canonicalJson);
      const ctx = v1.contextSchema.parse(c.context);
      return sha256(canonicalJson(v1.tally(c.definition, c.ballots, ctx))) !== result || sha256(v1.sealText(canonicalJson(c.definition), stored, ctx)) !== seal;
    });
    expect(wrong.map((c) => c.index)).toEqual([]);
  });

  it('the current version is 2, and seals the stored definition text', () => {
    expect(CURRENT_TALLY_VERSION).toBe(2);
    const v2 = TALLIES[2];
    const d = def({ kind: 'decision', title: 't', targets: targets('m') });
    const ctx = roomContext(1, { serving: 3 });
    const b = ['{"kind":"decision","marks":{"m":["for"]}}'];
    expect(v2.sealText(canonicalJson(d), b, ctx)).toBe(sealTextV2(canonicalJson(d), b, ctx));
    expect(() => v2.sealText(canonicalJson(d), b, { serving: 3, present: 3 } as never)).toThrow();
    expect(v2.tally(d, [], roomContext(0, { serving: 3 })).tally).toBe(2);
  });

  it('refuses a version it does not know', () => {
    expect(isTallyVersion(1) && isTallyVersion(2)).toBe(true);
    expect(isTallyVersion(3)).toBe(false);
    expect(() => tallyVersion(3)).toThrow('Unknown tally version 3');
  });
});

/** A version 2 context for a corpus poll: the same counts, made consistent, paper and quorum drawn. */
function contextV2(c: CorpusCase): TallyContext {
  const rnd = seededRandom(c.index + 1);
  const n = c.ballots.length;
  const present = Math.max(c.context.present, n);
  const serving = Math.max(c.context.serving, present);
  const paper = Math.floor(rnd() * (n + 1));
  const required = Math.floor(serving / 2) + 1;
  return {
    serving,
    present,
    device: n - paper,
    paper: { handedOut: paper + Math.floor(rnd() * 3), returned: paper },
    quorum: { required, lowestPresent: rnd() < 0.2 ? Math.floor(rnd() * present) : present },
  };
}

/** Every Rate ({num, den, text}) inside a result. */
function ratesIn(v: unknown, out: { num: number; den: number; text: string }[] = []) {
  if (Array.isArray(v)) v.forEach((x) => ratesIn(x, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.num === 'number' && typeof o.den === 'number' && typeof o.text === 'string') out.push(o as never);
    else Object.values(o).forEach((x) => ratesIn(x, out));
  }
  return out;
}

describe('properties over the random corpus (version 2)', () => {
  const runs = corpus(CORPUS_SEED, CORPUS_SIZE).map((c) => {
    const ctx = contextV2(c);
    return { c, ctx, r: tally(c.definition, c.ballots, ctx) };
  });

  it('no rate ever exceeds 100%', () => {
    const rates = runs.flatMap(({ r }) => ratesIn(r));
    expect(rates.length).toBeGreaterThan(1000);
    expect(rates.filter((x) => x.num > x.den && x.den > 0)).toEqual([]);
    expect(rates.filter((x) => x.text !== '—' && Number.parseFloat(x.text) > 100)).toEqual([]);
  });

  it('a better-ranked target never has a worse verdict or grade', () => {
    const tier = { satisfied: 3, basically: 2, unsatisfied: 1 } as Record<string, number>;
    const bad: string[] = [];
    for (const { c, r } of runs) {
      if (r.kind === 'satisfaction') {
        for (const a of r.targets)
          for (const b of r.targets)
            if (a.rank !== null && b.rank !== null && a.rank < b.rank && a.verdict && b.verdict && tier[a.verdict.key]! < tier[b.verdict.key]!) bad.push(`#${c.index}`);
      }
      if (r.kind === 'scoring' && c.definition.kind === 'scoring') {
        const grades = c.definition.grades;
        // Bands are listed best first; a score below every band is worse than all of them.
        const band = (k: string | undefined) => (k === undefined ? grades.length : grades.findIndex((g) => g.key === k));
        for (const a of r.targets)
          for (const b of r.targets) if (a.rank !== null && b.rank !== null && a.rank < b.rank && band(a.grade?.key) > band(b.grade?.key)) bad.push(`#${c.index}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the result depends only on the multiset of ballots', () => {
    for (const { c, ctx, r } of runs.filter((_, i) => i % 8 === 0)) {
      expect(canonicalJson(tally(c.definition, shuffle(c.ballots, c.index), ctx))).toBe(canonicalJson(r));
    }
  });

  it('every result is version 2 plain JSON, with a sort key wherever it ranks', () => {
    for (const { r } of runs) {
      expect(r.tally).toBe(2);
      expect(JSON.parse(canonicalJson(r))).toEqual(r);
      expect(r.sortKey === null).toBe(r.kind === 'decision' || r.kind === 'appointment');
    }
  });
});

describe('stored definitions', () => {
  it('a definition stored before run-offs existed parses to the same canonical JSON', () => {
    const old = { kind: 'selection', title: '票决', anonymous: true, targets: targets('a', 'b'), maxChoices: 1, minChoices: 1, requireMajority: false };
    expect(canonicalJson(parsePollDefinition(old))).toBe(canonicalJson(old));
  });
});
