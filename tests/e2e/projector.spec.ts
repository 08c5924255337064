import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REPO_ROOT, test, type Host } from './fixtures.js';
import { addItem, call, cutOff, handOutAll, runPoll, seedMeeting, type MeetingSeed } from './room-helpers.js';

/**
 * The room screen in host mode: a satisfaction rating of nine departments by 29 serving
 * members, 20 present, 20 paper ballots. While the poll is open the screen shows only
 * received / present; after closing it waits; after release it shows each department's
 * counts, rates and verdict under the three-tier rule (满意 needs more than 14.5 of 29).
 */

// Screenshots land in docs/ only when asked for (SCREENSHOTS=1), so that a test run leaves the tree clean.
const SHOTS = process.env.SCREENSHOTS ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(REPO_ROOT, 'test-results', 'screenshots');

type Opt = 'satisfied' | 'basically' | 'unsatisfied';

/** [满意, 基本满意, 不满意] per department over the 20 sheets, and the verdict it must get. */
const DEPARTMENTS: { key: string; label: string; split: [number, number, number]; verdict: string }[] = [
  { key: 'fgw', label: '市发展和改革委员会', split: [20, 0, 0], verdict: '满意' },
  { key: 'jyj', label: '市教育局', split: [15, 0, 5], verdict: '满意' },
  { key: 'gaj', label: '市公安局', split: [14, 1, 5], verdict: '基本满意' },
  // 14 of 29 is not more than half, and 14 + 0 is not either.
  { key: 'mzj', label: '市民政局', split: [14, 0, 6], verdict: '不满意' },
  { key: 'czj', label: '市财政局', split: [10, 10, 0], verdict: '基本满意' },
  { key: 'rsj', label: '市人力资源和社会保障局', split: [5, 5, 10], verdict: '不满意' },
  { key: 'zrzy', label: '市自然资源和规划局', split: [16, 4, 0], verdict: '满意' },
  { key: 'sthj', label: '市生态环境局', split: [0, 0, 20], verdict: '不满意' },
  { key: 'zjj', label: '市住房和城乡建设局', split: [12, 3, 5], verdict: '基本满意' },
];

const SHEETS = 20;

/** Sheet i marks, for each department, the option its split gives the i-th sheet. */
function sheet(i: number) {
  const marks: Record<string, Opt[]> = {};
  for (const d of DEPARTMENTS) {
    const [s, b] = d.split;
    marks[d.key] = [i < s ? 'satisfied' : i < s + b ? 'basically' : 'unsatisfied'];
  }
  return { kind: 'satisfaction' as const, marks };
}

/** A term of 29 and a meeting with 20 present (two vice chairs, no committee names set). */
const PROJECTOR_MEETING: MeetingSeed = { date: '2026-12-01', place: '常委会第一会议室', viceChairs: 2 };

/** A draft satisfaction poll on nine departments. */
async function seed(host: Host): Promise<{ pollId: number; meetingTitle: string }> {
  const { meetingId } = await seedMeeting(host, PROJECTOR_MEETING);
  const itemId = await addItem(host, meetingId, 'opinion_handling_report', '关于审议意见研究处理情况的报告', 'satisfaction');
  const poll = await call<{ id: number; anonymous: boolean }>(host, 'poll.create', {
    agendaItemId: itemId,
    definition: {
      kind: 'satisfaction',
      title: '对九个部门研究处理审议意见情况的满意度测评',
      targets: DEPARTMENTS.map(({ key, label }) => ({ key, label })),
    },
  });
  expect(poll.anonymous).toBe(true);
  return { pollId: poll.id, meetingTitle: '第十七届人大常委会第十二次会议' };
}

async function openProjector(page: Page, host: Host): Promise<void> {
  await page.goto(`${host.baseUrl}/projector/#token=${host.token}`);
}

/** The result parts of the projector's poll screen that must fit in the window. */
const RESULT_PARTS = ['.board-row', '.board-head', '.result-footer', '.title-block', '.result-summary'];

