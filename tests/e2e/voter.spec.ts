import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { expect, REPO_ROOT, test, type Host } from './fixtures.js';

/**
 * Members vote from their own devices (issue 4). 45 serving members, all present, rate nine
 * departments on one sheet, each in their own browser context, through the voter app served
 * by the voter listener. Along the way: a member signs in by typing the code, a credential
 * is revoked before its member votes (and a new card is issued), a device loses the answer
 * to its ballot and retries (counted once), a device reloads with an unsent ballot. While
 * the poll is open only the count is known; after close and release the result matches the
 * choices made in the browsers and the receipts check out.
 */

// Screenshots land in docs/ only when asked for (SCREENSHOTS=1), so that a test run leaves the tree clean.
const SHOTS = process.env.SCREENSHOTS ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(REPO_ROOT, 'test-results', 'screenshots');
const MEMBERS = 45;

const DEPARTMENTS = [
  { key: 'fgw', label: '市发展和改革委员会' },
  { key: 'jyj', label: '市教育局' },
  { key: 'gaj', label: '市公安局' },
  { key: 'mzj', label: '市民政局' },
  { key: 'czj', label: '市财政局' },
  { key: 'rsj', label: '市人力资源和社会保障局' },
  { key: 'zrzy', label: '市自然资源和规划局' },
  { key: 'sthj', label: '市生态环境局' },
  { key: 'zjj', label: '市住房和城乡建设局' },
];

type Opt = 'satisfied' | 'basically' | 'unsatisfied';
const OPTS: Opt[] = ['satisfied', 'basically', 'unsatisfied'];
const OPT_LABEL: Record<Opt, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

/** Member i's mark for department j; some members leave the last department unmarked. */
function choice(i: number, j: number): Opt | null {
  if (i % 9 === 4 && j === DEPARTMENTS.length - 1) return null;
  return OPTS[(i * (j + 1) + j) % 5 === 0 ? 2 : (i + j) % 4 === 0 ? 1 : 0]!;
}

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const TABLET: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, hasTouch: true };
const SMALL: BrowserContextOptions = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };

async function call<T>(host: Host, method: string, input: unknown = {}): Promise<T> {
  const env = await host.call<T>(method, input);
  if (!env.ok) throw new Error(`${method} failed: ${env.error.code} ${env.error.message}`);
  return env.value;
}

interface Seeded {
  meetingId: number;
  pollId: number;
  memberIds: number[];
  codes: string[];
}

async function seed(host: Host): Promise<Seeded> {
  const term = await call<{ id: number }>(host, 'term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
  const rows = Array.from({ length: MEMBERS }, (_, i) => ({
    name: `委员${String(i + 1).padStart(2, '0')}`,
    role: i === 0 ? 'chair' : i < 4 ? 'vice_chair' : 'member',
    status: 'serving',
    seatOrder: i + 1,
    note: null,
  }));
  expect(await call<{ created: number }>(host, 'member.importCommit', { termId: term.id, rows })).toEqual({ created: MEMBERS });
  const members = await call<{ id: number; seatOrder: number }[]>(host, 'member.list', { termId: term.id });
  const memberIds = [...members].sort((a, b) => a.seatOrder - b.seatOrder).map((m) => m.id);
  const meeting = await call<{ id: number }>(host, 'meeting.create', {
    termId: term.id,
    fields: { number: 12, date: '2026-12-01', place: '常委会第一会议室', status: 'ready' },
  });
  await call(host, 'attendance.set', { meetingId: meeting.id, memberIds, status: 'present' });
  const item = await call<{ id: number }>(host, 'agenda.create', {
    meetingId: meeting.id,
    fields: { kind: 'opinion_handling_report', title: '关于审议意见研究处理情况的报告', bodyId: null, notes: null, voteKind: 'satisfaction' },
  });
  const poll = await call<{ id: number }>(host, 'poll.create', {
    agendaItemId: item.id,
    definition: { kind: 'satisfaction', title: '对九个部门研究处理审议意见情况的满意度测评', targets: DEPARTMENTS },
  });
  return { meetingId: meeting.id, pollId: poll.id, memberIds, codes: await codesOf(host, meeting.id, memberIds) };
}

async function codesOf(host: Host, meetingId: number, memberIds: number[]): Promise<string[]> {
  const { rows } = await call<{ rows: { memberId: number; code: string | null }[] }>(host, 'credential.list', { meetingId });
  return memberIds.map((id) => {
    const code = rows.find((r) => r.memberId === id)?.code;
    if (!code) throw new Error(`member ${id} has no credential`);
    return code;
  });
}

async function received(host: Host, pollId: number): Promise<number> {
  return (await call<{ received: number }>(host, 'poll.get', { id: pollId })).received;
}

async function newPage(browser: Browser, opts: BrowserContextOptions): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ ...opts, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return { ctx, page: await ctx.newPage() };
}

