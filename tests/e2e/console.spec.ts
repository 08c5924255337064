import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/**
 * The clerk's console, driven as a clerk would: an empty database, a new term, 45 members
 * imported from Excel, a meeting with three agenda items reordered by mouse and keyboard,
 * a paper attached, and attendance marked until the quorum is reached.
 */

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = ['建国', '秀英', '志强'];

/** 45 distinct names: 1 主任, 5 副主任, 1 秘书长, 38 委员. */
function memberRows(): (string | number)[][] {
  const names = SURNAMES.flatMap((s) => GIVEN.map((g) => s + g));
  return names.slice(0, 45).map((name, i) => {
    const role = i === 0 ? '主任' : i <= 5 ? '副主任' : i === 6 ? '秘书长' : '委员';
    return [name, role, '在任', i + 1, i === 6 ? '驻会' : ''];
  });
}

async function writeMembersXlsx(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('组成人员');
  sheet.addRow(['姓名', '职务', '状态', '座次', '备注']);
  for (const row of memberRows()) sheet.addRow(row);
  // One bad row: the preview must flag it and the import must leave it out.
  sheet.addRow(['郑无效', '组长', '在任', 46, '']);
  await workbook.xlsx.writeFile(file);
}

/** A tiny but well-formed one-page PDF. */
function writePdf(file: string): void {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  fs.writeFileSync(file, body, 'latin1');
}

