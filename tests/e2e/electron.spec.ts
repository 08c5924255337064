import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test } from '@playwright/test';
import { REPO_ROOT } from './fixtures.js';

/**
 * The Electron binary, found the way build/start.mjs finds it. Never require('electron'):
 * with the binary missing, its index.js starts a download.
 */
function findElectron(): string | null {
  const pkg = path.join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const fallback = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, relative || fallback) : relative ? path.join(pkg, 'dist', relative) : null;
  return candidate && fs.existsSync(candidate) ? candidate : null;
}

const electronPath = findElectron();
const SKIP_REASON = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); Electron tests skipped';

test('the desktop window shows the console and talks to the core over IPC', async () => {
  if (!electronPath) {
    // The list reporter does not print skip reasons; say it once, plainly.
    console.log(SKIP_REASON);
    test.skip(true, SKIP_REASON);
    return;
  }
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'desk-electron-'));
  const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  // Launch the app folder (not main.cjs) so Electron reads package.json like the packaged app does.
  const args = [REPO_ROOT, `--data-dir=${dataDir}`];
  // Chromium refuses its own sandbox as root (CI containers); the renderer stays isolated.
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  const app = await _electron.launch({ executablePath: electronPath!, args, cwd: REPO_ROOT, timeout: 30_000 });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://console/console/index.html');
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
    expect(title).toContain('常委会会务');
    await expect(page.getByText('常委会会务').first()).toBeVisible();

    // The preload bridge exists and nothing of Node leaks into the page.
    const globals = await page.evaluate(() => ({
      call: typeof window.desk?.call,
      on: typeof window.desk?.on,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(globals).toEqual({ call: 'function', on: 'function', require: 'undefined', process: 'undefined' });

    const info = await page.evaluate(() => window.desk!.call('app.info', {}));
    expect(info.ok).toBe(true);
    const value = (info as { ok: true; value: { mode: string; dataDir: string; version: string; dbFile: string } }).value;
    expect(value.mode).toBe('electron');
    expect(value.version).toBe(version);
    expect(fs.realpathSync(value.dataDir)).toBe(fs.realpathSync(dataDir));
    expect(fs.existsSync(value.dbFile)).toBe(true);

    // A malformed call is answered with an envelope, not a crash.
    const bad = await page.evaluate(() => window.desk!.call('no.such', {}));
    expect(bad).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });

    // The console is served with the CSP, and popups are refused.
    const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    expect(await page.evaluate(() => window.open('https://example.org') === null)).toBe(true);
  } finally {
    await app.close();
    await fs.promises.rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  }
});
