import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoadClient, loopbackPort, type Connection } from './load-client.js';

/** The real host, as shipped: dist/host/host.mjs in its own Node process (--host-bundle swaps it for a build to compare). */
export let HOST_BUNDLE = path.resolve('dist/host/host.mjs');
export function useHostBundle(file: string): void {
  HOST_BUNDLE = path.resolve(file);
}

export interface HostOptions {
  dataDir: string;
  /** Host flags after --data-dir (the voter listener is always on 127.0.0.1 here). */
  args?: string[];
  /** Write a V8 CPU profile of the host into this folder (node --cpu-prof). */
  cpuProfDir?: string;
  /** Give up when the console line has not come after this long. */
  startTimeoutMs?: number;
}

export interface Host {
  child: ChildProcess;
  pid: number;
  /** From spawn() to the `console: ` line on stdout. */
  readyMs: number;
  consolePort: number;
  token: string;
  /** http://127.0.0.1:<port>/ of the voter listener, or null with --no-voter. */
  voterUrl: string | null;
  voterPort: number | null;
  output(): string;
  /** POST /api/<method> with the token; returns the value or throws with the error. */
  call<T = unknown>(method: string, input: unknown): Promise<T>;
  /** Peak resident set (VmHWM) of the host process so far, in MB. */
  peakRssMb(): number | null;
  /** SIGTERM and wait for a clean exit (the CPU profile is written then); SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/**
 * A private --static-dir for the host: a stub console page (the benchmark never opens the
 * console in a browser) and, when asked, a copy of the built voter app beside it, where the
 * host looks for it (<static-dir>/../voter). Private, so that a rebuild of dist/ by someone
 * else during the run cannot pull files away from under the host.
 */
export function staticDir(workDir: string, voterApp?: string): string {
  const root = fs.mkdtempSync(path.join(workDir, 'static-'));
  fs.mkdirSync(path.join(root, 'renderer', 'console'), { recursive: true });
  fs.writeFileSync(path.join(root, 'renderer', 'console', 'index.html'), '<!doctype html><title>常委会会务</title>');
  if (voterApp) fs.cpSync(voterApp, path.join(root, 'voter'), { recursive: true });
  return path.join(root, 'renderer');
}

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set of a process so far (Linux), in MB. */
export const vmHwmMb = (pid: number) => procStatusMb(pid, 'VmHWM');
/** Resident set of a process now (Linux), in MB. */
export const vmRssMb = (pid: number) => procStatusMb(pid, 'VmRSS');

export async function startHost(opts: HostOptions): Promise<Host> {
  if (!fs.existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is missing: run node build/build.mjs first`);
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, HOST_BUNDLE, '--data-dir', opts.dataDir, '--port', '0', ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  // Keep only the tail of the log: a long run must not grow memory here.
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));

  const ready = await new Promise<{ readyMs: number; consoleUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host did not start in ${opts.startTimeoutMs ?? 60_000} ms:\n${out}\n${err}`));
    }, opts.startTimeoutMs ?? 60_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}\n${err}`));
    };
    child.once('exit', onExit);
    const onData = () => {
      const m = /^console: (\S+)$/m.exec(out);
      if (!m) return;
      const readyMs = performance.now() - started;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      resolve({ readyMs, consoleUrl: m[1]! });
    };
    child.stdout!.on('data', onData);
  });

  const consoleUrl = new URL(ready.consoleUrl);
  const consolePort = loopbackPort(consoleUrl.origin);
  const token = /#token=([0-9a-f]+)/.exec(ready.consoleUrl)?.[1] ?? '';
  const voterLine = /^voter: (.+)$/m.exec(out)?.[1] ?? null;
  const voterUrl = voterLine?.split(' ').find((u) => u.startsWith('http://127.0.0.1:')) ?? null;

  // The console client is bounded like the load client; seeding 3,000 members takes seconds.
  const consoleClient = new LoadClient({ port: consolePort, deadlineMs: 30 * 60_000, timeoutMs: 120_000 });
  let conn: Connection | null = null;
  const pid = child.pid!;
  return {
    child,
    pid,
    readyMs: ready.readyMs,
    consolePort,
    token,
    voterUrl,
    voterPort: voterUrl ? loopbackPort(voterUrl) : null,
    output: () => `${out}\n${err}`,
    async call(method, input) {
      conn ??= consoleClient.connection();
      const r = await conn.request('POST', `/api/${method}`, { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, JSON.stringify(input));
      if (r.status !== 200) throw new Error(`${method}: HTTP ${r.status} ${r.error ?? ''} ${r.body.slice(0, 300)}`);
      const env = JSON.parse(r.body) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      if (!env.ok) throw new Error(`${method}: ${env.error?.code} ${env.error?.message}`);
      return env.value as never;
    },
    peakRssMb: () => vmHwmMb(pid),
    stop() {
      consoleClient.close();
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
