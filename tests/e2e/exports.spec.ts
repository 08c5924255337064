import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { expect, REPO_ROOT, test } from './fixtures.js';

/**
 * The export centre in host mode on the demo data: the results notice of the meeting with the
 * most rated rows and the year summary, each built with progress and downloaded as a file.
 */

const SHOTS = process.env.SCREENSHOTS ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(REPO_ROOT, 'test-results', 'screenshots');

test.use({ demo: true });

test('export centre: the largest meeting’s results notice and the year summary, built with progress and downloaded', async ({ page, host }, testInfo) => {
  type Meeting = { id: number; title: string; date: string };
  type Poll = { id: number; status: string };
  const meetings = await host.call<{ items: Meeting[] }>('meeting.list', { page: 1, pageSize: 200 });
  if (!meetings.ok) throw new Error(meetings.error.message);
  let largest: Meeting | null = null;
  let most = -1;
  for (const m of meetings.value.items) {
    const polls = await host.call<Poll[]>('poll.list', { meetingId: m.id });
    if (!polls.ok) throw new Error(polls.error.message);
    let rows = 0;
    for (const p of polls.value.filter((x) => x.status === 'closed' || x.status === 'released')) {
      const r = await host.call<{ result: { targets: unknown[] } }>('poll.result', { id: p.id });
      if (r.ok) rows += r.value.result.targets.length;
    }
    if (rows > most) [largest, most] = [m, rows];
  }
  expect(largest).not.toBeNull();
  // The built host lays files out in its render worker, off the loop that acknowledges ballots.
  const status = await host.call<{ renderer: string }>('export.status', {});
  expect(status.ok && status.value.renderer).toBe('worker');

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(host.consoleUrl);
  await page.getByRole('menuitem', { name: '报告导出' }).click();
  await expect(page.getByRole('heading', { name: '报告导出' })).toBeVisible();
  await expect(page.getByText('洛阳市人民代表大会常务委员会')).toBeVisible();

  // The results notice of the largest meeting.
  await page.getByTestId('report-results-notice').click();
  await page.getByTestId('export-meeting').click();
  await page.keyboard.type(largest!.title.slice(-8));
  await page.locator('.ant-select-item-option', { hasText: largest!.title }).click();
  await expect(page.getByTestId('export-meeting')).toContainText(largest!.title);
  const first = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-progress')).toBeVisible();
  const notice = await first;
  expect(notice.suggestedFilename()).toMatch(/^关于洛阳市第十七届人大常委会.+结果的报告\.docx$/);
  const noticeFile = testInfo.outputPath('notice.docx');
  await notice.saveAs(noticeFile);
  const xml = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(noticeFile)))['word/document.xml']!);
  expect(xml).toContain('中共洛阳市委');
  expect(xml).toContain('无记名投票');
  await expect(page.getByTestId('export-progress')).toContainText('已生成');
  await expect(page.getByTestId('export-recent').getByText('已完成').first()).toBeVisible();

  // The year summary of the demo's year.
  await page.getByTestId('report-year-summary').click();
  await expect(page.getByTestId('export-year')).toBeVisible();
  const second = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const summary = await second;
  expect(summary.suggestedFilename()).toMatch(/^关于\d{4}年度监督工作情况的报告\.docx$/);
  const summaryFile = testInfo.outputPath('summary.docx');
  await summary.saveAs(summaryFile);
  const summaryXml = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(summaryFile)))['word/document.xml']!);
  expect(summaryXml).toContain('年度监督计划执行情况');
  await expect(page.getByTestId('export-recent').locator('tbody tr')).toHaveCount(2);
  await page.screenshot({ path: path.join(SHOTS, 'console-export-centre.png'), fullPage: true });

  // The meeting's own page leads to the print view of its results notice.
  await page.evaluate((id) => (window.location.hash = `#/meetings/${id}/polls`), largest!.id);
  await page.getByTestId('meeting-print-notice').click();
  await expect(page.locator('.doc-title')).toContainText('结果的报告');
});