test('the projector shows progress while open, waits while closed, and the verdicts once released', async ({ host, page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.setViewportSize({ width: 1920, height: 1080 });

  // Nothing opened yet: the idle screen with the time.
  await openProjector(page, host);
  await expect(page.getByText('请稍候')).toBeVisible();
  await expect(page.locator('.idle-clock')).toHaveText(/^\d{2}:\d{2}$/);
  await page.screenshot({ path: path.join(SHOTS, 'projector-idle.png') });
  // The credential is taken out of the address bar (the room can see it).
  expect(page.url()).not.toContain('token');

  const { pollId, meetingTitle } = await seed(host);
  await call(host, 'poll.open', { id: pollId });
  await handOutAll(host, pollId);
  // Half the sheets first, the rest while the screen is up: the count follows.
  for (let i = 0; i < SHEETS / 2; i += 1) await call(host, 'paperBallot.enter', { pollId, pass: 1, payload: sheet(i) });
  await expect(page.getByText('正在测评')).toBeVisible();
  await expect(page.getByTestId('received')).toHaveText('已投 10 票');
  for (let i = SHEETS / 2; i < SHEETS; i += 1) await call(host, 'paperBallot.enter', { pollId, pass: 1, payload: sheet(i) });

  await expect(page.getByTestId('received')).toHaveText('已投 20 票');
  await expect(page.getByTestId('present')).toHaveText('实到 20 人');
  await expect(page.getByTestId('serving')).toHaveText('应到 29 人');
  await expect(page.locator('.topbar-meeting')).toHaveText(meetingTitle);
  await expect(page.locator('.poll-title')).toHaveText('对九个部门研究处理审议意见情况的满意度测评');
  await expect(page.locator('.tags')).toContainText('无记名');
  await expect(page.locator('.tags')).not.toContainText('第');
  // While open: no tally, no rate, no verdict anywhere on the screen.
  const openText = await page.locator('body').innerText();
  for (const word of ['基本满意', '不满意', '%', '通过', '校验码']) expect(openText).not.toContain(word);
  await expect(page.locator('.verdict, .board-row, .bar')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, 'projector-open.png') });

  await call(host, 'poll.close', { id: pollId });
  await expect(page.getByText('测评已结束，等待公布结果')).toBeVisible();
  await expect(page.locator('.verdict, .board-row')).toHaveCount(0);
  const closedText = await page.locator('body').innerText();
  for (const word of ['基本满意', '不满意', '%']) expect(closedText).not.toContain(word);
  await page.screenshot({ path: path.join(SHOTS, 'projector-waiting.png') });

  await call(host, 'poll.release', { id: pollId });
  const sealed = await call<{ digest: string; result: { rule: { text: string } } }>(host, 'poll.result', { id: pollId });
  const rows = page.locator('.board-row');
  await expect(rows).toHaveCount(DEPARTMENTS.length);
  for (const d of DEPARTMENTS) {
    const row = rows.filter({ has: page.locator('.target-label', { hasText: new RegExp(`^${d.label}$`) }) });
    await expect(row.locator('.verdict'), d.label).toHaveText(d.verdict);
    // Counts, and rates against all 29 serving members.
    const cells = row.locator('.c-num .num-main');
    await expect(cells).toHaveText(d.split.map(String));
    await expect(row.locator('.c-num .num-sub').first()).toHaveText(`${((d.split[0] * 100) / 29).toFixed(2)}%`);
  }
  await expect(page.locator('.rule-text')).toHaveText(sealed.result.rule.text);
  expect(sealed.result.rule.text).toContain('满意票超过全体组成人员（29人）的半数为满意');
  await expect(page.locator('.facts')).toContainText('全体组成人员（29人）');
  await expect(page.locator('.facts')).toContainText(/纸质选票\s*发出 20 张，收回 20 张/);
  await expect(page.locator('.facts')).toContainText(/收回\s*20 张/);
  // Ranked verdict first (满意 before 基本满意 before 不满意), and the order is printed.
  await expect(page.getByTestId('sort-key')).toContainText('按评定结果排序');
  await expect(rows.locator('.verdict')).toHaveText(['满意', '满意', '满意', '基本满意', '基本满意', '基本满意', '不满意', '不满意', '不满意']);
  await expect(page.locator('.facts')).toContainText(/有效\s*20 张/);
  await expect(page.locator('.facts')).toContainText(/无效\s*0 张/);
  const shown = (await page.getByTestId('digest').innerText()).replace(/\s+/g, '');
  expect(shown).toBe(sealed.digest.slice(0, 16));
  await page.screenshot({ path: path.join(SHOTS, 'projector-result.png') });

  // The same result on a 720p projector: everything still on screen, nothing cut off.
  expect(await cutOff(page, RESULT_PARTS)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
  expect(await cutOff(page, RESULT_PARTS)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'projector-result-1280.png') });

  // A re-vote is a new round, and the screen says so.
  const round2 = await call<{ id: number }>(host, 'poll.newRound', { id: pollId });
  await call(host, 'poll.open', { id: round2.id });
  await expect(page.locator('.tags')).toContainText('第二轮');
  await expect(page.getByTestId('received')).toHaveText('已投 0 票');
  await expect(page.locator('.verdict')).toHaveCount(0);

  // The room screen is light: no antd in what it loads.
  expect(requested.filter((u) => /antd/.test(u))).toEqual([]);
});

