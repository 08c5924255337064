import { checkCode } from '../../shared/domain/format.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpinionDetail, OpinionFields } from '../../shared/api/supervision-schemas.js';
import type { SatisfactionResult } from '../../shared/domain/polls/result.js';
import { PLAN_KIND_LABEL, PLAN_KINDS } from '../../shared/domain/supervision/labels.js';
import {
  agendaItem,
  bodyNamed,
  makeCoreAt,
  meetingWithAll,
  record,
  report,
  satSheet,
  sealPoll,
  seedTermOf,
  times,
  who,
  type ClockedCore,
} from '../helpers/supervision.js';
import { buildXlsx } from '../fixtures/members-xlsx.js';

/**
 * Supervision from plan to closure (issue 9) through the dispatcher, over a real SQLite file,
 * with the core's clock injected.
 */

let t: ClockedCore | null = null;
async function open(today: string, dataDir?: string): Promise<ClockedCore> {
  if (t) await t.close();
  t = await makeCoreAt(today, dataDir);
  return t;
}
afterEach(async () => {
  if (t) await t.close();
  t = null;
});

/** Call and expect a refusal that leaves the opinion exactly as it was. */
async function refusedUnchanged(c: ClockedCore, opinionId: number, method: string, input: unknown) {
  const before = JSON.stringify(await c.call('opinion.get', { id: opinionId as never }));
  const e = await c.fail(method, input);
  expect(JSON.stringify(await c.call('opinion.get', { id: opinionId as never }))).toBe(before);
  return e;
}

// ---- 1. The year's plan -------------------------------------------------------------------

/** A city's plan for the year: 监督方式, 监督事项, 监督对象, 牵头委员会, 计划月份, 备注. */
const PLAN: readonly (readonly [string, string, string, string, string, string])[] = [
  ['专项工作报告', '听取和审议市人民政府关于2025年度环境状况和环境保护目标完成情况的报告', '市生态环境局', '城建环资工委', '4月', ''],
  ['执法检查', '检查《中华人民共和国食品安全法》贯彻实施情况', '市市场监督管理局', '财经工委', '5', ''],
  ['专题询问', '就养老服务体系建设开展专题询问', '市民政局、市卫生健康委员会', '社会建设工委', '六月', ''],
  ['工作评议', '对市交通运输局开展工作评议', '市交通运输局', '城建环资工委', '9月份', ''],
  ['满意度测评', '对市人民政府审议意见研究处理情况进行满意度测评', '市教育局、市民政局', '教科文卫工委', '12', ''],
  ['审计整改', '听取和审议2025年度市级预算执行和其他财政收支审计查出问题整改情况的报告', '市审计局', '预算工委', '12月', ''],
  ['预决算审查监督', '审查批准2025年市级决算', '市财政局', '预算工委', '7月', ''],
  ['民生实事', '听取2026年民生实事项目实施情况的报告', '市发展和改革委员会', '财经工委', '全年', '分两次听取'],
  ['专项工作报告', '听取和审议市中级人民法院关于行政审判工作情况的报告', '市中级人民法院', '监察和司法工委', '8', ''],
  ['专项工作报告', '听取和审议市人民检察院关于公益诉讼检察工作情况的报告', '市人民检察院', '监察和司法工委', '10', ''],
  ['执法检查', '检查《中华人民共和国义务教育法》贯彻实施情况', '市教育局', '教科文卫工委', '6', ''],
  ['履职评议', '对市交通运输局局长开展履职评议', '王五', '人事代表工委', '11', ''],
  ['专题调研', '开展优化营商环境专题调研', '市商务局', '财经工委', '待定', ''],
  ['审议意见跟踪', '跟踪督办2025年审议意见办理情况', '市人民政府', '研究室', '', ''],
  ['专项工作报告', '听取和审议市人民政府关于国有资产管理情况的综合报告', '市财政局、市国有资产监督管理委员会', '预算工委', '10月', ''],
  ['执法检查', '检查《中华人民共和国水污染防治法》实施情况', '市生态环境局、市水利局', '城建环资工委', '7', ''],
  ['专项工作报告', '听取和审议市人民政府关于城市更新工作情况的报告', '市住房和城乡建设局', '城建环资工委', '9', ''],
  ['专项工作报告', '听取和审议市人民政府关于医疗保障工作情况的报告', '市医疗保障局', '教科文卫工委', '11月', ''],
  ['其他', '听取和审议市人民政府关于安全生产工作情况的报告', '市应急管理局', '财经工委', '3', ''],
  ['专项工作报告', '听取和审议市人民政府关于“十五五”规划纲要编制情况的报告', '市人民政府', '财经工委', '12', ''],
];
const MONTHS = [4, 5, 6, 9, 12, 12, 7, null, 8, 10, 6, 11, null, null, 10, 7, 9, 11, 3, 12];
const KINDS = [
  'special_report',
  'enforcement_inspection',
  'special_inquiry',
  'work_review',
  'satisfaction_rating',
  'audit_rectification',
  'budget_audit',
  'livelihood_project',
  'special_report',
  'special_report',
  'enforcement_inspection',
  'performance_review',
  'research',
  'opinion_follow_up',
  'special_report',
  'enforcement_inspection',
  'special_report',
  'special_report',
  'other',
  'special_report',
];
/** Bodies the plan names for the first time, in the order they first appear. */
const NEW_BODIES = [
  '市生态环境局',
  '城建环资工委',
  '市市场监督管理局',
  '财经工委',
  '市民政局',
  '市卫生健康委员会',
  '社会建设工委',
  '市交通运输局',
  '市审计局',
  '预算工委',
  '市财政局',
  '市发展和改革委员会',
  '市中级人民法院',
  '监察和司法工委',
  '市人民检察院',
  '人事代表工委',
  '市商务局',
  '市人民政府',
  '研究室',
  '市国有资产监督管理委员会',
  '市水利局',
  '市住房和城乡建设局',
  '市医疗保障局',
  '市应急管理局',
];

