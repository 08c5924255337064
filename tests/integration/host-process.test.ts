import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { MIGRATIONS } from '../../db/migrations/index.js';
import { killAllHosts, startHostProcess } from '../helpers/host-process.js';
import { tempDir } from '../helpers/tmp.js';

/** Several host starts per test: a safety net for a busy machine, not a speed limit. */
const TIMEOUT = { timeout: 180_000 };

afterEach(killAllHosts);

describe('host process', () => {
  it('loses nothing acknowledged when SIGKILLed right after each save, and never migrates twice', TIMEOUT, async ({ signal }) => {
    const dataDir = tempDir('desk-kill-');
    let host = await startHostProcess(dataDir, [], { signal });
    for (const name of Object.keys(MIGRATIONS)) expect(host.output()).toContain(`migration applied: ${name}`);
    const term = await host.call('term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
    expect(term.ok).toBe(true);
    await host.kill();
    const saved: string[] = [];
    for (let round = 0; round < 5; round++) {
      host = await startHostProcess(dataDir, [], { signal });
      expect(host.output()).not.toContain('migration applied');
      const name = `委员${round}`;
      const r = await host.call('member.create', { termId: term.value.id, fields: { name, role: 'member', status: 'serving', seatOrder: round + 1, note: null } });
      expect(r.ok).toBe(true);
      saved.push(name);
      // No grace period: the acknowledgement is the promise that the row is on disk.
      await host.kill('SIGKILL');
    }
    host = await startHostProcess(dataDir, [], { signal });
    const members = await host.call('member.list', { termId: term.value.id });
    expect(members.value.map((m: { name: string }) => m.name)).toEqual(saved);
    await host.kill('SIGTERM');
    const raw = new BetterSqlite3(path.join(dataDir, 'committee-desk.sqlite'), { readonly: true });
    expect(raw.prepare('SELECT name FROM schema_migration ORDER BY name').all()).toEqual(Object.keys(MIGRATIONS).map((name) => ({ name })));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });

  it('refuses a database written by newer code with a clear message', TIMEOUT, async ({ signal }) => {
    const dataDir = tempDir('desk-new-');
    const host = await startHostProcess(dataDir, [], { signal });
    await host.kill('SIGTERM');
    const raw = new BetterSqlite3(path.join(dataDir, 'committee-desk.sqlite'));
    raw.prepare("INSERT INTO schema_migration (name, applied_at) VALUES ('9999_future', 'x')").run();
    raw.close();
    const err = await startHostProcess(dataDir, [], { signal }).catch((e: Error) => e.message);
    expect(err).toContain('更新版本的程序');
  });
});

describe('npm run verify on the demo data', () => {
  it('reports every demo result as matching', TIMEOUT, async ({ signal }) => {
    const dataDir = tempDir('desk-demo-verify-');
    const host = await startHostProcess(dataDir, ['--demo'], { signal });
    await host.kill('SIGTERM');
    const out = execFileSync(process.execPath, ['dist/host/verify.mjs', '--data-dir', dataDir], { encoding: 'utf8', timeout: 120_000 });
    // Three polls of the demo meeting 27, and the satisfaction polls of meetings 25 and 26 that rated review opinions.
    expect(out.match(/^ok +poll \d+/gm)).toHaveLength(5);
    expect(out.trim().split('\n').at(-1)).toBe('verified 5 results, 0 mismatches');
  });
});