test('the projector without a credential says how to open it', async ({ host, page }) => {
  await page.goto(`${host.baseUrl}/projector/`);
  await expect(page.getByText('投影页面缺少访问凭据')).toBeVisible();
});

const UNITS = [
  '市发展和改革委员会', '市教育局', '市科学技术局', '市工业和信息化局', '市公安局', '市民政局', '市司法局', '市财政局', '市人力资源和社会保障局', '市自然资源和规划局',
  '市生态环境局', '市住房和城乡建设局', '市交通运输局', '市水利局', '市农业农村局', '市商务局', '市文化广电旅游局', '市卫生健康委员会', '市应急管理局', '市市场监督管理局',
];

test('scoring of twenty units, a decision and a selection vote fit the room screen', async ({ host, page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openProjector(page, host);
  const { meetingId } = await seedMeeting(host, PROJECTOR_MEETING);

  // Scoring, 20 units on one sheet, plain mean; units 6 and 7 tie.
  const base = UNITS.map((_, j) => 97 - 2 * j);
  base[6] = base[5]!;
  const spread = [0, 2, -2, 1, -1, 0];
  const scoringItem = await addItem(host, meetingId, 'work_review', '对二十个政府部门的工作评议', 'scoring');
  const scoring = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: scoringItem,
    definition: { kind: 'scoring', title: '2026年度政府组成部门工作评议打分', targets: UNITS.map((label, j) => ({ key: `u${j + 1}`, label })) },
  });
  await runPoll(
    host,
    scoring.id,
    spread.map((d) => ({ kind: 'scoring', group: null, scores: Object.fromEntries(UNITS.map((_, j) => [`u${j + 1}`, base[j]! + d])) })),
  );
  const rows = page.locator('.board-row');
  await expect(rows).toHaveCount(20);
  await expect(page.locator('.boards-2')).toHaveCount(1);
  // Ranked best first; the tie shares rank 6 and the next is 8.
  await expect(rows.locator('.c-index')).toHaveText(['1', '2', '3', '4', '5', '6', '6', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20']);
  await expect(rows.first().locator('.target-label')).toHaveText(UNITS[0]!);
  await expect(rows.first().locator('.num-main').first()).toHaveText('97.00');
  await expect(rows.first().locator('.verdict')).toHaveText('优秀');
  await expect(rows.last().locator('.verdict')).toHaveText('较差');
  expect(await cutOff(page, RESULT_PARTS)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'projector-result-scoring.png') });
  await page.setViewportSize({ width: 1280, height: 720 });
  expect(await cutOff(page, RESULT_PARTS)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'projector-result-scoring-1280.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });

  // A decision: adopted needs more than half of all 29, i.e. 15 赞成.
  const decisionItem = await addItem(host, meetingId, 'decision', '关于批准2026年市级预算调整方案的决议（草案）', 'decision');
  const decision = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: decisionItem,
    definition: { kind: 'decision', title: '关于批准2026年市级预算调整方案的决议', targets: [{ key: 'motion', label: '决议草案' }] },
  });
  const votes = [...Array(16).fill('for'), ...Array(3).fill('against'), 'abstain'] as string[];
  await runPoll(host, decision.id, votes.map((v) => ({ kind: 'decision', marks: { motion: [v] } })));
  await expect(page.locator('.poll-title')).toHaveText('关于批准2026年市级预算调整方案的决议');
  await expect(rows).toHaveCount(1);
  // 20 present, 20 ballots: nobody left without pressing.
  await expect(rows.locator('.figure-label')).toHaveText(['应到', '实到', '赞成', '反对', '弃权', '未按']);
  await expect(rows.locator('.figure-num')).toHaveText(['29', '20', '16', '3', '1', '0']);
  await expect(rows.locator('.verdict')).toHaveText('通过');
  await expect(rows.locator('.target-note')).toContainText('赞成票达到 15 票为通过');
  expect(await cutOff(page, RESULT_PARTS)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'projector-result-decision.png') });

  // A selection: choose up to 3 of 6 projects; a sheet with four marks is void.
  const projects = ['老旧小区加装电梯', '城区停车场建设', '农村饮水安全提升', '社区养老服务中心', '中小学校食堂改造', '背街小巷整治'];
  const selectionItem = await addItem(host, meetingId, 'other', '2027年民生实事项目票决', 'selection');
  const selection = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: selectionItem,
    definition: { kind: 'selection', title: '2027年市级民生实事项目票决', targets: projects.map((label, j) => ({ key: `p${j + 1}`, label })), maxChoices: 3 },
  });
  const ballots = [
    ...Array.from({ length: 10 }, () => ['p1', 'p2', 'p3']),
    ...Array.from({ length: 6 }, () => ['p1', 'p2', 'p4']),
    ...Array.from({ length: 3 }, () => ['p1', 'p5', 'p6']),
    ['p1', 'p2', 'p3', 'p4'], // four marks for three seats: void
  ];
  await runPoll(host, selection.id, ballots.map((chosen) => ({ kind: 'selection', chosen })));
  await expect(page.locator('.poll-title')).toHaveText('2027年市级民生实事项目票决');
  await expect(rows).toHaveCount(6);
  await expect(rows.locator('.target-label')).toHaveText(['老旧小区加装电梯', '城区停车场建设', '农村饮水安全提升', '社区养老服务中心', '中小学校食堂改造', '背街小巷整治']);
  await expect(rows.nth(0).locator('.verdict')).toHaveText('入选');
  await expect(rows.nth(1).locator('.verdict')).toHaveText('入选');
  await expect(rows.nth(2).locator('.verdict')).toHaveText('入选');
  await expect(rows.nth(3).locator('.verdict')).toHaveText('未入选');
  await expect(page.locator('.facts')).toContainText(/无效\s*1 张/);
  expect(await cutOff(page, RESULT_PARTS)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'projector-result-selection.png') });

  // A decision that received no ballot: said so, and not adopted (it counts against all 29).
  const silentItem = await addItem(host, meetingId, 'decision', '关于接受辞职请求的决定（草案）', 'decision');
  const silent = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: silentItem,
    definition: { kind: 'decision', title: '关于接受辞职请求的决定', targets: [{ key: 'motion', label: '决定草案' }] },
  });
  await call(host, 'poll.open', { id: silent.id });
  await call(host, 'poll.close', { id: silent.id });
  await call(host, 'poll.release', { id: silent.id });
  await expect(page.locator('.poll-title')).toHaveText('关于接受辞职请求的决定');
  await expect(page.getByTestId('no-ballots')).toHaveText('未收到选票');
  await expect(rows.locator('.verdict')).toHaveText('未通过');
  expect(await cutOff(page, RESULT_PARTS)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'projector-result-no-ballots.png') });
});