describe('the year’s supervision plan', () => {
  it('previews a pasted plan in three layouts, reports bad rows in Chinese and saves nothing', async () => {
    const c = await open('2026-06-15');
    const edu = await bodyNamed(c, '市教育局');
    await bodyNamed(c, '教科文卫工委', 'committee');
    await c.call('appointee.create', { name: '王五', office: '市交通运输局局长', bodyId: null, appointedOn: '2024-02-01', leftOn: null, note: null });
    const bodiesBefore = await c.call('body.list', {});

    const withHeader = ['序号\t监督方式\t监督事项\t监督对象\t牵头委员会\t计划月份\t备注', ...PLAN.map((r, i) => [String(i + 1), ...r].join('\t'))].join('\n');
    const numbered = PLAN.map((r, i) => [`${i + 1}.`, ...r].join('\t')).join('\r\n');
    const bare = PLAN.map((r) => r.join('\t')).join('\n');
    const previews = [];
    for (const text of [withHeader, numbered, bare]) previews.push(await c.call('plan.importPreview', { year: 2026, text }));
    for (const p of previews) {
      expect(p.validCount).toBe(20);
      expect(p.errorCount).toBe(0);
      expect(p.newBodies).toEqual(NEW_BODIES);
      expect(p.rows.map((r) => r.fields?.title)).toEqual(PLAN.map((r) => r[1]));
      expect(p.rows.map((r) => r.fields?.kind)).toEqual(KINDS);
      expect(p.rows.map((r) => r.fields?.plannedMonth)).toEqual(MONTHS);
      expect(p.rows.map((r) => r.fields)).toEqual(previews[0]!.rows.map((r) => r.fields));
    }
    const [h] = previews;
    expect(h!.rows.map((r) => r.line)).toEqual(PLAN.map((_, i) => i + 2));
    expect(h!.rows[2]!.fields).toEqual({ kind: 'special_inquiry', title: '就养老服务体系建设开展专题询问', subjectNames: ['市民政局', '市卫生健康委员会'], leadName: '社会建设工委', plannedMonth: 6, notes: null });
    expect(h!.rows[7]!.fields).toMatchObject({ plannedMonth: null, notes: '分两次听取' });
    // 王五 is an appointed person, not a new body; 市教育局 and 教科文卫工委 exist.
    expect(h!.rows[11]!.newBodies).toEqual(['人事代表工委']);
    // Per row, “new” is against the bodies already saved: 市民政局 is first named on an earlier row.
    expect(h!.rows[4]!.newBodies).toEqual(['市民政局']);
    expect(h!.rows[10]!.newBodies).toEqual([]);

    // Two bad lines among the twenty: each row says what is wrong; the good ones stay good.
    const bad = [
      '序号\t监督方式\t监督事项\t监督对象\t牵头委员会\t计划月份\t备注',
      ...PLAN.slice(0, 10).map((r, i) => [String(i + 1), ...r].join('\t')),
      '11\t座谈\t与基层代表座谈\t市教育局\t教科文卫工委\t5\t',
      ...PLAN.slice(10).map((r, i) => [String(i + 12), ...r].join('\t')),
      '22\t专项工作报告\t听取和审议市人民政府关于金融工作情况的报告\t市金融工作局\t财经工委\t13月\t',
    ].join('\n');
    const checked = await c.call('plan.importPreview', { year: 2026, text: bad });
    expect([checked.validCount, checked.errorCount]).toEqual([20, 2]);
    const errors = checked.rows.filter((r) => r.errors.length > 0);
    expect(errors.map((r) => [r.line, r.fields])).toEqual([
      [12, null],
      [23, null],
    ]);
    expect(errors[0]!.errors).toEqual([`监督方式“座谈”无法识别（可填：${PLAN_KINDS.map((k) => PLAN_KIND_LABEL[k]).join('、')}）`]);
    expect(errors[1]!.errors).toEqual(['计划月份“13月”无效，应为 1–12 月']);
    // A body named only on a refused row is not proposed.
    expect(checked.newBodies).toEqual(NEW_BODIES);

    expect((await c.call('plan.list', { year: 2026 })).items).toEqual([]);
    expect(await c.call('body.list', {})).toEqual(bodiesBefore);
    expect(edu.name).toBe('市教育局');
  });

  it('imports twenty items after the existing ones, creates each new body once, and shows planned vs held, ratings and late items', async () => {
    const c = await open('2026-06-15');
    const { term, members } = await seedTermOf(c, { n: 20 });
    const edu = await bodyNamed(c, '市教育局');
    const lead = await bodyNamed(c, '教科文卫工委', 'committee');
    const wang = await c.call('appointee.create', { name: '王五', office: '市交通运输局局长', bodyId: null, appointedOn: '2024-02-01', leftOn: null, note: null });
    const first = await c.call('plan.create', {
      year: 2026,
      fields: { kind: 'special_report', title: '听取和审议市人民政府关于教育工作情况的报告', subjects: [{ kind: 'body', id: edu.id }], leadBodyId: lead.id, plannedMonth: 3, notes: null },
    });
    expect(first).toMatchObject({ position: 1, progress: 'late', held: [], ratings: [], opinionsOpen: 0, opinionsTotal: 0 });

    const text = PLAN.map((r) => r.join('\t')).join('\n');
    const preview = await c.call('plan.importPreview', { year: 2026, text });
    const rows = preview.rows.map((r) => r.fields!);
    expect(await c.call('plan.importCommit', { year: 2026, rows })).toEqual({ created: 20, bodiesCreated: 24 });
    const bodies = await c.call('body.list', {});
    expect(bodies).toHaveLength(2 + 24);
    const kindOf = (name: string) => bodies.find((b) => b.name === name)?.kind;
    expect([kindOf('市中级人民法院'), kindOf('市人民检察院'), kindOf('市人民政府'), kindOf('研究室'), kindOf('市水利局')]).toEqual(['court', 'procuratorate', 'government', 'committee', 'department']);

    // The same lines again (a second click) are refused whole; nothing is added.
    const again = await c.fail('plan.importCommit', { year: 2026, rows: rows.slice(0, 2) });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('可能已经导入过；未导入任何事项');
    expect((await c.call('plan.list', { year: 2026 })).items).toHaveLength(21);
    // A second paste naming the same bodies creates none and goes after the twenty.
    const second = rows.slice(0, 2).map((r) => ({ ...r, title: `${r.title}（下半年）` }));
    expect(await c.call('plan.importCommit', { year: 2026, rows: second })).toEqual({ created: 2, bodiesCreated: 0 });
    expect(await c.call('body.list', {})).toHaveLength(26);

    let plan = await c.call('plan.list', { year: 2026 });
    expect(plan.years).toEqual([2026]);
    expect(plan.items.map((i) => i.position)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(plan.items.map((i) => i.title)).toEqual([first.title, ...PLAN.map((r) => r[1]), `${PLAN[0]![1]}（下半年）`, `${PLAN[1]![1]}（下半年）`]);
    const byPos = (p: number) => plan.items.find((i) => i.position === p)!;
    expect(byPos(4)).toMatchObject({
      kind: 'special_inquiry',
      subjects: [
        { kind: 'body', name: '市民政局' },
        { kind: 'body', name: '市卫生健康委员会' },
      ],
      leadBodyName: '社会建设工委',
      plannedMonth: 6,
    });
    expect(byPos(6)!.subjects).toEqual([
      { kind: 'body', id: edu.id, name: '市教育局' },
      { kind: 'body', id: bodies.find((b) => b.name === '市民政局')!.id, name: '市民政局' },
    ]);
    expect(byPos(13)!.subjects).toEqual([{ kind: 'appointee', id: wang.id, name: '王五' }]);
    expect(byPos(9)).toMatchObject({ notes: '分两次听取', plannedMonth: null, progress: 'unscheduled' });
    // Today is 2026-06-15: March, April and May are past; June is not yet late.
    expect([byPos(1), byPos(2), byPos(3), byPos(20), byPos(12), byPos(7)].map((i) => [i.plannedMonth, i.progress])).toEqual([
      [3, 'late'],
      [4, 'late'],
      [5, 'late'],
      [3, 'late'],
      [6, 'planned'],
      [12, 'planned'],
    ]);

    // Held: an agenda item of a past meeting carries out the first item.
    const m = await meetingWithAll(c, term.id, 20, '2026-04-20');
    const item = await agendaItem(c, m.id, '听取和审议市人民政府关于教育工作情况的报告', edu.id);
    const linked = await c.call('agenda.linkPlan', { agendaItemId: item.id, planItemId: first.id });
    expect([linked.planItemId, linked.planItemTitle]).toEqual([first.id, first.title]);
    plan = await c.call('plan.list', { year: 2026 });
    expect(byPos(1)).toMatchObject({
      progress: 'held',
      held: [{ agendaItemId: item.id, meetingId: m.id, meetingTitle: '第十七届人大常委会第二十次会议', date: '2026-04-20', title: item.title }],
      ratings: [],
    });

    // A satisfaction poll on that item, sealed: 12 满意, 4 基本满意, 2 不满意 of 20 members.
    const { sealed } = await sealPoll(c, item.id, { kind: 'satisfaction', title: '对教育工作情况报告的满意度测评', targets: [{ key: 'edu', label: '市教育局' }] }, [
      ...times(12, satSheet({ edu: 'satisfied' })),
      ...times(4, satSheet({ edu: 'basically' })),
      ...times(2, satSheet({ edu: 'unsatisfied' })),
    ]);
    expect((sealed.result as SatisfactionResult).targets[0]!.satisfactionRate.text).toBe('80.00%');
    await c.call('opinion.create', {
      agendaItemId: item.id,
      on: '2026-04-25',
      actor: '教科文卫工委 张三',
      fields: { title: '关于教育工作情况报告的审议意见', leadBodyId: lead.id, assessment: '', problems: [], recommendations: '', bodyIds: [edu.id], copyTo: [] },
    });
    plan = await c.call('plan.list', { year: 2026 });
    expect(byPos(1)).toMatchObject({
      progress: 'held',
      ratings: [{ pollId: sealed.pollId, subject: '市教育局', verdict: '满意', figure: '满意率 80.00%', date: '2026-04-20' }],
      opinionsOpen: 1,
      opinionsTotal: 1,
    });

    // A plan item of another year cannot be linked; nothing changes.
    const old = await c.call('plan.create', { year: 2025, fields: { kind: 'other', title: '2025年的事项', subjects: [], leadBodyId: null, plannedMonth: null, notes: null } });
    const other = await c.fail('agenda.linkPlan', { agendaItemId: item.id, planItemId: old.id });
    expect(other).toMatchObject({ code: 'VALIDATION', message: '会议在 2026 年召开，不能关联 2025 年的监督计划事项。' });
    expect((await c.call('agenda.list', { meetingId: m.id }))[0]!.planItemId).toBe(first.id);
    expect((await c.call('plan.list', { year: 2025 })).items.map((i) => i.progress)).toEqual(['unscheduled']);

    // A linked item cannot be deleted; once unlinked it can.
    const del = await c.fail('plan.delete', { id: first.id });
    expect(del).toEqual({ code: 'STATE', message: '“听取和审议市人民政府关于教育工作情况的报告”已关联 1 项会议议程，不能删除；请先在议程中取消关联。' });
    expect((await c.call('plan.list', { year: 2026 })).items).toHaveLength(23);
    expect((await c.call('agenda.linkPlan', { agendaItemId: item.id, planItemId: null })).planItemId).toBeNull();
    await c.call('plan.delete', { id: first.id });
    plan = await c.call('plan.list', { year: 2026 });
    expect(plan.items.map((i) => i.title)).toEqual([...PLAN.map((r) => r[1]), `${PLAN[0]![1]}（下半年）`, `${PLAN[1]![1]}（下半年）`]);
    expect(plan.years).toEqual([2026, 2025]);
    expect(members).toHaveLength(20);
  });
});

// ---- 2. Deliberation notes ----------------------------------------------------------------

describe('deliberation notes', () => {
  it('adds, edits and deletes speeches of members of the meeting’s term, and counts them on the agenda item', async () => {
    const c = await open('2026-11-30');
    const { term, members } = await seedTermOf(c, { n: 20 });
    const { members: others } = await seedTermOf(c, { n: 3, name: '第十六届', prefix: '代表' });
    const m = await meetingWithAll(c, term.id, 12, '2026-11-20');
    const item = await agendaItem(c, m.id, '听取和审议市人民政府关于教育工作情况的报告', null);
    const a = await c.call('speech.add', { agendaItemId: item.id, fields: { memberId: members[1]!.id, points: '学前教育资源仍然不足' } });
    const b = await c.call('speech.add', { agendaItemId: item.id, fields: { memberId: members[4]!.id, points: '  建议加大教师培养力度  ' } });
    expect([a.position, a.memberName, b.position, b.memberName, b.points]).toEqual([1, '委员02', 2, '委员05', '建议加大教师培养力度']);
    expect((await c.call('agenda.list', { meetingId: m.id }))[0]!.speechCount).toBe(2);

    const edited = await c.call('speech.update', { id: a.id, fields: { memberId: members[2]!.id, points: '学前教育普惠性资源不足' } });
    expect(edited).toEqual({ id: a.id, agendaItemId: item.id, position: 1, memberId: members[2]!.id, memberName: '委员03', points: '学前教育普惠性资源不足' });

    const before = await c.call('speech.list', { agendaItemId: item.id });
    const foreign = await c.fail('speech.add', { agendaItemId: item.id, fields: { memberId: others[0]!.id, points: '不是本届的组成人员' } });
    expect(foreign).toEqual({ code: 'VALIDATION', message: '发言人不是本届常委会组成人员，请重新选择', issues: [{ path: 'fields.memberId', message: '发言人无效' }] });
    expect((await c.fail('speech.update', { id: b.id, fields: { memberId: others[1]!.id, points: 'x' } })).code).toBe('VALIDATION');
    expect((await c.fail('speech.add', { agendaItemId: item.id, fields: { memberId: members[0]!.id, points: '   ' } })).code).toBe('VALIDATION');
    expect(await c.call('speech.list', { agendaItemId: item.id })).toEqual(before);

    await c.call('speech.delete', { id: a.id });
    expect((await c.call('speech.list', { agendaItemId: item.id })).map((s) => [s.memberName, s.points])).toEqual([['委员05', '建议加大教师培养力度']]);
    expect((await c.call('agenda.list', { meetingId: m.id }))[0]!.speechCount).toBe(1);
    expect((await c.fail('speech.delete', { id: a.id })).code).toBe('NOT_FOUND');
  });
});

// ---- 3. A review opinion's whole life ------------------------------------------------------

async function lifeSetup(c: ClockedCore) {
  const { term, members } = await seedTermOf(c, { n: 20 });
  const edu = await bodyNamed(c, '市教育局');
  const health = await bodyNamed(c, '市卫生健康委员会');
  const civil = await bodyNamed(c, '市民政局');
  const lead = await bodyNamed(c, '教科文卫工委', 'committee');
  const m0 = await meetingWithAll(c, term.id, 8, '2025-12-20');
  const earlier = await agendaItem(c, m0.id, '听取和审议市人民政府关于民政工作情况的报告', civil.id);
  const m1 = await meetingWithAll(c, term.id, 10, '2026-01-20');
  const source = await agendaItem(c, m1.id, '听取和审议市人民政府关于教育工作情况的报告', edu.id);
  const sameMeeting = await agendaItem(c, m1.id, '听取和审议市人民政府关于卫生健康工作情况的报告', health.id);
  const m2 = await meetingWithAll(c, term.id, 12, '2026-06-25');
  const second = await agendaItem(c, m2.id, '审议意见研究处理情况的报告', null);
  const m3 = await meetingWithAll(c, term.id, 14, '2026-10-28');
  const third = await agendaItem(c, m3.id, '审议意见研究处理情况的再次报告', null);
  return { term, members, edu, health, civil, lead, m0, m1, m2, m3, earlier, source, sameMeeting, second, third };
}

function opinionFields(s: { edu: { id: number }; health: { id: number }; lead: { id: number } }): OpinionFields {
  return {
    title: '关于教育工作情况报告的审议意见',
    leadBodyId: s.lead.id as never,
    assessment: '市人民政府重视教育工作，取得明显成效。',
    problems: [
      { text: '学前教育普惠性资源不足', bodyId: s.edu.id as never },
      { text: '校园周边食品安全监管薄弱', bodyId: s.health.id as never },
      { text: '教师队伍结构不合理', bodyId: s.edu.id as never },
    ],
    recommendations: '加大投入，补齐短板。',
    bodyIds: [s.edu.id as never, s.health.id as never],
    copyTo: ['抄报市委'],
  };
}

const RATE_DEF = (title: string) => ({
  kind: 'satisfaction' as const,
  title,
  targets: [
    { key: 't1', label: '市教育局' },
    { key: 't2', label: '市卫生健康委员会' },
  ],
});

describe('a review opinion from drafting to closing', () => {
  it('drafts with problems for two bodies, sends with a month-end deadline, extends, reports, is rated by real polls, re-rated and closed, every step on the timeline', async () => {
    const c = await open('2026-11-30');
    const s = await lifeSetup(c);
    const fields = opinionFields(s);

    // Drafting: a problem whose body is not among the bodies is refused, and so is a date before the meeting.
    const stray = await c.fail('opinion.create', {
      agendaItemId: s.source.id,
      on: '2026-01-25',
      actor: '教科文卫工委 张三',
      fields: { ...fields, problems: [fields.problems[0]!, { text: '养老机构监管不到位', bodyId: s.civil.id as never }] },
    });
    expect(stray).toEqual({
      code: 'VALIDATION',
      message: '第 2 项问题的责任单位不在承办单位之中，请先把它加入承办单位',
      issues: [{ path: 'fields.problems.1.bodyId', message: '责任单位不在承办单位之中' }],
    });
    const early = await c.fail('opinion.create', { agendaItemId: s.source.id, on: '2026-01-19', actor: '教科文卫工委 张三', fields });
    expect(early).toMatchObject({ code: 'VALIDATION', message: '起草日期不能早于会议日期（2026年1月20日）' });
    expect((await c.call('opinion.list', {})).items).toEqual([]);
    expect((await c.call('agenda.list', { meetingId: s.m1.id }))[0]!.opinionCount).toBe(0);

    let o = await c.call('opinion.create', { agendaItemId: s.source.id, on: '2026-01-25', actor: '教科文卫工委 张三', fields });
    const id = o.id;
    expect(o).toMatchObject({
      status: 'draft',
      statusLabel: '起草中',
      year: 2026,
      meetingTitle: '第十七届人大常委会第十次会议',
      agendaItemId: s.source.id,
      leadBodyName: '教科文卫工委',
      bodies: [
        { id: s.edu.id, name: '市教育局' },
        { id: s.health.id, name: '市卫生健康委员会' },
      ],
      copyTo: ['抄报市委'],
      problems: { total: 3, pending: 3, inProgress: 0, done: 0, ongoing: 0 },
      available: ['approved'],
      suggestion: '起草完成后提请主任会议审定。',
      // Drafting is due within 15 days of the meeting (2026-02-04); today is 2026-11-30.
      urgency: { due: '2026-02-04', dueWhat: 'draft', daysLeft: -299, overdue: true, dueSoon: false, text: '会后15日整理时限已过 299 天' },
    });
    expect(o.problemList.map((p) => [p.position, p.text, p.bodyName, p.status, p.measures])).toEqual([
      [1, '学前教育普惠性资源不足', '市教育局', 'pending', null],
      [2, '校园周边食品安全监管薄弱', '市卫生健康委员会', 'pending', null],
      [3, '教师队伍结构不合理', '市教育局', 'pending', null],
    ]);
    expect((await c.call('agenda.list', { meetingId: s.m1.id }))[0]!.opinionCount).toBe(1);

    // A draft can be edited.
    o = await c.call('opinion.update', { id, fields: { ...fields, problems: [fields.problems[0]!, { ...fields.problems[1]!, text: '校园周边食品安全监管仍然薄弱' }, fields.problems[2]!] } });
    expect(o.problemList.map((p) => p.text)).toEqual(['学前教育普惠性资源不足', '校园周边食品安全监管仍然薄弱', '教师队伍结构不合理']);

    o = await record(c, id, who.approved('2026-01-28'));
    expect([o.status, o.approvedOn]).toEqual(['approved', '2026-01-28']);
    const frozen = await refusedUnchanged(c, id, 'opinion.update', { id, fields });
    expect(frozen).toEqual({ code: 'STATE', message: '审议意见当前状态为“已审定待交办”，内容不能再修改（起草中的才能修改）。' });
    expect(await refusedUnchanged(c, id, 'opinion.record', { id, step: who.approved('2026-01-29') })).toEqual({
      code: 'STATE',
      message: '不能主任会议审定：当前状态为“已审定待交办”，只有“起草中”的审议意见才能主任会议审定。',
    });
    expect((await refusedUnchanged(c, id, 'opinion.delete', { id })).code).toBe('STATE');

    // Sent 1月31日 with three months: the deadline clamps to 4月30日.
    o = await record(c, id, who.sent('2026-01-31', 3));
    expect([o.status, o.sentOn, o.deadline]).toEqual(['sent', '2026-01-31', '2026-04-30']);
    expect(o.available).toEqual(['extended', 'reported']);

    // An extension must move the deadline later.
    const ext = { kind: 'extended' as const, on: '2026-04-20', actor: '主任会议', reason: '承办单位申请延期，经批准' };
    expect(await refusedUnchanged(c, id, 'opinion.record', { id, step: { ...ext, to: '2026-04-30' } })).toEqual({
      code: 'STATE',
      message: '延期后的期限（2026年4月30日）应晚于现在的期限（2026年4月30日）。',
    });
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: { ...ext, to: '2026-04-15' } })).code).toBe('STATE');
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: { ...ext, on: '2026-01-30', to: '2026-05-31' } })).message).toBe(
      '延期日期（2026年1月30日）不能早于上一步的日期（2026年1月31日）。',
    );
    o = await record(c, id, { ...ext, to: '2026-05-31' });
    expect([o.status, o.deadline]).toEqual(['sent', '2026-05-31']);

    // The handling report with a rectification list; the third problem is not mentioned.
    const [p1, p2, p3] = o.problemList.map((p) => p.id);
    const foreignProblem = await refusedUnchanged(c, id, 'opinion.report', {
      id,
      report: { on: '2026-05-20', actor: '办公室 李四', reason: '收到报告', summary: null, rectifications: [{ problemId: 99999, measures: 'x', status: 'done' }] },
    });
    expect(foreignProblem).toEqual({ code: 'VALIDATION', message: '整改清单中的问题不属于这份审议意见，请刷新后重试' });
    o = await c.call('opinion.report', {
      id,
      report: {
        on: '2026-05-20',
        actor: '办公室 李四',
        reason: '收到市人民政府研究处理情况报告',
        summary: '市人民政府研究处理情况报告',
        rectifications: [
          { problemId: p1!, measures: '新建公办幼儿园 12 所', status: 'done' },
          { problemId: p2!, measures: '开展校园食品安全专项整治', status: 'in_progress' },
        ],
      },
    });
    expect([o.status, o.deadline]).toEqual(['reported', null]);
    expect(o.problemList.map((p) => [p.status, p.measures])).toEqual([
      ['done', '新建公办幼儿园 12 所'],
      ['in_progress', '开展校园食品安全专项整治'],
      ['pending', null],
    ]);
    expect(o.reports.map((r) => [r.round, r.receivedOn, r.summary, r.rectifications.map((x) => [x.position, x.status])])).toEqual([
      [
        1,
        '2026-05-20',
        '市人民政府研究处理情况报告',
        [
          [1, 'done'],
          [2, 'in_progress'],
          [3, 'pending'],
        ],
      ],
    ]);
    const [ledgerRow] = (await c.call('opinion.list', { year: 2026 })).items;
    expect(ledgerRow).toMatchObject({ id, status: 'reported', statusLabel: '已报告待测评', problems: { total: 3, pending: 1, inProgress: 1, done: 1, ongoing: 0 } });
    expect((await refusedUnchanged(c, id, 'opinion.report', { id, report: { on: '2026-05-21', actor: '办公室 李四', reason: '又一份', summary: null, rectifications: [] } })).code).toBe('STATE');

    // Re-hearing: not at the same item, not at the same or an earlier meeting.
    expect(await refusedUnchanged(c, id, 'opinion.record', { id, step: who.rehearing('2026-06-01', s.source.id) })).toEqual({
      code: 'STATE',
      message: '再次审议应安排在以后会议的议程上，不能是提出审议意见的同一议程。',
    });
    expect(await refusedUnchanged(c, id, 'opinion.record', { id, step: who.rehearing('2026-06-01', s.earlier.id) })).toEqual({
      code: 'STATE',
      message: '再次审议应安排在提出审议意见的会议（2026年1月20日）之后的会议上；所选会议日期为2025年12月20日。',
    });
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.rehearing('2026-06-01', s.sameMeeting.id) })).message).toBe(
      '再次审议应安排在提出审议意见的会议（2026年1月20日）之后的会议上；所选会议日期为2026年1月20日。',
    );
    const options = await c.call('opinion.rehearingOptions', { id });
    expect(options.map((x) => [x.agendaItemId, x.date, x.hasSatisfactionPoll])).toEqual([
      [s.second.id, '2026-06-25', false],
      [s.third.id, '2026-10-28', false],
    ]);
    o = await record(c, id, who.rehearing('2026-06-01', s.second.id));
    expect(o.status).toBe('rehearing');
    expect(o.rehearing).toEqual({ agendaItemId: s.second.id, title: '审议意见研究处理情况的报告', meetingId: s.m2.id, meetingTitle: '第十七届人大常委会第十二次会议', date: '2026-06-25' });

    // Closing before a rating is refused.
    const closeEarly = await refusedUnchanged(c, id, 'opinion.record', { id, step: { kind: 'closed', on: '2026-06-02', actor: '主任会议', reason: '决定销号' } });
    expect(closeEarly).toEqual({ code: 'STATE', message: '不能销号：当前状态为“待审议测评”，只有“测评满意待销号”的审议意见才能销号。' });

    // A real poll at the second meeting, rows linked to the bodies by name when the draft is saved.
    const first = await c.call('poll.create', { agendaItemId: s.second.id, definition: RATE_DEF('对审议意见研究处理情况的满意度测评') });
    expect(await c.call('poll.subjects', { pollId: first.id })).toEqual([
      { targetKey: 't1', label: '市教育局', subject: { kind: 'body', id: s.edu.id, name: '市教育局' } },
      { targetKey: 't2', label: '市卫生健康委员会', subject: { kind: 'body', id: s.health.id, name: '市卫生健康委员会' } },
    ]);
    expect((await c.call('opinion.rehearingOptions', { id }))[0]!.hasSatisfactionPoll).toBe(true);
    await c.call('poll.open', { id: first.id });
    const { eligible } = await c.call('paperBallot.status', { pollId: first.id });
    await c.call('paperBallot.handOut', { pollId: first.id, memberIds: eligible.map((x) => x.memberId) });
    for (const sheet of [...times(12, satSheet({ t1: 'unsatisfied', t2: 'satisfied' })), ...times(2, satSheet({ t1: 'satisfied', t2: 'satisfied' }))]) {
      await c.call('paperBallot.enter', { pollId: first.id, pass: 1, payload: sheet });
    }
    // Still open: nothing reaches the opinion.
    expect((await c.call('opinion.get', { id })).status).toBe('rehearing');
    const sealed1 = await c.call('poll.close', { id: first.id });
    expect((sealed1.result as SatisfactionResult).targets.map((x) => x.verdict?.label)).toEqual(['不满意', '满意']);
    o = await c.call('opinion.get', { id });
    expect(o).toMatchObject({ status: 'unsatisfied', statusLabel: '测评不满意', unsatisfied: 1, lastVerdict: '不满意', available: ['interviewed', 'reassigned'] });
    expect(o.suggestion).toBe('测评不满意：责令承办单位限期整改，在以后的会议上再次报告、再次测评；可先约谈承办单位负责人。');
    expect(o.events.at(-1)).toMatchObject({
      kind: 'rated',
      label: '满意度测评结果',
      on: '2026-06-25',
      actor: '常委会会议满意度测评',
      reason: `第十七届人大常委会第十二次会议“对审议意见研究处理情况的满意度测评”测评结果（已封存，校验码 ${checkCode(sealed1.digest)}）`,
      detail: '测评结果：不满意（市教育局：不满意；市卫生健康委员会：满意）',
    });
    // 不满意 cannot be closed either.
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: { kind: 'closed', on: '2026-06-26', actor: '主任会议', reason: '决定销号' } })).code).toBe('STATE');

    o = await record(c, id, { kind: 'interviewed', interviewees: '市教育局主要负责人', on: '2026-07-01', actor: '主任会议', reason: '测评不满意，约谈' });
    expect([o.status, o.escalation.interviews]).toEqual(['unsatisfied', 1]);
    o = await record(c, id, who.reassigned('2026-07-05', 2));
    expect([o.status, o.deadline, o.rehearing]).toEqual(['sent', '2026-09-05', null]);

    o = await report(c, id, '2026-08-30', [
      { problemId: p2!, measures: '建立校园周边食品安全长效机制', status: 'done' },
      { problemId: p3!, measures: '持续优化教师队伍结构', status: 'ongoing' },
    ]);
    // A problem the second report does not mention keeps its state and its measures.
    expect(o.problemList.map((p) => [p.status, p.measures])).toEqual([
      ['done', '新建公办幼儿园 12 所'],
      ['done', '建立校园周边食品安全长效机制'],
      ['ongoing', '持续优化教师队伍结构'],
    ]);
    expect(o.reports.map((r) => r.round)).toEqual([1, 2]);
    expect((await c.call('opinion.list', {})).items[0]!.problems).toEqual({ total: 3, pending: 0, inProgress: 0, done: 2, ongoing: 1 });

    // Not at the meeting that rated last; at the third meeting.
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.rehearing('2026-09-10', s.second.id) })).message).toBe(
      '再次审议应安排在上次测评的会议（2026年6月25日）之后的会议上；所选会议日期为2026年6月25日。',
    );
    o = await record(c, id, who.rehearing('2026-09-10', s.third.id));
    expect([o.status, o.rehearing?.agendaItemId]).toEqual(['rehearing', s.third.id]);
    const { sealed: sealed2 } = await sealPoll(c, s.third.id, RATE_DEF('对审议意见研究处理情况的再次满意度测评'), times(14, satSheet({ t1: 'satisfied', t2: 'satisfied' })));
    o = await c.call('opinion.get', { id });
    expect(o).toMatchObject({ status: 'satisfied', unsatisfied: 1, lastVerdict: '满意', available: ['closed'], suggestion: '测评结果为满意，可由主任会议决定销号。' });
    expect(o.events.at(-1)!.reason).toContain(checkCode(sealed2.digest));

    o = await record(c, id, { kind: 'closed', on: '2026-11-05', actor: '主任会议', reason: '测评满意，决定销号' });
    expect(o).toMatchObject({ status: 'closed', statusLabel: '已销号', available: [], suggestion: null, deadline: null });
    expect(o.urgency).toEqual({ due: null, dueWhat: null, daysLeft: null, overdue: false, dueSoon: false, text: null });

    expect(o.events.map((e) => [e.kind, e.on, e.actor, e.reason])).toEqual([
      ['drafted', '2026-01-25', '教科文卫工委 张三', '根据第十七届人大常委会第十次会议审议意见整理'],
      ['approved', '2026-01-28', '主任会议', '第十二次主任会议审定'],
      ['sent', '2026-01-31', '办公室 李四', '交办市人民政府，抄报市委'],
      ['extended', '2026-04-20', '主任会议', '承办单位申请延期，经批准'],
      ['reported', '2026-05-20', '办公室 李四', '收到市人民政府研究处理情况报告'],
      ['rehearing', '2026-06-01', '主任会议', '列入常委会会议议程'],
      ['rated', '2026-06-25', '常委会会议满意度测评', o.events[6]!.reason],
      ['interviewed', '2026-07-01', '主任会议', '测评不满意，约谈'],
      ['reassigned', '2026-07-05', '主任会议', '责令限期整改并再次报告'],
      ['reported', '2026-08-30', '办公室 李四', '收到研究处理情况报告'],
      ['rehearing', '2026-09-10', '主任会议', '列入常委会会议议程'],
      ['rated', '2026-10-28', '常委会会议满意度测评', `第十七届人大常委会第十四次会议“对审议意见研究处理情况的再次满意度测评”测评结果（已封存，校验码 ${checkCode(sealed2.digest)}）`],
      ['closed', '2026-11-05', '主任会议', '测评满意，决定销号'],
    ]);
    expect(o.events.map((e) => e.detail)).toEqual([
      '',
      '',
      '报告期限 2026年4月30日（交办后 3 个月）',
      '报告期限由 2026年4月30日 延至 2026年5月31日',
      '第 1 次研究处理情况报告，按期（期限 2026年5月31日）',
      '第十七届人大常委会第十二次会议：审议意见研究处理情况的报告（2026年6月25日）',
      '测评结果：不满意（市教育局：不满意；市卫生健康委员会：满意）',
      '约谈对象：市教育局主要负责人',
      '责令限期整改，报告期限 2026年9月5日（2 个月）',
      '第 2 次研究处理情况报告，按期（期限 2026年9月5日）',
      '第十七届人大常委会第十四次会议：审议意见研究处理情况的再次报告（2026年10月28日）',
      '测评结果：满意（市教育局：满意；市卫生健康委员会：满意）',
      '',
    ]);
    // Closed is final.
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.reassigned('2026-11-06') })).code).toBe('STATE');
    expect((await c.call('opinion.list', { status: 'open' })).items).toEqual([]);
    expect((await c.call('opinion.list', { status: 'closed' })).items.map((x) => x.id)).toEqual([id]);
  });

  it('refuses to delete an agenda item an opinion was drafted from or is re-heard at', async () => {
    const c = await open('2026-11-30');
    const s = await lifeSetup(c);
    const o = await c.call('opinion.create', { agendaItemId: s.source.id, on: '2026-01-25', actor: '教科文卫工委 张三', fields: opinionFields(s) });
    const before = await c.call('agenda.list', { meetingId: s.m1.id });
    expect(await c.fail('agenda.delete', { id: s.source.id })).toEqual({
      code: 'STATE',
      message: '“听取和审议市人民政府关于教育工作情况的报告”有 1 份审议意见（提出或再次审议），不能删除；审议意见的办理记录须保留。',
    });
    expect(await c.call('agenda.list', { meetingId: s.m1.id })).toEqual(before);
    await record(c, o.id, who.approved('2026-01-28'));
    await record(c, o.id, who.sent('2026-01-31'));
    await report(c, o.id, '2026-03-01');
    await record(c, o.id, who.rehearing('2026-03-02', s.second.id));
    expect((await c.fail('agenda.delete', { id: s.second.id })).code).toBe('STATE');
    expect((await c.call('agenda.list', { meetingId: s.m2.id })).map((a) => a.id)).toEqual([s.second.id]);
    // An item with no opinion still goes.
    await c.call('agenda.delete', { id: s.sameMeeting.id });
    expect((await c.call('agenda.list', { meetingId: s.m1.id })).map((a) => a.id)).toEqual([s.source.id]);
  });
});

