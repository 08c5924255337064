import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, REPO_ROOT, startHost, test, type Host } from './fixtures.js';

/**
 * The 签到卡与登录码 tab in host mode, on the demo meeting in preparation (29 serving members):
 * marking a member present makes a card; the clerk makes cards for every serving member
 * before the meeting; a card can be revoked and reissued (the old code is refused by the
 * voter listener at once); a member recorded 请假 keeps the card; one sign-in card per
 * member prints with a QR code of the voter address.
 */

// Screenshots land in docs/ only when asked for (SCREENSHOTS=1), so that a test run leaves the tree clean.
const SHOTS = process.env.SCREENSHOTS ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(REPO_ROOT, 'test-results', 'screenshots');

interface CredentialRow {
  memberId: number;
  name: string;
  seatOrder: number;
  attendance: 'present' | 'leave' | 'absent' | null;
  code: string | null;
}

async function call<T>(host: Host, method: string, input: unknown = {}): Promise<T> {
  const env = await host.call<T>(method, input);
  if (!env.ok) throw new Error(`${method} failed: ${env.error.code} ${env.error.message}`);
  return env.value;
}

const formatted = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

async function credentials(host: Host, meetingId: number): Promise<CredentialRow[]> {
  return (await call<{ rows: CredentialRow[] }>(host, 'credential.list', { meetingId })).rows;
}

/** What the voter listener says about a code: the HTTP status and, on refusal, the error code. */
async function voterState(host: Host, code: string): Promise<{ status: number; error: string | null }> {
  const res = await fetch(`${host.voterBaseUrl}/v1/state`, { headers: { Authorization: `Credential ${code}` } });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, error: body.error?.code ?? null };
}

/** The demo meeting in preparation: all present but 2 on leave, 1 absent and 2 not yet registered. */
async function seed(host: Host) {
  const list = await call<{ items: { id: number; title: string }[] }>(host, 'meeting.list', {});
  const meeting = list.items.find((m) => m.title.includes('第二十八次'))!;
  const { rows } = await call<{ rows: { memberId: number; name: string }[] }>(host, 'attendance.list', { meetingId: meeting.id });
  const ids = rows.map((r) => r.memberId);
  const n = ids.length;
  expect(n).toBeGreaterThan(20);
  await call(host, 'attendance.set', { meetingId: meeting.id, memberIds: ids.slice(0, n - 5), status: 'present' });
  await call(host, 'attendance.set', { meetingId: meeting.id, memberIds: ids.slice(n - 5, n - 3), status: 'leave' });
  await call(host, 'attendance.set', { meetingId: meeting.id, memberIds: ids.slice(n - 3, n - 2), status: 'absent' });
  return { meeting, serving: n, unregistered: ids.slice(n - 2) };
}

async function openTab(page: Page, host: Host, title: string) {
  await page.goto(host.consoleUrl);
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('tab', { name: '签到卡与登录码' }).click();
}

test.use({ demo: true });

