import type { Kysely } from 'kysely';
import { insertAgendaItem, setAgendaPlanItem } from '../../../db/repos/agenda.repo.js';
import { insertAppointee } from '../../../db/repos/appointee.repo.js';
import { setAttendance } from '../../../db/repos/attendance.repo.js';
import { insertBody } from '../../../db/repos/body.repo.js';
import { insertMeeting } from '../../../db/repos/meeting.repo.js';
import { getOpinionRow, insertOpinion, insertRectification, insertReport, opinionProblems } from '../../../db/repos/opinion.repo.js';
import { insertPlanItem } from '../../../db/repos/plan.repo.js';
import { insertSpeech } from '../../../db/repos/speech.repo.js';
import type { Database } from '../../../db/schema.js';
import type { AgendaKind, VoteKind } from '../../../shared/domain/labels.js';
import { parseBallot } from '../../../shared/domain/polls/ballot.js';
import { parsePollDefinition } from '../../../shared/domain/polls/definition.js';
import type { SatisfactionOption } from '../../../shared/domain/polls/labels.js';
import { addDays } from '../../../shared/domain/supervision/dates.js';
import type { PlanKind, RectificationStatus, SatisfactionVerdict } from '../../../shared/domain/supervision/labels.js';
import type { OpinionEvent } from '../../../shared/domain/supervision/opinion-machine.js';
import { applyOpinionEvent, attachRatings, historyFacts } from './opinion.service.js';
import { insertSealedPoll } from './sealed-poll.js';

/**
 * Supervision demo for an empty database (issue 9): three earlier meetings of the year, the
 * year's plan of a city (20 items), appointed persons, deliberation notes, and review opinions
 * in every state — one escalated to 质询 after two 不满意, one interviewed (约谈), one closed
 * after a re-rating, one overdue, one due soon after an extension. Ratings come from sealed
 * polls through the same code as a real close (attachRatings). Deterministic for a given today.
 */
export interface SupervisionDemoContext {
  today: string;
  now: string;
  termId: number;
  /** Member ids in seat order (index as in demoData.members). */
  memberIds: number[];
  /** Indexes of serving members. */
  serving: number[];
  /** Members present at a held demo meeting, and their attendance rows. */
  attendance: { memberIndex: number; status: 'present' | 'leave' | 'absent' }[];
  bodyIds: Map<string, number>;
  /** The demo's own meetings: 27 (held, ~2 months ago) and 28 (in preparation), agenda item ids in order. */
  held: { meetingId: number; date: string; items: number[] };
  preparing: { meetingId: number; date: string; items: number[] };
}

const PLACE = '市人大常委会第一会议室';

const COMMITTEES = [
  '市人大常委会教育科学文化卫生工作委员会',
  '市人大常委会社会建设工作委员会',
  '市人大常委会监察和司法工作委员会',
  '市人大常委会农业与农村工作委员会',
  '市人大常委会人事代表选举工作委员会',
];

/** Verdicts under the default rule (满意 votes > half of all 43 serving members …) for 39 present. */
const MARKS: Record<SatisfactionVerdict, [number, number, number]> = {
  satisfied: [30, 7, 2],
  basically: [15, 16, 8],
  unsatisfied: [8, 10, 21],
};

