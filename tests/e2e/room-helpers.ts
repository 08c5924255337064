import type { Page } from '@playwright/test';
import { expect, type Host } from './fixtures.js';

/**
 * Seeding and layout checks shared by the room screen specs (projector, room-screen, room):
 * contract calls over HTTP, a term of 29 with 20 present, agenda items, paper polls run to
 * release, and the parts of the screen that stick out of the window.
 */

/** Calls a contract method with the console token and returns its value, throwing on an error envelope. */
export async function call<T>(host: Host, method: string, input: unknown = {}): Promise<T> {
  const env = await host.call<T>(method, input);
  if (!env.ok) throw new Error(`${method} failed: ${env.error.code} ${env.error.message}`);
  return env.value;
}

/** How the meeting seeded by seedMeeting differs between specs. */
export interface MeetingSeed {
  /** The meeting's date, YYYY-MM-DD. */
  date: string;
  /** Where the meeting is held. */
  place: string;
  /** How many members after the chair (seats 2, 3, …) are vice chairs; 0 by default. */
  viceChairs?: number;
  /** The committee's names, written to the settings before the term is made; left alone when absent. */
  committee?: { fullName: string; shortName: string; office: string };
}

/** A term (第十七届) of 29 serving members and its twelfth meeting, with the first 20 members present. */
export async function seedMeeting(host: Host, seed: MeetingSeed): Promise<{ meetingId: number }> {
  if (seed.committee) await call(host, 'settings.update', { committee: seed.committee });
  const term = await call<{ id: number }>(host, 'term.create', { name: '第十七届', level: 'city', startDate: '2022-01-10', endDate: null });
  const viceChairs = seed.viceChairs ?? 0;
  const rows = Array.from({ length: 29 }, (_, i) => ({
    name: `委员${String(i + 1).padStart(2, '0')}`,
    role: i === 0 ? 'chair' : i <= viceChairs ? 'vice_chair' : 'member',
    status: 'serving',
    seatOrder: i + 1,
    note: null,
  }));
  expect(await call<{ created: number }>(host, 'member.importCommit', { termId: term.id, rows })).toEqual({ created: 29 });
  const members = await call<{ id: number }[]>(host, 'member.list', { termId: term.id });
  const meeting = await call<{ id: number }>(host, 'meeting.create', {
    termId: term.id,
    fields: { number: 12, date: seed.date, place: seed.place, status: 'ready' },
  });
  await call(host, 'attendance.set', { meetingId: meeting.id, memberIds: members.slice(0, 20).map((m) => m.id), status: 'present' });
  return { meetingId: meeting.id };
}

/** Adds an agenda item to the meeting and returns its id. */
export async function addItem(host: Host, meetingId: number, kind: string, title: string, voteKind: string | null): Promise<number> {
  const item = await call<{ id: number }>(host, 'agenda.create', { meetingId, fields: { kind, title, bodyId: null, notes: null, voteKind } });
  return item.id;
}

/** Hands a paper sheet to every member present who has not voted: sheets are entered only after that. */
export async function handOutAll(host: Host, pollId: number): Promise<void> {
  const { eligible } = await call<{ eligible: { memberId: number }[] }>(host, 'paperBallot.status', { pollId });
  await call(host, 'paperBallot.handOut', { pollId, memberIds: eligible.map((m) => m.memberId) });
}

/** Opens a draft poll, hands out and enters the sheets, then closes and releases it. */
export async function runPoll(host: Host, pollId: number, payloads: unknown[]): Promise<void> {
  await call(host, 'poll.open', { id: pollId });
  await handOutAll(host, pollId);
  for (const payload of payloads) await call(host, 'paperBallot.enter', { pollId, pass: 1, payload });
  await call(host, 'poll.close', { id: pollId });
  await call(host, 'poll.release', { id: pollId });
}

/** Class names of the elements matching `selectors` that stick out of the window at the bottom, right or left. */
export async function cutOff(page: Page, selectors: readonly string[]): Promise<string[]> {
  return page.evaluate((selector) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const r = el.getBoundingClientRect();
      if (r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5 || r.left < -0.5) out.push(el.className);
    }
    return out;
  }, selectors.join(', '));
}