async function pickDate(page: Page, label: string, date: string): Promise<void> {
  const input = page.getByLabel(label);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

function agendaRows(page: Page): Locator {
  return page.locator('.agenda-tab tbody tr[data-row-key]');
}

async function agendaTitles(page: Page): Promise<string[]> {
  return page.locator('.agenda-tab [data-testid=agenda-title]').allInnerTexts();
}

async function dragRow(page: Page, from: number, to: number): Promise<void> {
  const handle = agendaRows(page).nth(from).getByTestId('drag-handle');
  const target = agendaRows(page).nth(to);
  const h = (await handle.boundingBox())!;
  const t = (await target.boundingBox())!;
  const x = h.x + h.width / 2;
  await page.mouse.move(x, h.y + h.height / 2);
  await page.mouse.down();
  // Past the sensor's activation distance first, then glide onto the target row.
  await page.mouse.move(x, h.y + h.height / 2 - 8, { steps: 4 });
  await page.mouse.move(x, t.y + t.height / 2, { steps: 20 });
  await page.mouse.up();
}

test('a clerk prepares a meeting from an empty database', async ({ page, host }) => {
  test.setTimeout(180_000);
  const tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'desk-console-e2e-'));
  const xlsx = path.join(tmp, '第十七届组成人员.xlsx');
  const pdf = path.join(tmp, '关于全市环境状况的报告.pdf');
  await writeMembersXlsx(xlsx);
  writePdf(pdf);

  try {
    await page.goto(host.consoleUrl);
    // The credential is taken out of the address bar.
    await expect(page).not.toHaveURL(/token=/);

    // Empty database: the welcome page offers the first steps.
    await expect(page.getByText('欢迎使用常委会会务')).toBeVisible();
    await expect(page.getByRole('button', { name: '载入示例数据' })).toBeVisible();

    // A new term.
    await page.getByRole('button', { name: '新建届次' }).click();
    const termDialog = page.getByRole('dialog', { name: '新建届次' });
    await termDialog.getByRole('button', { name: '新建' }).click();
    await expect(termDialog.getByText('请填写届次名称')).toBeVisible();
    await termDialog.getByLabel('届次名称').fill('第十七届');
    await pickDate(page, '任期起始日期', '2022-01-08');
    await termDialog.getByRole('button', { name: '新建' }).click();
    await expect(termDialog).toBeHidden();
    await expect(page.getByTestId('header-term')).toContainText('第十七届');

    // Import 45 members from Excel, through the preview.
    await page.getByRole('menuitem', { name: '届次与组成人员' }).click();
    await expect(page.getByTestId('serving-banner')).toContainText('在任组成人员 0 人');
    await page.getByRole('button', { name: '从文件导入' }).click();
    const importDialog = page.getByRole('dialog', { name: /导入组成人员/ });
    await importDialog.locator('input[type=file]').setInputFiles(xlsx);
    await expect(importDialog.getByTestId('import-summary')).toContainText('可导入 45 行，有错误 1 行');
    const badRow = importDialog.locator('tr.import-row-error');
    await expect(badRow).toHaveCount(1);
    await expect(badRow).toContainText('郑无效');
    await expect(badRow).toContainText('组长');
    await importDialog.getByRole('button', { name: '导入 45 行' }).click();
    await expect(importDialog).toBeHidden();
    await expect(page.getByTestId('serving-banner')).toContainText('在任组成人员 45 人，法定人数 23 人');
    await expect(page.getByTestId('serving-banner')).toContainText('副主任 5');
    await expect(page.getByRole('cell', { name: '郑无效' })).toHaveCount(0);

    // A meeting; its number is suggested.
    await page.getByRole('menuitem', { name: '会议' }).click();
    await page.getByRole('button', { name: '新建会议' }).click();
    const meetingDialog = page.getByRole('dialog', { name: '新建会议' });
    await expect(meetingDialog.getByLabel('会议次数')).toHaveValue('1');
    await pickDate(page, '会议日期', '2025-03-05');
    await expect(meetingDialog.getByText('第十七届人大常委会第一次会议')).toBeVisible();
    await meetingDialog.getByRole('button', { name: '新建' }).click();
    await expect(meetingDialog).toBeHidden();
    await expect(page.getByRole('heading', { name: '第十七届人大常委会第一次会议' })).toBeVisible();
    await expect(page.getByTestId('quorum-indicator')).toContainText('未达法定人数');

    // Three agenda items.
    const titles = ['听取和审议市人民政府关于全市环境状况的报告', '审查批准市本级财政决算', '人事任免事项'];
    for (const title of titles) {
      await page.getByRole('button', { name: '添加议程' }).first().click();
      const dialog = page.getByRole('dialog', { name: '添加议程' });
      await dialog.getByLabel('议程标题').fill(title);
      await dialog.getByRole('button', { name: '添加' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.locator('.agenda-tab [data-testid=agenda-title]', { hasText: title })).toBeVisible();
    }
    expect(await agendaTitles(page)).toEqual(titles);

    // Reorder by dragging the third item to the top.
    await dragRow(page, 2, 0);
    await expect.poll(() => agendaTitles(page)).toEqual([titles[2], titles[0], titles[1]]);

    // Reorder by keyboard: Alt+↓ on the focused first row moves it down one place.
    await agendaRows(page).nth(0).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => agendaTitles(page)).toEqual([titles[0], titles[2], titles[1]]);
    // Focus follows the moved row, so a second press moves it again.
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => agendaTitles(page)).toEqual([titles[0], titles[1], titles[2]]);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => agendaTitles(page)).toEqual([titles[0], titles[2], titles[1]]);

    // The order is saved: it survives a reload (the credential is kept for the tab).
    await page.reload();
    await expect.poll(() => agendaTitles(page)).toEqual([titles[0], titles[2], titles[1]]);

    // Attach a paper to the first item and open it.
    const first = agendaRows(page).nth(0);
    await first.locator('input[type=file]').setInputFiles(pdf);
    const paper = first.locator('.paper-row');
    await expect(paper).toContainText('关于全市环境状况的报告.pdf');
    const sha = await first.locator('.paper-sha').innerText();
    expect(sha).toMatch(/^[0-9a-f]{8}$/);
    const popup = page.waitForEvent('popup');
    await paper.getByRole('link', { name: '关于全市环境状况的报告.pdf' }).click();
    expect((await popup).url()).toMatch(/^blob:/);

    // Attendance: the quorum indicator follows every change.
    await page.getByRole('tab', { name: /出席/ }).click();
    const quorum = page.getByTestId('quorum-indicator');
    await expect(quorum).toContainText('未达法定人数');
    await expect(quorum).toContainText('出席 0 人 / 在任 45 人');
    await expect(quorum).toContainText('法定人数 23 人');
    const rows = page.locator('.attendance-tab tbody tr[data-row-key]');
    await expect(rows).toHaveCount(45);

    // Twenty by selection and the bulk action.
    for (let i = 0; i < 20; i++) await rows.nth(i).getByRole('checkbox').check();
    await expect(page.getByText('已选 20 人')).toBeVisible();
    await page.locator('.attendance-sticky').getByRole('button', { name: '出席', exact: true }).click();
    await expect(quorum).toContainText('出席 20 人');

    // Two by clicking their choice, one on leave by keyboard.
    await rows.nth(20).getByText('出席', { exact: true }).click();
    await rows.nth(21).getByText('出席', { exact: true }).click();
    await rows.nth(22).focus();
    await page.keyboard.press('2');
    await expect(quorum).toContainText('出席 22 人');
    await expect(quorum).toContainText('未达法定人数');
    await expect(rows.nth(22).getByRole('radio', { name: '请假' })).toBeChecked();

    // Exactly half is not enough; the 23rd present member makes the quorum.
    await rows.nth(23).focus();
    await page.keyboard.press('1');
    await expect(quorum).toContainText('已达法定人数');
    await expect(quorum).toContainText('出席 23 人 / 在任 45 人');
    await expect(page.getByTestId('attendance-summary')).toContainText('请假 1');

    // The meeting list shows the same.
    await page.getByRole('menuitem', { name: '会议' }).click();
    const row = page.getByRole('row', { name: /第十七届人大常委会第一次会议/ });
    await expect(row).toContainText('已达法定人数 23/45');
    await expect(row).toContainText('3 项');
  } finally {
    await fs.promises.rm(tmp, { recursive: true, force: true });
  }
});