/** Returns how many meetings it added. */
export async function loadSupervisionDemo(trx: Kysely<Database>, ctx: SupervisionDemoContext): Promise<{ meetings: number }> {
  const { today, now } = ctx;
  const year = Number(today.slice(0, 4));
  const body = (name: string): number => {
    const id = ctx.bodyIds.get(name);
    if (id === undefined) throw new Error(`supervision demo: unknown body ${name}`);
    return id;
  };
  for (const [i, name] of COMMITTEES.entries()) ctx.bodyIds.set(name, await insertBody(trx, { name, kind: 'committee', sortOrder: 200 + i * 10, active: true }, now));
  const present = ctx.attendance.filter((a) => a.status === 'present').map((a) => ctx.memberIds[a.memberIndex]!);

  // ---- Three earlier meetings -------------------------------------------------------------
  const meeting = async (number: number, date: string, items: [AgendaKind, string, string, VoteKind | null][]) => {
    const meetingId = await insertMeeting(trx, ctx.termId, { number, date, place: PLACE, status: 'closed' }, now);
    const ids: number[] = [];
    for (const [kind, title, bodyName, voteKind] of items) ids.push(await insertAgendaItem(trx, meetingId, { kind, title, bodyId: body(bodyName), notes: null, voteKind }, now));
    for (const status of ['present', 'leave', 'absent'] as const) {
      const list = ctx.attendance.filter((a) => a.status === status).map((a) => ctx.memberIds[a.memberIndex]!);
      if (list.length > 0) await setAttendance(trx, meetingId, list, status, now);
    }
    return { meetingId, date, items: ids };
  };
  const m24 = await meeting(24, addDays(today, -300), [
    ['special_report', '听取和审议市人民政府关于义务教育优质均衡发展工作情况的报告', '市教育局', null],
    ['special_report', '听取和审议市人民政府关于养老服务体系建设情况的报告', '市民政局', null],
    ['enforcement_inspection', '听取和审议市人大常委会执法检查组关于检查《中华人民共和国大气污染防治法》实施情况的报告', '市生态环境局', null],
    ['special_report', '听取和审议市人民政府关于城市公共交通发展情况的报告', '市交通运输局', null],
    ['special_report', '听取和审议市人民政府关于保障性住房建设情况的报告', '市住房和城乡建设局', null],
  ]);
  const m25 = await meeting(25, addDays(today, -240), [
    ['opinion_handling_report', '听取和审议市人民政府有关部门关于常委会审议意见研究处理情况的报告并进行满意度测评', '市人民政府', 'satisfaction'],
    ['special_report', '听取和审议市人民政府关于农村人居环境整治工作情况的报告', '市农业农村局', null],
    ['special_report', '听取和审议市人民政府关于就业和社会保障工作情况的报告', '市人力资源和社会保障局', null],
  ]);
  const m26 = await meeting(26, addDays(today, -150), [
    ['opinion_handling_report', '听取和审议市人民政府有关部门关于常委会审议意见研究处理情况的报告并进行满意度测评', '市人民政府', 'satisfaction'],
    ['special_report', '听取和审议市人民政府关于安全生产工作情况的报告', '市应急管理局', null],
  ]);

  // ---- Appointed persons ------------------------------------------------------------------
  const people: [string, string, string, number][] = [
    ['李明', '市教育局局长', '市教育局', -61],
    ['陈静', '市卫生健康委员会主任', '市卫生健康委员会', -61],
    ['王建国', '市公安局局长', '市公安局', -700],
    ['赵敏', '市中级人民法院副院长', '市中级人民法院', -520],
    ['刘洋', '市人民检察院副检察长', '市人民检察院', -430],
  ];
  const appointee = new Map<string, number>();
  for (const [name, office, bodyName, days] of people) {
    appointee.set(name, await insertAppointee(trx, { name, office, bodyId: body(bodyName), appointedOn: addDays(today, days), leftOn: null, note: null }, now));
  }

  // ---- The year's plan --------------------------------------------------------------------
  const month = (date: string) => (Number(date.slice(0, 4)) === year ? Number(date.slice(5, 7)) : null);
  const thisMonth = Number(today.slice(5, 7));
  const later = (n: number) => Math.min(12, thisMonth + n);
  const earlier = (n: number) => (thisMonth - n >= 1 ? thisMonth - n : null);
  const E = '市人大常委会教育科学文化卫生工作委员会';
  const S = '市人大常委会社会建设工作委员会';
  const F = '市人大常委会财政经济工作委员会';
  const C = '市人大常委会城乡建设环境与资源保护工作委员会';
  const J = '市人大常委会监察和司法工作委员会';
  const A = '市人大常委会农业与农村工作委员会';
  const R = '市人大常委会人事代表选举工作委员会';
  const plan: { kind: PlanKind; title: string; subjects: string[]; people?: string[]; lead: string; month: number | null; item?: number; notes?: string }[] = [
    { kind: 'budget_audit', title: `审查批准${year - 1}年度市级决算`, subjects: ['市财政局'], lead: F, month: month(ctx.held.date), item: ctx.held.items[0] },
    { kind: 'budget_audit', title: `听取和审议${year - 1}年度市级预算执行和其他财政收支的审计工作报告`, subjects: ['市审计局'], lead: F, month: month(ctx.held.date), item: ctx.held.items[1] },
    { kind: 'audit_rectification', title: `听取和审议${year - 1}年度审计查出问题整改情况的报告并进行满意度测评`, subjects: ['市审计局'], lead: F, month: month(ctx.preparing.date), item: ctx.preparing.items[1] },
    { kind: 'special_report', title: '听取和审议义务教育优质均衡发展工作情况的报告', subjects: ['市教育局'], lead: E, month: month(m24.date), item: m24.items[0] },
    { kind: 'special_report', title: '听取和审议养老服务体系建设情况的报告', subjects: ['市民政局'], lead: S, month: month(m24.date), item: m24.items[1] },
    { kind: 'enforcement_inspection', title: '检查《中华人民共和国大气污染防治法》实施情况', subjects: ['市生态环境局'], lead: C, month: month(m24.date), item: m24.items[2] },
    { kind: 'special_report', title: '听取和审议城市公共交通发展情况的报告', subjects: ['市交通运输局'], lead: C, month: month(m24.date), item: m24.items[3] },
    { kind: 'special_report', title: '听取和审议保障性住房建设情况的报告', subjects: ['市住房和城乡建设局'], lead: C, month: month(m24.date), item: m24.items[4] },
    { kind: 'special_report', title: '听取和审议农村人居环境整治工作情况的报告', subjects: ['市农业农村局'], lead: A, month: month(m25.date), item: m25.items[1] },
    { kind: 'special_report', title: '听取和审议就业和社会保障工作情况的报告', subjects: ['市人力资源和社会保障局'], lead: S, month: month(m25.date), item: m25.items[2] },
    {
      kind: 'opinion_follow_up',
      title: '听取和审议有关部门关于审议意见研究处理情况的报告并进行满意度测评',
      subjects: ['市教育局', '市民政局', '市交通运输局', '市住房和城乡建设局'],
      lead: S,
      month: month(m26.date),
      item: m26.items[0],
      notes: '上半年、下半年各一次',
    },
    { kind: 'special_report', title: '听取和审议安全生产工作情况的报告', subjects: ['市应急管理局'], lead: F, month: month(m26.date), item: m26.items[1] },
    { kind: 'special_report', title: '听取和审议市中级人民法院关于行政审判工作情况的报告', subjects: ['市中级人民法院'], lead: J, month: month(ctx.held.date), item: ctx.held.items[3] },
    { kind: 'special_report', title: `听取和审议${year - 1}年度环境状况和环境保护目标完成情况的报告`, subjects: ['市人民政府'], lead: C, month: month(ctx.preparing.date), item: ctx.preparing.items[0] },
    { kind: 'enforcement_inspection', title: '检查《中华人民共和国安全生产法》实施情况', subjects: ['市应急管理局'], lead: F, month: month(ctx.preparing.date), item: ctx.preparing.items[2] },
    { kind: 'special_inquiry', title: '围绕安全生产法贯彻实施情况开展专题询问', subjects: ['市应急管理局', '市住房和城乡建设局', '市交通运输局', '市市场监督管理局'], lead: F, month: month(ctx.preparing.date), item: ctx.preparing.items[3] },
    { kind: 'work_review', title: '对市市场监督管理局食品安全监管工作开展工作评议', subjects: ['市市场监督管理局'], lead: S, month: earlier(2), notes: '会前组织代表视察和问卷调查' },
    { kind: 'performance_review', title: '对市人大常委会任命的部分国家机关工作人员开展履职评议', subjects: [], people: ['王建国', '赵敏', '刘洋'], lead: R, month: later(1) },
    { kind: 'livelihood_project', title: '听取和审议市人民政府关于民生实事项目推进情况的报告并票决下一年度民生实事项目', subjects: ['市人民政府', '市发展和改革委员会'], lead: F, month: 12 },
    { kind: 'research', title: '开展检察公益诉讼工作情况专题调研', subjects: ['市人民检察院'], lead: J, month: earlier(1) },
  ];
  for (const p of plan) {
    const subjects = [...p.subjects.map((n) => ({ kind: 'body' as const, id: body(n) })), ...(p.people ?? []).map((n) => ({ kind: 'appointee' as const, id: appointee.get(n)! }))];
    const sameYear = p.item === undefined || p.month !== null;
    const id = await insertPlanItem(trx, year, { kind: p.kind, title: p.title, subjects, leadBodyId: body(p.lead), plannedMonth: p.month, notes: p.notes ?? null }, now);
    if (p.item !== undefined && sameYear) await setAgendaPlanItem(trx, p.item, id);
  }

  // ---- Deliberation notes -----------------------------------------------------------------
  const speaker = (i: number) => ctx.memberIds[ctx.serving[(i * 7 + 9) % ctx.serving.length]!]!;
  const speeches: [number, string[]][] = [
    [
      m24.items[0]!,
      ['城乡之间、校际之间师资配置差距仍然较大，建议加大农村学校教师补充力度。', '课后服务经费保障机制不健全，部分学校难以持续开展。'],
    ],
    [
      ctx.held.items[3]!,
      ['行政案件一审服判息诉率有所提高，但行政机关负责人出庭应诉比例仍然偏低。', '建议加强行政争议实质性化解，推动诉源治理。', '基层法庭行政审判力量薄弱，建议充实专业人员。'],
    ],
  ];
  for (const [itemId, points] of speeches) for (const [i, text] of points.entries()) await insertSpeech(trx, itemId, speaker(itemId + i), text, now);

  // ---- Sealed satisfaction polls at meetings 25 and 26 ------------------------------------
  const sealed = async (itemId: number, rows: [string, SatisfactionVerdict][]) => {
    const def = parsePollDefinition({
      kind: 'satisfaction',
      title: rows.length > 1 ? '对有关部门审议意见研究处理情况的满意度测评' : `对${rows[0]![0]}审议意见研究处理情况的满意度测评`,
      targets: rows.map(([label], i) => ({ key: `t${i + 1}`, label })),
    });
    // Each row's marks are fixed by its verdict and spread over the sheets in a fixed order.
    const columns = rows.map(([, verdict], r) => {
      const [s, b, u] = MARKS[verdict];
      const marks: SatisfactionOption[] = [...Array<SatisfactionOption>(s).fill('satisfied'), ...Array<SatisfactionOption>(b).fill('basically'), ...Array<SatisfactionOption>(u).fill('unsatisfied')];
      // 7 is prime to the sheet count (39), so this is a permutation: the counts stay exact.
      return marks.map((_, i) => marks[(i * 7 + r * 11) % marks.length]!);
    });
    const voters = present.slice(0, MARKS.satisfied.reduce((a, b) => a + b, 0));
    const payloads = voters.map((_, i) => parseBallot(def, { kind: 'satisfaction', marks: Object.fromEntries(def.targets.map((t, r) => [t.key, [columns[r]![i]!]])) }));
    await insertSealedPoll(trx, { agendaItemId: itemId, definition: def, payloads, serving: ctx.serving.length, entitled: present, now, release: true, receipts: true });
  };

  // ---- Review opinions --------------------------------------------------------------------
  const ev = <K extends OpinionEvent['kind']>(kind: K, days: number, actor: string, reason: string, extra: Omit<Extract<OpinionEvent, { kind: K }>, 'kind' | 'on' | 'actor' | 'reason'>) =>
    ({ kind, on: addDays(today, days), actor, reason, ...extra }) as unknown as OpinionEvent;
  const opinion = async (itemId: number, bodyName: string, lead: string, title: string, problems: string[], steps: OpinionEvent[]) => {
    const id = await insertOpinion(
      trx,
      itemId,
      {
        title,
        leadBodyId: body(lead),
        assessment: '常委会组成人员认为，报告内容全面，相关工作取得积极进展，但仍存在一些问题和不足。',
        recommendations: '建议进一步压实工作责任，建立问题清单和整改清单，逐项推动整改落实，按期报告研究处理情况。',
        copyTo: ['抄报市委', '抄送市人民政府'],
        bodyIds: [body(bodyName)],
        problems: problems.map((text) => ({ text, bodyId: body(bodyName) })),
      },
      now,
    );
    for (const e of steps) await applyOpinionEvent(trx, (await getOpinionRow(trx, id))!, e, historyFacts((await getOpinionRow(trx, id))!), now);
    return id;
  };
  const report = async (id: number, days: number, statuses: RectificationStatus[]) => {
    const row = (await getOpinionRow(trx, id))!;
    const state = await applyOpinionEvent(trx, row, ev('reported', days, bodyNameOf(row.title), '承办单位报送研究处理情况报告', {}), historyFacts(row), now);
    const reportId = await insertReport(trx, id, state.reports, addDays(today, days), '对照问题清单逐项研究，制定整改措施，明确责任单位和完成时限。', now);
    for (const [i, p] of (await opinionProblems(trx, [id])).entries()) {
      const status = statuses[i] ?? 'in_progress';
      await insertRectification(trx, reportId, p.id, status === 'pending' ? '' : '已制定专项整改方案，明确责任人和时间表，按月调度推进。', status);
    }
  };
  const rehear = async (id: number, days: number, itemId: number, meetingDate: string, number: number) => {
    const row = (await getOpinionRow(trx, id))!;
    await applyOpinionEvent(
      trx,
      row,
      ev('rehearing', days, '主任会议', '将研究处理情况报告列入常委会会议议程并进行满意度测评', { agendaItemId: itemId, meetingDate, meetingTitle: `第十七届人大常委会第${['二十四', '二十五', '二十六', '二十七', '二十八'][number - 24]}次会议` }),
      historyFacts(row),
      now,
    );
  };
  const bodyOf = new Map<string, string>();
  const bodyNameOf = (title: string) => bodyOf.get(title) ?? '承办单位';
  const ps = (...p: string[]) => p;
  const draft = (days: number) => ev('drafted', days, '市人大常委会办公室', '根据常委会组成人员审议发言整理', {});
  const approve = (days: number) => ev('approved', days, '主任会议', '主任会议审定通过', {});
  const send = (days: number, months = 3) => ev('sent', days, '市人大常委会办公室', '以常委会办公室函交办承办单位，抄报市委', { months });
  const mk = (t: string, b: string) => {
    bodyOf.set(t, b);
    return t;
  };

  // 1. Rated 不满意 twice → 报市委同意 → 质询 (escalated).
  const o1 = await opinion(m24.items[0]!, '市教育局', E, mk('关于义务教育优质均衡发展工作情况报告的审议意见', '市教育局'), ps('城乡、校际之间师资配置不均衡，农村学校教师结构性缺编问题突出。', '课后服务经费保障机制不健全。', '部分新建小区配套学校建设滞后，学位供给紧张。'), [
    draft(-295),
    approve(-292),
    send(-290),
  ]);
  await report(o1, -250, ['in_progress', 'pending', 'in_progress']);
  await rehear(o1, -248, m25.items[0]!, m25.date, 25);
  // 2. Rated 满意 at meeting 26, then closed (销号).
  const o2 = await opinion(m24.items[1]!, '市民政局', S, mk('关于养老服务体系建设情况报告的审议意见', '市民政局'), ps('居家社区养老服务供给不足，助餐点覆盖率偏低。', '养老护理人员队伍不稳定，专业化水平不高。'), [draft(-295), approve(-292), send(-290)]);
  // 3. Sent, overdue.
  await opinion(m24.items[2]!, '市生态环境局', C, mk('关于检查大气污染防治法实施情况报告的审议意见', '市生态环境局'), ps('臭氧污染问题日益凸显，协同治理机制不健全。', '工地扬尘和道路扬尘管控不到位。', '重点行业挥发性有机物治理仍有差距。'), [
    draft(-296),
    approve(-292),
    send(-290, 6),
  ]);
  // 4. Rated 不满意 at meeting 26, then 约谈.
  const o4 = await opinion(m24.items[3]!, '市交通运输局', C, mk('关于城市公共交通发展情况报告的审议意见', '市交通运输局'), ps('公交线网布局不合理，新建城区公交覆盖不足。', '公交准点率和换乘便捷度有待提高。'), [draft(-295), approve(-292), send(-290)]);
  // 5. Rated 基本满意: waiting to be closed.
  const o5 = await opinion(m24.items[4]!, '市住房和城乡建设局', C, mk('关于保障性住房建设情况报告的审议意见', '市住房和城乡建设局'), ps('保障性租赁住房筹集进度滞后于年度计划。', '部分项目配套设施不完善，入住率不高。'), [draft(-295), approve(-292), send(-290)]);
  for (const id of [o2, o4, o5]) await report(id, -175, ['done', 'in_progress', 'ongoing']);
  // Meeting 25 rates 市教育局 不满意.
  await sealed(m25.items[0]!, [['市教育局', 'unsatisfied']]);
  await attachRatings(trx, m25.items[0]!, now);
  const row1 = (await getOpinionRow(trx, o1))!;
  await applyOpinionEvent(trx, row1, ev('reassigned', -235, '主任会议', '测评不满意，责令限期整改并在以后的会议上再次报告', { months: 2 }), historyFacts(row1), now);
  await report(o1, -175, ['in_progress', 'in_progress', 'done']);
  for (const id of [o1, o2, o4, o5]) await rehear(id, -170, m26.items[0]!, m26.date, 26);
  // Meeting 26 rates four departments.
  await sealed(m26.items[0]!, [
    ['市教育局', 'unsatisfied'],
    ['市民政局', 'satisfied'],
    ['市交通运输局', 'unsatisfied'],
    ['市住房和城乡建设局', 'basically'],
  ]);
  await attachRatings(trx, m26.items[0]!, now);
  const after = async (id: number, e: OpinionEvent) => applyOpinionEvent(trx, (await getOpinionRow(trx, id))!, e, { ...historyFacts((await getOpinionRow(trx, id))!) }, now);
  await after(o2, ev('closed', -140, '主任会议', '测评结果满意，整改到位，予以销号', {}));
  await after(o4, ev('interviewed', -135, '常委会副主任、社会建设工委主任', '测评不满意，约谈承办单位主要负责人，督促整改', { interviewees: '市交通运输局局长' }));
  await after(o1, ev('consented', -138, '市委', '同一事项两次测评不满意，报经市委同意，依法提出质询案', { tool: 'interpellation' }));
  const movers = ctx.serving.slice(7, 13).map((i) => ctx.memberIds[i]!);
  await after(o1, ev('interpellated', -130, '常委会组成人员联名', '就义务教育优质均衡发展审议意见落实不力问题提出质询案', { movers }));
  // 6. Sent, deadline extended: due within 14 days.
  await opinion(m25.items[1]!, '市农业农村局', A, mk('关于农村人居环境整治工作情况报告的审议意见', '市农业农村局'), ps('农村生活污水治理设施运行维护不到位。', '农村厕所改造后续管护机制不健全。'), [
    draft(-232),
    approve(-230),
    send(-228),
    ev('extended', -140, '主任会议', '承办单位因整改涉及跨部门协调，申请延期报告，经主任会议同意', { to: addDays(today, 10) }),
  ]);
  // 7. Reported, waiting at meeting 28 for its rating.
  const o7 = await opinion(m25.items[2]!, '市人力资源和社会保障局', S, mk('关于就业和社会保障工作情况报告的审议意见', '市人力资源和社会保障局'), ps('高校毕业生等重点群体就业帮扶不够精准。', '灵活就业人员参保率偏低。'), [
    draft(-233),
    approve(-230),
    send(-228),
  ]);
  await report(o7, -100, ['in_progress', 'ongoing']);
  await rehear(o7, -20, ctx.preparing.items[5]!, ctx.preparing.date, 28);
  // 8. Reported, not yet scheduled.
  const o8 = await opinion(m26.items[1]!, '市应急管理局', F, mk('关于安全生产工作情况报告的审议意见', '市应急管理局'), ps('企业安全生产主体责任落实不到位。', '基层应急管理力量不足。'), [draft(-145), approve(-142), send(-140)]);
  await report(o8, -40, ['in_progress', 'pending']);
  // 9. Sent from meeting 27, within its deadline.
  await opinion(ctx.held.items[1]!, '市审计局', F, mk('关于审计工作报告的审议意见', '市审计局'), ps('部分专项资金绩效不高。', '审计查出问题屡审屡犯。'), [draft(-55), approve(-50), send(-45)]);
  // 10. Approved, not yet sent.
  await opinion(ctx.held.items[0]!, '市财政局', F, mk('关于市级决算草案报告的审议意见', '市财政局'), ps('预算编制不够精细，部分项目年初预算执行率偏低。'), [draft(-52), approve(-5)]);
  // 11. Still a draft.
  await opinion(ctx.held.items[3]!, '市中级人民法院', J, mk('关于行政审判工作情况报告的审议意见', '市中级人民法院'), ps('行政机关负责人出庭应诉比例偏低。', '行政争议实质性化解力度不够。'), [draft(-50)]);
  return { meetings: [m24, m25, m26].length };
}
