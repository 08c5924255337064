import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { confirmInDialog, expect, REPO_ROOT, test, type Host } from './fixtures.js';

/**
 * The clerk runs a satisfaction rating on paper: three departments on one sheet, 30 sheets
 * typed in by keyboard with spot-check second passes (one of them disagreeing and settled
 * against the paper), the console showing only the count while the poll is open, then
 * close, release, the room screen, and a second round beside the first.
 *
 * `SCREENSHOTS=1` also writes docs/screenshots/console-poll-*.png.
 */

const SERVING = 35;
const PRESENT = 30;
const TARGETS = ['市教育局', '市卫生健康委员会', '市交通运输局'];

/** One digit per target (1 满意, 2 基本满意, 3 不满意); 'x' marks both 满意 and 不满意 (over-marked). */
type Mark = 1 | 2 | 3 | 'x';

function spread(counts: [number, number, number], extra: Mark[] = []): Mark[] {
  return [...Array<Mark>(counts[0]).fill(1), ...Array<Mark>(counts[1]).fill(2), ...Array<Mark>(counts[2]).fill(3), ...extra];
}
const rotate = <T>(xs: T[], by: number) => xs.map((_x, i) => xs[(i + by) % xs.length]!);

// 30 sheets. 市教育局 20/6/4, 市卫生健康委员会 12/8/10, 市交通运输局 10/5/14 and one over-marked row.
const COLUMNS: Mark[][] = [spread([20, 6, 4]), rotate(spread([12, 8, 10]), 7), rotate(spread([10, 5, 14], ['x']), 13)];
const SHEETS: Mark[][] = Array.from({ length: 30 }, (_v, i) => COLUMNS.map((c) => c[i]!));

/** Three-tier rule against all serving members: more than half, exactly half is not enough. */
function threeTier(satisfied: number, basically: number): string {
  if (satisfied * 2 > SERVING) return '满意';
  if ((satisfied + basically) * 2 > SERVING) return '基本满意';
  return '不满意';
}

function countsOf(target: number): [number, number, number] {
  const col = SHEETS.map((s) => s[target]);
  return [1, 2, 3].map((m) => col.filter((x) => x === m).length) as [number, number, number];
}

/** 20 of 35 -> "57.14%" (the numbers here never sit on a rounding edge). */
const pct = (n: number) => `${((n * 100) / SERVING).toFixed(2)}%`;

async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  // Toasts fade out after a few seconds; the pictures are of the screen, not of the last click.
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'screenshots', `console-poll-${name}.png`) });
}