describe('ratings that reach an opinion late', () => {
  it('attaches a poll sealed before the re-hearing was recorded, when it is recorded', async () => {
    const c = await open('2026-11-30');
    const s = await lifeSetup(c);
    const o = await c.call('opinion.create', { agendaItemId: s.source.id, on: '2026-01-25', actor: '教科文卫工委 张三', fields: opinionFields(s) });
    await record(c, o.id, who.approved('2026-01-28'));
    await record(c, o.id, who.sent('2026-01-31'));
    await report(c, o.id, '2026-04-20');
    // 8 满意 and 6 基本满意 of 20 for the bureau (基本满意), 14 满意 for the commission.
    const { sealed } = await sealPoll(c, s.second.id, RATE_DEF('对审议意见研究处理情况的满意度测评'), [
      ...times(8, satSheet({ t1: 'satisfied', t2: 'satisfied' })),
      ...times(6, satSheet({ t1: 'basically', t2: 'satisfied' })),
    ]);
    expect((await c.call('opinion.get', { id: o.id })).status).toBe('reported');
    const after = await record(c, o.id, who.rehearing('2026-07-01', s.second.id));
    expect(after).toMatchObject({ status: 'satisfied', lastVerdict: '基本满意', unsatisfied: 0, available: ['closed'], suggestion: '测评结果为基本满意，可由主任会议决定销号。' });
    expect(after.events.slice(-2).map((e) => [e.kind, e.on, e.detail])).toEqual([
      ['rehearing', '2026-07-01', '第十七届人大常委会第十二次会议：审议意见研究处理情况的报告（2026年6月25日）'],
      ['rated', '2026-07-01', '测评结果：基本满意（市教育局：基本满意；市卫生健康委员会：满意）'],
    ]);
    expect(after.events.at(-1)!.reason).toContain(checkCode(sealed.digest));
  });

  it('tells the clerk when no row of the sealed sheet is linked to the bodies, and attaches once a row is linked', async () => {
    const c = await open('2026-11-30');
    const s = await lifeSetup(c);
    const o = await c.call('opinion.create', { agendaItemId: s.source.id, on: '2026-01-25', actor: '教科文卫工委 张三', fields: opinionFields(s) });
    await record(c, o.id, who.approved('2026-01-28'));
    await record(c, o.id, who.sent('2026-01-31'));
    await report(c, o.id, '2026-04-20');
    await record(c, o.id, who.rehearing('2026-05-01', s.second.id));
    const notices: string[] = [];
    c.core.subscribe((event, payload) => {
      if (event === 'poll.notice') notices.push((payload as { message: string }).message);
    });
    // The rows are named for the departments' work, not for the bodies: nothing is linked.
    const def = {
      kind: 'satisfaction' as const,
      title: '对审议意见研究处理情况的满意度测评',
      targets: [
        { key: 'w1', label: '教育工作' },
        { key: 'w2', label: '卫生健康工作' },
      ],
    };
    const { poll } = await sealPoll(c, s.second.id, def, times(12, satSheet({ w1: 'unsatisfied', w2: 'satisfied' })));
    expect(notices).toEqual([
      '审议意见“关于教育工作情况报告的审议意见”：“对审议意见研究处理情况的满意度测评”已封存，但表中没有与本意见承办单位关联且有评定结论的测评对象，测评结果未能记入。请在该表决页面的“测评对象关联”中把相应的行关联到承办单位，关联后自动记入。',
    ]);
    const waiting = await c.call('opinion.get', { id: o.id });
    expect(waiting.status).toBe('rehearing');
    // The opinion's own page says so too, for as long as it lasts (not only a passing notice).
    expect(waiting.suggestion).toContain('测评结果未能记入');
    // The clerk does what the notice says: the result reaches the opinion now, not at the next start-up.
    await c.call('poll.linkSubject', { pollId: poll.id, targetKey: 'w1', subject: { kind: 'body', id: s.edu.id } });
    const rated = await c.call('opinion.get', { id: o.id });
    expect(rated).toMatchObject({ status: 'unsatisfied', unsatisfied: 1, lastVerdict: '不满意' });
    expect(rated.events.at(-1)!.detail).toBe('测评结果：不满意');
  });
});

