import { tempDir } from './tmp.js';
import type { Input, Method, Output } from '../../shared/api/contract.js';
import type { ErrorBody } from '../../shared/api/errors.js';
import { createCore } from '../../electron/core/core.js';
import type { Core } from '../../electron/core/core-types.js';


export { tempDir };

export interface TestCore {
  core: Core;
  dataDir: string;
  logs: string[];
  /** Call through the dispatcher and return the value; throws with the error body on failure. */
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Call and expect a failure; returns the error body. */
  fail(method: string, input: unknown): Promise<ErrorBody>;
  close(): Promise<void>;
}

export async function makeCore(dataDir = tempDir()): Promise<TestCore> {
  const logs: string[] = [];
  const core = await createCore({
    dataDir,
    version: '0.0.0-test',
    platform: { mode: 'host', openFile: async () => false },
    log: (l) => logs.push(l),
  });
  return {
    core,
    dataDir,
    logs,
    async call(method, input) {
      const r = await core.dispatch(method, input, { transport: 'internal' });
      if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { body: r.error });
      return r.value as never;
    },
    async fail(method, input) {
      const r = await core.dispatch(method, input, { transport: 'internal' });
      if (r.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(r.value).slice(0, 200)}`);
      return r.error;
    },
    close: () => core.close(),
  };
}

/** A term with `n` serving members (1 主任, then 副主任 ×2, 秘书长, 委员). */
export async function seedTerm(t: TestCore, n = 29, name = '第十七届') {
  const term = await t.call('term.create', { name, level: 'city', startDate: '2022-01-10', endDate: null });
  const rows = Array.from({ length: n }, (_, i) => ({
    name: `委员${String(i + 1).padStart(2, '0')}`,
    role: i === 0 ? ('chair' as const) : i < 3 ? ('vice_chair' as const) : i === 3 ? ('secretary_general' as const) : ('member' as const),
    status: 'serving' as const,
    seatOrder: i + 1,
    note: null,
  }));
  await t.call('member.importCommit', { termId: term.id, rows });
  const members = await t.call('member.list', { termId: term.id });
  return { term, members };
}

/**
 * Open a poll and hand a paper sheet to every member present, as a clerk does when a vote is
 * taken on paper: only sheets handed to named members can be entered.
 */
export async function openOnPaper(t: TestCore, pollId: number) {
  await t.call('poll.open', { id: pollId as never });
  const { eligible } = await t.call('paperBallot.status', { pollId: pollId as never });
  return t.call('paperBallot.handOut', { pollId: pollId as never, memberIds: eligible.map((m) => m.memberId) });
}
