import path from 'node:path';
import type { Page } from '@playwright/test';
import { confirmInDialog, expect, REPO_ROOT, test } from './fixtures.js';
import { addItem, call, cutOff, handOutAll, runPoll, seedMeeting, type MeetingSeed } from './room-helpers.js';

/**
 * The room screen (会场大屏) as the clerk runs it from the console: the meeting's title, the
 * agenda with the item under way, a decision that takes the screen over by itself when the
 * clerk opens it, and its result with 应到 / 实到 / 赞成 / 反对 / 弃权 / 未按. Then long names
 * with 9 and 20 targets at 1920×1080 and 1280×720: nothing cut off, no line of one character.
 */

const SHOTS = process.env.SCREENSHOTS ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(REPO_ROOT, 'test-results', 'screenshots');

/** 29 serving members of the 洛阳市 committee, 20 present at the twelfth meeting. */
const ROOM_MEETING: MeetingSeed = {
  date: '2026-12-14',
  place: '市人大常委会机关第一会议室',
  committee: { fullName: '洛阳市人民代表大会常务委员会', shortName: '洛阳市人大常委会', office: '办公厅' },
};

/** The parts of the room screen (title, agenda, poll and result) that must fit in the window. */
const SCREEN_PARTS = ['.board-row', '.board-head', '.result-footer', '.title-block', '.figure', '.count', '.agenda-item', '.banner-line', '.attendance'];

/** Each name on screen with its lines, read from the glyphs' boxes (in reading order). */
async function nameLines(page: Page): Promise<{ text: string; lines: string[] }[]> {
  return page.evaluate(() => {
    const out: { text: string; lines: string[] }[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.phrase-text')) {
      const lines = new Map<number, string>();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let i = 0; i < node.data.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getClientRects()[0];
          if (!box) continue;
          const line = Math.round(box.top + box.height / 2);
          const key = [...lines.keys()].find((k) => Math.abs(k - line) < box.height / 2) ?? line;
          lines.set(key, (lines.get(key) ?? '') + node.data[i]);
        }
      }
      out.push({ text: el.textContent ?? '', lines: [...lines.entries()].sort((x, y) => x[0] - y[0]).map(([, l]) => l) });
    }
    return out;
  });
}

/** Names laid out with a line that holds a single character that is not punctuation. */
async function lonelyCharacters(page: Page): Promise<string[]> {
  const text = (l: string) => [...l].filter((c) => !/[\p{P}\s]/u.test(c));
  return (await nameLines(page)).filter((n) => text(n.text).length >= 2 && n.lines.some((l) => text(l).length < 2)).map((n) => `${n.text}: ${n.lines.join(' | ')}`);
}

/** Names with a line break inside a run of digits or Latin letters (2 / 0所). */
async function splitRuns(page: Page): Promise<string[]> {
  return (await nameLines(page)).filter((n) => n.lines.some((l, i) => i > 0 && /[0-9A-Za-z.%]$/.test(n.lines[i - 1]!) && /^[0-9A-Za-z.%]/.test(l))).map((n) => `${n.text}: ${n.lines.join(' | ')}`);
}

/** Names on screen whose lines are not the name read in order (a sanity check of nameLines). */
const lineOrder = async (page: Page) => (await nameLines(page)).filter((n) => n.lines.length > 0 && n.lines.join('') !== n.text).map((n) => n.text);

/** Counts drawn inside bar segments that do not fit their segment. */
async function squeezedBarCounts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.seg-text')]
      .filter((t) => t.offsetParent !== null && t.getBoundingClientRect().width > t.parentElement!.getBoundingClientRect().width + 0.5)
      .map((t) => t.textContent ?? ''),
  );
}