// ---- 4. Escalation ------------------------------------------------------------------------

/**
 * An opinion for one body, rated 不满意 at two later meetings by real polls (12 不满意 sheets
 * each): the state in which interpellation and investigation may be considered.
 */
async function twiceUnsatisfied(c: ClockedCore, termId: number, bodyName: string, numbers: [number, number, number]) {
  const body = await bodyNamed(c, bodyName);
  const m1 = await meetingWithAll(c, termId, numbers[0], '2026-01-20');
  const m2 = await meetingWithAll(c, termId, numbers[1], '2026-04-20');
  const m3 = await meetingWithAll(c, termId, numbers[2], '2026-07-20');
  const source = await agendaItem(c, m1.id, `听取和审议${bodyName}工作情况的报告`, body.id);
  const o = await c.call('opinion.create', {
    agendaItemId: source.id,
    on: '2026-01-22',
    actor: '工委 张三',
    fields: { title: `关于${bodyName}工作情况报告的审议意见`, leadBodyId: null, assessment: '', problems: [{ text: '整改不到位', bodyId: body.id }], recommendations: '', bodyIds: [body.id], copyTo: [] },
  });
  const def = { kind: 'satisfaction' as const, title: `对${bodyName}审议意见研究处理情况的满意度测评`, targets: [{ key: 'b', label: bodyName }] };
  await record(c, o.id, who.approved('2026-01-25'));
  await record(c, o.id, who.sent('2026-01-26'));
  await report(c, o.id, '2026-03-20');
  const i2 = await agendaItem(c, m2.id, `${bodyName}审议意见研究处理情况的报告`, null);
  await record(c, o.id, who.rehearing('2026-03-25', i2.id));
  await sealPoll(c, i2.id, def, times(12, satSheet({ b: 'unsatisfied' })));
  const once = await c.call('opinion.get', { id: o.id });
  expect([once.status, once.unsatisfied, once.available]).toEqual(['unsatisfied', 1, ['interviewed', 'reassigned']]);
  const tooSoon = await refusedUnchanged(c, o.id, 'opinion.record', { id: o.id, step: who.consented('2026-04-25', 'interpellation') });
  expect(tooSoon).toEqual({
    code: 'STATE',
    message: '报市委同意启动质询，须在同一承办单位就本事项两次测评不满意之后；本意见同一承办单位测评不满意最多 1 次。请先责令整改，在以后的会议上再次报告、再次测评。',
  });
  await record(c, o.id, who.reassigned('2026-04-26', 2));
  await report(c, o.id, '2026-06-20');
  const i3 = await agendaItem(c, m3.id, `${bodyName}审议意见研究处理情况的再次报告`, null);
  await record(c, o.id, who.rehearing('2026-06-25', i3.id));
  await sealPoll(c, i3.id, { ...def, title: `${def.title}（再次）` }, times(12, satSheet({ b: 'unsatisfied' })));
  return { body, opinion: await c.call('opinion.get', { id: o.id }) };
}