const link = (host: Host, code: string) => `${host.voterBaseUrl}/vote/#c=${code}`;

async function fill(page: Page, i: number): Promise<void> {
  for (const [j, d] of DEPARTMENTS.entries()) {
    const o = choice(i, j);
    if (o) await page.locator(`.row[data-key="${d.key}"]`).getByRole('radio', { name: OPT_LABEL[o], exact: true }).click();
  }
}

/** 提交选票 → review → 确认投票 → the receipt; returns the receipt code shown. */
async function submit(page: Page, i: number): Promise<string> {
  await page.getByRole('button', { name: '提交选票' }).click();
  await expect(page.getByRole('heading', { name: '请核对您的选票' })).toBeVisible();
  await expect(page.locator('.review-row')).toHaveText(
    DEPARTMENTS.map((d, j) => {
      const o = choice(i, j);
      return `${d.label}${o ? OPT_LABEL[o] : '未选择'}`;
    }),
  );
  await page.getByRole('button', { name: '确认投票' }).click();
  return receiptOf(page);
}

async function receiptOf(page: Page): Promise<string> {
  // Retries back off up to 10 s, so a device that was offline may take a moment.
  await expect(page.getByRole('heading', { name: '投票成功' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('请记下回执码，表决结束后可核对')).toBeVisible();
  const receipt = (await page.locator('.receipt').getAttribute('data-receipt')) ?? '';
  expect(receipt).toMatch(/^[23456789A-HJ-NP-Z]{16}$/);
  // Shown in four groups of four.
  await expect(page.locator('.receipt-group')).toHaveText([receipt.slice(0, 4), receipt.slice(4, 8), receipt.slice(8, 12), receipt.slice(12)]);
  return receipt;
}

/** Overflowing page, touch targets under 48 px, or option labels that do not fit their button. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.opt, .btn, .score-input, .pick'))) {
      const r = el.getBoundingClientRect();
      if (r.height < 48 || r.width < 48) out.push(`${el.className} "${el.textContent}" is ${Math.round(r.width)}×${Math.round(r.height)}`);
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.className} "${el.textContent}" is clipped`);
    }
    return out;
  });
}

/** Nothing on a voter's screen may hint at how others voted while the poll is open. */
async function expectNoTally(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/%|已收到|\d+\s*票|得票|通过/);
}

test('45 members vote from their own devices on nine departments; revoked, retrying and reloading devices count right', async ({ host, browser }) => {
  test.setTimeout(240_000);
  const { meetingId, pollId, memberIds, codes } = await seed(host);
  const receipts = new Map<number, string>();

  // --- Member 1 signs in on a phone by typing the code: lower case, spaces, no dash.
  const m0 = await newPage(browser, PHONE);
  await m0.page.goto(`${host.voterBaseUrl}/vote/`);
  await expect(m0.page.getByRole('heading', { name: '常委会电子表决' })).toBeVisible();
  const typed = `${codes[0]!.slice(0, 3)} ${codes[0]!.slice(3)}`.toLowerCase();
  await m0.page.getByLabel('登录码').pressSequentially(typed);
  await expect(m0.page.getByLabel('登录码')).toHaveValue(`${codes[0]!.slice(0, 4)}-${codes[0]!.slice(4)}`);
  await m0.page.screenshot({ path: path.join(SHOTS, 'voter-signin.png') });
  await m0.page.getByRole('button', { name: '登录' }).click();
  await expect(m0.page.getByRole('heading', { name: '当前没有正在进行的表决' })).toBeVisible();
  await expect(m0.page.locator('.top-title')).toHaveText('第十七届人大常委会第十二次会议');
  await expect(m0.page.locator('.top-name')).toHaveText('委员01');
  // A reload stays signed in.
  await m0.page.reload();
  await expect(m0.page.getByRole('heading', { name: '当前没有正在进行的表决' })).toBeVisible();

  // --- The member whose card is lost: signed in by link, waiting.
  const lost = 44;
  const mLost = await newPage(browser, SMALL);
  await mLost.page.goto(link(host, codes[lost]!));
  await expect(mLost.page.getByRole('heading', { name: '当前没有正在进行的表决' })).toBeVisible();
  // The code is taken out of the address bar.
  expect(mLost.page.url()).not.toContain(codes[lost]!);

  // --- The poll opens: waiting devices show the sheet by themselves (WebSocket).
  await call(host, 'poll.open', { id: pollId });
  await expect(m0.page.getByRole('heading', { name: '对九个部门研究处理审议意见情况的满意度测评' })).toBeVisible();
  await expect(m0.page.locator('.row')).toHaveCount(9);
  await expect(m0.page.locator('.bar-status')).toHaveText('已选择 0 / 9 项');
  // Phones and tablets, portrait and landscape: nothing wider than the screen, big buttons, no clipped labels.
  for (const size of [[360, 640], [640, 360], [768, 1024], [1024, 768], [1280, 800], [390, 844]] as const) {
    await m0.page.setViewportSize({ width: size[0], height: size[1] });
    expect(await layoutProblems(m0.page), `${size[0]}×${size[1]}`).toEqual([]);
  }
  await expectNoTally(m0.page);
  await fill(m0.page, 0);
  await expect(m0.page.locator('.bar-status')).toHaveText('已选择 9 / 9 项');
  await m0.page.screenshot({ path: path.join(SHOTS, 'voter-phone-ballot.png'), fullPage: true });
  receipts.set(0, await submit(m0.page, 0));
  await expectNoTally(m0.page);
  await m0.page.screenshot({ path: path.join(SHOTS, 'voter-phone-receipt.png') });

  // --- Revoked before voting: the device is sent back to sign-in with the reason.
  await expect(mLost.page.locator('.row')).toHaveCount(9);
  await call(host, 'credential.revoke', { meetingId, memberId: memberIds[lost]! });
  await expect(mLost.page.getByText('这张签到卡已停用。请扫描新签到卡上的二维码，或输入新卡上的登录码；没有新卡请向会务工作人员领取。')).toBeVisible();
  await expect(mLost.page.getByRole('button', { name: '登录' })).toBeVisible();
  await expect(mLost.page.locator('.row')).toHaveCount(0);
  await mLost.page.screenshot({ path: test.info().outputPath('revoked.png') });
  // Typing the old code again does not help, and the protocol refuses a ballot outright.
  await mLost.page.getByRole('button', { name: '登录' }).click();
  await expect(mLost.page.locator('.field-error')).toHaveText('这张签到卡已停用。请扫描新签到卡上的二维码，或输入新卡上的登录码；没有新卡请向会务工作人员领取。');
  const refused = await mLost.page.evaluate(
    async ([code, poll]) => {
      const res = await fetch('/v1/ballots', {
        method: 'POST',
        headers: { Authorization: `Credential ${code}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ pollId: poll, receipt: '0123456789ABCDEF', ballot: { kind: 'satisfaction', marks: { fgw: ['satisfied'] } } }),
      });
      return { status: res.status, body: await res.json() };
    },
    [codes[lost]!, pollId] as const,
  );
  expect(refused.status).toBe(401);
  expect(refused.body.error.code).toBe('REVOKED');
  await mLost.ctx.close();
  expect(await received(host, pollId)).toBe(1);

  // --- A device whose first send reaches the host but whose answer is lost, then the network drops.
  const m1 = await newPage(browser, SMALL);
  let attempts = 0;
  let letThrough = false;
  const sent: { receipt: string }[] = [];
  const answered: number[] = [];
  await m1.ctx.route('**/v1/ballots', async (route) => {
    attempts += 1;
    sent.push(route.request().postDataJSON() as { receipt: string });
    if (attempts === 1) {
      await route.fetch();
      await route.abort('connectionreset');
    } else if (!letThrough) {
      await route.abort('internetdisconnected');
    } else {
      const res = await route.fetch();
      answered.push(res.status());
      await route.fulfill({ response: res });
    }
  });
  await m1.page.goto(link(host, codes[1]!));
  await fill(m1.page, 1);
  await m1.page.getByRole('button', { name: '提交选票' }).click();
  await m1.page.getByRole('button', { name: '确认投票' }).click();
  await expect(m1.page.getByText('网络连接中断，正在重试…')).toBeVisible();
  await expect(m1.page.getByRole('heading', { name: '正在提交选票…' })).toBeVisible();
  await m1.page.screenshot({ path: path.join(SHOTS, 'voter-phone-retry.png') });
  await expect.poll(() => attempts).toBeGreaterThanOrEqual(2);
  // The first attempt got in: the count moved by one, and stays there through the retries.
  expect(await received(host, pollId)).toBe(2);
  letThrough = true;
  const r1 = await receiptOf(m1.page);
  await expect(m1.page.getByText('网络连接中断，正在重试…')).toBeHidden();
  receipts.set(1, r1);
  expect(new Set(sent.map((s) => s.receipt))).toEqual(new Set([r1]));
  expect(sent.every((s) => JSON.stringify(s) === JSON.stringify(sent[0]))).toBe(true);
  expect(answered).toEqual([200]); // a replay, not a new ballot
  expect(await received(host, pollId)).toBe(2);
  await m1.ctx.unroute('**/v1/ballots');
  // A second, different ballot from the same member is refused; a reload shows the same receipt.
  const again = await m1.page.evaluate(
    async ([code, poll]) => {
      const res = await fetch('/v1/ballots', {
        method: 'POST',
        headers: { Authorization: `Credential ${code}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ pollId: poll, receipt: 'VVVVVVVVVVVVVVVV', ballot: { kind: 'satisfaction', marks: { fgw: ['unsatisfied'] } } }),
      });
      return { status: res.status, body: await res.json() };
    },
    [codes[1]!, pollId] as const,
  );
  expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_VOTED']);
  await m1.page.reload();
  expect(await receiptOf(m1.page)).toBe(r1);
  expect(await received(host, pollId)).toBe(2);

  // --- A device that reloads while its ballot is not yet sent: it sends it again by itself.
  const m2 = await newPage(browser, SMALL);
  await m2.ctx.route('**/v1/ballots', (route) => route.abort('internetdisconnected'));
  await m2.page.goto(link(host, codes[2]!));
  await fill(m2.page, 2);
  await m2.page.getByRole('button', { name: '提交选票' }).click();
  await m2.page.getByRole('button', { name: '确认投票' }).click();
  await expect(m2.page.getByText('网络连接中断，正在重试…')).toBeVisible();
  const pending = await m2.page.evaluate(() => {
    for (let k = 0; k < localStorage.length; k++) {
      const key = localStorage.key(k)!;
      if (key.indexOf('pending.') >= 0) return JSON.parse(localStorage.getItem(key)!) as { pollId: number; receipt: string };
    }
    return null;
  });
  expect(pending).toMatchObject({ pollId, receipt: expect.stringMatching(/^[23456789A-HJ-NP-Z]{16}$/) });
  await m2.page.reload();
  await expect(m2.page.getByRole('heading', { name: '正在提交选票…' })).toBeVisible();
  await m2.ctx.unroute('**/v1/ballots');
  const r2 = await receiptOf(m2.page);
  expect(r2).toBe(pending!.receipt);
  receipts.set(2, r2);
  expect(await received(host, pollId)).toBe(3);

  // --- A tablet in landscape.
  const m3 = await newPage(browser, TABLET);
  await m3.page.goto(link(host, codes[3]!));
  await expect(m3.page.locator('.row')).toHaveCount(9);
  await fill(m3.page, 3);
  // As the tablet shows it: from the top, the rest of the nine a scroll away.
  await m3.page.evaluate(() => window.scrollTo(0, 0));
  await m3.page.screenshot({ path: path.join(SHOTS, 'voter-tablet-ballot.png') });
  await m3.page.getByRole('button', { name: '提交选票' }).click();
  await expect(m3.page.getByRole('heading', { name: '请核对您的选票' })).toBeVisible();
  await m3.page.screenshot({ path: path.join(SHOTS, 'voter-tablet-confirm.png') });
  await m3.page.getByRole('button', { name: '确认投票' }).click();
  receipts.set(3, await receiptOf(m3.page));
  await m3.ctx.close();

  // --- Everyone else, each in their own context, a batch at a time (two cores).
  const rest = Array.from({ length: MEMBERS - 5 }, (_, k) => k + 4);
  const BATCH = 8;
  let checkedOpen = false;
  for (let b = 0; b < rest.length; b += BATCH) {
    await Promise.all(
      rest.slice(b, b + BATCH).map(async (i) => {
        const { ctx, page } = await newPage(browser, SMALL);
        try {
          await page.goto(link(host, codes[i]!));
          await expect(page.locator('.row')).toHaveCount(9);
          await fill(page, i);
          if (choice(i, DEPARTMENTS.length - 1) === null) {
            await page.getByRole('button', { name: '提交选票' }).click();
            await expect(page.locator('.notice-warn')).toHaveText('有 1 项未选择，未选择的项目不计票');
            await page.getByRole('button', { name: '返回修改' }).click();
            await expect(page.locator('.row-done')).toHaveCount(8);
          }
          receipts.set(i, await submit(page, i));
        } finally {
          await ctx.close();
        }
      }),
    );
    if (!checkedOpen) {
      // The console knows only the count while the poll is open: no tally, and no result to ask for.
      checkedOpen = true;
      const detail = await call<Record<string, unknown>>(host, 'poll.get', { id: pollId });
      expect(detail.status).toBe('open');
      expect(detail.received).toBe(4 + BATCH);
      expect(Object.keys(detail).filter((k) => /result|tally|count|option|verdict|rate|digest/i.test(k))).toEqual([]);
      const early = await host.call('poll.result', { id: pollId });
      expect(early.ok).toBe(false);
    }
  }

  // --- The lost card is replaced; the member signs in with the new one and votes.
  const { rows } = await call<{ rows: { memberId: number; code: string | null }[] }>(host, 'credential.reissue', { meetingId, memberId: memberIds[lost]! });
  const newCode = rows.find((r) => r.memberId === memberIds[lost])!.code!;
  expect(newCode).not.toBe(codes[lost]);
  const mNew = await newPage(browser, SMALL);
  await mNew.page.goto(link(host, newCode));
  await expect(mNew.page.locator('.row')).toHaveCount(9);
  await fill(mNew.page, lost);
  receipts.set(lost, await submit(mNew.page, lost));
  await mNew.ctx.close();

  expect(receipts.size).toBe(MEMBERS);
  expect(new Set(receipts.values()).size).toBe(MEMBERS);
  expect(await received(host, pollId)).toBe(MEMBERS);

  // --- Close and release: the devices still open follow; the result is what the browsers chose.
  await call(host, 'poll.close', { id: pollId });
  await expect(m0.page.getByRole('heading', { name: '表决已结束' })).toBeVisible();
  await call(host, 'poll.release', { id: pollId });
  await expect(m0.page.getByText('结果已公布，请以会场公布的结果为准。')).toBeVisible();
  const sealed = await call<{ ballotCount: number; result: { sheets: { valid: number }; targets: { key: string; unfilled: number; options: { key: string; count: number }[] }[] } }>(
    host,
    'poll.result',
    { id: pollId },
  );
  expect(sealed.ballotCount).toBe(MEMBERS);
  expect(sealed.result.sheets.valid).toBe(MEMBERS);
  for (const [j, d] of DEPARTMENTS.entries()) {
    const want: Record<string, number> = { satisfied: 0, basically: 0, unsatisfied: 0 };
    let unfilled = 0;
    for (let i = 0; i < MEMBERS; i++) {
      const o = choice(i, j);
      if (o) want[o]! += 1;
      else unfilled += 1;
    }
    const got = sealed.result.targets.find((t) => t.key === d.key)!;
    expect(Object.fromEntries(got.options.map((o) => [o.key, o.count])), d.label).toEqual(want);
    expect(got.unfilled, d.label).toBe(unfilled);
  }
  expect((await call<{ ok: boolean }>(host, 'poll.verify', { id: pollId })).ok).toBe(true);

  // --- Receipts: the published list is exactly the receipts the devices showed; members check theirs.
  const list = await m0.page.evaluate(
    async ([code, poll]) => (await (await fetch(`/v1/receipts?pollId=${poll}`, { headers: { Authorization: `Credential ${code}` } })).json()) as { receipts: string[] },
    [codes[0]!, pollId] as const,
  );
  expect(list.receipts).toEqual([...receipts.values()].sort());
  for (const { page } of [m0, m1, m2]) {
    await expect(page.getByRole('heading', { name: '表决已结束' })).toBeVisible();
    await page.getByRole('button', { name: '核对回执' }).click();
    await expect(page.locator('.check-ok')).toContainText('✓ 已计入');
    await page.locator('.receipt-list summary').click();
    await expect(page.locator('.receipt-items li')).toHaveCount(MEMBERS);
    await expect(page.locator('.receipt-items li.mine')).toHaveCount(1);
  }
  await m0.page.screenshot({ path: path.join(SHOTS, 'voter-phone-check.png') });
  for (const m of [m0, m1, m2]) await m.ctx.close();
});