test('cards are made for every serving member, can be revoked and reissued, and print as sign-in cards', async ({ page, host }) => {
  // 43 members, five A4 pages rendered to PDF: more work than most tests here.
  test.slow();
  expect(host.voterBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const { meeting, serving, unregistered } = await seed(host);
  // window.print() would block a headed browser; count the calls instead.
  await page.addInitScript(() => {
    const w = window as unknown as { __printCalls: number };
    w.__printCalls = 0;
    window.print = () => {
      w.__printCalls++;
    };
  });
  await openTab(page, host, meeting.title);

  // The voter address (the test host binds the voter listener to loopback) with its QR code.
  const banner = page.getByTestId('voter-address');
  await expect(banner).toContainText(host.voterBaseUrl);
  await expect(banner).toContainText('成员设备连接本机的会场网络后，扫描签到卡上的二维码或打开此地址输入登录码');
  await expect(banner.getByRole('img', { name: /投票地址二维码/ })).toHaveAttribute('data-qr', `${host.voterBaseUrl}/`);

  // Present members have a code (shown XXXX-XXXX); everyone else has none.
  let rows = await credentials(host, meeting.id);
  const present = rows.filter((r) => r.attendance === 'present');
  expect(present).toHaveLength(serving - 5);
  expect(present.every((r) => r.code !== null && /^[0-9A-Z]{8}$/.test(r.code))).toBe(true);
  expect(rows.filter((r) => r.attendance !== 'present').every((r) => r.code === null)).toBe(true);
  const shownCodes = () =>
    page.locator('[data-testid^="code-"]').evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-testid')!.slice(5), c.textContent])));
  await expect.poll(shownCodes).toEqual(Object.fromEntries(rows.map((r) => [String(r.memberId), r.code ? formatted(r.code) : '未制卡'])));
  await expect(page.getByTestId('credentials-summary')).toContainText(`已制卡 ${serving - 5}`);
  expect(await voterState(host, present[0]!.code!)).toEqual({ status: 200, error: null });


  // Revoke: the code disappears here and the voter listener refuses it at once.
  const a = present[0]!;
  await page.getByRole('button', { name: `作废${a.name}的登录码` }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '作废' }).click();
  await expect(page.getByTestId(`code-${a.memberId}`)).toHaveText('未制卡');
  expect(await voterState(host, a.code!)).toEqual({ status: 401, error: 'REVOKED' });
  // Five members not present have no card yet, and now a.
  await expect(page.getByRole('button', { name: /为全体在任人员制卡（6 人）/ })).toBeEnabled();
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
  // The table keeps a row's hover look after a popover over it closes; pass the pointer over it and away.
  await page.locator(`tr[data-row-key="${a.memberId}"]`).hover();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(700, 80);
  await page.screenshot({ path: path.join(SHOTS, 'console-credentials.png') });

  // The bulk button makes a card for everyone without one; a's is new, different from the old.
  await page.getByRole('button', { name: /为全体在任人员制卡/ }).click();
  await expect(page.getByTestId(`code-${a.memberId}`)).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  rows = await credentials(host, meeting.id);
  const aNew = rows.find((r) => r.memberId === a.memberId)!.code!;
  expect(aNew).not.toBe(a.code);
  await expect(page.getByTestId(`code-${a.memberId}`)).toHaveText(formatted(aNew));
  expect(await voterState(host, aNew)).toEqual({ status: 200, error: null });

  // Reissue (a lost tablet): a new code at once; the old one is refused.
  const b = present[1]!;
  await page.getByRole('button', { name: `为${b.name}补发登录码` }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '补发' }).click();
  await expect(page.getByTestId(`code-${b.memberId}`)).not.toHaveText(formatted(b.code!));
  rows = await credentials(host, meeting.id);
  const bNew = rows.find((r) => r.memberId === b.memberId)!.code!;
  expect(bNew).not.toBe(b.code);
  await expect(page.getByTestId(`code-${b.memberId}`)).toHaveText(formatted(bNew));
  expect(await voterState(host, b.code!)).toEqual({ status: 401, error: 'REVOKED' });
  expect(await voterState(host, bNew)).toEqual({ status: 200, error: null });

  // Everyone has a card now, the members not yet signed in too.
  await expect(page.getByRole('button', { name: /为全体在任人员制卡/ })).toBeDisabled();
  await page.getByTitle('未制卡 0').click();
  await expect(page.locator('.credentials-tab tbody tr[data-row-key]')).toHaveCount(0);
  await page.getByText(`全部 ${serving}`, { exact: true }).click();
  const late = unregistered[0]!;
  await expect(page.getByTestId(`code-${late}`)).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // Someone recorded 请假 elsewhere keeps the card (it shows live), and the device may log in but not vote.
  const leaving = present[2]!;
  await call(host, 'attendance.set', { meetingId: meeting.id, memberIds: [leaving.memberId], status: 'leave' });
  await expect(page.locator(`tr[data-row-key="${leaving.memberId}"]`)).toContainText('请假');
  await expect(page.getByTestId(`code-${leaving.memberId}`)).toHaveText(formatted(leaving.code!));
  expect(await voterState(host, leaving.code!)).toEqual({ status: 200, error: null });

  // Sign-in cards: one per serving member, each with the QR of its own voter link.
  rows = await credentials(host, meeting.id);
  const printable = rows.filter((r) => r.code !== null);
  expect(printable).toHaveLength(serving);
  await page.getByRole('button', { name: `打印签到卡（${printable.length} 张）` }).click();
  const view = page.getByTestId('signin-print');
  await expect(view).toBeVisible();
  const cards = view.getByTestId('signin-card');
  await expect(cards).toHaveCount(printable.length);
  // Eight cards to an A4 page.
  await expect(view.locator('.signin-sheet')).toHaveCount(Math.ceil(printable.length / 8));
  const shownCards = await cards.evaluateAll((els) =>
    els.map((el) => ({
      meeting: el.querySelector('.signin-card-meeting')?.textContent,
      name: el.querySelector('.signin-card-name')?.textContent,
      seat: el.querySelector('.signin-card-seat')?.textContent,
      code: el.querySelector('.signin-card-code')?.textContent,
      hint: el.querySelector('.signin-card-hint')?.textContent,
      qr: el.querySelector('img')?.getAttribute('data-qr'),
      qrAlt: el.querySelector('img')?.getAttribute('alt'),
    })),
  );
  expect(shownCards).toEqual(
    printable.map((r) => ({
      meeting: meeting.title,
      name: r.name,
      seat: `座次 ${r.seatOrder} 号`,
      code: formatted(r.code!),
      hint: `连接会场网络后扫码，或在 ${host.voterBaseUrl} 输入登录码`,
      qr: `${host.voterBaseUrl}/vote/#c=${r.code}`,
      qrAlt: `${r.name}的登录二维码`,
    })),
  );
  // Every QR image has really been decoded and the print dialog was asked for once.
  await expect.poll(() => view.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __printCalls: number }).__printCalls)).toBe(1);

  // In print media only the cards remain: the console behind is hidden.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#root')).toBeHidden();
  await expect(view.locator('.signin-print-toolbar')).toBeHidden();
  await expect(cards.first()).toBeVisible();
  // Printed (page.pdf keeps the emulated print media), eight cards fill each A4 page.
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(Math.ceil(printable.length / 8));
  expect(pdf).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/); // A4 in points
  await page.emulateMedia({ media: 'screen' });

  await page.screenshot({ path: path.join(SHOTS, 'console-signin-cards.png') });

  await view.getByRole('button', { name: '关闭' }).click();
  await expect(view).toHaveCount(0);

  // Selected rows print alone (e.g. after a reissue).
  await page.getByRole('checkbox', { name: `选择${b.name}` }).check();
  await page.getByRole('button', { name: /打印签到卡（所选 1 张）/ }).click();
  await expect(page.getByTestId('signin-card')).toHaveCount(1);
  await expect(page.getByTestId('signin-card')).toContainText(formatted(bNew));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('signin-print')).toHaveCount(0);
});

test('without the voter service the tab says devices cannot vote and paper still works', async ({ page }) => {
  // A host of its own, started with --no-voter.
  const host = await startHost({ demo: true, args: ['--no-voter'] });
  try {
    const list = await call<{ items: { id: number; title: string }[] }>(host, 'meeting.list', {});
    const meeting = list.items.find((m) => m.title.includes('第二十八次'))!;
    await openTab(page, host, meeting.title);
    const banner = page.getByTestId('voter-address');
    await expect(banner).toContainText('投票服务未运行');
    await expect(banner).toContainText('纸质表决票仍可照常录入');
    // Plain guidance, never a command-line option (issue 11, item 4).
    await expect(banner).not.toContainText('--');
    await expect(page.getByRole('button', { name: /打印签到卡/ })).toBeDisabled();
  } finally {
    await host.stop();
  }
});
