import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, lockDataDir } from '../../electron/core/data-lock.js';
import { makeCore, tempDir } from '../helpers/core.js';

/** One program per data folder (electron/core/data-lock.ts). */
describe('data folder lock', () => {
  it('is taken by a core and released when it closes', async () => {
    const dir = tempDir();
    const t = await makeCore(dir);
    const lock = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    await t.close();
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('refuses a folder another running process holds, in Chinese, and takes over a lock whose process is gone', async () => {
    const dir = tempDir();
    // A real other process that holds the lock while it runs.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await new Promise<void>((resolve) => child.once('spawn', () => resolve()));
      fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: child.pid, startedAt: new Date().toISOString() }));
      expect(() => lockDataDir(dir)).toThrow(/正由另一个会务程序使用（进程 \d+）/);
      // Nothing of the other program's was touched.
      expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(child.pid);
    } finally {
      child.kill('SIGKILL');
      await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    }
    // Its process is gone (as after a crash): the next core takes the folder.
    const t = await makeCore(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    await t.close();
  });
});