test('every kind of sheet: indicator scoring with rater groups, selection with a limit, combined appointment, decision', async ({ host, browser }) => {
  test.setTimeout(120_000);
  const term = await call<{ id: number }>(host, 'term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
  const rows = Array.from({ length: 5 }, (_, i) => ({ name: `委员${i + 1}`, role: 'member', status: 'serving', seatOrder: i + 1, note: null }));
  await call(host, 'member.importCommit', { termId: term.id, rows });
  const members = await call<{ id: number }[]>(host, 'member.list', { termId: term.id });
  const meeting = await call<{ id: number }>(host, 'meeting.create', { termId: term.id, fields: { number: 13, date: '2026-12-20', place: '常委会第一会议室', status: 'ready' } });
  await call(host, 'attendance.set', { meetingId: meeting.id, memberIds: members.map((m) => m.id), status: 'present' });
  const [code, otherCode] = await codesOf(host, meeting.id, [members[0]!.id, members[1]!.id]);
  const poll = async (kind: string, voteKind: string, definition: unknown) => {
    const item = await call<{ id: number }>(host, 'agenda.create', { meetingId: meeting.id, fields: { kind, title: (definition as { title: string }).title, bodyId: null, notes: null, voteKind } });
    return (await call<{ id: number }>(host, 'poll.create', { agendaItemId: item.id, definition })).id;
  };
  const scoringId = await poll('work_review', 'scoring', {
    kind: 'scoring',
    title: '市政府组成部门工作评议',
    targets: [
      { key: 'jt', label: '市交通运输局' },
      { key: 'sl', label: '市水利局' },
      { key: 'ny', label: '市农业农村局' },
    ],
    scale: {
      mode: 'indicators',
      indicators: [
        { key: 'sj', label: '工作实绩', maxPoints: 40 },
        { key: 'pj', label: '群众评价', maxPoints: 30 },
        { key: 'zf', label: '作风建设', maxPoints: 30 },
      ],
    },
    groups: [
      { key: 'wy', label: '常委会组成人员', weight: 0.7 },
      { key: 'db', label: '人大代表', weight: 0.3 },
    ],
  });
  const projects = ['老旧小区加装电梯', '城区停车场建设', '农村饮水安全提升', '社区养老服务中心'];
  const selectionId = await poll('other', 'selection', { kind: 'selection', title: '2027年市级民生实事项目票决', targets: projects.map((label, j) => ({ key: `p${j + 1}`, label })), maxChoices: 2 });
  const appointmentId = await poll('appointment', 'appointment', {
    kind: 'appointment',
    title: '任命名单表决',
    targets: [
      { key: 'a1', label: '张明（市教育局局长）' },
      { key: 'a2', label: '李华（市水利局局长）' },
      { key: 'a3', label: '王芳（市民政局局长）' },
    ],
    combined: true,
  });
  const decisionId = await poll('decision', 'decision', { kind: 'decision', title: '关于批准2026年市级预算调整方案的决议', targets: [{ key: 'motion', label: '决议草案' }] });

  const { ctx, page } = await newPage(browser, PHONE);
  await page.goto(link(host, code!));
  await expect(page.getByRole('heading', { name: '当前没有正在进行的表决' })).toBeVisible();

  // Scoring: indicator points with their maxima, a rater group, checks before review.
  await call(host, 'poll.open', { id: scoringId });
  await expect(page.getByRole('heading', { name: '市政府组成部门工作评议' })).toBeVisible();
  await expect(page.locator('.bar-status')).toHaveText('已评分 0 / 3 项');
  const field = (t: string, label: string) => page.locator(`.row[data-key="${t}"]`).getByLabel(label);
  await field('jt', '工作实绩（满分 40）').fill('45');
  await expect(page.locator('.row[data-key="jt"] .field-error').first()).toHaveText('应在 0 至 40 之间');
  await field('jt', '群众评价（满分 30）').fill('27');
  await field('jt', '作风建设（满分 30）').fill('28.5');
  await expect(page.locator('.row[data-key="jt"] .field-error').last()).toHaveText('请填写整数');
  await field('jt', '作风建设（满分 30）').fill('28');
  await page.getByRole('button', { name: '提交选票' }).click();
  const errors = page.locator('.sheet-errors');
  await expect(errors).toContainText('请先选择您的评议人类别');
  await expect(errors).toContainText('第 1 项“市交通运输局”：应在 0 至 40 之间');
  await expect(page.getByRole('heading', { name: '请核对您的选票' })).toHaveCount(0);
  await field('jt', '工作实绩（满分 40）').fill('３８'); // fullwidth digits from a Chinese keyboard
  await field('sl', '工作实绩（满分 40）').fill('30');
  await page.getByRole('radio', { name: '常委会组成人员' }).click();
  await expect(page.locator('.bar-status')).toHaveText('已评分 1 / 3 项');
  await page.getByRole('button', { name: '提交选票' }).click();
  await expect(errors).toContainText('第 2 项“市水利局”：评分指标未填全');
  await field('sl', '群众评价（满分 30）').fill('25');
  await field('sl', '作风建设（满分 30）').fill('26');
  await expect(page.locator('.row[data-key="sl"] .row-total')).toHaveText('合计 81 分');
  expect(await layoutProblems(page)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'voter-phone-scoring.png'), fullPage: true });
  await page.getByRole('button', { name: '提交选票' }).click();
  await expect(page.locator('.notice-warn')).toHaveText('有 1 项未评分，未评分的项目不计票');
  await expect(page.locator('.review-row')).toHaveText([
    '市交通运输局工作实绩 38，群众评价 27，作风建设 28（合计 93 分）',
    '市水利局工作实绩 30，群众评价 25，作风建设 26（合计 81 分）',
    '市农业农村局未评分',
  ]);
  await page.getByRole('button', { name: '确认投票' }).click();
  await receiptOf(page);
  await call(host, 'poll.close', { id: scoringId });
  await expect(page.getByRole('heading', { name: '表决已结束' })).toBeVisible();
  await expect(page.getByText('请等待主持人宣布结果。')).toBeVisible();
  const scoring = await call<{ result: { targets: { key: string; stats: { mean: { text: string } | null } }[] } }>(host, 'poll.result', { id: scoringId });
  expect(scoring.result.targets.map((t) => [t.key, t.stats.mean?.text ?? null])).toEqual([
    ['jt', '93.00'],
    ['sl', '81.00'],
    ['ny', null],
  ]);

  // Selection: up to two of four; a third is refused on the spot.
  await call(host, 'poll.open', { id: selectionId });
  await expect(page.getByRole('heading', { name: '2027年市级民生实事项目票决' })).toBeVisible();
  await expect(page.locator('.bar-status')).toHaveText('已选 0 / 最多 2 项');
  await page.getByRole('checkbox', { name: '老旧小区加装电梯' }).check();
  await page.getByRole('checkbox', { name: '农村饮水安全提升' }).check();
  await page.getByRole('checkbox', { name: '社区养老服务中心' }).click();
  await expect(page.getByRole('checkbox', { name: '社区养老服务中心' })).not.toBeChecked();
  await expect(page.locator('.select-refused')).toHaveText('最多只能选 2 项。如要改选，请先取消已选的项目。');
  await expect(page.locator('.bar-status')).toHaveText('已选 2 / 最多 2 项');
  expect(await layoutProblems(page)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'voter-phone-selection.png') });
  await page.getByRole('button', { name: '提交选票' }).click();
  await expect(page.locator('.review-row')).toHaveText(['老旧小区加装电梯✓ 选择', '农村饮水安全提升✓ 选择']);
  await page.getByRole('button', { name: '确认投票' }).click();
  await receiptOf(page);
  await call(host, 'poll.close', { id: selectionId });
  const selection = await call<{ result: { targets: { key: string; votes: number }[] } }>(host, 'poll.result', { id: selectionId });
  expect(Object.fromEntries(selection.result.targets.map((t) => [t.key, t.votes]))).toEqual({ p1: 1, p2: 0, p3: 1, p4: 0 });

  // A combined appointment: one row for the whole list, the persons named under it.
  await call(host, 'poll.open', { id: appointmentId });
  await expect(page.locator('.row')).toHaveCount(1);
  await expect(page.locator('.row-persons')).toHaveText('张明（市教育局局长）、李华（市水利局局长）、王芳（市民政局局长）');
  await page.getByRole('radio', { name: '赞成', exact: true }).click();
  await page.getByRole('button', { name: '提交选票' }).click();
  await expect(page.locator('.review-row')).toHaveText(['全部人选（合并表决）赞成']);
  await page.getByRole('button', { name: '确认投票' }).click();
  await receiptOf(page);
  await call(host, 'poll.close', { id: appointmentId });

  // A decision left blank is warned about; then 反对.
  await call(host, 'poll.open', { id: decisionId });
  await expect(page.getByRole('heading', { name: '关于批准2026年市级预算调整方案的决议' })).toBeVisible();
  await page.getByRole('button', { name: '提交选票' }).click();
  await expect(page.locator('.notice-warn')).toHaveText('您没有作任何选择，这张选票将作为空白票（无效票）');
  await page.getByRole('button', { name: '返回修改' }).click();
  await page.getByRole('radio', { name: '反对', exact: true }).click();
  await page.getByRole('button', { name: '提交选票' }).click();
  await page.getByRole('button', { name: '确认投票' }).click();
  await receiptOf(page);
  await call(host, 'poll.close', { id: decisionId });
  for (const [id, key] of [
    [appointmentId, 'for'],
    [decisionId, 'against'],
  ] as const) {
    const r = await call<{ result: { targets: { options: { key: string; count: number }[] }[] } }>(host, 'poll.result', { id });
    expect(r.result.targets[0]!.options.find((o) => o.key === key)!.count).toBe(1);
  }
  // 核对回执 is offered to the member who voted …
  await expect(page.getByRole('heading', { name: '表决已结束' })).toBeVisible();
  await expect(page.getByRole('button', { name: '核对回执' })).toBeVisible();
  // Another card scanned on the same device (only the fragment changes): it switches member.
  await expect(page.locator('.top-name')).toHaveText('委员1');
  await page.goto(link(host, otherCode!));
  await expect(page.locator('.top-name')).toHaveText('委员2');
  expect(page.url()).not.toContain(otherCode!);
  // … and not to one who did not vote: there is nothing of theirs to check.
  await expect(page.getByRole('heading', { name: '表决已结束' })).toBeVisible();
  await expect(page.getByTestId('no-receipt')).toHaveText('您没有参加本项表决，没有需要核对的回执。');
  await expect(page.getByRole('button', { name: '核对回执' })).toHaveCount(0);
  await ctx.close();
});

