import { seededRandom } from '../shared/domain/random.js';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { createCore } from '../electron/core/core.js';
import type { Core } from '../electron/core/core-types.js';
import { insertSealedPoll } from '../electron/core/services/sealed-poll.js';
import { demoData, demoMemberNames } from '../electron/core/demo/demo-data.js';
import { openDatabase } from '../db/open.js';
import { insertAgendaItem } from '../db/repos/agenda.repo.js';
import { setAttendance } from '../db/repos/attendance.repo.js';
import { insertBody } from '../db/repos/body.repo.js';
import { insertMeeting } from '../db/repos/meeting.repo.js';
import { insertMember } from '../db/repos/member.repo.js';
import { insertTerm } from '../db/repos/term.repo.js';
import type { Database } from '../db/schema.js';
import type { AgendaKind } from '../shared/domain/labels.js';
import { parseBallot, type BallotPayload } from '../shared/domain/polls/ballot.js';
import { canonicalJson } from '../shared/domain/polls/canonical.js';
import { parsePollDefinition, type PollDefinition, type PollDefinitionInput } from '../shared/domain/polls/definition.js';
import { monoUs, percentile } from './stats.js';
import { setAgendaPlanItem } from '../db/repos/agenda.repo.js';
import { getOpinionRow, insertOpinion } from '../db/repos/opinion.repo.js';
import { insertPlanItem } from '../db/repos/plan.repo.js';
import { applyOpinionEvent, historyFacts } from '../electron/core/services/opinion.service.js';
import type { OpinionEvent } from '../shared/domain/supervision/opinion-machine.js';

/**
 * Ten years of records, built through the real repositories (db/repos) on the real schema:
 * two five-year terms of 210 members, 52 meetings a year, twelve agenda items a meeting of
 * which eleven are voted on (single-body and nine-department satisfaction sheets, a
 * five-department scoring sheet, decisions, an appointment list), every present member
 * voting, every poll sealed with computeSeal. Device ballots also get what the voter path
 * writes beside them (a receipt, the poll_voter roll).
 *
 * 210 members is four times a city committee; it is what it takes for ten years of 52
 * meetings to reach a million ballots, the size the benchmark asks for.
 */

export const MEMBERS_PER_TERM = 210;
/** Review opinions drafted at every meeting, and items in each year's plan. */
const OPINIONS_PER_MEETING = 2;
const PLAN_ITEMS_PER_YEAR = 20;

/**
 * A review opinion on a reported item with three problems, taken through the machine to a
 * state that depends on `n`: most are long closed by a report, some still open — what a
 * decade of a committee's ledger holds (about a thousand opinions, five events each).
 */
async function benchOpinion(trx: Kysely<Database>, r: { itemId: number; bodyId: number }, date: string, at: string, n: number): Promise<void> {
  const id = await insertOpinion(
    trx,
    r.itemId,
    {
      title: `审议意见 ${n}`,
      leadBodyId: null,
      assessment: '总体评价。',
      recommendations: '意见建议。',
      copyTo: ['抄报市委'],
      bodyIds: [r.bodyId],
      problems: [1, 2, 3].map((p) => ({ text: `问题 ${p}`, bodyId: r.bodyId })),
    },
    at,
  );
  const steps: OpinionEvent[] = [
    { kind: 'drafted', on: addDays(date, 3), actor: '办公室', reason: '整理' },
    { kind: 'approved', on: addDays(date, 7), actor: '主任会议', reason: '审定' },
    { kind: 'sent', on: addDays(date, 10), actor: '办公室', reason: '交办', months: 3 },
    { kind: 'reported', on: addDays(date, 80), actor: '承办单位', reason: '报告' },
  ];
  const upTo = n % 10 === 0 ? 1 : n % 10 === 1 ? 3 : 4;
  for (const e of steps.slice(0, upTo)) {
    const row = (await getOpinionRow(trx, id))!;
    await applyOpinionEvent(trx, row, e, historyFacts(row), at);
  }
}
export const MEETINGS_PER_YEAR = 52;
const PRESENT_RATE = 0.95;

