import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { openDatabase } from '../../db/open.js';
import type { Database } from '../../db/schema.js';
import { sealStored } from '../../electron/core/seal.js';
import type { BodyRating } from '../../shared/api/rating-schemas.js';
import { meetingTitle } from '../../shared/domain/format.js';
import { canonicalJson } from '../../shared/domain/polls/canonical.js';
import { parsePollDefinition, type PollDefinitionInput } from '../../shared/domain/polls/definition.js';
import type { SatisfactionTargetResult, ScoringTargetResult } from '../../shared/domain/polls/result.js';
import { makeCore } from '../helpers/core.js';
import { tempDir } from '../helpers/tmp.js';

/** Migration 0005_supervision, on a database at version 4 (the version before it). */

const NAMES = Object.keys(MIGRATIONS).sort();
const upTo = (name: string) => Object.fromEntries(NAMES.filter((n) => n <= name).map((n) => [n, MIGRATIONS[n]!]));
const before = (name: string) => NAMES[NAMES.indexOf(name) - 1]!;

/**
 * body.ratings as version 4 answered it (commit 247b612, db/repos/ratings.repo.ts and
 * electron/core/services/ratings.service.ts, removed by the supervision change): a row rates a
 * body when its label is the body's name, or when the sheet has one row and the agenda item is
 * the body's. Kept here, frozen, as the oracle for "the same rows as before the migration".
 */
async function ratingsOfVersion4(db: Kysely<Database>, bodyId: number): Promise<{ bodyId: number; bodyName: string; rows: BodyRating[] }> {
  const body = await db.selectFrom('body').select(['id', 'name']).where('id', '=', bodyId).executeTakeFirstOrThrow();
  const bodyName = body.name;
  const needle = `"label":${JSON.stringify(bodyName)}`;
  const labelIndex = sql<number | null>`(SELECT t.key FROM json_each(p.definition, '$.targets') t WHERE t.value ->> 'label' = ${bodyName} LIMIT 1)`;
  const found = await db
    .selectFrom('poll as p')
    .innerJoin('agenda_item as a', 'a.id', 'p.agenda_item_id')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('term as t', 't.id', 'm.term_id')
    .innerJoin('poll_result as r', 'r.poll_id', 'p.id')
    .select([
      'p.id as poll_id',
      'p.kind',
      'p.title as poll_title',
      'p.round',
      'p.status',
      'm.id as meeting_id',
      'm.date',
      'm.number',
      't.name as term_name',
      'a.title as agenda_title',
      'a.body_id as agenda_body_id',
      'r.ballot_count',
      sql<number>`json_array_length(p.definition, '$.targets')`.as('target_count'),
      labelIndex.as('label_index'),
      sql<string>`r.result -> ('$.targets[' || coalesce(${labelIndex}, 0) || ']')`.as('target'),
    ])
    .where('p.kind', 'in', ['satisfaction', 'scoring'])
    .where('p.status', 'in', ['closed', 'released'])
    .where((eb) =>
      eb.or([
        eb.and([eb('a.body_id', '=', bodyId), eb(sql<number>`json_array_length(p.definition, '$.targets')`, '=', 1)]),
        eb(sql<number>`instr(p.definition, ${needle})`, '>', 0),
      ]),
    )
    .orderBy('m.date', 'desc')
    .orderBy('m.id', 'desc')
    .orderBy('a.position')
    .orderBy('p.round')
    .execute();
  const rows: BodyRating[] = [];
  for (const row of found) {
    const t = JSON.parse(row.target) as SatisfactionTargetResult | ScoringTargetResult | null;
    let by: 'label' | 'agenda' | null = null;
    if (row.label_index !== null && t?.label === bodyName) by = 'label';
    else if (row.agenda_body_id === bodyId && row.target_count === 1 && t) by = 'agenda';
    if (!t || !by) continue;
    const common = {
      pollId: row.poll_id as never,
      meetingId: row.meeting_id as never,
      meetingTitle: meetingTitle(row.term_name, row.number),
      date: row.date,
      agendaTitle: row.agenda_title,
      pollTitle: row.poll_title,
      round: row.round,
      status: row.status as BodyRating['status'],
      ballotCount: row.ballot_count,
      target: { key: t.key, label: t.label },
      matchedBy: by,
      denominator: { label: t.denominator.label, value: t.denominator.value },
      rank: t.rank,
      of: row.target_count,
    };
    if (row.kind === 'satisfaction') {
      const s = t as SatisfactionTargetResult;
      rows.push({
        ...common,
        kind: 'satisfaction',
        verdict: s.verdict?.label ?? null,
        satisfactionRate: s.satisfactionRate.text,
        score: null,
        options: s.options.map((o) => ({ key: o.key, label: o.label, count: o.count, rate: o.rate.text })),
      });
    } else {
      const s = t as ScoringTargetResult;
      rows.push({ ...common, kind: 'scoring', verdict: s.grade?.label ?? null, satisfactionRate: null, score: s.score?.text ?? null, options: [] });
    }
  }
  return { bodyId: body.id, bodyName, rows };
}