const px = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test('the clerk shows the title and the agenda; a decision opened at the console takes the screen over and shows 未按', async ({ host, page, context }) => {
  test.setTimeout(120_000);
  const { meetingId } = await seedMeeting(host, ROOM_MEETING);
  const report = await addItem(host, meetingId, 'special_report', '听取和审议市人民政府关于2025年度国有资产管理情况的综合报告', null);
  const decisionItem = await addItem(host, meetingId, 'decision', '关于批准2026年市级预算调整方案的决议（草案）', 'decision');
  const poll = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: decisionItem,
    definition: { kind: 'decision', title: '关于批准2026年市级预算调整方案的决议', targets: [{ key: 'motion', label: '决议草案' }] },
  });

  const screen = await context.newPage();
  await screen.setViewportSize({ width: 1920, height: 1080 });
  await screen.goto(`${host.baseUrl}/projector/#token=${host.token}`);
  // Nothing chosen, no poll opened: the title of the meeting in the room.
  await expect(screen.locator('[data-view=title]')).toBeVisible();
  await expect(screen.getByTestId('banner')).toContainText('洛阳市第十七届人民代表大会常务委员会');
  await expect(screen.getByTestId('banner')).toContainText('第十二次会议');
  await expect(screen.getByTestId('banner')).toContainText('2026年12月14日');
  await expect(screen.getByTestId('attendance')).toContainText(/应到\s*29\s*人\s*实到\s*20\s*人\s*已达法定人数/);
  await screen.screenshot({ path: path.join(SHOTS, 'projector-room-title.png') });

  // The clerk, on the meeting's agenda tab.
  await page.goto(host.consoleUrl);
  await page.evaluate((id) => (location.hash = `#/meetings/${id}/agenda`), meetingId);
  const control = page.getByTestId('room-screen-control');
  await expect(control.getByTestId('room-screen-now')).toHaveText('正在显示：会标');
  await control.getByRole('button', { name: '显示议程' }).click();
  await expect(screen.locator('[data-view=agenda]')).toBeVisible();
  await expect(screen.getByTestId('agenda-item')).toHaveText([/^一、听取和审议/, /^二、关于批准2026年市级预算调整方案的决议（草案）/]);
  await page.locator(`tr[data-row-key="${report}"]`).getByTestId('agenda-set-current').click();
  await expect(screen.locator('.agenda-item.current')).toContainText('国有资产管理情况');
  await expect(screen.locator('.agenda-item.current')).toContainText('正在进行');
  await expect(page.locator(`tr[data-row-key="${report}"]`).getByTestId('agenda-current')).toHaveText('大屏当前议题');
  await expect(control.getByTestId('room-screen-now')).toContainText('当前议题：第一项');
  await screen.screenshot({ path: path.join(SHOTS, 'projector-room-agenda.png') });

  // The clerk opens the decision on its page; the room screen follows by itself.
  await page.evaluate((id) => (location.hash = `#/polls/${id}`), poll.id);
  await page.getByRole('button', { name: '开始表决' }).click();
  await confirmInDialog(page, '开始表决');
  await expect(screen.locator('[data-view=poll]')).toBeVisible();
  await expect(screen.getByText('正在表决')).toBeVisible();
  await expect(screen.getByTestId('serving')).toHaveText('应到 29 人');
  await expect(screen.getByTestId('present')).toHaveText('实到 20 人');
  await expect(screen.getByTestId('received')).toHaveText('已投 0 票');

  // 18 of the 20 present vote on paper: 15 赞成, 2 反对, 1 弃权; two do not.
  await handOutAll(host, poll.id);
  const votes = [...Array(15).fill('for'), 'against', 'against', 'abstain'] as string[];
  for (const v of votes) await call(host, 'paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'decision', marks: { motion: [v] } } });
  await expect(screen.getByTestId('received')).toHaveText('已投 18 票');
  // While open: no tally, no verdict.
  const openText = await screen.locator('body').innerText();
  for (const word of ['赞成', '反对', '弃权', '未按', '通过']) expect(openText).not.toContain(word);
  expect(await cutOff(screen, SCREEN_PARTS)).toEqual([]);
  await screen.screenshot({ path: path.join(SHOTS, 'projector-room-open-decision.png') });

  await call(host, 'poll.close', { id: poll.id });
  // Closed and sealed, not released: the screen stays on the poll and shows no result.
  await expect(screen.getByText('表决已结束，等待公布结果')).toBeVisible();
  await expect(screen.getByTestId('figures')).toHaveCount(0);
  await call(host, 'poll.release', { id: poll.id });

  const figures = screen.getByTestId('figures');
  await expect(figures.locator('.figure-label')).toHaveText(['应到', '实到', '赞成', '反对', '弃权', '未按']);
  await expect(figures.locator('.figure-num')).toHaveText(['29', '20', '15', '2', '1', '2']);
  await expect(screen.locator('[data-figure=not_voted]')).toHaveText(/未按\s*2\s*人/);
  // 15 赞成 is more than half of all 29 members.
  await expect(screen.locator('.single-verdict .verdict')).toHaveText('通过');
  await expect(screen.locator('.target-note')).toContainText('赞成票达到 15 票为通过');
  expect(await cutOff(screen, SCREEN_PARTS)).toEqual([]);
  await screen.screenshot({ path: path.join(SHOTS, 'projector-room-decision.png') });
  await screen.setViewportSize({ width: 1280, height: 720 });
  expect(await cutOff(screen, SCREEN_PARTS)).toEqual([]);
  await screen.screenshot({ path: path.join(SHOTS, 'projector-room-decision-1280.png') });

  // The console says what the room sees.
  await page.evaluate((id) => (location.hash = `#/meetings/${id}/agenda`), meetingId);
  await expect(control.getByTestId('room-screen-now')).toContainText('已公布结果');
});

