import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newReceipt } from '../helpers/voter.js';
import { confirmInDialog, expect, REPO_ROOT, test, type Host } from './fixtures.js';
import { call } from './room-helpers.js';

/**
 * Running the room (issue 11), end to end in Chromium on an empty database:
 * 40 of 55 members sign in at the 签到台 by typed card codes and the quorum flips at the 28th;
 * 2 attendees 列席 are recorded and counted nowhere; a decision vote runs with the clerk seeing
 * who has not voted; the room screen follows the poll by itself and shows 未按 after release;
 * the 签到表 prints to a PDF that pdftotext reads back.
 */

const SHOTS = process.env.SCREENSHOTS ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(REPO_ROOT, 'test-results', 'screenshots');
const SERVING = 55;
const SIGNING_IN = 40;
const VOTING = 36;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['建国', '秀英', '志强', '海燕', '国华', '丽娟', '卫东', '春梅', '晓明', '文静', '立新', '玉兰'];

async function seed(host: Host) {
  const term = await call<{ id: number }>(host, 'term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
  const rows = Array.from({ length: SERVING }, (_, i) => ({
    name: `${SURNAMES[i]}${GIVEN[i % GIVEN.length]}`,
    role: i === 0 ? 'chair' : i < 5 ? 'vice_chair' : i === 5 ? 'secretary_general' : 'member',
    status: 'serving',
    seatOrder: i + 1,
    note: null,
  }));
  await call(host, 'member.importCommit', { termId: term.id, rows });
  const meeting = await call<{ id: number; title: string }>(host, 'meeting.create', { termId: term.id, fields: { number: 32, date: '2026-12-14', place: '常委会第一会议室', status: 'in_progress' } });
  const item = await call<{ id: number }>(host, 'agenda.create', {
    meetingId: meeting.id,
    fields: { kind: 'decision', title: '关于批准2026年市级预算调整方案的决议（草案）', bodyId: null, notes: null, voteKind: 'decision' },
  });
  const poll = await call<{ id: number; title: string }>(host, 'poll.create', {
    agendaItemId: item.id,
    definition: { kind: 'decision', title: '关于批准2026年市级预算调整方案的决议（草案）', targets: [{ key: 'm', label: '关于批准2026年市级预算调整方案的决议（草案）' }] },
  });
  // Cards are printed before the meeting for every serving member; the clerk types what each card says.
  const cards = (await call<{ rows: { memberId: number; name: string; code: string }[] }>(host, 'credential.issue', { meetingId: meeting.id })).rows;
  expect(cards).toHaveLength(SERVING);
  return { meeting, poll, cards };
}

test('40 members sign in at the desk, 2 attend without a vote, a decision runs on the room screen with 未按, and the 签到表 prints', async ({ page, host, context }) => {
  test.slow();
  const { meeting, poll, cards } = await seed(host);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.consoleUrl);
  await page.evaluate((id) => (window.location.hash = `#/meetings/${id}/signin`), meeting.id);
  const input = page.getByTestId('signin-code');
  await expect(input).toBeFocused();
  const quorum = page.getByTestId('quorum-indicator');
  await expect(quorum).toContainText('未达法定人数');
  await expect(quorum).toContainText('法定人数 28 人');

  // Typed as a clerk reads them off the cards: some with the dash, some in lower case.
  // One card at a time up to the quorum: it needs more than half of 55, so it flips at the 28th, not before.
  const ONE_BY_ONE = 28;
  for (let i = 0; i < ONE_BY_ONE; i++) {
    const c = cards[i]!;
    await input.fill(i % 2 === 0 ? `${c.code.slice(0, 4)}-${c.code.slice(4)}` : c.code.toLowerCase());
    await input.press('Enter');
    await expect(page.getByTestId('signin-outcome')).toHaveText(new RegExp(`${c.name} 签到成功`));
    await expect(page.getByTestId('signin-present')).toHaveText(String(i + 1));
    if (i === 26) await expect(quorum).toContainText('未达法定人数');
    if (i === 27) await expect(quorum).toContainText('已达法定人数');
    // The field keeps the focus for the next card.
    await expect(input).toBeFocused();
  }
  // The rest as a scanner sends them: back to back, no pause, while the focus is elsewhere on the
  // page (a click on the page's background). Every one arrives, none runs into the next.
  await page.getByTestId('signin-counts').click();
  await expect(input).not.toBeFocused();
  await page.keyboard.type(cards.slice(ONE_BY_ONE, SIGNING_IN).map((c) => `${c.code}\n`).join(''), { delay: 0 });
  await expect(page.getByTestId('signin-present')).toHaveText(String(SIGNING_IN));
  await expect(page.getByTestId('signin-outcome')).toHaveText(new RegExp(`${cards[SIGNING_IN - 1]!.name} 签到成功`));
  await expect(page.getByTestId('signin-log')).not.toContainText('没有签到码');
  await expect(input).toHaveValue('');
  await expect(page.getByTestId('signin-arrivals').locator('li')).toHaveCount(SIGNING_IN);
  await expect(page.getByTestId('signin-arrivals').locator('li').first()).toContainText(cards[SIGNING_IN - 1]!.name);

  // A second scan changes nothing; a mistyped code is refused where the eye is, and nothing changes.
  await input.fill(cards[0]!.code);
  await input.press('Enter');
  await expect(page.getByTestId('signin-outcome')).toContainText(`${cards[0]!.name} 已于`);
  await input.fill('2345-6789');
  await input.press('Enter');
  await expect(page.getByTestId('signin-outcome')).toContainText('没有签到码为 2345-6789 的签到卡');
  await expect(page.getByTestId('signin-present')).toHaveText(String(SIGNING_IN));

  // Two attendees 列席, by name and body; the quorum does not move.
  for (const [name, org] of [
    ['欧阳明远', '市财政局局长'],
    ['司马文华', '市审计局副局长'],
  ] as const) {
    await page.getByTestId('attendee-name').fill(name);
    await page.getByTestId('attendee-organisation').fill(org);
    await page.getByTestId('attendee-add').click();
    await expect(page.getByTestId('attendee-list')).toContainText(name);
  }
  await expect(page.getByTestId('signin-attendees')).toHaveText('2');
  await expect(quorum).toContainText(`出席 ${SIGNING_IN} 人 / 在任 ${SERVING} 人`);
  expect((await call<{ quorum: { present: number } }>(host, 'attendance.list', { meetingId: meeting.id })).quorum.present).toBe(SIGNING_IN);
  // After 登记列席 the focus is back in the scan field, so the next card cannot become a name.
  await expect(input).toBeFocused();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, 'console-signin-desk.png') });

  // The room screen, open before the vote starts.
  const room = await context.newPage();
  await room.setViewportSize({ width: 1280, height: 720 });
  await room.goto(`${host.baseUrl}/projector/#token=${host.token}`);
  // Nothing chosen yet: the meeting in progress, by its title (会标) and attendance.
  await expect(room.getByTestId('banner')).toContainText('第三十二次会议');
  await expect(room.getByTestId('attendance')).toContainText(new RegExp(`应到\\s*${SERVING}\\s*人\\s*实到\\s*${SIGNING_IN}\\s*人\\s*已达法定人数`));

  // The clerk starts the vote; the room screen switches to it by itself.
  await page.evaluate((id) => (window.location.hash = `#/polls/${id}`), poll.id);
  await page.getByTestId('open-poll').click();
  await confirmInDialog(page, '开始表决');
  await expect(room.getByRole('heading', { name: poll.title })).toBeVisible();
  await expect(room.getByTestId('serving')).toHaveText(`应到 ${SERVING} 人`);
  await expect(room.getByTestId('present')).toHaveText(`实到 ${SIGNING_IN} 人`);
  await expect(room.getByTestId('received')).toHaveText('已投 0 票');

  // 36 vote from their devices: 30 for, 4 against, 2 abstain. The clerk sees the 4 who have not, by name.
  const choices = [...Array(30).fill('for'), ...Array(4).fill('against'), ...Array(2).fill('abstain')] as string[];
  for (let i = 0; i < VOTING; i++) {
    const res = await fetch(`${host.voterBaseUrl}/v1/ballots`, {
      method: 'POST',
      headers: { Authorization: `Credential ${cards[i]!.code}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ pollId: poll.id, receipt: newReceipt(), ballot: { kind: 'decision', marks: { m: [choices[i]] } } }),
    });
    expect(res.status).toBe(201);
  }
  const waiting = page.getByTestId('not-yet-voted');
  await expect(waiting).toContainText(`尚未投票（${SIGNING_IN - VOTING} 人）`);
  await expect(room.getByTestId('received')).toHaveText(`已投 ${VOTING} 票`);
  for (const c of cards.slice(VOTING, SIGNING_IN)) await expect(waiting).toContainText(c.name);
  for (const c of cards.slice(0, 3)) await expect(waiting).not.toContainText(c.name);
  await page.screenshot({ path: path.join(SHOTS, 'console-live-desk.png') });

  await page.getByRole('button', { name: '结束表决' }).click();
  await confirmInDialog(page, '结束表决');
  await page.getByRole('button', { name: '公布结果' }).click();
  await confirmInDialog(page, '公布结果');
  // The released result on the room screen: 应到 55, 实到 40, 赞成 30, 反对 4, 弃权 2, 未按 4.
  const figures = room.getByTestId('figures');
  await expect(figures.locator('.figure-label')).toHaveText(['应到', '实到', '赞成', '反对', '弃权', '未按']);
  await expect(figures.locator('.figure-num')).toHaveText([SERVING, SIGNING_IN, 30, 4, 2, SIGNING_IN - VOTING].map(String));
  await expect(room.locator('.single-verdict .verdict')).toHaveText('通过');
  // The clerk's result table shows the same 未按 the room sees.
  await expect(page.getByTestId('not-voted-m')).toHaveText(`${SIGNING_IN - VOTING} 人`);
  await room.screenshot({ path: path.join(SHOTS, 'projector-decision-1280.png') });

  // The 签到表: A4, every member in seat order, the totals, and the 列席 apart.
  await page.evaluate((id) => (window.location.hash = `#/signin-sheet/${id}`), meeting.id);
  await expect(page.getByTestId('sheet-summary')).toContainText(`应到 ${SERVING} 人，实到 ${SIGNING_IN} 人`);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sheet-')), 'signin-sheet.pdf');
  fs.writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain(`${meeting.title}签到表`);
  expect(flat).toContain('时间：2026年12月14日');
  expect(flat).toContain(`应到${SERVING}人，实到${SIGNING_IN}人，请假0人，缺席0人，未登记${SERVING - SIGNING_IN}人`);
  expect(flat).toContain('列席2人，不计入实到人数');
  for (const c of cards) expect(flat).toContain(c.name);
  expect(flat).toContain('欧阳明远市财政局局长');
  // Signed in today for a meeting dated 2026年12月14日: each time carries its date.
  expect(text.match(/已签到 (\d+月\d+日 )?\d\d:\d\d/g)).toHaveLength(SIGNING_IN);
  // Every page but none empty: the 55 rows and the attendees fit on three A4 pages at most.
  expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeLessThanOrEqual(3);
});
