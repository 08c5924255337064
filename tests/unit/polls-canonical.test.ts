import { describe, expect, it } from 'vitest';
import {
  canonicalBallotSet,
  canonicalJson,
  parseBallot,
  rate,
  sealTextV2,
  tally,
  type BallotPayload,
  type PollDefinition,
  type TallyContext,
} from '../../shared/domain/polls/index.js';
import { def, roomContext, shuffle, targets, times } from './polls-helpers.js';

/** The version 2 seal text of parsed ballots, as the core builds it from the stored strings. */
const seal = (d: PollDefinition, ballots: readonly BallotPayload[], ctx: TallyContext) => sealTextV2(canonicalJson(d), ballots.map(canonicalJson), ctx);

describe('rates', () => {
  it.each([
    [20, 28, '71.43%'],
    [1, 8, '12.50%'],
    [1, 3, '33.33%'],
    [2, 3, '66.67%'],
    [1, 16, '6.25%'],
    [1, 32, '3.13%'], // 3.125 rounds half up
    [0, 5, '0.00%'],
    [5, 5, '100.00%'],
  ])('%i of %i -> %s', (num, den, text) => {
    expect(rate(num, den)).toEqual({ num, den, text });
  });
  it('a zero denominator prints a dash', () => expect(rate(0, 0).text).toBe('—'));
});

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: null, c: '满意' }], u: undefined })).toBe('{"a":[3,{"c":"满意","d":null}],"b":1}');
    expect(canonicalJson({ z: 1, a: 2 })).toBe(canonicalJson({ a: 2, z: 1 }));
  });
  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow();
    expect(() => canonicalJson({ a: 1n })).toThrow();
    expect(() => canonicalJson([undefined])).toThrow();
    expect(() => canonicalJson(new Date(0))).toThrow();
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => canonicalJson(cyc)).toThrow();
  });
});

/** A mixed box of ballots for every kind, valid and invalid. */
function boxes(): [PollDefinition, BallotPayload[], TallyContext][] {
  const sat = def({ kind: 'satisfaction', title: '测评', targets: targets('a', 'b', 'c') });
  const satBallots = [
    ...times(9, sat, { kind: 'satisfaction', marks: { a: ['satisfied'], b: ['basically'], c: ['unsatisfied'] } }),
    ...times(5, sat, { kind: 'satisfaction', marks: { a: ['unsatisfied'], b: ['satisfied'], c: ['satisfied'] } }),
    ...times(2, sat, { kind: 'satisfaction', marks: { a: ['basically'], c: ['satisfied', 'basically'] } }),
    ...times(2, sat, { kind: 'satisfaction', marks: {} }),
  ];
  const score = def({ kind: 'scoring', title: '评议', targets: targets('a', 'b'), aggregation: 'trimmed_mean', scale: { mode: 'single', step: 0.01 } });
  const scoreBallots = [71.33, 88.01, 90.17, 64.5, 99.99, 80, 80, 0.01].map((s, i) =>
    parseBallot(score, { kind: 'scoring', scores: { a: s, b: 100 - s + (i % 3) } }),
  );
  const sel = def({ kind: 'selection', title: '票决', targets: targets('a', 'b', 'c', 'd'), maxChoices: 2 });
  const selBallots = [...times(4, sel, { kind: 'selection', chosen: ['a', 'b'] }), ...times(4, sel, { kind: 'selection', chosen: ['c', 'd'] }), ...times(1, sel, { kind: 'selection', chosen: ['a', 'b', 'c'] })];
  const dec = def({ kind: 'decision', title: '表决', targets: targets('m') });
  const decBallots = [...times(16, dec, { kind: 'decision', marks: { m: ['for'] } }), ...times(3, dec, { kind: 'decision', marks: { m: ['abstain'] } }), ...times(1, dec, { kind: 'decision', marks: {} })];
  return [
    [sat, satBallots, roomContext(satBallots.length, { serving: 29, present: 20, paper: 5, handedOut: 6 })],
    [score, scoreBallots, roomContext(scoreBallots.length, { serving: 29, present: 8 })],
    [sel, selBallots, roomContext(selBallots.length, { serving: 29, present: 9, paper: 9 })],
    [dec, decBallots, roomContext(decBallots.length, { serving: 29, present: 20, lowestPresent: 14 })],
  ];
}

describe('order independence', () => {
  it.each(boxes().map((b) => [b[0].kind, ...b] as const))('%s: any order gives the identical result and canonical set', (_k, d, ballots, ctx) => {
    const ref = tally(d, ballots, ctx);
    const refJson = canonicalJson(ref);
    const refSet = canonicalBallotSet(ballots);
    for (let seed = 1; seed <= 25; seed++) {
      const mixed = shuffle(ballots, seed);
      expect(canonicalJson(tally(d, mixed, ctx))).toBe(refJson);
      expect(canonicalBallotSet(mixed)).toBe(refSet);
      expect(seal(d, mixed, ctx)).toBe(seal(d, ballots, ctx));
    }
    expect(JSON.parse(JSON.stringify(ref))).toEqual(ref); // plain JSON
  });

  it('the seal text changes when any ballot is edited, added or removed', () => {
    const [d, ballots, ctx] = boxes()[0]!;
    const base = seal(d, ballots, ctx);
    const edited = structuredClone(ballots);
    (edited[0] as { marks: Record<string, string[]> }).marks.a = ['unsatisfied'];
    expect(seal(d, edited, ctx)).not.toBe(base);
    expect(seal(d, ballots.slice(1), ctx)).not.toBe(base);
    expect(seal(d, [...ballots, ballots[0]!], ctx)).not.toBe(base);
    expect(seal({ ...d, title: '改' }, ballots, ctx)).not.toBe(base);
    expect(seal(d, ballots, { ...ctx, quorum: { ...ctx.quorum, lowestPresent: 3 } })).not.toBe(base);
  });

  it('the seal text is canonical JSON of the sorted set', () => {
    const d = def({ kind: 'decision', title: 't', targets: targets('m') });
    const b = [parseBallot(d, { kind: 'decision', marks: { m: ['for'] } }), parseBallot(d, { kind: 'decision', marks: { m: ['against'] } })];
    expect(canonicalBallotSet(b)).toBe('[{"kind":"decision","marks":{"m":["against"]}},{"kind":"decision","marks":{"m":["for"]}}]');
    const ctx = roomContext(2, { serving: 3, present: 2 });
    const text = seal(d, b, ctx);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(JSON.parse(text)).toMatchObject({ tally: 2, context: ctx });
  });

  it('the seal text carries the definition exactly as stored, not re-serialised', () => {
    const d = def({ kind: 'decision', title: 't', targets: targets('m') });
    const stored = JSON.stringify(d, null, 2); // not canonical: whitespace, key order as written
    const text = sealTextV2(stored, ['{"kind":"decision","marks":{"m":["for"]}}'], roomContext(1, { serving: 3 }));
    expect(text).toContain(`"definition":${stored},"tally":2}`);
    expect(JSON.parse(text).definition).toEqual(JSON.parse(stored));
  });
});