test('a locked screen stays put when a poll opens; 跟随表决 unlocks it and shows the poll', async ({ host, page, context }) => {
  const { meetingId } = await seedMeeting(host, ROOM_MEETING);
  const item = await addItem(host, meetingId, 'appointment', '人事任免事项', 'appointment');
  const poll = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: item,
    definition: { kind: 'appointment', title: '人事任免事项表决', targets: [{ key: 'p1', label: '欧阳建国' }, { key: 'p2', label: '司马文静' }] },
  });
  const screen = await context.newPage();
  await screen.goto(`${host.baseUrl}/projector/#token=${host.token}`);
  await page.goto(host.consoleUrl);
  await page.evaluate((id) => (location.hash = `#/meetings/${id}/agenda`), meetingId);
  const control = page.getByTestId('room-screen-control');
  await control.getByRole('button', { name: '显示会标' }).click();
  await control.getByRole('switch', { name: '锁定当前画面' }).click();
  await expect(control).toContainText('已锁定');

  await call(host, 'poll.open', { id: poll.id });
  // The locked screen does not move: the core says so, and the screen and the console draw it.
  expect(await call(host, 'projector.state')).toMatchObject({ view: 'title', pinned: true, poll: null });
  await expect(screen.locator('[data-view=title]')).toBeVisible();
  await expect(control.getByTestId('room-screen-now')).toHaveText('正在显示：会标');
  // The poll's own page says the screen did not follow, with the click that puts the poll up.
  await page.evaluate((id) => (location.hash = `#/polls/${id}`), poll.id);
  await expect(page.getByTestId('room-screen-locked')).toContainText('会场大屏已锁定，正在显示会标，不会自动切换到本项');
  await page.getByTestId('room-screen-locked').getByRole('button', { name: '在大屏显示本项' }).click();
  await expect(screen.getByText('正在表决')).toBeVisible();
  await expect(page.getByTestId('room-screen-locked')).toHaveCount(0);
  // Back to the title, still locked, for 跟随表决 below.
  await page.evaluate((id) => (location.hash = `#/meetings/${id}/agenda`), meetingId);
  await control.getByRole('button', { name: '显示会标' }).click();
  await expect(control.getByTestId('room-screen-now')).toHaveText('正在显示：会标');
  await expect(control).toContainText('已锁定');

  await control.getByRole('button', { name: '跟随表决' }).click();
  await expect(screen.getByText('正在表决')).toBeVisible();
  await expect(control).not.toContainText('已锁定');

  // Per person: 赞成 / 反对 / 弃权 / 未按; one member leaves 司马文静 blank.
  await handOutAll(host, poll.id);
  const sheets = [...Array.from({ length: 17 }, () => ({ p1: ['for'], p2: ['for'] })), { p1: ['against'], p2: [] }];
  for (const marks of sheets) await call(host, 'paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'appointment', marks } });
  await call(host, 'poll.close', { id: poll.id });
  await call(host, 'poll.release', { id: poll.id });
  const rows = screen.locator('.board-row');
  await expect(rows).toHaveCount(2);
  await expect(screen.locator('.board-head .c-num')).toHaveText([/赞成/, /反对/, /弃权/, '未按']);
  await expect(rows.nth(0).locator('.num-main')).toHaveText(['17', '1', '0', '2']);
  await expect(rows.nth(1).locator('.num-main')).toHaveText(['17', '0', '0', '3']);
  await expect(screen.getByTestId('figures')).toContainText(/应到\s*29\s*人\s*实到\s*20\s*人/);
});

