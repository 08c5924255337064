import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors.js';

export const LOCK_FILE_NAME = 'committee-desk.lock';

export interface DataLock {
  release(): void;
}

/** True while a process with this id runs (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One program per data folder: the desktop app and host mode default to the same folder, and
 * two cores on one database would each take the other's open work for abandoned (an export
 * under way, a poll's staging). The lock names its process; a lock whose process is gone (a
 * crash, a power cut) is taken over. The same process may open its folder again (tests).
 */
export function lockDataDir(dataDir: string): DataLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      return {
        release() {
          try {
            if (fs.readFileSync(file, 'utf8') === mine) fs.rmSync(file, { force: true });
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let pid = NaN;
    try {
      pid = Number((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown }).pid);
    } catch {
      // unreadable: a lock cut short by a crash
    }
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new AppError('CONFLICT', `数据文件夹 ${dataDir} 正由另一个会务程序使用（进程 ${pid}）。请先关闭那个程序，或用 --data-dir 指定另一个文件夹。`);
    }
    fs.rmSync(file, { force: true });
  }
  throw new AppError('CONFLICT', `无法锁定数据文件夹 ${dataDir}，请稍后再试。`);
}