test('a member holding a paper sheet, and one who signed in after the poll opened, are told why they cannot vote here', async ({ host, browser }) => {
  const term = await call<{ id: number }>(host, 'term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
  const rows = Array.from({ length: 5 }, (_, i) => ({ name: `委员${i + 1}`, role: 'member', status: 'serving', seatOrder: i + 1, note: null }));
  await call(host, 'member.importCommit', { termId: term.id, rows });
  const members = [...(await call<{ id: number; seatOrder: number }[]>(host, 'member.list', { termId: term.id }))].sort((a, b) => a.seatOrder - b.seatOrder);
  const meeting = await call<{ id: number }>(host, 'meeting.create', { termId: term.id, fields: { number: 14, date: '2026-12-28', place: '常委会第一会议室', status: 'ready' } });
  // Four present when the vote opens; the fifth signs in later.
  await call(host, 'attendance.set', { meetingId: meeting.id, memberIds: members.slice(0, 4).map((m) => m.id), status: 'present' });
  const item = await call<{ id: number }>(host, 'agenda.create', { meetingId: meeting.id, fields: { kind: 'decision', title: '关于批准2026年市级预算调整方案的决议', bodyId: null, notes: null, voteKind: 'decision' } });
  const pollId = (await call<{ id: number }>(host, 'poll.create', { agendaItemId: item.id, definition: { kind: 'decision', title: '关于批准2026年市级预算调整方案的决议', targets: [{ key: 'motion', label: '决议草案' }] } })).id;
  const [code1] = await codesOf(host, meeting.id, [members[0]!.id]);
  const holder = await newPage(browser, PHONE);
  await holder.page.goto(link(host, code1!));
  await call(host, 'poll.open', { id: pollId });
  await expect(holder.page.getByRole('heading', { name: '关于批准2026年市级预算调整方案的决议' })).toBeVisible();
  await holder.page.getByRole('radio', { name: '赞成', exact: true }).click();

  // The clerk hands this member a paper sheet meanwhile: the device refuses the ballot and says why.
  await call(host, 'paperBallot.handOut', { pollId, memberIds: [members[0]!.id] });
  await holder.page.getByRole('button', { name: '提交选票' }).click();
  await holder.page.getByRole('button', { name: '确认投票' }).click();
  await expect(holder.page.getByRole('heading', { name: '请使用纸质选票' })).toBeVisible();
  await expect(holder.page.getByText('您已领取纸质选票，请在纸质选票上填写，交给工作人员。')).toBeVisible();
  await expect(holder.page.locator('.row')).toHaveCount(0);
  await holder.page.reload();
  await expect(holder.page.getByRole('heading', { name: '请使用纸质选票' })).toBeVisible();
  await holder.page.screenshot({ path: path.join(SHOTS, 'voter-phone-paper.png') });
  expect(await received(host, pollId)).toBe(0);

  // The fifth member logs in with the card before signing in: sent to the sign-in desk.
  await call(host, 'credential.issue', { meetingId: meeting.id, memberIds: [members[4]!.id] });
  const [code5] = await codesOf(host, meeting.id, [members[4]!.id]);
  const late = await newPage(browser, PHONE);
  await late.page.goto(link(host, code5!));
  await expect(late.page.getByRole('heading', { name: '您还没有签到' })).toBeVisible();
  await expect(late.page.getByText('请到签到台刷签到卡，或请工作人员登记。')).toBeVisible();
  await late.page.screenshot({ path: path.join(SHOTS, 'voter-phone-not-signed-in.png') });
  // Signed in at the desk after the vote opened: the device finds out by itself, with no sheet and a plain reason.
  await call(host, 'attendance.signIn', { meetingId: meeting.id, code: code5 });
  await expect(late.page.getByRole('heading', { name: '本项表决不能投票' })).toBeVisible({ timeout: 30_000 });
  await expect(late.page.getByText('本项表决开始时您尚未签到，不能参加本项表决；下一项表决开始后即可投票。')).toBeVisible();
  await expect(late.page.locator('.row')).toHaveCount(0);
  await late.page.screenshot({ path: path.join(SHOTS, 'voter-phone-unentitled.png') });

  // Taken back unused, the sheet no longer stands in the way: the device shows the sheet again.
  await call(host, 'paperBallot.takeBack', { pollId, memberId: members[0]!.id });
  await holder.page.reload();
  await expect(holder.page.getByRole('heading', { name: '关于批准2026年市级预算调整方案的决议' })).toBeVisible();
  await expect(holder.page.locator('.row')).toHaveCount(1);
  await holder.ctx.close();
  await late.ctx.close();
});