describe('escalation after two 不满意', () => {
  it('needs the party committee’s consent, then five serving movers at city level and one fifth of serving members (rounded up) to investigate', async () => {
    const c = await open('2026-11-30');
    const { term, members } = await seedTermOf(c, { n: 23 });
    // One member has left: 22 serve, so an investigation needs ceil(22 / 5) = 5.
    const gone = members[22]!;
    await c.call('member.update', { id: gone.id, fields: { name: gone.name, role: gone.role, status: 'left', seatOrder: gone.seatOrder, note: null } });
    const { members: county } = await seedTermOf(c, { n: 3, name: '某县第十八届', level: 'county', prefix: '县委员' });
    const { opinion } = await twiceUnsatisfied(c, term.id, '市住房和城乡建设局', [10, 11, 12]);
    const id = opinion.id;
    expect(opinion).toMatchObject({ status: 'unsatisfied', unsatisfied: 2, lastVerdict: '不满意', available: ['interviewed', 'reassigned', 'consented'] });
    expect(opinion.escalation).toEqual({
      level: 'city',
      serving: 22,
      interpellationMinimum: 5,
      investigationMinimum: 5,
      consent: { interpellation: false, investigation: false },
      interviews: 0,
    });
    expect(opinion.suggestion).toBe('同一事项两次测评不满意：可约谈；经报市委同意后，可依法启动质询（须至少 5 名组成人员联名）或特定问题调查（须至少 5 名组成人员提议，即在任人数的五分之一）。');

    const ids = members.map((m) => m.id as number);
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.interpellated('2026-08-01', ids.slice(0, 5)) })).message).toBe(
      '启动质询前须先报市委同意，请先记录“报市委同意”。',
    );
    let o: OpinionDetail = await record(c, id, who.consented('2026-08-01', 'interpellation'));
    expect(o.escalation.consent).toEqual({ interpellation: true, investigation: false });
    expect(o.available).toEqual(['interviewed', 'reassigned', 'consented', 'interpellated']);
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.consented('2026-08-02', 'interpellation') })).message).toBe('已记录市委同意启动质询，无需重复记录。');
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.investigated('2026-08-02', ids.slice(0, 5)) })).message).toBe(
      '启动特定问题调查前须先报市委同意，请先记录“报市委同意”。',
    );

    expect(await refusedUnchanged(c, id, 'opinion.record', { id, step: who.interpellated('2026-08-05', ids.slice(0, 4)) })).toEqual({
      code: 'STATE',
      message: '质询案须由至少 5 名常委会组成人员联名提出，现只有 4 人，不能记录。',
    });
    // Movers must serve in this term: not the member who left, not a member of another term, nobody twice.
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.interpellated('2026-08-05', [...ids.slice(0, 4), gone.id]) })).message).toBe(
      '联名人名单中有 1 人不是本届在任常委会组成人员，请核对。',
    );
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.interpellated('2026-08-05', [...ids.slice(0, 4), county[0]!.id]) })).message).toBe(
      '联名人名单中有 1 人不是本届在任常委会组成人员，请核对。',
    );
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.interpellated('2026-08-05', [...ids.slice(0, 4), ids[0]!]) })).message).toBe(
      '联名人名单中有重复的人员，请核对。',
    );
    o = await record(c, id, who.interpellated('2026-08-05', ids.slice(0, 5)));
    expect([o.status, o.statusLabel]).toEqual(['escalated', '已启动质询或调查']);
    expect(o.events.at(-1)!.detail).toBe('联名人 5 名：委员01、委员02、委员03、委员04、委员05');

    o = await record(c, id, who.consented('2026-08-10', 'investigation'));
    expect(o.escalation.consent).toEqual({ interpellation: true, investigation: true });
    expect(await refusedUnchanged(c, id, 'opinion.record', { id, step: who.investigated('2026-08-12', ids.slice(5, 9)) })).toEqual({
      code: 'STATE',
      message: '特定问题调查须由至少 5 名常委会组成人员提议，现只有 4 人，不能记录。',
    });
    expect((await refusedUnchanged(c, id, 'opinion.record', { id, step: who.investigated('2026-08-12', [...ids.slice(5, 9), gone.id]) })).message).toBe(
      '提议人名单中有 1 人不是本届在任常委会组成人员，请核对。',
    );
    o = await record(c, id, who.investigated('2026-08-12', ids.slice(5, 10)));
    expect(o.status).toBe('escalated');
    expect(o.events.at(-1)!.detail).toBe('提议人 5 名：委员06、委员07、委员08、委员09、委员10');
    expect(o.suggestion).toBe('已提出质询和特定问题调查：责令整改后再次报告、再次测评。');
    expect(o.events.filter((e) => e.kind === 'consented').map((e) => e.detail)).toEqual(['市委同意启动质询', '市委同意启动特定问题调查']);
  });

  it('accepts three movers and refuses two on a county-level term', async () => {
    const c = await open('2026-11-30');
    const { term, members } = await seedTermOf(c, { n: 15, name: '某县第十八届', level: 'county', prefix: '县委员' });
    const { opinion } = await twiceUnsatisfied(c, term.id, '县教育局', [3, 4, 5]);
    const id = opinion.id;
    expect(opinion.escalation).toMatchObject({ level: 'county', serving: 15, interpellationMinimum: 3, investigationMinimum: 3 });
    await record(c, id, who.consented('2026-08-01', 'interpellation'));
    const ids = members.map((m) => m.id as number);
    expect(await refusedUnchanged(c, id, 'opinion.record', { id, step: who.interpellated('2026-08-05', ids.slice(0, 2)) })).toEqual({
      code: 'STATE',
      message: '质询案须由至少 3 名常委会组成人员联名提出，现只有 2 人，不能记录。',
    });
    const o = await record(c, id, who.interpellated('2026-08-05', ids.slice(0, 3)));
    expect(o.status).toBe('escalated');
    expect(o.events.at(-1)!.detail).toBe('联名人 3 名：县委员01、县委员02、县委员03');
  });
});

