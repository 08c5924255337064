import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tmp.js';

export const HOST_BUNDLE = path.resolve('dist/host/host.mjs');

/**
 * How long a host may take to print its `console: ` line. A safety net, not a measure: a host
 * that starts at all starts in well under a second on a quiet machine, and this only decides
 * how long a broken start takes to be reported on a machine that is busy with other work.
 */
const START_TIMEOUT_MS = 120_000;

/**
 * Every host this worker has spawned and not yet seen exit. A test that fails or times out
 * must not leave one behind: killAllHosts() runs after each test of the files that start
 * hosts, and the worker kills what is left when it exits or is told to stop.
 */
const running = new Set<ChildProcess>();

function killNow(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function killLeftovers(): void {
  for (const child of running) killNow(child);
}

let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', killLeftovers);
  // vitest stops its workers with SIGTERM, which skips 'exit' handlers: kill the hosts, then
  // die of the same signal as if nothing had been listening.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killLeftovers();
      process.kill(process.pid, signal);
    });
  }
}

/** SIGKILL every host still running and wait until each has exited (use in afterEach). */
export async function killAllHosts(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          killNow(child);
        }),
    ),
  );
}

export interface StartOptions {
  /** The test's signal (vitest's `context.signal`): once it aborts, the host is killed and no new one starts. */
  signal?: AbortSignal;
}

export interface HostProcess {
  child: ChildProcess;
  consoleUrl: string;
  base: string;
  token: string;
  /** Addresses from the `voter: ` line (empty with --no-voter). */
  voterUrls: string[];
  /** The voter listener on 127.0.0.1, without a trailing slash (null with --no-voter or another --voter-host). */
  voterBase: string | null;
  output: () => string;
  call(method: string, input: unknown): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A minimal static folder so process tests do not depend on the renderer build. */
export function fakeStaticDir(): string {
  const dir = tempDir('desk-static-');
  fs.mkdirSync(path.join(dir, 'console'));
  fs.writeFileSync(path.join(dir, 'console', 'index.html'), '<!doctype html><title>常委会会务</title>');
  return dir;
}

/**
 * Start the built host (npm run build first) and wait for its `console: ` line. The host is
 * tracked until it exits; if it does not start, it is killed before the promise rejects.
 */
export function startHostProcess(dataDir: string, extraArgs: string[] = [], opts: StartOptions = {}): Promise<HostProcess> {
  if (!fs.existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is missing: run npm run build first`);
  if (opts.signal?.aborted) return Promise.reject(new Error('host not started: the test has already ended'));
  hookExit();
  const child = spawn(process.execPath, [HOST_BUNDLE, '--data-dir', dataDir, '--port', '0', '--voter-host', '127.0.0.1', '--voter-port', '0', '--static-dir', fakeStaticDir(), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const onAbort = () => killNow(child);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  child.once('exit', () => opts.signal?.removeEventListener('abort', onAbort));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    // 'close', not 'exit': it comes after the pipes are drained, so the message is complete.
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code ?? signal}:\n${out}`));
    };
    const timer = setTimeout(() => {
      child.off('close', onExit);
      killNow(child);
      reject(new Error(`host did not start within ${START_TIMEOUT_MS / 1000} s:\n${out}`));
    }, START_TIMEOUT_MS);
    child.on('close', onExit);
    const onData = () => {
      const m = /^console: (http:\/\/127\.0\.0\.1:(\d+)\/console\/#token=([0-9a-f]+))$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('close', onExit);
      const base = `http://127.0.0.1:${m[2]}`;
      const token = m[3]!;
      // host.ts prints `voter: <urls>` before `console: <url>`, so it is already here.
      const voterUrls = /^voter: (.+)$/m.exec(out)?.[1]!.trim().split(/\s+/) ?? [];
      const loopback = voterUrls.find((u) => u.startsWith('http://127.0.0.1:'));
      resolve({
        child,
        consoleUrl: m[1]!,
        base,
        token,
        voterUrls,
        voterBase: loopback ? loopback.replace(/\/$/, '') : null,
        output: () => out,
        async call(method, input) {
          const res = await fetch(`${base}/api/${method}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(input),
          });
          return (await res.json()) as never;
        },
        kill(signal = 'SIGKILL') {
          return new Promise((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r();
            child.once('exit', () => r());
            child.kill(signal);
          });
        },
      });
    };
    child.stdout!.on('data', onData);
  });
}

/** Resident set size of a process in MB, from /proc/<pid>/status (Linux), or null when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