test.describe('with the demo data', () => {
  test.use({ demo: true });

  test('changes made elsewhere show up live', async ({ page, host }) => {
    const list = await host.call<{ items: { id: number; title: string; quorum: { serving: number; required: number } }[] }>('meeting.list', {});
    if (!list.ok) throw new Error(list.error.message);
    const meeting = list.value.items.find((m) => m.title.includes('第二十八次'))!;
    const att = await host.call<{ rows: { memberId: number; status: string | null }[] }>('attendance.list', { meetingId: meeting.id });
    if (!att.ok) throw new Error(att.error.message);
    const { serving, required } = meeting.quorum;

    await page.goto(host.consoleUrl);
    await page.getByRole('link', { name: meeting.title }).click();
    await page.getByRole('tab', { name: /出席/ }).click();
    const quorum = page.getByTestId('quorum-indicator');
    await expect(quorum).toContainText('未达法定人数');
    await expect(quorum).toContainText(`出席 0 人 / 在任 ${serving} 人`);

    // Another console (here: a direct API call) records attendance; this one follows via the push channel.
    const ids = att.value.rows.slice(0, required).map((r) => r.memberId);
    const set = await host.call('attendance.set', { meetingId: meeting.id, memberIds: ids, status: 'present' });
    expect(set.ok).toBe(true);
    await expect(quorum).toContainText('已达法定人数');
    await expect(quorum).toContainText(`出席 ${required} 人 / 在任 ${serving} 人`);
    await expect(page.getByTestId('attendance-summary')).toContainText(`未登记 ${serving - required}`);

    // A rule only the server can check (numbers are unique in a term) shows under its field, in Chinese.
    await page.getByRole('tab', { name: /议程/ }).click();
    await page.getByRole('button', { name: '编辑会议信息' }).click();
    const dialog = page.getByRole('dialog', { name: '编辑会议' });
    await dialog.getByLabel('会议次数').fill('27');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText('会议次数重复');
    await expect(page.locator('.ant-message')).toContainText('本届已有第二十七次会议');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(page.getByRole('heading', { name: meeting.title })).toBeVisible();
  });
});