export interface TenYearResult {
  db_mb: number;
  generate_s: number;
  list_p99_ms: number;
  list_p99_by_query: Record<string, number>;
  list_p50_by_query: Record<string, number>;
  samples_per_query: number;
  years: number;
  meetings: number;
  polls: number;
  ballots: number;
  /** Rows that body.ratings returned for the busiest body. */
  ratings_rows_max: number;
  /**
   * Time to build a report file through export.start until it is written (median of 3): the
   * results notice (DOCX) and the workbook (XLSX) of the meeting with the most rated rows, and
   * the year summary (DOCX) of the latest generated year.
   */
  reports_ms: { results_notice_docx: number; meeting_xlsx: number; year_summary_docx: number; largest_meeting_rows: number; loop_stall_max_ms: number; renderer: 'worker' | 'in-process' };
  dataDir: string;
  /** Monotonic windows (µs) of generation and of the timed queries, for cutting a CPU profile. */
  windows_us: { generate: [number, number]; queries: Record<string, [number, number]> };
}


function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

interface Item {
  kind: AgendaKind;
  title: string;
  bodyId: number | null;
  def: PollDefinitionInput | null;
}

interface Bodies {
  gov: { id: number; name: string };
  reporters: { id: number; name: string }[];
  departments: { id: number; name: string }[];
  audit: { id: number; name: string };
  committee: { id: number; name: string };
}

/** The twelve items of meeting `k` (0-based, counted over the whole decade). */
function agendaOf(k: number, b: Bodies, year: number): Item[] {
  const rep = (j: number) => b.reporters[(k * 3 + j) % b.reporters.length]!;
  const dept = (j: number) => b.departments[(k * 4 + j) % b.departments.length]!;
  // Half of the one-body sheets name the body in the row, half only in the agenda item.
  const oneRow = (body: { name: string }, what: string) => [{ key: 't1', label: k % 2 === 0 ? body.name : what }];
  const r1 = rep(0);
  const r2 = rep(1);
  const r3 = rep(2);
  return [
    { kind: 'special_report', title: `听取和审议${r1.name}关于${year}年度重点工作情况的报告`, bodyId: r1.id, def: { kind: 'satisfaction', title: `对${r1.name}工作报告的满意度测评`, targets: oneRow(r1, '重点工作情况') } },
    { kind: 'special_report', title: `听取和审议${r2.name}关于专项工作情况的报告`, bodyId: r2.id, def: { kind: 'satisfaction', title: `对${r2.name}专项工作报告的满意度测评`, targets: oneRow(r2, '专项工作情况') } },
    { kind: 'audit_rectification', title: `听取和审议${b.audit.name}关于审计查出问题整改情况的报告`, bodyId: b.audit.id, def: { kind: 'satisfaction', title: '对审计查出问题整改情况的满意度测评', targets: oneRow(b.audit, '审计查出问题整改情况') } },
    { kind: 'enforcement_inspection', title: '听取和审议执法检查组关于检查有关法律实施情况的报告', bodyId: b.committee.id, def: null },
    {
      kind: 'opinion_handling_report',
      title: '听取和审议市人民政府有关部门关于常委会审议意见研究处理情况的报告',
      bodyId: b.gov.id,
      def: { kind: 'satisfaction', title: '对有关部门审议意见研究处理情况的满意度测评', targets: Array.from({ length: 9 }, (_, j) => ({ key: `d${j + 1}`, label: dept(j).name })) },
    },
    {
      kind: 'work_review',
      title: '对有关部门开展工作评议',
      bodyId: null,
      def: { kind: 'scoring', title: '工作评议打分', targets: Array.from({ length: 5 }, (_, j) => ({ key: `s${j + 1}`, label: dept(9 + j).name })), aggregation: 'trimmed_mean' },
    },
    { kind: 'draft_regulation', title: `审议《市第${k + 1}号条例（草案）》`, bodyId: b.gov.id, def: { kind: 'decision', title: `表决：市第${k + 1}号条例`, targets: [{ key: 'motion', label: `市第${k + 1}号条例` }] } },
    { kind: 'decision', title: '审议关于批准市级决算的决议（草案）', bodyId: null, def: { kind: 'decision', title: '表决：关于批准市级决算的决议', targets: [{ key: 'motion', label: '关于批准市级决算的决议' }] } },
    { kind: 'decision', title: '审议关于召开人民代表大会会议的决定（草案）', bodyId: null, def: { kind: 'decision', title: '表决：关于召开人民代表大会会议的决定', targets: [{ key: 'motion', label: '关于召开人民代表大会会议的决定' }] } },
    {
      kind: 'appointment',
      title: '审议人事任免案',
      bodyId: b.gov.id,
      def: { kind: 'appointment', title: '人事任免表决', targets: [1, 2, 3].map((j) => ({ key: `p${j}`, label: `任命第${k * 3 + j}号人选` })) },
    },
    { kind: 'special_report', title: `听取和审议${r3.name}关于履职情况的报告`, bodyId: r3.id, def: { kind: 'satisfaction', title: `对${r3.name}履职情况的满意度测评`, targets: oneRow(r3, '履职情况') } },
    { kind: 'decision', title: '审议关于代表资格的报告', bodyId: null, def: { kind: 'decision', title: '表决：关于代表资格的报告', targets: [{ key: 'motion', label: '关于代表资格的报告' }] } },
  ];
}

