import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';

export { expect } from '@playwright/test';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const HOST_BUNDLE = path.join(REPO_ROOT, 'dist', 'host', 'host.mjs');

export interface HostOptions {
  /** Reuse a data folder (restart tests); by default a fresh temp folder is made and removed on stop. */
  dataDir?: string;
  /** Start with the demo data loaded (`--demo`). */
  demo?: boolean;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Extra CLI arguments for host.mjs. */
  args?: string[];
}

export interface Host {
  /** `http://127.0.0.1:PORT/…#token=…`, exactly as printed by the host. */
  consoleUrl: string;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** The voter listener, `http://127.0.0.1:PORT` (member devices; /vote/ and /v1/). */
  voterBaseUrl: string;
  token: string;
  dataDir: string;
  pid: number;
  /** Everything the host wrote to stdout and stderr so far. */
  output(): string;
  /** Call a contract method over HTTP with the console token (for seeding and checks). */
  call<T = unknown>(method: string, input?: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  /** Graceful shutdown (SIGTERM, SIGKILL after 10 s); removes the data folder if startHost made it. */
  stop(): Promise<void>;
  /** Send a signal (default SIGKILL) and wait for the process to end; keeps the data folder. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

/** Start `node dist/host/host.mjs` on a free port and wait for its `console: ` line. */
export async function startHost(opts: HostOptions = {}): Promise<Host> {
  if (!fs.existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is missing: run \`npm run build\` first`);
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await fs.promises.mkdtemp(path.join(os.tmpdir(), 'desk-e2e-')));
  const args = [HOST_BUNDLE, '--data-dir', dataDir, '--port', String(opts.port ?? 0), '--voter-host', '127.0.0.1', '--voter-port', '0', ...(opts.demo ? ['--demo'] : []), ...(opts.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });

  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const removeDir = async () => {
    if (ownDir) await fs.promises.rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  };

  let consoleUrl: string;
  try {
    consoleUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host printed no "console: " line within ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`host exited (${signal ?? code}) before it was ready:\n${out}`));
      });
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const match = /^console: (\S+)$/m.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
  } catch (err) {
    if (running()) child.kill('SIGKILL');
    await removeDir();
    throw err;
  }

  // The voter listener is bound to 127.0.0.1 in tests; its line comes before the console line.
  const voterBaseUrl = /^voter: (?:\S+ )*(http:\/\/127\.0\.0\.1:\d+)\/?/m.exec(out)?.[1] ?? '';
  const url = new URL(consoleUrl);
  const token = /token=([^&]+)/.exec(url.hash)?.[1] ?? '';
  const baseUrl = url.origin;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!running()) return;
    child.kill(signal);
    await exited;
  };

  return {
    consoleUrl,
    baseUrl,
    voterBaseUrl,
    token,
    dataDir,
    pid: child.pid!,
    output: () => out,
    async call(method, input = {}) {
      const res = await fetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await res.json()) as never;
    },
    async stop() {
      if (running()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => running() && child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await removeDir();
    },
    kill,
  };
}

/**
 * `host`: a fresh host-mode server with its own data folder for each test.
 * `test.use({ demo: true })` starts it with the demo data.
 */
export const test = base.extend<{ demo: boolean; host: Host }>({
  demo: [false, { option: true }],
  host: async ({ demo }, use, testInfo) => {
    const host = await startHost({ demo });
    try {
      await use(host);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('host-output.txt', { body: host.output(), contentType: 'text/plain' });
      await host.stop();
    }
  },
});

/**
 * Press a button in the open confirmation dialog and wait until the dialog is gone. A click
 * that lands while antd's dialog is still opening can be swallowed (seen once in CI on a busy
 * machine): then the button is pressed again, as a clerk would.
 */
export async function confirmInDialog(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name }) });
  await expect(dialog).toBeVisible();
  await expect(async () => {
    if (await dialog.isVisible()) await dialog.getByRole('button', { name }).click({ timeout: 2_000 });
    await expect(dialog).toBeHidden({ timeout: 2_000 });
  }).toPass();
}