const LONG9 = ['市人民政府国有资产监督管理委员会', '市人力资源和社会保障局', '市发展和改革委员会', '市政务服务和大数据管理局', '市城市管理和综合执法局', '市住房和城乡建设局', '市市场监督管理局', '市退役军人事务局', '市文化广电和旅游局'];
const LONG20 = [...LONG9, '市中级人民法院', '市人民检察院', '市医疗保障局', '市农业农村局', '市卫生健康委员会', '市应急管理局', '市生态环境局', '市自然资源和规划局', '市交通运输局', '市教育局', '市公安局'];
const OPTS = ['satisfied', 'basically', 'unsatisfied'] as const;

test('long names with 9 and 20 targets at 1920×1080 and 1280×720: all on screen, no lone character, numbers legible', async ({ host, page }) => {
  test.setTimeout(120_000);
  await page.goto(`${host.baseUrl}/projector/#token=${host.token}`);
  const { meetingId } = await seedMeeting(host, ROOM_MEETING);
  const cases = [
    { name: '9', targets: LONG9, kind: 'satisfaction' },
    { name: '20', targets: LONG20, kind: 'satisfaction' },
    { name: '20-scoring', targets: LONG20, kind: 'scoring' },
  ] as const;
  for (const c of cases) {
    const item = await addItem(host, meetingId, c.kind === 'scoring' ? 'work_review' : 'opinion_handling_report', `对${c.targets.length}个单位的${c.kind === 'scoring' ? '工作评议' : '满意度测评'}`, c.kind);
    const keys = c.targets.map((_, j) => `t${j}`);
    const poll = await call<{ id: number }>(host, 'poll.create', {
      agendaItemId: item,
      definition: { kind: c.kind, title: `对${c.targets.length}个单位的${c.kind === 'scoring' ? '工作评议打分' : '满意度测评'}`, targets: c.targets.map((label, j) => ({ key: keys[j], label })) },
    });
    const sheets = Array.from({ length: 20 }, (_, i) =>
      c.kind === 'scoring'
        ? { kind: 'scoring', group: null, scores: Object.fromEntries(keys.map((k, j) => [k, 98 - 2 * j + (i % 3) - 1])) }
        : { kind: 'satisfaction', marks: Object.fromEntries(keys.map((k, j) => [k, [OPTS[(i + j) % 9 === 0 ? 2 : (i * j) % 5 === 0 ? 1 : 0]]])) },
    );
    await runPoll(host, poll.id, sheets);
    await expect(page.locator('.board-row')).toHaveCount(c.targets.length);
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      // Every name is on screen whole, wrapped between its phrases.
      expect((await page.locator('.board-row .target-label').allTextContents()).sort()).toEqual([...c.targets].sort());
      expect(await cutOff(page, SCREEN_PARTS), `${c.name} at ${width}`).toEqual([]);
      expect(await lonelyCharacters(page), `${c.name} at ${width}`).toEqual([]);
      expect(await squeezedBarCounts(page), `${c.name} at ${width}`).toEqual([]);
      // Counts at least 16 px even at 1280×720 (the type shrinks with the frame, so more at 1080p).
      expect(await px(page, '.board-row .num-main')).toBeGreaterThanOrEqual(width === 1280 ? 16 : 24);
      await page.screenshot({ path: path.join(SHOTS, `projector-long-${c.name}-${width}.png`) });
    }
  }
});