/** A filled sheet in its parsed (canonical) shape. */
function ballotFor(def: PollDefinition, rand: () => number): BallotPayload {
  const pick = <T>(xs: readonly [T, number][]): T => {
    let r = rand();
    for (const [v, w] of xs) if ((r -= w) < 0) return v;
    return xs[xs.length - 1]![0];
  };
  switch (def.kind) {
    case 'satisfaction': {
      const marks: Record<string, ('satisfied' | 'basically' | 'unsatisfied')[]> = {};
      for (const t of def.targets) {
        if (rand() < 0.01) continue; // a row left empty now and then (未填)
        marks[t.key] = [pick([['satisfied', 0.72], ['basically', 0.22], ['unsatisfied', 0.06]] as const)];
      }
      return { kind: 'satisfaction', marks };
    }
    case 'scoring':
      return { kind: 'scoring', group: null, scores: Object.fromEntries(def.targets.map((t) => [t.key, 60 + Math.floor(rand() * 41)])) };
    case 'decision':
    case 'appointment':
      return { kind: def.kind, marks: Object.fromEntries(def.targets.map((t) => [t.key, [pick([['for', 0.9], ['against', 0.04], ['abstain', 0.06]] as const)]])) };
    default:
      throw new Error(`ten-year: no generator for ${def.kind}`);
  }
}

