import { execFileSync } from 'node:child_process';
import { darkRuns, pdfLayout, pdfPageSizes, renderPageGray } from '../helpers/pdf.js';
import path from 'node:path';
import { expect, REPO_ROOT, test, type Host } from './fixtures.js';

/**
 * The print view of an official document (GB/T 9704): the results notice of the demo's
 * largest meeting, on screen and printed to PDF by Chromium as the print dialog would —
 * A4 pages, the text block 37 mm from the top and 28 mm from the binding edge (left on odd
 * pages, right on even ones), page numbers 「— N —」 and nothing of the console around it.
 */

test.use({ demo: true });

interface Doc {
  title: string;
  blocks: { kind: string; caption?: string; rows?: string[][] }[];
  signature: { office: string; date: string };
}

const PT_PER_MM = 72 / 25.4;

/** The meeting whose results notice has the most table rows (every sealed poll adds a table). */
async function largestMeeting(host: Host): Promise<{ meetingId: number; doc: Doc }> {
  const list = await host.call<{ items: { id: number }[] }>('meeting.list', {});
  if (!list.ok) throw new Error(list.error.message);
  let best: { meetingId: number; doc: Doc; rows: number } | null = null;
  for (const m of list.value.items) {
    const r = await host.call<Doc>('export.document', { report: 'results-notice', meetingId: m.id });
    if (!r.ok) continue;
    const rows = r.value.blocks.reduce((n, b) => n + (b.rows?.length ?? 0), 0);
    if (!best || rows > best.rows) best = { meetingId: m.id, doc: r.value, rows };
  }
  if (!best) throw new Error('the demo has no meeting with sealed results');
  return best;
}

test('prints a meeting’s results notice as a GB/T 9704 document', async ({ host, page }, testInfo) => {
  const { meetingId, doc } = await largestMeeting(host);
  const tables = doc.blocks.filter((b) => b.kind === 'table' && (b.rows?.length ?? 0) > 0);
  expect(tables.length).toBeGreaterThan(0);

  await page.goto(host.consoleUrl);
  await expect(page.locator('.shell')).toBeVisible();
  await page.evaluate((id) => (window.location.hash = `#/print/results-notice/meeting/${id}`), meetingId);

  const view = page.getByTestId('print-view');
  const paper = view.locator('.doc-paper');
  await expect(paper).toBeVisible();
  await expect(view.getByRole('button', { name: '打印' })).toBeEnabled();
  await expect(view.getByRole('button', { name: '返回' })).toBeVisible();
  // Host mode has no PDF bridge: the browser's print dialog saves PDFs.
  await expect(view.getByRole('button', { name: '另存为 PDF' })).toHaveCount(0);
  await expect(view.getByTestId('print-fonts')).toContainText('字体：');

  // The title, line by line, and the figures of every table as the sealed results give them.
  const title = paper.locator('.doc-title');
  for (const line of doc.title.split('\n')) await expect(title).toContainText(line.trim());
  await expect(page).toHaveTitle(doc.title.replace(/\s*\n\s*/g, ''));
  for (const table of tables) {
    const row = table.rows![0]!;
    const tr = paper.locator('table.doc-table tbody tr').filter({ hasText: row[1]!.split('\n')[0]! }).first();
    await expect(tr).toBeVisible();
    const cells = await tr.locator('td').allInnerTexts();
    expect(cells.map((c) => c.replace(/\s+/g, ''))).toEqual(row.map((c) => c.replace(/\s+/g, '')));
  }
  await expect(paper.locator('.doc-signature')).toContainText(doc.signature.office);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'screenshots', 'console-print-view.png') });

  // Printed: A4 pages; the page's own @page rules decide margins and page numbers.
  const pdf = testInfo.outputPath('results-notice.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  expect(info).toMatch(/^Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)$/m);
  const sizes = await pdfPageSizes(pdf);
  for (const s of sizes) {
    expect(Math.abs(s.widthPt / PT_PER_MM - 210)).toBeLessThan(0.5);
    expect(Math.abs(s.heightPt / PT_PER_MM - 297)).toBeLessThan(0.5);
  }

  const pages = await pdfLayout(pdf);
  expect(pages.length).toBeGreaterThan(1);
  const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n');
  // Only the document: nothing of the console's header, menu or toolbar.
  for (const chrome of ['报告导出', '届次与组成人员', '数据文件夹', '打印版式']) expect(text).not.toContain(chrome);
  expect(text).toContain(doc.title.split('\n')[0]!.trim().slice(0, 10));

  const PAGE_NUMBER = /^—\s*(\d+)\s*—$/;
  for (const p of pages) {
    // A full line of justified body text spans the 156 mm block: its ends are the block's edges.
    const full = p.lines.filter((l) => !PAGE_NUMBER.test(l.text) && l.xMax - l.xMin > 150);
    if (p.number < pages.length) expect(full.length, `page ${p.number} has full body lines`).toBeGreaterThan(0);
    const inside = p.number % 2 === 1 ? 28 : 26; // the binding edge alternates
    for (const l of full) {
      expect(Math.abs(l.xMin - inside), `page ${p.number}: “${l.text.slice(0, 12)}” starts ${l.xMin.toFixed(1)} mm from the left`).toBeLessThanOrEqual(1);
      expect(Math.abs(l.xMax - (inside + 156)), `page ${p.number}: “${l.text.slice(0, 12)}” ends ${l.xMax.toFixed(1)} mm from the left`).toBeLessThanOrEqual(1);
    }

    const number = p.lines.find((l) => PAGE_NUMBER.test(l.text));
    expect(number, `page ${p.number} has its number`).toBeDefined();
    expect(PAGE_NUMBER.exec(number!.text)![1]).toBe(String(p.number));
    expect(number!.yMin, 'page number below the text block').toBeGreaterThan(37 + 225 - 2);
    // Odd pages right, even pages left, one 4号 character (4.9 mm) in from the block's edge.
    if (p.number % 2 === 1) expect(Math.abs(number!.xMax - (28 + 156 - 4.94))).toBeLessThanOrEqual(1);
    else expect(Math.abs(number!.xMin - (26 + 4.94))).toBeLessThanOrEqual(1);

    // Measured in ink: the first line's box starts 37 mm from the top (a table's top border at
    // 37 mm, a CJK line's glyphs about 2.7 mm lower), and the dashes of 「— N —」 7 mm below the block.
    const gray = await renderPageGray(pdf, p.number, testInfo.outputPath(`page-${p.number}`), 200);
    const mm = (row: number) => (row / gray.dpi) * 25.4;
    let row = 0;
    while (row < gray.height && darkRuns(gray, row).length === 0) row++;
    expect(mm(row), `page ${p.number}: first ink`).toBeGreaterThanOrEqual(37 - 0.3);
    expect(mm(row), `page ${p.number}: first ink`).toBeLessThanOrEqual(37 + 3.5);
    row = Math.round((262.5 / 25.4) * gray.dpi);
    // The dash is the first ink below the block that runs wider (about 4 mm) than a digit's stroke.
    while (row < gray.height && !darkRuns(gray, row).some((r) => r.to - r.from > 3)) row++;
    expect(Math.abs(mm(row) - (262 + 7)), `page ${p.number}: page-number dash at ${mm(row).toFixed(1)} mm`).toBeLessThanOrEqual(1);
  }
});