// ---- 5. Deadlines and the reminder --------------------------------------------------------

describe('deadlines and the reminder, with the clock moved', () => {
  it('lists an opinion overdue once the clock passes its deadline, and due soon ten days before', async () => {
    let c = await open('2026-02-01');
    const dataDir = c.dataDir;
    const { term } = await seedTermOf(c, { n: 20 });
    const edu = await bodyNamed(c, '市教育局');
    const m = await meetingWithAll(c, term.id, 10, '2026-01-20');
    const item = await agendaItem(c, m.id, '听取和审议市人民政府关于教育工作情况的报告', edu.id);
    const later = await meetingWithAll(c, term.id, 11, '2026-03-20');
    const laterItem = await agendaItem(c, later.id, '审议意见研究处理情况的报告', null);
    const draft = (title: string, on = '2026-01-22') =>
      c.call('opinion.create', {
        agendaItemId: item.id,
        on,
        actor: '工委 张三',
        fields: { title, leadBodyId: null, assessment: '', problems: [], recommendations: '', bodyIds: [edu.id], copyTo: [] },
      });

    // Today 2026-02-01: a draft is due within 15 days of the meeting (2026-02-04).
    const d = await draft('尚在起草的审议意见');
    let reminder = await c.call('opinion.reminder', {});
    expect(reminder.today).toBe('2026-02-01');
    expect(reminder.overdue).toEqual([]);
    expect(reminder.dueSoon.map((r) => [r.id, r.urgency])).toEqual([
      [d.id, { due: '2026-02-04', dueWhat: 'draft', daysLeft: 3, overdue: false, dueSoon: true, text: '会后15日整理时限还剩 3 天' }],
    ]);
    await c.call('opinion.delete', { id: d.id });

    // Three months from 1月31日; six months; and one already reported (no deadline).
    const three = await draft('三个月期限的审议意见');
    await record(c, three.id, who.approved('2026-01-28'));
    expect((await record(c, three.id, who.sent('2026-01-31', 3))).deadline).toBe('2026-04-30');
    const six = await draft('六个月期限的审议意见');
    await record(c, six.id, who.approved('2026-01-28'));
    expect((await record(c, six.id, who.sent('2026-01-31', 6))).deadline).toBe('2026-07-31');
    const done = await draft('已报告的审议意见');
    await record(c, done.id, who.approved('2026-01-28'));
    await record(c, done.id, who.sent('2026-01-31', 3));
    c.setToday('2026-03-02');
    await report(c, done.id, '2026-03-01');
    await record(c, done.id, who.rehearing('2026-03-02', laterItem.id));
    reminder = await c.call('opinion.reminder', {});
    expect([reminder.overdue, reminder.dueSoon]).toEqual([[], []]);

    // Reopened with the clock past the deadline.
    c = await open('2026-05-12', dataDir);
    reminder = await c.call('opinion.reminder', {});
    expect(reminder.today).toBe('2026-05-12');
    expect(reminder.overdue.map((r) => [r.id, r.urgency])).toEqual([
      [three.id, { due: '2026-04-30', dueWhat: 'report', daysLeft: -12, overdue: true, dueSoon: false, text: '报告期限已过 12 天' }],
    ]);
    expect(reminder.dueSoon).toEqual([]);
    const all = await c.call('opinion.list', {});
    expect(all.items.map((r) => [r.id, r.urgency.daysLeft])).toEqual([
      [three.id, -12],
      [six.id, 80],
      [done.id, null],
    ]);
    expect([all.overdue, all.dueSoon, all.today]).toEqual([1, 0, '2026-05-12']);
    const overdue = await c.call('opinion.list', { overdue: true });
    expect(overdue.items.map((r) => [r.id, r.urgency.overdue, r.urgency.daysLeft])).toEqual([[three.id, true, -12]]);
    expect(overdue.overdue).toBe(1);

    // Ten days before the deadline it is due soon, not overdue.
    c = await open('2026-04-20', dataDir);
    reminder = await c.call('opinion.reminder', {});
    expect(reminder.overdue).toEqual([]);
    expect(reminder.dueSoon.map((r) => [r.id, r.urgency])).toEqual([
      [three.id, { due: '2026-04-30', dueWhat: 'report', daysLeft: 10, overdue: false, dueSoon: true, text: '报告期限还剩 10 天' }],
    ]);
    expect((await c.call('opinion.list', { overdue: true })).items).toEqual([]);
    // On the day itself.
    c.setToday('2026-04-30');
    expect((await c.call('opinion.reminder', {})).dueSoon.map((r) => r.urgency.text)).toEqual(['报告期限为今天']);
    // The report closes the clock.
    await report(c, three.id, '2026-04-30');
    c.setToday('2026-06-30');
    const r = await c.call('opinion.reminder', {});
    expect([r.overdue, r.dueSoon]).toEqual([[], []]);
  });

  it('counts deadlines from the per-locality setting', async () => {
    const c = await open('2026-02-01');
    expect(await c.call('settings.get', {})).toEqual({ supervision: { deadlineMonths: 3, draftDays: 15, sendDays: 10 }, committee: null });
    expect((await c.fail('settings.update', { supervision: { deadlineMonths: 13, draftDays: 15, sendDays: 10 } })).code).toBe('VALIDATION');
    expect(await c.call('settings.update', { supervision: { deadlineMonths: 2, draftDays: 10, sendDays: 5 } })).toEqual({ supervision: { deadlineMonths: 2, draftDays: 10, sendDays: 5 }, committee: null });
    const { term } = await seedTermOf(c, { n: 20 });
    const edu = await bodyNamed(c, '市教育局');
    const m = await meetingWithAll(c, term.id, 10, '2026-01-20');
    const item = await agendaItem(c, m.id, '报告', edu.id);
    const o = await c.call('opinion.create', {
      agendaItemId: item.id,
      on: '2026-01-22',
      actor: '工委 张三',
      fields: { title: '审议意见', leadBodyId: null, assessment: '', problems: [], recommendations: '', bodyIds: [edu.id], copyTo: [] },
    });
    expect(o.defaultMonths).toBe(2);
    // Drafting is due 10 days after the meeting: 2026-01-30, two days ago.
    expect(o.urgency).toMatchObject({ due: '2026-01-30', daysLeft: -2, overdue: true, text: '会后10日整理时限已过 2 天' });
    const approved = await record(c, o.id, who.approved('2026-01-31'));
    expect(approved.urgency).toMatchObject({ due: '2026-02-05', dueWhat: 'send', daysLeft: 4, dueSoon: true, text: '审定后5日交办时限还剩 4 天' });
  });
});

// ---- 6. Subjects with a history ------------------------------------------------------------

