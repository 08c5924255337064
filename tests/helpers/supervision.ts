import type { Input, Method, Output } from '../../shared/api/contract.js';
import type { OpinionStep } from '../../shared/api/supervision-schemas.js';
import type { TermLevel } from '../../shared/domain/labels.js';
import type { PollDefinitionInput } from '../../shared/domain/polls/definition.js';
import { createCore } from '../../electron/core/core.js';
import { openOnPaper, tempDir, type TestCore } from './core.js';

/** Helpers for the supervision integration tests (issue 9); not a test file itself. */

/** Noon of a local date, so that the core's `today()` is that date in any time zone. */
export function noonOf(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12, 0, 0);
}

export interface ClockedCore extends TestCore {
  /** Move the core's clock to noon of another local date. */
  setToday(date: string): void;
}

/** A core over `dataDir` whose clock reads noon of `today` (a real SQLite file, host mode). */
export async function makeCoreAt(today: string, dataDir = tempDir()): Promise<ClockedCore> {
  const logs: string[] = [];
  let now = noonOf(today);
  const core = await createCore({
    dataDir,
    version: '0.0.0-test',
    platform: { mode: 'host', openFile: async () => false },
    log: (l) => logs.push(l),
    clock: () => new Date(now.getTime()),
  });
  return {
    core,
    dataDir,
    logs,
    setToday(date: string) {
      now = noonOf(date);
    },
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const r = await core.dispatch(method, input, { transport: 'internal' });
      if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { body: r.error });
      return r.value as never;
    },
    async fail(method: string, input: unknown) {
      const r = await core.dispatch(method, input, { transport: 'internal' });
      if (r.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(r.value).slice(0, 200)}`);
      return r.error;
    },
    close: () => core.close(),
  };
}

/** A term of `n` serving members named 委员01…, at the given level. */
export async function seedTermOf(t: TestCore, opts: { n: number; level?: TermLevel; name?: string; prefix?: string }) {
  const term = await t.call('term.create', { name: opts.name ?? '第十七届', level: opts.level ?? 'city', startDate: '2022-01-10', endDate: null });
  const rows = Array.from({ length: opts.n }, (_, i) => ({
    name: `${opts.prefix ?? '委员'}${String(i + 1).padStart(2, '0')}`,
    role: i === 0 ? ('chair' as const) : ('member' as const),
    status: 'serving' as const,
    seatOrder: i + 1,
    note: null,
  }));
  await t.call('member.importCommit', { termId: term.id, rows });
  const members = await t.call('member.list', { termId: term.id });
  return { term, members };
}

/** A meeting of the term with every serving member present (so a poll can open). */
export async function meetingWithAll(t: TestCore, termId: number, number: number, date: string) {
  const m = await t.call('meeting.create', { termId: termId as never, fields: { number, date, place: '第一会议室', status: 'ready' } });
  const members = (await t.call('member.list', { termId: termId as never })).filter((x) => x.status === 'serving');
  await t.call('attendance.set', { meetingId: m.id, memberIds: members.map((x) => x.id), status: 'present' });
  return m;
}

export async function bodyNamed(t: TestCore, name: string, kind: 'government' | 'department' | 'court' | 'committee' = 'department') {
  return t.call('body.create', { name, kind, sortOrder: 0, active: true });
}

export async function agendaItem(t: TestCore, meetingId: number, title: string, bodyId: number | null, voteKind: 'satisfaction' | 'scoring' | null = 'satisfaction') {
  return t.call('agenda.create', { meetingId: meetingId as never, fields: { kind: 'special_report', title, bodyId: bodyId as never, notes: null, voteKind } });
}

export type Opt = 'satisfied' | 'basically' | 'unsatisfied';

/** One satisfaction sheet: a mark per row key. */
export const satSheet = (marks: Record<string, Opt>) => ({ kind: 'satisfaction' as const, marks: Object.fromEntries(Object.entries(marks).map(([k, o]) => [k, [o]])) });
export const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

/** Create a poll on the item, open it on paper (quorum needed), enter the sheets, close and seal it. */
export async function sealPoll(t: TestCore, agendaItemId: number, definition: PollDefinitionInput, sheets: readonly unknown[]) {
  const poll = await t.call('poll.create', { agendaItemId: agendaItemId as never, definition });
  await openOnPaper(t, poll.id);
  for (const payload of sheets) await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: payload as never });
  const sealed = await t.call('poll.close', { id: poll.id });
  return { poll, sealed };
}

/** Record a step with an ordinary actor and reason. */
export async function record(t: TestCore, id: number, step: OpinionStep) {
  return t.call('opinion.record', { id: id as never, step });
}

export const who = {
  approved: (on: string): OpinionStep => ({ kind: 'approved', on, actor: '主任会议', reason: '第十二次主任会议审定' }),
  sent: (on: string, months = 3): OpinionStep => ({ kind: 'sent', months, on, actor: '办公室 李四', reason: '交办市人民政府，抄报市委' }),
  rehearing: (on: string, agendaItemId: number): OpinionStep => ({ kind: 'rehearing', agendaItemId: agendaItemId as never, on, actor: '主任会议', reason: '列入常委会会议议程' }),
  reassigned: (on: string, months = 2): OpinionStep => ({ kind: 'reassigned', months, on, actor: '主任会议', reason: '责令限期整改并再次报告' }),
  consented: (on: string, tool: 'interpellation' | 'investigation'): OpinionStep => ({ kind: 'consented', tool, on, actor: '市委', reason: '同意依法启动' }),
  interpellated: (on: string, movers: number[]): OpinionStep => ({ kind: 'interpellated', movers: movers as never, on, actor: '常委会组成人员', reason: '联名提出质询案' }),
  investigated: (on: string, proposers: number[]): OpinionStep => ({ kind: 'investigated', proposers: proposers as never, on, actor: '常委会组成人员', reason: '提议组织特定问题调查' }),
};

/** A handling report that leaves every problem as it was. */
export async function report(t: TestCore, id: number, on: string, rectifications: { problemId: number; measures: string; status: 'pending' | 'in_progress' | 'done' | 'ongoing' }[] = []) {
  return t.call('opinion.report', {
    id: id as never,
    report: { on, actor: '办公室 李四', reason: '收到研究处理情况报告', summary: null, rectifications: rectifications as never },
  });
}