const NOW = '2026-11-30T08:00:00.000Z';
const BODIES = { court: 1, edu: 2, civil: 3, gov: 4 } as const;

/** As version 4 left a database: two meetings, rated and unrated polls of every kind, sealed by tally version 1. */
function seedVersion4(raw: BetterSqlite3.Database) {
  raw.prepare("INSERT INTO term (id, name, level, start_date, end_date, created_at) VALUES (1, '第十七届', 'city', '2022-01-10', NULL, ?)").run(NOW);
  for (let i = 1; i <= 20; i++) raw.prepare("INSERT INTO member (id, term_id, name, role, status, seat_order, note, created_at) VALUES (?, 1, ?, 'member', 'serving', ?, NULL, ?)").run(i, `委员${i}`, i, NOW);
  const bodies: [number, string, string][] = [
    [BODIES.court, '市中级人民法院', 'court'],
    [BODIES.edu, '市教育局', 'department'],
    [BODIES.civil, '市民政局', 'department'],
    [BODIES.gov, '市人民政府', 'government'],
  ];
  for (const [id, name, kind] of bodies) raw.prepare('INSERT INTO body (id, name, kind, sort_order, active, created_at) VALUES (?, ?, ?, 0, 1, ?)').run(id, name, kind, NOW);
  for (const [id, number, date] of [
    [1, 10, '2025-03-05'],
    [2, 11, '2026-03-10'],
  ] as const) {
    raw.prepare("INSERT INTO meeting (id, term_id, number, date, place, status, created_at, updated_at) VALUES (?, 1, ?, ?, '第一会议室', 'closed', ?, ?)").run(id, number, date, NOW, NOW);
    for (let m = 1; m <= 20; m++) raw.prepare("INSERT INTO attendance (meeting_id, member_id, status, updated_at) VALUES (?, ?, 'present', ?)").run(id, m, NOW);
  }
  const items: [number, number, number, string, number | null, string][] = [
    [1, 1, 1, '听取和审议市中级人民法院关于行政审判工作情况的报告', BODIES.court, 'satisfaction'],
    [2, 1, 2, '审议市人民政府关于审议意见研究处理情况的报告', BODIES.gov, 'satisfaction'],
    [3, 2, 1, '听取和审议市教育局关于“双减”工作情况的报告', BODIES.edu, 'satisfaction'],
    [4, 2, 2, '工作评议', null, 'scoring'],
    [5, 2, 3, '审议关于教育工作的决议', BODIES.edu, 'decision'],
  ];
  for (const [id, meeting, position, title, body, voteKind] of items) {
    raw.prepare("INSERT INTO agenda_item (id, meeting_id, position, kind, title, body_id, notes, vote_kind, created_at) VALUES (?, ?, ?, 'special_report', ?, ?, NULL, ?, ?)").run(id, meeting, position, title, body, voteKind, NOW);
  }

  const addPoll = (id: number, item: number, input: PollDefinitionInput, status: 'draft' | 'closed' | 'released', ballots: unknown[]) => {
    const def = parsePollDefinition(input);
    const text = canonicalJson(def);
    raw
      .prepare(
        'INSERT INTO poll (id, agenda_item_id, round, kind, title, anonymous, definition, status, serving_at_open, present_at_open, opened_at, closed_at, created_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, item, def.kind, def.title, def.anonymous ? 1 : 0, text, status, status === 'draft' ? null : 20, status === 'draft' ? null : 20, status === 'draft' ? null : NOW, status === 'draft' ? null : NOW, NOW);
    if (status === 'draft') return;
    const stored = ballots.map((b) => canonicalJson(b)).sort();
    stored.forEach((payload, i) => raw.prepare('INSERT INTO ballot (poll_id, seq, payload) VALUES (?, ?, ?)').run(id, i + 1, payload));
    const seal = sealStored(1, text, stored, { serving: 20, present: 20 }, false);
    raw.prepare('INSERT INTO poll_result (poll_id, result, ballot_count, digest, sealed_at, tally_version, context) VALUES (?, ?, ?, ?, ?, 1, NULL)').run(id, seal.resultJson, seal.ballotCount, seal.digest, NOW);
  };
  const sat = (marks: Record<string, string>) => ({ kind: 'satisfaction', marks: Object.fromEntries(Object.entries(marks).map(([k, o]) => [k, [o]])) });
  const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

  // 1: a one-row sheet on the court's own item, labelled with the work, not the name.
  addPoll(1, 1, { kind: 'satisfaction', title: '对行政审判工作报告的满意度测评', targets: [{ key: 't1', label: '行政审判工作' }] }, 'released', [
    ...times(16, sat({ t1: 'satisfied' })),
    ...times(2, sat({ t1: 'unsatisfied' })),
  ]);
  // 2: three departments by name on the government's item (the government is not a row of it);
  // the third has no body in the app.
  addPoll(
    2,
    2,
    {
      kind: 'satisfaction',
      title: '对有关部门审议意见研究处理情况的满意度测评',
      targets: [
        { key: 'd1', label: '市民政局' },
        { key: 'd2', label: '市教育局' },
        { key: 'd3', label: '市交通运输局' },
      ],
    },
    'closed',
    [...times(12, sat({ d1: 'basically', d2: 'satisfied', d3: 'unsatisfied' })), ...times(6, sat({ d1: 'satisfied', d2: 'basically', d3: 'unsatisfied' }))],
  );
  // 3: a one-row sheet on the bureau's item, still a draft: linked, but not a rating.
  addPoll(3, 3, { kind: 'satisfaction', title: '对“双减”工作报告的满意度测评', targets: [{ key: 't1', label: '市教育局' }] }, 'draft', []);
  // 4: a work review scoring the bureau and the court by name.
  addPoll(4, 4, { kind: 'scoring', title: '工作评议打分', targets: [{ key: 's1', label: '市教育局' }, { key: 's2', label: '市中级人民法院' }] }, 'released', [
    { kind: 'scoring', group: null, scores: { s1: 90, s2: 95 } },
    { kind: 'scoring', group: null, scores: { s1: 80, s2: 95 } },
    { kind: 'scoring', group: null, scores: { s1: 85, s2: 95 } },
  ]);
  // 5: a decision on the bureau's item whose motion is labelled with its name: never a rating.
  addPoll(5, 5, { kind: 'decision', title: '表决：关于教育工作的决议', targets: [{ key: 'motion', label: '市教育局' }] }, 'closed', times(15, { kind: 'decision', marks: { motion: ['for'] } }));
}

describe('migration 0005_supervision, on a database at 0004', () => {
  it('links the rated rows of existing polls by the rule body.ratings used, and body.ratings answers the same rows as before', async () => {
    const dir = tempDir('desk-mig5-');
    const file = path.join(dir, 'committee-desk.sqlite');
    const old = await openDatabase(file, { migrations: upTo(before('0005_supervision')) });
    expect(old.schemaVersion).toBe(4);
    seedVersion4(old.raw);
    const ratingsBefore = [];
    for (const id of Object.values(BODIES)) ratingsBefore.push(await ratingsOfVersion4(old.db, id));
    await old.close();

    const d = await openDatabase(file, { migrations: upTo('0005_supervision') });
    expect(d.applied).toEqual(['0005_supervision']);
    expect(d.backupFile).not.toBeNull();
    const links = d.raw.prepare('SELECT poll_id, target_key, body_id, appointee_id FROM poll_target_subject ORDER BY poll_id, target_key').all();
    expect(links).toEqual([
      { poll_id: 1, target_key: 't1', body_id: BODIES.court, appointee_id: null },
      { poll_id: 2, target_key: 'd1', body_id: BODIES.civil, appointee_id: null },
      { poll_id: 2, target_key: 'd2', body_id: BODIES.edu, appointee_id: null },
      { poll_id: 3, target_key: 't1', body_id: BODIES.edu, appointee_id: null },
      { poll_id: 4, target_key: 's1', body_id: BODIES.edu, appointee_id: null },
      { poll_id: 4, target_key: 's2', body_id: BODIES.court, appointee_id: null },
    ]);
    // The new columns and tables start empty; nothing that was there changed.
    expect(d.raw.prepare('SELECT count(*) AS n FROM agenda_item WHERE plan_item_id IS NOT NULL').get()).toEqual({ n: 0 });
    expect(d.raw.prepare('SELECT (SELECT count(*) FROM opinion) + (SELECT count(*) FROM plan_item) + (SELECT count(*) FROM appointee) AS n').get()).toEqual({ n: 0 });
    expect(d.raw.prepare('SELECT count(*) AS n FROM ballot').get()).toEqual({ n: 18 + 18 + 3 + 15 });
    await d.close();

    // Through today's core: the same rows, in the same order, with the same figures.
    const t = await makeCore(dir);
    try {
      const after = [];
      for (const id of Object.values(BODIES)) after.push(await t.call('body.ratings', { bodyId: id as never }));
      expect(after).toEqual(ratingsBefore);
      expect(after.map((r) => [r.bodyName, r.rows.map((x) => [x.pollId, x.target.key, x.matchedBy, x.verdict])])).toEqual([
        [
          '市中级人民法院',
          [
            [4, 's2', 'label', '优秀'],
            [1, 't1', 'agenda', '满意'],
          ],
        ],
        [
          '市教育局',
          [
            [4, 's1', 'label', '良好'],
            [2, 'd2', 'label', '满意'],
          ],
        ],
        ['市民政局', [[2, 'd1', 'label', '基本满意']]],
        ['市人民政府', []],
      ]);
      expect(await t.call('poll.subjects', { pollId: 2 as never })).toEqual([
        { targetKey: 'd1', label: '市民政局', subject: { kind: 'body', id: BODIES.civil, name: '市民政局' } },
        { targetKey: 'd2', label: '市教育局', subject: { kind: 'body', id: BODIES.edu, name: '市教育局' } },
        { targetKey: 'd3', label: '市交通运输局', subject: null },
      ]);
      expect(await t.call('poll.subjects', { pollId: 5 as never })).toEqual([]);
      // Seals written before the migration still verify.
      for (const id of [1, 2, 4, 5]) expect((await t.call('poll.verify', { id: id as never })).ok, `poll ${id}`).toBe(true);
      // From now on history follows the link: a renamed bureau keeps its rows.
      await t.call('body.update', { id: BODIES.edu as never, fields: { name: '市教育体育局', kind: 'department', sortOrder: 0, active: true } });
      expect((await t.call('body.ratings', { bodyId: BODIES.edu as never })).rows.map((r) => r.pollId)).toEqual([4, 2]);
    } finally {
      await t.close();
    }
  });
});