/** Project names that had no phrase break, and persons with their posts, as the reviewer saw them cut. */
const PROJECTS = ['新建改扩建公办幼儿园20所', '城乡居民基本医疗保险财政补助提标', '老旧小区改造和社区养老服务设施建设'];
const CANDIDATES = ['陈静（市卫生健康委员会主任）', '刘洋（市人民检察院副检察长）'];

test('selection projects and appointment candidates at 1920×1080, 1280×720 and 1024×768: broken between words, no lone character, no split number; the screen says 票决', async ({ host, page }) => {
  test.setTimeout(120_000);
  await page.goto(`${host.baseUrl}/projector/#token=${host.token}`);
  const { meetingId } = await seedMeeting(host, ROOM_MEETING);
  const selectionItem = await addItem(host, meetingId, 'other', '2027年民生实事项目票决', 'selection');
  const selection = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: selectionItem,
    definition: { kind: 'selection', title: '2027年市级民生实事项目票决', targets: PROJECTS.map((label, j) => ({ key: `p${j + 1}`, label })), maxChoices: 2 },
  });
  // While it runs and after it closes the screen uses the word for the poll's kind.
  await call(host, 'poll.open', { id: selection.id });
  await expect(page.getByText('正在票决')).toBeVisible();
  await expect(page.getByText('正在表决')).toHaveCount(0);
  await handOutAll(host, selection.id);
  const chosen = [...Array.from({ length: 12 }, () => ['p1', 'p2']), ...Array.from({ length: 8 }, () => ['p1', 'p3'])];
  for (const c of chosen) await call(host, 'paperBallot.enter', { pollId: selection.id, pass: 1, payload: { kind: 'selection', chosen: c } });
  await call(host, 'poll.close', { id: selection.id });
  await expect(page.getByText('票决已结束，等待公布结果')).toBeVisible();
  await call(host, 'poll.release', { id: selection.id });
  await expect(page.locator('.board-row')).toHaveCount(3);

  const check = async (name: string, labels: string[]) => {
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect(page.locator('.board-row .target-label')).toHaveCount(labels.length);
      expect((await page.locator('.board-row .target-label').allTextContents()).sort()).toEqual([...labels].sort());
      expect(await cutOff(page, SCREEN_PARTS), `${name} at ${width}`).toEqual([]);
      expect(await lonelyCharacters(page), `${name} at ${width}`).toEqual([]);
      expect(await splitRuns(page), `${name} at ${width}`).toEqual([]);
      expect(await lineOrder(page), `${name} at ${width}`).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `projector-wrap-${name}-${width}.png`) });
    }
  };
  await check('selection', PROJECTS);

  const appointmentItem = await addItem(host, meetingId, 'appointment', '人事任免事项', 'appointment');
  const appointment = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: appointmentItem,
    definition: { kind: 'appointment', title: '人事任免事项表决', targets: CANDIDATES.map((label, j) => ({ key: `c${j + 1}`, label })) },
  });
  await call(host, 'poll.open', { id: appointment.id });
  await expect(page.getByText('正在表决')).toBeVisible();
  await handOutAll(host, appointment.id);
  for (let i = 0; i < 20; i++) await call(host, 'paperBallot.enter', { pollId: appointment.id, pass: 1, payload: { kind: 'appointment', marks: { c1: [i < 18 ? 'for' : 'against'], c2: [i < 17 ? 'for' : 'abstain'] } } });
  await call(host, 'poll.close', { id: appointment.id });
  await call(host, 'poll.release', { id: appointment.id });
  await expect(page.locator('.board-row')).toHaveCount(2);
  await check('appointment', CANDIDATES);
});
