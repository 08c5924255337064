import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { staticDir, startHost } from './host-process.js';
import { RATE_PER_ADDRESS } from './vote-burst.js';
import { median } from './stats.js';

/**
 * The voter app as a member's browser gets it: bytes over the wire (gzipped) and the time from
 * navigation start to a ballot sheet that can be tapped, in Chromium over loopback.
 */

/** The first option button of an open poll's sheet (renderer/voter/sheet-view.ts). */
export const DEFAULT_SELECTOR = 'button[data-option]';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface VoterPageResult {
  gzip_kb: number | null;
  interactive_ms: number | null;
  runs_ms: number[];
  /** What the page loaded (path, bytes, gzipped bytes), from the first run. */
  files: { path: string; bytes: number; gzip: number }[];
  note: string | null;
}

function gzipSize(buf: Buffer): number {
  return zlib.gzipSync(buf).length;
}

/** Fallback when no browser run happened: every shipped file of dist/voter except source maps. */
function filesOnDisk(dir: string): { path: string; bytes: number; gzip: number }[] {
  const out: { path: string; bytes: number; gzip: number }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (!e.name.endsWith('.map')) {
        const buf = fs.readFileSync(full);
        out.push({ path: path.relative(dir, full), bytes: buf.length, gzip: gzipSize(buf) });
      }
    }
  };
  walk(dir);
  return out;
}

export async function voterPage(workDir: string, opts: { runs: number; selector: string; log: (l: string) => void }): Promise<VoterPageResult> {
  if (!fs.existsSync(path.join(path.resolve('dist/voter'), 'index.html'))) {
    return { gzip_kb: null, interactive_ms: null, runs_ms: [], files: [], note: 'dist/voter/index.html is missing: the voter app is not built yet' };
  }
  const renderer = staticDir(workDir, path.resolve('dist/voter'));
  const voterDir = path.join(renderer, '..', 'voter');

  const dataDir = fs.mkdtempSync(path.join(workDir, 'voter-page-'));
  const host = await startHost({ dataDir, args: ['--voter-host', '127.0.0.1', '--voter-port', '0', '--voter-rate-per-address', String(RATE_PER_ADDRESS), '--static-dir', renderer] });
  let browser: import('playwright-core').Browser | null = null;
  try {
    const term = await host.call<{ id: number }>('term.create', { name: '第十七届', level: 'city', startDate: '2022-01-08', endDate: null });
    const rows = Array.from({ length: 45 }, (_, i) => ({ name: `委员${String(i + 1).padStart(2, '0')}`, role: i === 0 ? 'chair' : 'member', status: 'serving', seatOrder: i + 1, note: null }));
    await host.call('member.importCommit', { termId: term.id, rows });
    const members = await host.call<{ id: number }[]>('member.list', { termId: term.id });
    const meeting = await host.call<{ id: number }>('meeting.create', { termId: term.id, fields: { number: 12, date: '2026-06-20', place: '第一会议室', status: 'ready' } });
    await host.call('attendance.set', { meetingId: meeting.id, memberIds: members.map((m) => m.id), status: 'present' });
    const item = await host.call<{ id: number }>('agenda.create', { meetingId: meeting.id, fields: { kind: 'opinion_handling_report', title: '审议意见研究处理情况的报告', bodyId: null, notes: null, voteKind: 'satisfaction' } });
    const poll = await host.call<{ id: number }>('poll.create', {
      agendaItemId: item.id,
      definition: { kind: 'satisfaction', title: '九个部门满意度测评', targets: Array.from({ length: 9 }, (_, i) => ({ key: `d${i + 1}`, label: `部门${i + 1}` })) },
    });
    await host.call('poll.open', { id: poll.id });
    const codes = (await host.call<{ rows: { code: string | null }[] }>('credential.list', { meetingId: meeting.id })).rows.map((r) => r.code!).filter(Boolean);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const runs: number[] = [];
    let files: { path: string; bytes: number; gzip: number }[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const context = await browser.newContext({ viewport: { width: 800, height: 1280 } });
      const page = await context.newPage();
      // Watch the DOM from the first byte: the moment the first option button exists and is enabled.
      await page.addInitScript((selector: string) => {
        const w = window as unknown as { __interactiveAt?: number };
        const check = () => {
          if (w.__interactiveAt !== undefined) return;
          const b = document.querySelector(selector) as HTMLButtonElement | null;
          if (b && !b.disabled) {
            w.__interactiveAt = performance.now();
            obs.disconnect();
          }
        };
        const obs = new MutationObserver(check);
        obs.observe(document, { subtree: true, childList: true, attributes: true });
      }, opts.selector);
      const loaded: Promise<{ path: string; bytes: number; gzip: number } | null>[] = [];
      if (i === 0) {
        page.on('response', (res) => {
          const u = new URL(res.url());
          if (u.pathname.startsWith('/v1/') || res.status() !== 200) return;
          loaded.push(res.body().then((b) => ({ path: u.pathname, bytes: b.length, gzip: gzipSize(b) }), () => null));
        });
      }
      await page.goto(`${host.voterUrl!.replace(/\/$/, '')}/vote/#c=${codes[i % codes.length]}`);
      const at = await page.waitForFunction(() => (window as unknown as { __interactiveAt?: number }).__interactiveAt, undefined, { timeout: 20_000 }).then((h) => h.jsonValue());
      runs.push(Number(at));
      if (i === 0) await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
      if (i === 0) files = (await Promise.all(loaded)).filter((f): f is { path: string; bytes: number; gzip: number } => f !== null);
      await context.close();
    }
    return { gzip_kb: files.reduce((s, f) => s + f.gzip, 0) / 1024, interactive_ms: median(runs), runs_ms: runs, files, note: null };
  } catch (err) {
    opts.log(`  voter page: ${(err as Error).message.split('\n')[0]}`);
    const files = filesOnDisk(voterDir);
    return { gzip_kb: files.reduce((s, f) => s + f.gzip, 0) / 1024, interactive_ms: null, runs_ms: [], files, note: `browser run failed (${(err as Error).message.split('\n')[0]}); gzip_kb is from the files on disk` };
  } finally {
    await browser?.close();
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