describe('subjects with a history', () => {
  it('keeps a body’s ratings and opinions by id through a rename, gives nothing to a namesake, and follows a re-pointed row', async () => {
    const c = await open('2026-11-30');
    const { term } = await seedTermOf(c, { n: 20 });
    const edu = await bodyNamed(c, '市教育局');
    const civil = await bodyNamed(c, '市民政局');
    const m1 = await meetingWithAll(c, term.id, 10, '2025-05-10');
    const own = await agendaItem(c, m1.id, '听取和审议市教育局关于“双减”工作情况的报告', edu.id);
    const { sealed: s1 } = await sealPoll(c, own.id, { kind: 'satisfaction', title: '对“双减”工作报告的满意度测评', targets: [{ key: 't1', label: '“双减”工作' }] }, [
      ...times(12, satSheet({ t1: 'satisfied' })),
      ...times(4, satSheet({ t1: 'basically' })),
    ]);
    const m2 = await meetingWithAll(c, term.id, 11, '2026-03-10');
    const shared = await agendaItem(c, m2.id, '审议意见研究处理情况的报告', null);
    const def2 = {
      kind: 'satisfaction' as const,
      title: '对有关部门审议意见研究处理情况的满意度测评',
      targets: [
        { key: 'k1', label: '市教育局' },
        { key: 'k2', label: '市民政局' },
        { key: 'k3', label: '市文化广电旅游局' },
      ],
    };
    const poll2 = await c.call('poll.create', { agendaItemId: shared.id, definition: def2 });
    expect((await c.call('poll.subjects', { pollId: poll2.id })).map((r) => [r.targetKey, r.subject?.id ?? null])).toEqual([
      ['k1', edu.id],
      ['k2', civil.id],
      ['k3', null],
    ]);
    await c.call('poll.open', { id: poll2.id });
    const { eligible } = await c.call('paperBallot.status', { pollId: poll2.id });
    await c.call('paperBallot.handOut', { pollId: poll2.id, memberIds: eligible.map((x) => x.memberId) });
    for (const sheet of [...times(8, satSheet({ k1: 'satisfied', k2: 'basically', k3: 'satisfied' })), ...times(6, satSheet({ k1: 'basically', k2: 'unsatisfied', k3: 'satisfied' }))]) {
      await c.call('paperBallot.enter', { pollId: poll2.id, pass: 1, payload: sheet });
    }
    const s2 = await c.call('poll.close', { id: poll2.id });
    const plan = await c.call('plan.create', { year: 2026, fields: { kind: 'special_report', title: '听取市教育局工作报告', subjects: [{ kind: 'body', id: edu.id }], leadBodyId: null, plannedMonth: 3, notes: null } });
    const o = await c.call('opinion.create', {
      agendaItemId: shared.id,
      on: '2026-03-12',
      actor: '工委 张三',
      fields: {
        title: '关于审议意见研究处理情况的审议意见',
        leadBodyId: null,
        assessment: '',
        problems: [
          { text: '课后服务质量不高', bodyId: edu.id },
          { text: '养老服务补贴发放不及时', bodyId: civil.id },
        ],
        recommendations: '',
        bodyIds: [edu.id, civil.id],
        copyTo: [],
      },
    });

    const history = await c.call('subject.history', { subject: { kind: 'body', id: edu.id } });
    expect(history.subject).toEqual({ kind: 'body', id: edu.id, name: '市教育局' });
    expect(history.description).toBe('政府部门');
    expect(history.ratings.map((r) => [r.pollId, r.date, r.target.label, r.verdict, r.satisfactionRate, r.rank, r.of])).toEqual([
      [s2.pollId, '2026-03-10', '市教育局', '基本满意', '70.00%', 2, 3],
      [s1.pollId, '2025-05-10', '“双减”工作', '满意', '80.00%', 1, 1],
    ]);
    expect(history.opinions.map((r) => [r.id, r.status])).toEqual([[o.id, 'draft']]);
    expect(history.planItems).toEqual([{ id: plan.id, year: 2026, title: '听取市教育局工作报告', kind: 'special_report' }]);
    const civilHistory = await c.call('subject.history', { subject: { kind: 'body', id: civil.id } });
    expect(civilHistory.ratings.map((r) => [r.target.label, r.verdict, r.satisfactionRate])).toEqual([['市民政局', '不满意', '40.00%']]);
    expect(civilHistory.opinions.map((r) => r.id)).toEqual([o.id]);

    // Renamed: the same rows and opinions, under the new name.
    await c.call('body.update', { id: edu.id, fields: { name: '市教育体育局', kind: 'department', sortOrder: 0, active: true } });
    const renamed = await c.call('subject.history', { subject: { kind: 'body', id: edu.id } });
    expect(renamed.subject.name).toBe('市教育体育局');
    expect(renamed.ratings).toEqual(history.ratings);
    expect(renamed.opinions.map((r) => r.id)).toEqual([o.id]);
    expect((await c.call('body.ratings', { bodyId: edu.id })).rows.map((r) => r.pollId)).toEqual([s2.pollId, s1.pollId]);

    // A new body given the old name has no history.
    const namesake = await bodyNamed(c, '市教育局');
    const fresh = await c.call('subject.history', { subject: { kind: 'body', id: namesake.id } });
    expect([fresh.ratings, fresh.opinions, fresh.planItems]).toEqual([[], [], []]);
    expect((await c.call('body.ratings', { bodyId: namesake.id })).rows).toEqual([]);

    // A clerk re-points the row to the namesake: history follows the link.
    const relinked = await c.call('poll.linkSubject', { pollId: s2.pollId, targetKey: 'k1', subject: { kind: 'body', id: namesake.id } });
    expect(relinked.map((r) => [r.targetKey, r.subject])).toEqual([
      ['k1', { kind: 'body', id: namesake.id, name: '市教育局' }],
      ['k2', { kind: 'body', id: civil.id, name: '市民政局' }],
      ['k3', null],
    ]);
    expect((await c.call('subject.history', { subject: { kind: 'body', id: edu.id } })).ratings.map((r) => r.pollId)).toEqual([s1.pollId]);
    expect((await c.call('subject.history', { subject: { kind: 'body', id: namesake.id } })).ratings.map((r) => [r.pollId, r.target.key])).toEqual([[s2.pollId, 'k1']]);
    // The third row, once linked, rates its body; unlinking takes it away again.
    const culture = await bodyNamed(c, '市文化广电旅游局');
    await c.call('poll.linkSubject', { pollId: s2.pollId, targetKey: 'k3', subject: { kind: 'body', id: culture.id } });
    expect((await c.call('subject.history', { subject: { kind: 'body', id: culture.id } })).ratings.map((r) => [r.target.label, r.verdict])).toEqual([['市文化广电旅游局', '满意']]);
    expect((await c.call('poll.linkSubject', { pollId: s2.pollId, targetKey: 'k3', subject: null }))[2]!.subject).toBeNull();
    expect((await c.call('subject.history', { subject: { kind: 'body', id: culture.id } })).ratings).toEqual([]);

    expect((await c.fail('poll.linkSubject', { pollId: s2.pollId, targetKey: 'k9', subject: null })).code).toBe('NOT_FOUND');
    expect((await c.fail('poll.linkSubject', { pollId: s2.pollId, targetKey: 'k1', subject: { kind: 'body', id: 9999 } })).code).toBe('VALIDATION');
    const decisionItem = await agendaItem(c, m2.id, '表决事项', null, null);
    const decision = await c.call('poll.create', { agendaItemId: decisionItem.id, definition: { kind: 'decision', title: '表决', targets: [{ key: 'motion', label: '市民政局' }] } });
    expect(await c.call('poll.subjects', { pollId: decision.id })).toEqual([]);
    expect((await c.fail('poll.linkSubject', { pollId: decision.id, targetKey: 'motion', subject: { kind: 'body', id: civil.id } })).code).toBe('STATE');
    expect((await c.fail('subject.history', { subject: { kind: 'body', id: 9999 } })).code).toBe('NOT_FOUND');
  });

  it('keeps a register of appointed persons and links a scoring row labelled with a person’s name', async () => {
    const c = await open('2026-11-30');
    const { term } = await seedTermOf(c, { n: 20 });
    const edu = await bodyNamed(c, '市教育局');
    const wang = await c.call('appointee.create', { name: '王五', office: '局长', bodyId: edu.id, appointedOn: '2024-02-01', leftOn: null, note: null });
    expect(wang).toEqual({ id: wang.id, name: '王五', office: '局长', bodyId: edu.id, bodyName: '市教育局', appointedOn: '2024-02-01', leftOn: null, note: null });
    const zhao = await c.call('appointee.create', { name: '赵六', office: '副局长', bodyId: null, appointedOn: '2021-03-01', leftOn: '2025-12-31', note: '已调任' });
    const qian = await c.call('appointee.create', { name: '钱七', office: '主任', bodyId: null, appointedOn: '2025-06-01', leftOn: null, note: null });
    expect((await c.call('appointee.list', {})).map((a) => a.name)).toEqual(['钱七', '王五', '赵六']);
    const updated = await c.call('appointee.update', { id: wang.id, fields: { name: '王五', office: '党组书记、局长', bodyId: edu.id, appointedOn: '2024-02-01', leftOn: null, note: null } });
    expect(updated.office).toBe('党组书记、局长');
    const before = await c.call('appointee.list', {});
    expect(await c.fail('appointee.update', { id: zhao.id, fields: { name: '赵六', office: '副局长', bodyId: null, appointedOn: '2021-03-01', leftOn: '2020-01-01', note: null } })).toEqual({
      code: 'VALIDATION',
      message: '离任日期不能早于任命日期',
      issues: [{ path: 'leftOn', message: '离任日期不能早于任命日期' }],
    });
    expect((await c.fail('appointee.create', { name: '孙八', office: '局长', bodyId: 9999, appointedOn: null, leftOn: null, note: null })).code).toBe('VALIDATION');
    expect((await c.fail('appointee.update', { id: 9999, fields: { name: '孙八', office: '局长', bodyId: null, appointedOn: null, leftOn: null, note: null } })).code).toBe('NOT_FOUND');
    expect(await c.call('appointee.list', {})).toEqual(before);

    const m = await meetingWithAll(c, term.id, 11, '2026-06-10');
    const item = await agendaItem(c, m.id, '履职评议', null, 'scoring');
    const poll = await c.call('poll.create', {
      agendaItemId: item.id,
      definition: { kind: 'scoring', title: '履职评议打分', targets: [{ key: 'p1', label: '王五' }, { key: 'p2', label: '钱七' }, { key: 'p3', label: '市教育局' }] },
    });
    expect(await c.call('poll.subjects', { pollId: poll.id })).toEqual([
      { targetKey: 'p1', label: '王五', subject: { kind: 'appointee', id: wang.id, name: '王五' } },
      { targetKey: 'p2', label: '钱七', subject: { kind: 'appointee', id: qian.id, name: '钱七' } },
      { targetKey: 'p3', label: '市教育局', subject: { kind: 'body', id: edu.id, name: '市教育局' } },
    ]);
    await c.call('poll.open', { id: poll.id });
    const { eligible } = await c.call('paperBallot.status', { pollId: poll.id });
    await c.call('paperBallot.handOut', { pollId: poll.id, memberIds: eligible.map((x) => x.memberId) });
    for (const [a, b] of [
      [90, 80],
      [100, 90],
      [95, 85],
    ] as const) {
      await c.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'scoring', group: null, scores: { p1: a, p2: b, p3: 85 } } });
    }
    const sealed = await c.call('poll.close', { id: poll.id });
    const h = await c.call('subject.history', { subject: { kind: 'appointee', id: wang.id } });
    expect(h.subject).toEqual({ kind: 'appointee', id: wang.id, name: '王五' });
    expect(h.description).toBe('市教育局 党组书记、局长，2024年2月1日任命');
    expect(h.ratings.map((r) => [r.pollId, r.kind, r.target.label, r.score, r.verdict, r.rank, r.of])).toEqual([[sealed.pollId, 'scoring', '王五', '95.00', '优秀', 1, 3]]);
    expect(h.opinions).toEqual([]);
    expect((await c.call('subject.history', { subject: { kind: 'appointee', id: qian.id } })).ratings.map((r) => [r.score, r.verdict])).toEqual([['85.00', '良好']]);
    expect((await c.call('subject.history', { subject: { kind: 'appointee', id: zhao.id } })).description).toBe('副局长，2021年3月1日任命，2025年12月31日离任');
    expect((await c.call('subject.history', { subject: { kind: 'body', id: edu.id } })).ratings.map((r) => r.target.label)).toEqual(['市教育局']);
  });
});

// ---- 7. Files -----------------------------------------------------------------------------