/** Generate the database; returns the counts and how long it took. */
async function generate(file: string, years: number, firstYear: number, log: (l: string) => void) {
  const rand = seededRandom(20160101);
  const opened = await openDatabase(file);
  const { db } = opened;
  const checkedKinds = new Set<string>();
  let ballots = 0;
  let polls = 0;
  let meetings = 0;
  const started = performance.now();
  try {
    const bodyRows = demoData(`${firstYear}-01-01`).bodies;
    const bodyIds: { id: number; name: string; kind: string }[] = [];
    for (const body of bodyRows) bodyIds.push({ id: await insertBody(db, body, `${firstYear}-01-01T08:00:00.000Z`), name: body.name, kind: body.kind });
    const bodies: Bodies = {
      gov: bodyIds.find((x) => x.kind === 'government')!,
      reporters: bodyIds.filter((x) => x.kind !== 'committee'),
      departments: bodyIds.filter((x) => x.kind === 'department' && x.name !== '市审计局'),
      audit: bodyIds.find((x) => x.name === '市审计局')!,
      committee: bodyIds.find((x) => x.kind === 'committee')!,
    };

    let termId = 0;
    let memberIds: number[] = [];
    let number = 0;
    let k = 0;
    const planLinks: number[] = [];
    for (let y = 0; y < years; y++) {
      const year = firstYear + y;
      if (y % 5 === 0) {
        const start = `${year}-01-08`;
        const names = demoMemberNames(MEMBERS_PER_TERM, 1000 + y);
        const ids = await db.transaction().execute(async (trx) => {
          const id = await insertTerm(trx, { name: `第${16 + y / 5}届`, level: 'city', startDate: start, endDate: addDays(start, 5 * 365) }, `${start}T08:00:00.000Z`);
          const out: number[] = [];
          for (const [i, name] of names.entries()) {
            out.push(await insertMember(trx, id, { name, role: i === 0 ? 'chair' : i < 6 ? 'vice_chair' : i === 6 ? 'secretary_general' : 'member', status: 'serving', seatOrder: i + 1, note: null }, `${start}T08:00:00.000Z`));
          }
          return { id, out };
        });
        termId = ids.id;
        memberIds = ids.out;
        number = 0;
      }
      for (let i = 0; i < MEETINGS_PER_YEAR; i++, k++) {
        const date = addDays(`${year}-01-06`, i * 7);
        const at = `${date}T09:00:00.000Z`;
        number++;
        await db.transaction().execute(async (trx) => {
          const meetingId = await insertMeeting(trx, termId, { number, date, place: '市人大常委会第一会议室', status: 'closed' }, at);
          const present: number[] = [];
          const leave: number[] = [];
          for (const id of memberIds) (rand() < PRESENT_RATE ? present : leave).push(id);
          await setAttendance(trx, meetingId, present, 'present', at);
          if (leave.length > 0) await setAttendance(trx, meetingId, leave, 'leave', at);
          const reported: { itemId: number; bodyId: number }[] = [];
          for (const item of agendaOf(k, bodies, year)) {
            const itemId = await insertAgendaItem(trx, meetingId, { kind: item.kind, title: item.title, bodyId: item.bodyId, notes: null, voteKind: item.def?.kind ?? null }, at);
            if (item.bodyId !== null && reported.length < OPINIONS_PER_MEETING) reported.push({ itemId, bodyId: item.bodyId });
            if (!item.def) continue;
            const def = parsePollDefinition(item.def);
            const payloads: BallotPayload[] = [];
            for (let v = 0; v < present.length; v++) {
              const p = ballotFor(def, rand);
              if (!checkedKinds.has(def.kind)) {
                // The generator builds parsed sheets directly; make sure they are what parsing gives.
                if (canonicalJson(parseBallot(def, p)) !== canonicalJson(p)) throw new Error(`ten-year: ${def.kind} sheet is not canonical`);
                checkedKinds.add(def.kind);
              }
              payloads.push(p);
            }
            // Stored as a real close stores it: sorted ballots, the roll of who voted, the receipts.
            await insertSealedPoll(trx, { agendaItemId: itemId, definition: def, payloads, serving: memberIds.length, entitled: present, now: at, release: rand() < 0.95, receipts: true });
            ballots += payloads.length;
            polls++;
          }
          if (i < PLAN_ITEMS_PER_YEAR) planLinks.push(reported[0]!.itemId);
          for (const [j, r] of reported.entries()) await benchOpinion(trx, r, date, at, k * OPINIONS_PER_MEETING + j);
        });
        meetings++;
      }
      // The year's plan: twenty items, each carried out by the first reported item of a meeting.
      await db.transaction().execute(async (trx) => {
        for (const [j, itemId] of planLinks.splice(0).entries()) {
          const planId = await insertPlanItem(
            trx,
            year,
            { kind: 'special_report', title: `计划事项 ${year}-${j + 1}`, subjects: [{ kind: 'body', id: bodies.reporters[j % bodies.reporters.length]!.id }], leadBodyId: bodies.committee.id, plannedMonth: 1 + (j % 12), notes: null },
            `${year}-01-02T08:00:00.000Z`,
          );
          await setAgendaPlanItem(trx, itemId, planId);
        }
      });
      log(`  ten-year: ${year} done (${meetings} meetings, ${polls} polls, ${ballots} ballots, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    opened.raw.pragma('wal_checkpoint(TRUNCATE)');
    return { generateS: (performance.now() - started) / 1000, meetings, polls, ballots };
  } finally {
    await opened.close();
  }
}

async function counts(db: Kysely<Database>) {
  const one = async (table: 'meeting' | 'poll' | 'ballot') => (await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  return { meetings: await one('meeting'), polls: await one('poll'), ballots: await one('ballot') };
}

/** Build each report three times through the export centre's path; the median time to the written file. */
async function reportTimes(core: Core, dataDir: string, year: number, call: (method: string, input: unknown) => Promise<unknown>): Promise<TenYearResult['reports_ms']> {
  const db = await openDatabase(path.join(dataDir, 'committee-desk.sqlite'));
  const largest = await sql<{ meeting_id: number; rows: number }>`
    SELECT a.meeting_id, sum(json_array_length(r.result, '$.targets')) AS rows
    FROM poll_result r JOIN poll p ON p.id = r.poll_id JOIN agenda_item a ON a.id = p.agenda_item_id
    GROUP BY a.meeting_id ORDER BY rows DESC, a.meeting_id LIMIT 1`.execute(db.db);
  await db.close();
  const m = largest.rows[0];
  if (!m) throw new Error('ten-year: no sealed poll to report on');
  const time = async (req: Record<string, unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const row = (await call('export.start', req)) as { id: number };
      await core.exportsIdle();
      runs.push(performance.now() - t0);
      const done = ((await call('export.list', {})) as { id: number; status: string }[]).find((r) => r.id === row.id);
      if (done?.status !== 'done') throw new Error(`ten-year: export ${JSON.stringify(req)} did not finish`);
    }
    return percentile(runs, 50);
  };
  const status = (await call('export.status', {})) as { renderer: 'worker' | 'in-process' };
  // How long the core's own loop stalls while files are built (the render worker keeps it short).
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const out = {
    results_notice_docx: await time({ report: 'results-notice', format: 'docx', meetingId: m.meeting_id }),
    meeting_xlsx: await time({ report: 'meeting-workbook', format: 'xlsx', meetingId: m.meeting_id }),
    year_summary_docx: await time({ report: 'year-summary', format: 'docx', year }),
    largest_meeting_rows: m.rows,
    loop_stall_max_ms: loop.max / 1e6,
    renderer: status.renderer,
  };
  loop.disable();
  return out;
}

export async function tenYear(
  workDir: string,
  opts: { years: number; samples: number; log: (l: string) => void; /** Reuse a database generated before (--ten-year-dir). */ existingDir?: string },
): Promise<TenYearResult> {
  const dataDir = opts.existingDir ? path.resolve(opts.existingDir) : fs.mkdtempSync(path.join(workDir, 'ten-year-'));
  const file = path.join(dataDir, 'committee-desk.sqlite');
  const g0 = monoUs();
  let generateS = NaN;
  if (!opts.existingDir) generateS = (await generate(file, opts.years, 2026 - opts.years, opts.log)).generateS;
  else if (!fs.existsSync(file)) throw new Error(`ten-year: no database at ${file}`);
  const g1 = monoUs();
  const size = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

  // The console's reads, through dispatch, on the generated file.
  const core = await createCore({ dataDir, version: 'bench', platform: { mode: 'host', openFile: async () => false }, log: () => {} });
  const rand = seededRandom(7);
  const check = await openDatabase(file);
  const actual = await counts(check.db);
  const meetingIds = (await check.db.selectFrom('meeting').select('id').execute()).map((r) => r.id);
  const pollIds = (await check.db.selectFrom('poll_result').select('poll_id').execute()).map((r) => r.poll_id);
  const bodyIds = (await check.db.selectFrom('body').select('id').execute()).map((r) => r.id);
  const opinionIds = (await check.db.selectFrom('opinion').select('id').execute()).map((r) => r.id);
  const years = (await check.db.selectFrom('meeting').select(sql<string>`substr(date, 1, 4)`.as('y')).distinct().execute()).map((r) => Number(r.y));
  await check.close();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const call = async (method: string, input: unknown) => {
    const r = await core.dispatch(method, input, { transport: 'internal' });
    if (!r.ok) throw new Error(`ten-year: ${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  let ratingsMax = 0;
  const queries: Record<string, () => Promise<unknown>> = {
    'meeting.list(year)': () => call('meeting.list', { year: pick(years) }),
    'meeting.get+agenda.list+attendance.list': async () => {
      const id = pick(meetingIds);
      await call('meeting.get', { id });
      await call('agenda.list', { meetingId: id });
      await call('attendance.list', { meetingId: id });
    },
    'poll.result': () => call('poll.result', { id: pick(pollIds) }),
    'body.ratings': async () => {
      const r = (await call('body.ratings', { bodyId: pick(bodyIds) })) as { rows: unknown[] };
      ratingsMax = Math.max(ratingsMax, r.rows.length);
    },
    'plan.list(year)': () => call('plan.list', { year: pick(years) }),
    'opinion.list(year)': () => call('opinion.list', { year: pick(years) }),
    'opinion.list(open, all years)': () => call('opinion.list', { status: 'open' }),
    'opinion.reminder': () => call('opinion.reminder', {}),
    'opinion.get': () => call('opinion.get', { id: pick(opinionIds) }),
    'subject.history(body)': () => call('subject.history', { subject: { kind: 'body', id: pick(bodyIds) } }),
  };
  const queryWindows: Record<string, [number, number]> = {};
  const p99: Record<string, number> = {};
  const p50: Record<string, number> = {};
  let reports: TenYearResult['reports_ms'] | undefined;
  try {
    for (const [name, q] of Object.entries(queries)) {
      for (let i = 0; i < 10; i++) await q(); // warm the statement paths and the page cache
      const times: number[] = [];
      const w0 = monoUs();
      for (let i = 0; i < opts.samples; i++) {
        const t0 = performance.now();
        await q();
        times.push(performance.now() - t0);
      }
      queryWindows[name] = [w0, monoUs()];
      p99[name] = percentile(times, 99);
      p50[name] = percentile(times, 50);
    }
    reports = await reportTimes(core, dataDir, Math.max(...years), call);
  } finally {
    await core.close();
  }
  return {
    db_mb: size / 1024 / 1024,
    generate_s: generateS,
    list_p99_ms: Math.max(...Object.values(p99)),
    list_p99_by_query: p99,
    list_p50_by_query: p50,
    samples_per_query: opts.samples,
    years: years.length,
    ...actual,
    ratings_rows_max: ratingsMax,
    reports_ms: reports!,
    dataDir,
    windows_us: { generate: [g0, g1], queries: queryWindows },
  };
}
