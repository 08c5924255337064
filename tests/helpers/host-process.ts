import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tmp.js';

export const HOST_BUNDLE = path.resolve('dist/host/host.mjs');

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

/** Start the built host (npm run build first) and wait for its `console: ` line. */
export function startHostProcess(dataDir: string, extraArgs: string[] = []): Promise<HostProcess> {
  if (!fs.existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is missing: run npm run build first`);
  const child = spawn(process.execPath, [HOST_BUNDLE, '--data-dir', dataDir, '--port', '0', '--voter-host', '127.0.0.1', '--voter-port', '0', '--static-dir', fakeStaticDir(), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time:\n${out}`)), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
    const onData = () => {
      const m = /^console: (http:\/\/127\.0\.0\.1:(\d+)\/console\/#token=([0-9a-f]+))$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.removeAllListeners('exit');
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