describe('files of an opinion', () => {
  it('attaches evidence, opens it in host mode, and keeps shared bytes when a paper with the same bytes is deleted', async () => {
    const c = await open('2026-11-30');
    const s = await lifeSetup(c);
    const o = await c.call('opinion.create', { agendaItemId: s.source.id, on: '2026-01-25', actor: '教科文卫工委 张三', fields: opinionFields(s) });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n整改佐证');
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    const problem = o.problemList[0]!.id;
    const attached = await c.call('opinion.attachFile', { opinionId: o.id, reportId: null, problemId: problem, fileName: '整改佐证.pdf', contentBase64: pdf.toString('base64') });
    expect(attached.files.map((f) => [f.reportId, f.problemId, f.fileName, f.size])).toEqual([[null, problem, '整改佐证.pdf', pdf.length]]);
    const fileId = attached.files[0]!.id;
    expect(await c.call('opinion.openFile', { id: fileId })).toEqual({ url: `/files/opinion/${fileId}` });
    const stored = await c.core.opinionFile(fileId);
    expect(stored).toMatchObject({ fileName: '整改佐证.pdf', mime: 'application/pdf' });
    expect(fs.readFileSync(stored!.path).equals(pdf)).toBe(true);

    // A meeting paper with the same bytes shares the stored file; deleting it keeps the file.
    const paper = await c.call('paper.attach', { agendaItemId: s.sameMeeting.id, fileName: '关于卫生健康工作情况的报告.pdf', contentBase64: pdf.toString('base64') });
    expect(paper.sha256).toBe(sha);
    expect((await c.core.paperFile(paper.id))!.path).toBe(stored!.path);
    await c.call('paper.delete', { id: paper.id });
    expect(fs.existsSync(stored!.path)).toBe(true);
    // Also when the agenda item goes with its paper.
    await c.call('paper.attach', { agendaItemId: s.sameMeeting.id, fileName: '报告.pdf', contentBase64: pdf.toString('base64') });
    await c.call('agenda.delete', { id: s.sameMeeting.id });
    expect(fs.existsSync(stored!.path)).toBe(true);
    expect(fs.readFileSync((await c.core.opinionFile(fileId))!.path).equals(pdf)).toBe(true);

    // Bytes no attachment uses do go.
    const other = Buffer.from('%PDF-1.4\n% only a paper\n%%EOF\n');
    const lone = await c.call('paper.attach', { agendaItemId: s.earlier.id, fileName: '另一份.pdf', contentBase64: other.toString('base64') });
    const lonePath = (await c.core.paperFile(lone.id))!.path;
    await c.call('paper.delete', { id: lone.id });
    expect(fs.existsSync(lonePath)).toBe(false);

    // Refusals: wrong bytes, a problem of another opinion, an unknown file.
    const before = JSON.stringify(await c.call('opinion.get', { id: o.id }));
    expect((await c.fail('opinion.attachFile', { opinionId: o.id, reportId: null, problemId: null, fileName: '假的.pdf', contentBase64: Buffer.from('hello').toString('base64') })).code).toBe('BAD_FILE');
    const second = await c.call('opinion.create', { agendaItemId: s.source.id, on: '2026-01-26', actor: '工委', fields: opinionFields(s) });
    const stray = Buffer.from('%PDF-1.4\n% bytes of a refused attachment\n%%EOF\n');
    const wrong = await c.fail('opinion.attachFile', { opinionId: o.id, reportId: null, problemId: second.problemList[0]!.id, fileName: '佐证.pdf', contentBase64: stray.toString('base64') });
    expect(wrong).toEqual({ code: 'VALIDATION', message: '所选问题不属于这份审议意见，请刷新后重试' });
    // A refused attachment leaves no bytes behind in the paper store.
    const strayPath = path.join(c.dataDir, 'papers', crypto.createHash('sha256').update(stray).digest('hex'));
    expect(fs.readdirSync(path.join(c.dataDir, 'papers'), { recursive: true }).some((f) => String(f).includes(path.basename(strayPath)))).toBe(false);
    expect(JSON.stringify(await c.call('opinion.get', { id: o.id }))).toBe(before);
    expect((await c.fail('opinion.openFile', { id: 9999 })).code).toBe('NOT_FOUND');

    // A deleted draft takes its attachments' bytes with it, unless something else uses them.
    const own = Buffer.from('%PDF-1.4\n% evidence of the second draft only\n%%EOF\n');
    const withOwn = await c.call('opinion.attachFile', { opinionId: second.id, reportId: null, problemId: null, fileName: '草稿附件.pdf', contentBase64: own.toString('base64') });
    const withShared = await c.call('opinion.attachFile', { opinionId: second.id, reportId: null, problemId: null, fileName: '同一文件.pdf', contentBase64: pdf.toString('base64') });
    expect(withShared.files).toHaveLength(2);
    const ownPath = (await c.core.opinionFile(withOwn.files[0]!.id))!.path;
    expect(fs.existsSync(ownPath)).toBe(true);
    await c.call('opinion.delete', { id: second.id });
    expect(await c.core.opinionFile(withOwn.files[0]!.id)).toBeNull();
    expect(fs.existsSync(ownPath)).toBe(false);
    expect(fs.readFileSync(stored!.path).equals(pdf)).toBe(true);
    expect((await c.call('opinion.get', { id: o.id })).files.map((f) => f.id)).toEqual([fileId]);
  });
});

describe('the year’s plan from an XLSX file', () => {
  it('reads the first sheet with a header row, numbers in month cells included, like a paste', async () => {
    const c = await open('2026-01-05');
    await bodyNamed(c, '市教育局');
    const bytes = await buildXlsx(
      [
        [1, '专项工作报告', '听取和审议市人民政府关于教育工作情况的报告', '教育局', '教育科学文化卫生工作委员会', 4, ''],
        [2, '执法检查', '检查《中华人民共和国食品安全法》贯彻实施情况', '市市场监督管理局', '财政经济工作委员会', '5月', '会前视察'],
      ],
      ['序号', '监督方式', '监督事项', '监督对象', '牵头委员会', '计划月份', '备注'],
    );
    const preview = await c.call('plan.importPreview', { year: 2026, fileName: '2026年监督计划.xlsx', contentBase64: Buffer.from(bytes).toString('base64') });
    expect([preview.validCount, preview.errorCount]).toEqual([2, 0]);
    expect(preview.rows.map((r) => r.fields)).toEqual([
      { kind: 'special_report', title: '听取和审议市人民政府关于教育工作情况的报告', subjectNames: ['市教育局'], leadName: '教育科学文化卫生工作委员会', plannedMonth: 4, notes: null },
      { kind: 'enforcement_inspection', title: '检查《中华人民共和国食品安全法》贯彻实施情况', subjectNames: ['市市场监督管理局'], leadName: '财政经济工作委员会', plannedMonth: 5, notes: '会前视察' },
    ]);
    expect(preview.newBodies).toEqual(['教育科学文化卫生工作委员会', '市市场监督管理局', '财政经济工作委员会']);
    const bad = await c.fail('plan.importPreview', { year: 2026, fileName: '计划.docx', contentBase64: Buffer.from(bytes).toString('base64') });
    expect(bad.code).toBe('BAD_FILE');
  });
});

// ---- 10. Guards found by review -------------------------------------------------------------

describe('guards', () => {
  it('refuses steps dated after today or outside the years a record can carry, and control characters, changing nothing', async () => {
    const c = await open('2026-03-10');
    const { term } = await seedTermOf(c, { n: 20 });
    const edu = await bodyNamed(c, '市教育局');
    const m = await meetingWithAll(c, term.id, 3, '2026-03-01');
    const item = await agendaItem(c, m.id, '听取和审议市人民政府关于教育工作情况的报告', edu.id);
    const fields = { title: '关于教育工作情况报告的审议意见', leadBodyId: null, assessment: '', problems: [], recommendations: '', bodyIds: [edu.id], copyTo: [] };
    expect(await c.fail('opinion.create', { agendaItemId: item.id, on: '2026-03-11', actor: '工委', fields })).toEqual({
      code: 'VALIDATION',
      message: '日期（2026年3月11日）不能晚于今天（2026年3月10日）：请登记已经发生的办理步骤。',
      issues: [{ path: 'on', message: '日期晚于今天' }],
    });
    const o = await c.call('opinion.create', { agendaItemId: item.id, on: '2026-03-05', actor: '工委', fields });
    const far = await refusedUnchanged(c, o.id, 'opinion.record', { id: o.id, step: { ...who.approved('9999-12-25') } });
    expect(far.code).toBe('VALIDATION');
    expect(far.message).toContain('日期应在 1949年10月1日 至 2199年12月31日 之间');
    await refusedUnchanged(c, o.id, 'opinion.record', { id: o.id, step: who.approved('2026-03-11') });
    await record(c, o.id, who.approved('2026-03-10'));
    const sent = await record(c, o.id, who.sent('2026-03-10'));
    // An extension names a later date, which may well be in the future; but not past the years a record carries.
    const ext = await refusedUnchanged(c, o.id, 'opinion.record', { id: o.id, step: { kind: 'extended', to: '10000-01-01', on: '2026-03-10', actor: '主任会议', reason: '延期' } });
    expect(ext.code).toBe('VALIDATION');
    expect(sent.deadline).toBe('2026-06-10');
    const nul = await c.fail('appointee.create', { name: '张\u0000三', office: '局长', bodyId: null, appointedOn: null, leftOn: null, note: null });
    expect(nul.code).toBe('VALIDATION');
    expect(nul.message).toContain('姓名含有无法显示的控制字符');
    expect(await c.call('appointee.list', {})).toEqual([]);
  });

  it('keeps a row a clerk unlinked unlinked when the draft is saved again, and offers re-hearings only after the meeting that last rated', async () => {
    const c = await open('2026-05-20');
    const { term } = await seedTermOf(c, { n: 20 });
    const police = await bodyNamed(c, '市公安局');
    const edu = await bodyNamed(c, '市教育局');
    const m1 = await meetingWithAll(c, term.id, 1, '2026-01-10');
    const m2 = await meetingWithAll(c, term.id, 2, '2026-03-10');
    const m3 = await meetingWithAll(c, term.id, 3, '2026-05-10');
    const source = await agendaItem(c, m1.id, '听取和审议市人民政府关于教育工作情况的报告', edu.id, null);
    const second = await agendaItem(c, m2.id, '审议意见研究处理情况的报告', null);
    const third = await agendaItem(c, m3.id, '审议意见研究处理情况的报告', null);

    const definition = { kind: 'satisfaction' as const, title: '满意度测评', targets: [{ key: 'a', label: '市公安局' }, { key: 'b', label: '市教育局' }] };
    const draft = await c.call('poll.create', { agendaItemId: second.id, definition });
    expect((await c.call('poll.subjects', { pollId: draft.id })).map((r) => r.subject?.id ?? null)).toEqual([police.id, edu.id]);
    await c.call('poll.linkSubject', { pollId: draft.id, targetKey: 'a', subject: null });
    await c.call('poll.update', { id: draft.id, definition: { ...definition, title: '满意度测评（修改）' } });
    expect((await c.call('poll.subjects', { pollId: draft.id })).map((r) => r.subject?.id ?? null)).toEqual([null, edu.id]);
    await c.call('poll.delete', { id: draft.id });

    const o = await c.call('opinion.create', {
      agendaItemId: source.id,
      on: '2026-01-15',
      actor: '工委',
      fields: { title: '关于教育工作情况报告的审议意见', leadBodyId: null, assessment: '', problems: [], recommendations: '', bodyIds: [edu.id], copyTo: [] },
    });
    await record(c, o.id, who.approved('2026-01-16'));
    await record(c, o.id, who.sent('2026-01-17'));
    await report(c, o.id, '2026-02-20');
    const options = async () => (await c.call('opinion.rehearingOptions', { id: o.id })).map((x) => x.agendaItemId);
    expect(await options()).toEqual([second.id, third.id]);
    await record(c, o.id, who.rehearing('2026-02-21', second.id));
    // A draft sheet there that does not rate the opinion's body: the opinion's page says so before the vote.
    const pending = await c.call('poll.create', { agendaItemId: second.id, definition: { kind: 'satisfaction', title: '待测评', targets: [{ key: 'x', label: '市公安局' }, { key: 'y', label: '某某' }] } });
    expect((await c.call('opinion.get', { id: o.id })).suggestion).toContain('注意：“待测评”中没有与“市教育局”关联的测评对象');
    await c.call('poll.delete', { id: pending.id });
    expect((await c.call('opinion.get', { id: o.id })).suggestion).not.toContain('注意');
    await sealPoll(c, second.id, { kind: 'satisfaction', title: '测评', targets: [{ key: 'b', label: '市教育局' }] }, times(20, satSheet({ b: 'unsatisfied' })));
    expect((await c.call('opinion.get', { id: o.id })).status).toBe('unsatisfied');
    await record(c, o.id, who.reassigned('2026-03-15'));
    const after = await c.call('opinion.get', { id: o.id });
    // 交办 happened once; the re-assignment set a new deadline from its own date.
    expect([after.sentOn, after.deadline]).toEqual(['2026-01-17', '2026-05-15']);
    await report(c, o.id, '2026-04-01');
    expect(await options()).toEqual([third.id]);
  });
});
