import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/polls/canonical.js';
import { sealText, tally, type SelectionResult } from '../../shared/domain/polls/v1/index.js';
import { corpus, CORPUS_SEED, CORPUS_SIZE } from '../fixtures/poll-corpus.js';

/**
 * The oracle of tally version 1: for every poll of the seeded corpus, the SHA-256 of the
 * canonical result and of the seal text, as the code that sealed users' results produced them.
 * The fixture is written once (WRITE_POLL_CORPUS=1 when it does not exist) and never again.
 */

const FIXTURE = new URL('../fixtures/poll-corpus-v1.json', import.meta.url);
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

interface Fixture {
  about: string;
  generator: string;
  seed: number;
  size: number;
  /** [tag, sha256(canonicalJson(result)), sha256(sealText)] per case, in corpus order. */
  cases: [string, string, string][];
}

const cases = corpus(CORPUS_SEED, CORPUS_SIZE);
const computed = cases.map((c): [string, string, string] => [
  c.tag,
  sha256(canonicalJson(tally(c.definition, c.ballots, c.context))),
  sha256(sealText(c.definition, c.ballots, c.context)),
]);

if (process.env.WRITE_POLL_CORPUS === '1' && !existsSync(FIXTURE)) {
  const fixture: Fixture = {
    about: 'Tally version 1 oracle: sha256 of canonicalJson(result) and of sealText for each poll of the seeded corpus. Never regenerate.',
    generator: 'tests/fixtures/poll-corpus.ts',
    seed: CORPUS_SEED,
    size: CORPUS_SIZE,
    cases: computed,
  };
  // One case a line, so the file reads (and diffs) case by case.
  const head = JSON.stringify({ ...fixture, cases: [] }, null, 1).replace(/\[\]\n}$/, '');
  writeFileSync(FIXTURE, `${head}[\n${computed.map((c) => `  ${JSON.stringify(c)}`).join(',\n')}\n ]\n}\n`);
}

describe('tally version 1 corpus', () => {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;

  it('is the corpus the fixture was recorded from', () => {
    expect([fixture.seed, fixture.size]).toEqual([CORPUS_SEED, CORPUS_SIZE]);
    expect(computed.map((c) => c[0])).toEqual(fixture.cases.map((c) => c[0]));
  });

  it('reproduces every result and seal hash exactly', () => {
    const wrong = computed.flatMap((c, i) => {
      const [, result, seal] = fixture.cases[i]!;
      const out: string[] = [];
      if (c[1] !== result) out.push(`#${i} ${c[0]}: result differs`);
      if (c[2] !== seal) out.push(`#${i} ${c[0]}: seal text differs`);
      return out;
    });
    expect(wrong).toEqual([]);
  });

  it('covers every kind, preset, denominator and the awkward boxes', () => {
    const tags = new Set(cases.map((c) => c.tag));
    const has = (prefix: string) => [...tags].some((t) => t.startsWith(prefix));
    for (const p of ['majority_of_all_three_tier', 'unsatisfied_majority', 'rates_only', 'satisfaction_rate'])
      for (const d of ['all_members', 'present', 'ballots_returned', 'valid_ballots']) expect(tags, `${p}/${d}`).toContain(`satisfaction/${p}/${d}`);
    for (const t of ['scoring/single/mean', 'scoring/single/trimmed_mean', 'scoring/indicators/mean', 'scoring/indicators/trimmed_mean']) expect(has(t), t).toBe(true);
    expect(cases.some((c) => c.tag.startsWith('scoring/') && c.tag.endsWith('/groups'))).toBe(true);
    for (const t of ['decision/majority_of_all', 'decision/two_thirds_of_all', 'decision/custom', 'appointment/majority_of_all', 'appointment/custom']) expect(has(t), t).toBe(true);
    expect(cases.some((c) => c.tag.endsWith('/combined'))).toBe(true);
    expect(cases.some((c) => c.tag.includes('/majority'))).toBe(true);
    expect(cases.some((c) => c.definition.kind === 'selection' && c.definition.minChoices > 1)).toBe(true);
    const ties = cases.filter((c) => c.definition.kind === 'selection' && (tally(c.definition, c.ballots, c.context) as SelectionResult).selection.runoffSeats > 0);
    expect(ties.length).toBeGreaterThan(5);
    for (const k of ['satisfaction', 'scoring', 'decision', 'appointment', 'selection'])
      expect(cases.some((c) => c.definition.kind === k && c.ballots.length === 0), `${k} with no ballots`).toBe(true);
    const results = cases.map((c) => tally(c.definition, c.ballots, c.context));
    expect(results.some((r) => r.sheets.blank > 0)).toBe(true);
    expect(results.filter((r) => r.sheets.invalid > r.sheets.blank).length).toBeGreaterThan(50);
    expect(cases.filter((c) => c.context.ballotsIssued !== undefined).length).toBeGreaterThan(50);
  });
});

describe('tally version 1 is self-contained', () => {
  it('imports from the live modules only the stored vocabulary (see v1/index.ts)', () => {
    const dir = new URL('../../shared/domain/polls/v1/', import.meta.url);
    const outside = readdirSync(dir).flatMap((f) =>
      [...readFileSync(new URL(f, dir), 'utf8').matchAll(/^(import|export)\b[^;]*?from '([^']+)'/gms)]
        .map((m) => ({ file: f, typeOnly: /^(import|export) type\b/.test(m[0]), from: m[2]! }))
        .filter((i) => !i.from.startsWith('./')),
    );
    const allowed = (i: { typeOnly: boolean; from: string }) =>
      i.from === 'zod' ||
      i.from === '../canonical.js' ||
      i.from === '../ballot.js' ||
      (i.typeOnly && (i.from === '../definition.js' || i.from === '../rules.js'));
    expect(outside.length).toBeGreaterThan(10);
    expect(outside.filter((i) => !allowed(i))).toEqual([]);
  });
});