async function api<T>(host: Host, method: string, input: unknown): Promise<T> {
  const r = await host.call<T>(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}

/** A term of 35, 30 present, the three departments as bodies, one agenda item needing a rating. */
async function seed(host: Host) {
  const term = await api<{ id: number }>(host, 'term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
  const rows = Array.from({ length: SERVING }, (_v, i) => ({
    name: `委员${String(i + 1).padStart(2, '0')}`,
    role: i === 0 ? 'chair' : i < 4 ? 'vice_chair' : i === 4 ? 'secretary_general' : 'member',
    status: 'serving',
    seatOrder: i + 1,
    note: null,
  }));
  await api(host, 'member.importCommit', { termId: term.id, rows });
  const members = await api<{ id: number }[]>(host, 'member.list', { termId: term.id });
  for (const [i, name] of TARGETS.entries()) await api(host, 'body.create', { name, kind: 'department', sortOrder: i + 1, active: true });
  const meeting = await api<{ id: number; title: string }>(host, 'meeting.create', { termId: term.id, fields: { number: 12, date: '2026-06-18', place: '常委会第一会议室', status: 'ready' } });
  await api(host, 'attendance.set', { meetingId: meeting.id, memberIds: members.slice(0, PRESENT).map((m) => m.id), status: 'present' });
  await api(host, 'agenda.create', {
    meetingId: meeting.id,
    fields: { kind: 'special_report', title: '听取和审议市人民政府关于教育、卫生、交通三项重点工作情况的报告', bodyId: null, notes: null, voteKind: null },
  });
  const item = await api<{ id: number }>(host, 'agenda.create', {
    meetingId: meeting.id,
    fields: { kind: 'opinion_handling_report', title: '对市政府有关部门办理审议意见情况进行满意度测评', bodyId: null, notes: null, voteKind: 'satisfaction' },
  });
  return { meeting, item };
}

/** Types one sheet: a digit per row (Shift+3 adds 不满意 to a 满意 row), then Enter. */
async function typeSheet(page: Page, marks: Mark[]): Promise<void> {
  for (const m of marks) {
    if (m === 'x') {
      await page.keyboard.press('Digit1');
      // The row stays focused after a digit only on the last row; go back up for an earlier one.
      if (marks.indexOf(m) < marks.length - 1) await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Shift+Digit3');
      if (marks.indexOf(m) < marks.length - 1) await page.keyboard.press('ArrowDown');
    } else {
      await page.keyboard.press(`Digit${m}`);
    }
  }
  await page.keyboard.press('Enter');
}

/** The open confirmation bubble (antd keeps closed ones in the page, hidden). */
function popconfirm(page: Page): Locator {
  return page.locator('.ant-popconfirm').filter({ visible: true });
}

function resultRow(page: Page, target: string): Locator {
  return page.getByTestId('result-table').locator('tbody tr', { hasText: target });
}

test('a satisfaction rating on paper: entry by keyboard, spot checks, result, projector, second round', async ({ page, host }) => {
  // About 30 s on an idle machine; the margin is for a loaded CI box.
  test.setTimeout(120_000);
  const { meeting } = await seed(host);

  await page.goto(host.consoleUrl);
  await page.getByRole('link', { name: meeting.title }).click();
  await page.getByRole('tab', { name: /表决/ }).click();

  // The item that needs a rating offers a new poll, with the kind taken from the item.
  const group = page.getByTestId('poll-group').filter({ hasText: '满意度测评' }).last();
  await group.getByRole('button', { name: /新建测评/ }).click();
  const drawer = page.locator('.poll-form-drawer');
  await expect(drawer.getByRole('radio', { name: '满意度测评' })).toBeChecked();
  await drawer.getByLabel('表决名称（印在选票和结果上）').fill('对市教育局等三个部门办理审议意见情况的满意度测评');

  // Targets: two pasted as lines (numbering dropped), one picked from the bodies.
  await drawer.getByRole('button', { name: '粘贴多行' }).click();
  const paste = page.getByRole('dialog', { name: /粘贴多行/ });
  await paste.getByLabel('粘贴的内容').fill(`1. ${TARGETS[0]}\n2、${TARGETS[1]}\n\n`);
  await paste.getByRole('button', { name: '添加 2 个' }).click();
  await drawer.getByLabel('从汇报单位中添加').click();
  await page.locator('.ant-select-item-option', { hasText: TARGETS[2] }).click();
  await expect(drawer.getByTestId('target-row')).toHaveCount(3);
  for (const [i, t] of TARGETS.entries()) await expect(drawer.getByLabel(`第 ${i + 1} 个测评对象`, { exact: true })).toHaveValue(t);

  // The three-tier preset is the default, and its rule text names the 35 serving members.
  const preview = drawer.getByTestId('rule-preview');
  await expect(preview).toContainText('全体组成人员过半数三档评定');
  await expect(preview).toContainText(`满意票超过全体组成人员（${SERVING}人）的半数为满意`);
  await drawer.getByRole('heading', { name: '测评对象' }).evaluate((el) => el.scrollIntoView());
  await shot(page, 'create');

  // An empty target is refused on the field, with the schema's message.
  await drawer.getByRole('button', { name: '添加测评对象' }).click();
  await drawer.getByTestId('poll-form-submit').click();
  await expect(drawer.getByText('请填写测评对象名称')).toBeVisible();
  await drawer.getByRole('button', { name: '删除第 4 个测评对象' }).click();
  await drawer.getByTestId('poll-form-submit').click();

  // The poll page: a draft, anonymous, first round.
  await expect(page.getByTestId('poll-title')).toHaveText('对市教育局等三个部门办理审议意见情况的满意度测评');
  await expect(page.getByTestId('poll-round')).toHaveText('第一轮');
  await expect(page.locator('.poll-subhead [data-testid=anonymity]')).toHaveText('无记名');
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('草稿');
  await page.getByRole('button', { name: '开始表决' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '开始表决' }).click();
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('表决中');
  await expect(page.getByTestId('progress-text')).toHaveText(`已收到 0 / ${PRESENT}`);

  // Paper sheets go to named members first; nothing can be entered before one is handed out.
  const handout = page.getByTestId('handout-card');
  await expect(page.getByTestId('entry-handout-hint')).toContainText('还没有发放纸质选票');
  await expect(handout.getByTestId('handout-eligible').getByRole('checkbox')).toHaveCount(PRESENT);
  // By keyboard: a name typed in the filter and Enter ticks it; Ctrl+Enter hands out the ticked.
  const filter = handout.getByLabel('按姓名筛选可领票人员');
  for (const name of ['委员03', '委员07']) {
    await filter.fill(name);
    await filter.press('Enter');
  }
  await expect(handout.getByTestId('handout-picked')).toHaveText('发放给所选（2 人）');
  await filter.press('Control+Enter');
  await expect(handout.getByTestId('holder-count')).toHaveText('2');
  await expect(handout.getByTestId('paper-handed-out')).toHaveText('2');
  await expect(handout.getByTestId('handout-eligible').getByRole('checkbox')).toHaveCount(PRESENT - 2);
  // A sheet that comes back unused is taken back: the member could vote on a device again.
  await handout.getByRole('button', { name: '收回委员07的纸质选票' }).click();
  await popconfirm(page).getByRole('button', { name: '收回' }).click();
  await expect(handout.getByTestId('holder-count')).toHaveText('1');
  await expect(handout.getByTestId('paper-handed-out')).toHaveText('1');
  // One paper voter alone: the clerk who types the sheet would know whose it is, and is told so.
  await expect(handout.getByTestId('handout-lone-notice')).toContainText('只有 1 人使用纸质选票');
  // ↓ from the filter into the list, space ticks; the picture shows the panel mid-way.
  await filter.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(handout.getByTestId('handout-picked')).toHaveText('发放给所选（2 人）');
  await handout.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'handout');
  // Then the rest of the room at once.
  await handout.getByTestId('handout-all').click();
  await popconfirm(page).getByRole('button', { name: '全部发放' }).click();
  await expect(handout.getByTestId('holder-count')).toHaveText(String(PRESENT));
  await expect(handout.getByTestId('handout-lone-notice')).toHaveCount(0);
  await expect(handout.getByTestId('paper-handed-out')).toHaveText(String(PRESENT));
  await expect(handout.getByTestId('paper-not-returned')).toHaveText(String(PRESENT));
  await expect(handout.getByText('出席人员都已投票或领票。')).toBeVisible();
  await expect(page.getByTestId('entry-handout-hint')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));

  // 30 sheets, first pass, by keyboard only: three digits and Enter each.
  const grid = page.locator('.paper-entry [data-testid=sheet-grid]');
  await grid.focus();
  await expect(page.getByTestId('sheet-no')).toHaveValue('1');
  for (const sheet of SHEETS) await typeSheet(page, sheet);
  // The sheets are saved one after another behind the typing; give the queue time to drain.
  await expect(page.getByTestId('progress-text')).toHaveText(`已收到 30 / ${PRESENT}`, { timeout: 30_000 });
  await expect(page.getByTestId('paper-counted')).toHaveText('30');
  await expect(handout.getByTestId('paper-returned')).toHaveText('30');
  await expect(handout.getByTestId('paper-not-returned')).toHaveText('0');
  if (process.env.SCREENSHOTS) {
    // The next sheet half typed, for the picture; then cleared again.
    await page.keyboard.press('Digit1');
    await page.keyboard.press('Digit2');
    await shot(page, 'entry');
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Digit0');
    }
    await expect(page.getByTestId('sheet-verdict')).toContainText('空白票');
  }

  // Spot checks: sheets 3 and 7 agree; sheet 12 is typed differently and leaves the box.
  await page.getByTestId('entry-pass').getByText('第二遍录入').click();
  for (const no of [3, 7]) {
    await page.getByTestId('sheet-no').fill(String(no));
    await page.getByTestId('sheet-no').press('Enter');
    await typeSheet(page, SHEETS[no - 1]!);
    await expect(page.getByTestId('entry-last')).toContainText(`第 ${no} 张第二遍已录入：已计入`);
  }
  const wrong: Mark[] = SHEETS[11]!.map((m, i) => (i === 0 ? (m === 3 ? 1 : 3) : m));
  await page.getByTestId('sheet-no').fill('12');
  await page.getByTestId('sheet-no').press('Enter');
  await typeSheet(page, wrong);
  await expect(page.getByTestId('entry-last')).toContainText('第 12 张第二遍已录入：两遍不一致');
  await expect(page.getByTestId('paper-mismatches')).toHaveText('1');
  await expect(page.getByTestId('progress-text')).toHaveText(`已收到 29 / ${PRESENT}`);
  const mismatch = page.getByTestId('mismatch-item');
  await expect(mismatch).toContainText('第 12 张');
  await expect(mismatch.locator('tr.is-diff')).toHaveCount(1);
  await expect(mismatch.locator('tr.is-diff')).toContainText(TARGETS[0]!);

  // Settling sheet 12 against the paper: the clerk types what the paper says (the first entry was right).
  await mismatch.getByRole('button', { name: '按纸质选票裁定' }).click();
  const resolve = page.getByRole('dialog', { name: /核对裁定第 12 张/ });
  await expect(resolve.locator('[data-testid=sheet-grid]')).toBeFocused();
  for (const m of SHEETS[11]!) await page.keyboard.press(`Digit${m}`);
  await expect(resolve.getByTestId('sheet-verdict')).toContainText('有效票');
  await shot(page, 'mismatch');
  await resolve.getByRole('button', { name: '取消' }).click();
  await expect(resolve).toBeHidden();

  // Closing is refused while a sheet is unsettled, with the server's reason.
  await page.getByRole('button', { name: '结束表决' }).click();
  await confirmInDialog(page, '结束表决');
  await expect(page.getByTestId('action-error')).toContainText('第 12 张');

  await mismatch.getByRole('button', { name: '按纸质选票裁定' }).click();
  await expect(resolve.locator('[data-testid=sheet-grid]')).toBeFocused();
  for (const m of SHEETS[11]!) await page.keyboard.press(`Digit${m}`);
  await page.keyboard.press('Enter');
  await expect(resolve).toBeHidden();
  await expect(page.getByTestId('paper-mismatches')).toHaveText('0');
  await expect(page.getByTestId('progress-text')).toHaveText(`已收到 30 / ${PRESENT}`);
  // Settled, the refusal is gone.
  await expect(page.getByTestId('action-error')).toHaveCount(0);

  // While open: counts only, no rates and no verdicts anywhere on the page.
  const text = await page.locator('body').innerText();
  expect(text).toContain(`已收到 30 / ${PRESENT}`);
  expect(text).not.toMatch(/\d+\.\d\d%/);
  expect(text).not.toContain('评定结果');
  await expect(page.getByTestId('verdict')).toHaveCount(0);
  await expect(page.getByTestId('result-view')).toHaveCount(0);

  // Close: the sealed result with the verdicts of the three-tier rule against 35 members.
  await page.getByRole('button', { name: '结束表决' }).click();
  await confirmInDialog(page, '结束表决');
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('已结束（未公布）');
  await expect(page.getByTestId('rule-text')).toContainText(`满意票超过全体组成人员（${SERVING}人）的半数为满意`);
  const expected = TARGETS.map((t, i) => {
    const [s, b] = countsOf(i);
    return { t, s, b, verdict: threeTier(s, b) };
  });
  expect(expected.map((e) => e.verdict)).toEqual(['满意', '基本满意', '不满意']);
  for (const e of expected) {
    const row = resultRow(page, e.t);
    await expect(row.getByTestId('verdict')).toHaveText(e.verdict);
    await expect(row).toContainText(`${e.s}${pct(e.s)}`);
  }
  await expect(resultRow(page, TARGETS[2]!)).toContainText('无效 1');
  // The reconciliation the tellers read out, right after close: all 30 sheets were paper.
  const recon = page.getByTestId('reconciliation');
  for (const [key, n] of Object.entries({ paper_handed_out: 30, paper_returned: 30, paper_not_returned: 0, device: 0, returned: 30, valid: 30, invalid: 0, blank: 0 })) {
    await expect(recon.getByTestId(`recon-${key}`).locator('b')).toHaveText(String(n));
  }
  await expect(recon.getByTestId('recon-serving').locator('b')).toHaveText('35');
  await expect(recon.getByTestId('recon-present').locator('b')).toHaveText(String(PRESENT));
  // Ranked verdict first, with the order printed; the origin of the preset is not.
  await expect(page.getByTestId('sort-key')).toContainText('排序：按评定结果排序');
  await expect(page.getByTestId('result-view')).not.toContainText('依据');
  await expect(page.getByTestId('result-table').locator('tbody tr').first()).toContainText(TARGETS[0]!);
  await shot(page, 'closed');
  await expect(page.getByTestId('digest')).toContainText(/校验码 [0-9a-f]{16}…/);

  await page.getByRole('button', { name: '核验' }).click();
  await expect(page.getByRole('dialog', { name: '核验通过' })).toBeVisible();
  await page.getByRole('dialog', { name: '核验通过' }).getByRole('button', { name: '知道了' }).click();

  await page.getByRole('button', { name: '公布结果' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '公布结果' }).click();
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('已公布');
  await expect(page.locator('[data-testid=result-chart] svg')).toBeVisible();
  await shot(page, 'result');

  // The room screen, opened from the poll page, shows the same verdicts.
  const [projector] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开投影' }).click()]);
  await expect(projector).toHaveURL(/\/projector\//);
  for (const e of expected) {
    await expect(projector.locator('.board-row', { hasText: e.t }).locator('.verdict')).toHaveText(e.verdict);
  }
  await projector.close();

  // A second round stands beside the first.
  await page.getByRole('button', { name: '另行表决（新一轮）' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '新建下一轮' }).click();
  await expect(page.getByTestId('poll-round')).toHaveText('第二轮');
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('草稿');
  await expect(page.getByTestId('round-links')).toContainText('第一轮（已公布）');
  await page.locator('.page-header .ant-breadcrumb').getByRole('link', { name: '表决' }).click();
  const rows = page.getByTestId('poll-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('第一轮');
  await expect(rows.nth(0)).toContainText('已公布');
  await expect(rows.nth(0)).toContainText('30 / 30');
  await expect(rows.nth(1)).toContainText('第二轮');
  await expect(rows.nth(1)).toContainText('草稿');
  if (process.env.SCREENSHOTS) {
    // A named vote on the other item, to show how 记名 stands out in the list.
    const items = await api<{ id: number }[]>(host, 'agenda.list', { meetingId: meeting.id });
    await api(host, 'poll.create', {
      agendaItemId: items[0]!.id,
      definition: { kind: 'decision', title: '关于教育、卫生、交通三项重点工作情况报告的审议意见', anonymous: false, targets: [{ key: 't1', label: '审议意见' }] },
    });
    await expect(page.getByTestId('poll-row')).toHaveCount(3);
    await shot(page, 'list');
  }
});

/** A selection (票决) of six projects for three seats; ballots come in on paper through the API. */
const PROJECTS = ['城区老旧小区改造', '中小学食堂提升', '农村公路安全防护', '社区养老服务中心', '城市口袋公园', '公共停车泊位建设'];

/** Hands a sheet to every member who may take one, then enters the sheets (first pass). */
async function paperVote(host: Host, pollId: number, sheets: string[][]): Promise<void> {
  const { eligible } = await api<{ eligible: { memberId: number }[] }>(host, 'paperBallot.status', { pollId });
  await api(host, 'paperBallot.handOut', { pollId, memberIds: eligible.map((m) => m.memberId) });
  for (const chosen of sheets) await api(host, 'paperBallot.enter', { pollId, pass: 1, payload: { kind: 'selection', chosen } });
}

test('a selection with a tie at the cut-off: a run-off among the tied projects decides the last seat', async ({ page, host }) => {
  test.setTimeout(90_000);
  const { meeting } = await seed(host);
  const item = await api<{ id: number }>(host, 'agenda.create', {
    meetingId: meeting.id,
    fields: { kind: 'other', title: '票决产生2027年市级民生实事项目', bodyId: null, notes: null, voteKind: 'selection' },
  });
  const poll = await api<{ id: number }>(host, 'poll.create', {
    agendaItemId: item.id,
    definition: { kind: 'selection', title: '2027年市级民生实事项目票决', targets: PROJECTS.map((label, i) => ({ key: `p${i + 1}`, label })), maxChoices: 3 },
  });
  await api(host, 'poll.open', { id: poll.id });
  // 30 sheets: p1 20, p2 18, p3 12, p4 12, p5 7, p6 3 votes; one blank, one marking four (void).
  const rep = (n: number, chosen: string[]) => Array.from({ length: n }, () => chosen);
  await paperVote(host, poll.id, [
    ...rep(12, ['p1', 'p2', 'p3']),
    ...rep(6, ['p1', 'p2', 'p4']),
    ...rep(6, ['p4', 'p5']),
    ...rep(2, ['p1', 'p6']),
    ['p6'],
    ['p5'],
    [],
    ['p1', 'p2', 'p3', 'p4'],
  ]);

  await page.goto(host.consoleUrl);
  await page.getByRole('link', { name: meeting.title }).click();
  await page.getByRole('tab', { name: /表决/ }).click();
  await page.getByRole('link', { name: '2027年市级民生实事项目票决' }).click();
  await expect(page.getByTestId('progress-text')).toHaveText(`已收到 30 / ${PRESENT}`);
  await page.getByRole('button', { name: '结束表决' }).click();
  await confirmInDialog(page, '结束表决');
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('已结束（未公布）');

  // Round one: the two ahead are selected; 社区养老服务中心 and 农村公路安全防护 tie for the third seat.
  await expect(page.getByTestId('selection-summary')).toContainText('应选 3 项，入选 2 项，2 个项目得票相同争 1 个名额，需另行投票');
  await expect(page.getByTestId('sort-key')).toHaveText('排序：按得票数排序');
  const rows = page.getByTestId('result-table').locator('tbody tr');
  await expect(rows).toHaveText([/^1城区老旧小区改造20/, /^2中小学食堂提升18/, /^3农村公路安全防护12/, /^3社区养老服务中心12/, /^5城市口袋公园7/, /^6公共停车泊位建设3/]);
  const outcome = page.getByTestId('selection-outcome');
  await expect(outcome.getByTestId('outcome-summary')).toContainText('应选 3 项，已确定 2 项，1 个名额待另行投票');
  await expect(outcome.getByTestId('outcome-winners').locator('tbody tr')).toHaveText([/城区老旧小区改造20票第一轮/, /中小学食堂提升18票第一轮/]);
  await expect(outcome.getByTestId('outcome-tie')).toContainText('农村公路安全防护（12票）、社区养老服务中心（12票），争剩余 1 个名额');
  await shot(page, 'selection-tie');

  // The run-off: only the tied projects, one choice per sheet.
  await outcome.getByTestId('start-runoff').click();
  const confirm = page.getByRole('dialog', { name: /发起另行投票/ });
  await expect(confirm).toContainText('只列第一轮得票相同的 2 个项目（农村公路安全防护、社区养老服务中心），争剩余 1 个名额');
  await confirm.getByRole('button', { name: '新建另行投票' }).click();
  await expect(page.getByTestId('poll-round')).toHaveText('第二轮');
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('草稿');
  await expect(page.getByTestId('runoff-note')).toContainText('本轮只列第一轮得票相同的 2 个项目，决定剩余的 1 个名额');
  await expect(page.locator('.summary-targets li')).toHaveText(['农村公路安全防护', '社区养老服务中心']);
  // The final list so far stands on the run-off's page too.
  await expect(page.getByTestId('outcome-tie')).toContainText('另行投票已建立：第二轮（草稿）');
  const runoffId = Number(/#\/polls\/(\d+)/.exec(page.url())?.[1]);
  await page.getByRole('button', { name: '开始表决' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '开始表决' }).click();
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('表决中');
  // 17 for 农村公路安全防护 (p3), 11 for 社区养老服务中心 (p4), 2 blank.
  await paperVote(host, runoffId, [...rep(17, ['p3']), ...rep(11, ['p4']), [], []]);
  await expect(page.getByTestId('progress-text')).toHaveText(`已收到 30 / ${PRESENT}`);
  await page.getByRole('button', { name: '结束表决' }).click();
  await confirmInDialog(page, '结束表决');
  await expect(page.locator('.poll-subhead [data-testid=poll-status]')).toHaveText('已结束（未公布）');

  // The final list: two from round one, one from the run-off; each round's result beside it.
  await expect(page.getByTestId('outcome-summary')).toContainText('应选 3 项，已确定 3 项');
  await expect(page.getByTestId('outcome-summary')).toContainText('已全部确定');
  await expect(page.getByTestId('outcome-winners').locator('tbody tr')).toHaveText([
    /^1城区老旧小区改造20票第一轮$/,
    /^2中小学食堂提升18票第一轮$/,
    /^3农村公路安全防护17票第二轮（另行投票）$/,
  ]);
  await expect(page.getByTestId('outcome-tie')).toHaveCount(0);
  const sections = page.getByTestId('round-section');
  await expect(sections).toHaveCount(2);
  await expect(sections.nth(0)).toContainText('6 个候选项目，应选 3 项');
  await expect(sections.nth(1)).toContainText('另行投票：2 个得票相同的项目争 1 个名额');
  await expect(sections.nth(1).locator('tbody tr')).toHaveText([/农村公路安全防护17入选/, /社区养老服务中心11未入选/]);
  await expect(page.getByTestId('selection-summary')).toContainText('应选 1 项，入选 1 项');
  await shot(page, 'selection-runoff');
  // Settled: repeating the run-off would claim a tie that no longer stands.
  await expect(page.getByTestId('new-round')).toBeDisabled();

  // Round one's page shows the same final list, and no second run-off is offered there.
  await sections.nth(0).getByRole('link', { name: '第一轮' }).click();
  await expect(page.getByTestId('poll-round')).toHaveText('第一轮');
  await expect(page.getByTestId('outcome-winners').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('start-runoff')).toHaveCount(0);
  await expect(page.getByTestId('new-round')).toBeDisabled();
});

test('words per vote kind: 新建测评 / 新建表决, 任免 candidates from the register of appointed persons, pasted numbering dropped', async ({ page, host }) => {
  const { meeting } = await seed(host);
  await api(host, 'appointee.create', { name: '李明', office: '市教育局局长', bodyId: null, appointedOn: '2026-01-08', leftOn: null, note: null });
  await api(host, 'agenda.create', { meetingId: meeting.id, fields: { kind: 'appointment', title: '审议市人民政府提请的人事任免案', bodyId: null, notes: null, voteKind: 'appointment' } });

  await page.goto(host.consoleUrl);
  await page.getByRole('link', { name: meeting.title }).click();
  await page.getByRole('tab', { name: /表决/ }).click();
  // A rating is created as 测评, a vote on persons as 表决.
  await expect(page.getByTestId('poll-group').filter({ hasText: '满意度测评' }).last().getByRole('button', { name: /^新建测评/ })).toBeVisible();
  const group = page.getByTestId('poll-group').filter({ hasText: '人事任免案' });
  await group.getByRole('button', { name: /^新建表决/ }).click();
  const drawer = page.locator('.poll-form-drawer');
  await expect(drawer.getByRole('radio', { name: '任免表决' })).toBeChecked();
  await expect(drawer.getByRole('heading', { name: '人选' })).toBeVisible();
  // Persons come from the register (or are typed), never from the list of 汇报单位.
  await expect(drawer.getByLabel('从汇报单位中添加')).toHaveCount(0);
  await drawer.getByLabel('从被任命人员名册中添加').click();
  await page.locator('.ant-select-item-option', { hasText: '李明（市教育局局长）' }).click();
  await drawer.getByRole('button', { name: '粘贴多行' }).click();
  const paste = page.getByRole('dialog', { name: /粘贴多行/ });
  await paste.getByLabel('粘贴的内容').fill('2 陈静（市卫生健康委员会主任）\n（三）王芳（市民政局局长）\n④张强（市水利局局长）');
  await paste.getByRole('button', { name: '添加 3 个' }).click();
  const labels = ['李明（市教育局局长）', '陈静（市卫生健康委员会主任）', '王芳（市民政局局长）', '张强（市水利局局长）'];
  for (const [i, t] of labels.entries()) await expect(drawer.getByLabel(`第 ${i + 1} 个人选`, { exact: true })).toHaveValue(t);
  // The preview is named for what it shows: when the vote passes.
  await expect(drawer.getByTestId('rule-preview')).toContainText('结果中印出的通过规则');
  await drawer.getByTestId('poll-form-submit').click();
  await expect(page.getByTestId('poll-title')).toHaveText('审议市人民政府提请的人事任免案');
  await expect(page.locator('.summary-targets li')).toHaveText(labels);
});

test('paper entry marks a score off the scale on the field and does not hand the sheet in', async ({ page, host }) => {
  const { meeting } = await seed(host);
  const item = await api<{ id: number }>(host, 'agenda.create', { meetingId: meeting.id, fields: { kind: 'work_review', title: '工作评议', bodyId: null, notes: null, voteKind: 'scoring' } });
  const poll = await api<{ id: number }>(host, 'poll.create', {
    agendaItemId: item.id,
    definition: { kind: 'scoring', title: '对市教育局等两个部门的工作评议', targets: [{ key: 'a', label: '市教育局' }, { key: 'b', label: '市交通运输局' }], scale: { mode: 'single', min: 0, max: 100, step: 1 } },
  });
  await api(host, 'poll.open', { id: poll.id });
  const { eligible } = await api<{ eligible: { memberId: number }[] }>(host, 'paperBallot.status', { pollId: poll.id });
  await api(host, 'paperBallot.handOut', { pollId: poll.id, memberIds: eligible.slice(0, 2).map((m) => m.memberId) });

  await page.goto(host.consoleUrl);
  await page.evaluate((id) => (window.location.hash = `#/polls/${id}`), poll.id);
  const entry = page.locator('.paper-entry');
  const first = entry.getByLabel('市教育局 得分');
  await first.fill('950');
  await first.press('Tab');
  await expect(entry.getByTestId('score-error')).toHaveText('超出范围：应在 0–100 分之间');
  await entry.getByLabel('市交通运输局 得分').fill('88');
  await entry.getByTestId('sheet-submit').click();
  // Refused where the clerk is looking, the cursor back on the wrong score; nothing entered.
  await expect(entry.getByTestId('entry-refused')).toContainText('这张选票有 1 处分数需要改正，未提交：市教育局（超出范围：应在 0–100 分之间）。');
  await expect(first).toBeFocused();
  await expect(entry.getByTestId('entry-last')).toHaveText('尚未录入');
  expect((await api<{ entered: number }>(host, 'paperBallot.status', { pollId: poll.id })).entered).toBe(0);
  // Corrected against the paper, the sheet goes in.
  await first.fill('95');
  await first.press('Tab');
  await expect(entry.getByTestId('score-error')).toHaveCount(0);
  await expect(entry.getByTestId('entry-refused')).toHaveCount(0);
  await entry.getByTestId('sheet-submit').click();
  await expect(entry.getByTestId('entry-last')).toContainText('第 1 张已录入：已计入');
  expect((await api<{ entered: number }>(host, 'paperBallot.status', { pollId: poll.id })).entered).toBe(1);
});
