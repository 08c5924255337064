import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, openOnPaper, seedTerm, type TestCore } from '../helpers/core.js';

/**
 * What the room screen shows, through the dispatcher on a real SQLite file: the default, the
 * clerk's choices, a poll taking the screen over when it opens, and the lock that stops it.
 */

let t: TestCore;
let changed: number;
beforeEach(async () => {
  t = await makeCore();
  changed = 0;
  t.core.subscribe((event) => {
    if (event === 'projector.changed') changed += 1;
  });
});
afterEach(async () => {
  await t.close();
});

/** 29 serving, 20 present, two agenda items with a decision poll each (drafts). */
async function setup() {
  const { term, members } = await seedTerm(t, 29);
  await t.call('settings.update', { committee: { fullName: '洛阳市人民代表大会常务委员会', shortName: '洛阳市人大常委会', office: '办公厅' } });
  const meeting = await t.call('meeting.create', { termId: term.id, fields: { number: 12, date: '2026-12-14', place: '常委会第一会议室', status: 'ready' } });
  await t.call('attendance.set', { meetingId: meeting.id, memberIds: members.slice(0, 20).map((m) => m.id), status: 'present' });
  const items = [];
  const polls = [];
  for (const title of ['关于批准2026年市级预算调整方案的决议（草案）', '人事任免事项']) {
    const item = await t.call('agenda.create', { meetingId: meeting.id, fields: { kind: 'decision', title, bodyId: null, notes: null, voteKind: 'decision' } });
    items.push(item);
    polls.push(await t.call('poll.create', { agendaItemId: item.id, definition: { kind: 'decision', title, targets: [{ key: 'm', label: '决议草案' }] } }));
  }
  return { term, members, meeting, items, polls };
}

const vote = (v: 'for' | 'against' | 'abstain') => ({ kind: 'decision' as const, marks: { m: [v] } });

describe('the room screen', () => {
  it('shows the title of the meeting in the room, with the committee, the date and 应到 / 实到', async () => {
    expect(await t.call('projector.state', {})).toMatchObject({ view: 'idle', meeting: null, poll: null, result: null });
    const { meeting, items } = await setup();
    const s = await t.call('projector.state', {});
    expect(s).toMatchObject({
      view: 'title',
      pinned: false,
      committee: '洛阳市人民代表大会常务委员会',
      meeting: {
        id: meeting.id,
        title: '洛阳市第十七届人大常委会第十二次会议',
        banner: ['洛阳市第十七届人民代表大会常务委员会', '第十二次会议'],
        dateText: '2026年12月14日',
        place: '常委会第一会议室',
      },
      attendance: { serving: 29, present: 20, required: 15, met: true },
      poll: null,
    });
    expect(s.agenda.map((a) => [a.position, a.title])).toEqual([
      [1, items[0]!.title],
      [2, items[1]!.title],
    ]);
  });

  it('follows a poll that opens after the clerk showed the agenda, and stays on it until released', async () => {
    const { meeting, items, polls } = await setup();
    changed = 0;
    const agenda = await t.call('projector.show', { show: 'agenda', meetingId: meeting.id, currentItemId: items[1]!.id });
    expect(agenda).toMatchObject({ view: 'agenda', currentItemId: items[1]!.id, following: false });
    expect(changed).toBe(1);

    await openOnPaper(t, polls[0]!.id);
    const open = await t.call('projector.state', {});
    expect(open).toMatchObject({ view: 'poll', following: true, poll: { id: polls[0]!.id, status: 'open', serving: 29, present: 20 }, result: null });
    // The item being voted on is the one under way now.
    expect(open.currentItemId).toBe(items[0]!.id);

    for (const v of ['for', 'for', 'against'] as const) await t.call('paperBallot.enter', { pollId: polls[0]!.id, pass: 1, payload: vote(v) });
    await t.call('poll.close', { id: polls[0]!.id });
    const closed = await t.call('projector.state', {});
    expect(closed).toMatchObject({ view: 'poll', poll: { id: polls[0]!.id, status: 'closed', received: 3 } });
    // Sealed but not released: no tally reaches the screen.
    expect(closed.result).toBeNull();
    expect(JSON.stringify(closed)).not.toMatch(/"count"|"verdict"/);

    await t.call('poll.release', { id: polls[0]!.id });
    const released = await t.call('projector.state', {});
    expect(released.result?.pollId).toBe(polls[0]!.id);

    // The clerk moves on: the agenda again, the released poll stays behind.
    expect((await t.call('projector.show', { show: 'agenda', meetingId: meeting.id })).view).toBe('agenda');
    expect((await t.call('projector.state', {})).view).toBe('agenda');
  });

  it('a pinned screen keeps what it shows when a poll opens; unpinning follows the open poll', async () => {
    const { meeting, polls } = await setup();
    await t.call('projector.show', { show: 'title', meetingId: meeting.id });
    expect(await t.call('projector.show', { show: 'pin', pinned: true })).toMatchObject({ view: 'title', pinned: true });
    await openOnPaper(t, polls[0]!.id);
    expect(await t.call('projector.state', {})).toMatchObject({ view: 'title', pinned: true, poll: null });
    // An explicit choice still applies while pinned.
    expect(await t.call('projector.show', { show: 'agenda', meetingId: meeting.id })).toMatchObject({ view: 'agenda', pinned: true });
    expect(await t.call('projector.show', { show: 'pin', pinned: false })).toMatchObject({ view: 'poll', pinned: false, poll: { id: polls[0]!.id } });
  });

  it('pinning a followed poll keeps it when the next one opens', async () => {
    const { meeting, polls } = await setup();
    await t.call('projector.show', { show: 'follow', meetingId: meeting.id });
    expect(await t.call('projector.state', {})).toMatchObject({ view: 'title', pinned: false });
    await openOnPaper(t, polls[0]!.id);
    await t.call('paperBallot.enter', { pollId: polls[0]!.id, pass: 1, payload: vote('for') });
    await t.call('poll.close', { id: polls[0]!.id });
    await t.call('poll.release', { id: polls[0]!.id });
    expect(await t.call('projector.show', { show: 'pin', pinned: true })).toMatchObject({ view: 'poll', pinned: true, poll: { id: polls[0]!.id } });
    await openOnPaper(t, polls[1]!.id);
    expect((await t.call('projector.state', {})).poll?.id).toBe(polls[0]!.id);
    // 跟随表决 unlocks and shows the poll open now.
    expect(await t.call('projector.show', { show: 'follow', meetingId: meeting.id })).toMatchObject({ view: 'poll', pinned: false, poll: { id: polls[1]!.id, status: 'open' } });
  });

  it('showing one poll, then the next poll that opens takes over', async () => {
    const { polls } = await setup();
    expect(await t.call('projector.show', { show: 'poll', pollId: polls[1]!.id })).toMatchObject({ view: 'poll', following: false, poll: { id: polls[1]!.id, status: 'draft' } });
    await openOnPaper(t, polls[0]!.id);
    expect(await t.call('projector.state', {})).toMatchObject({ view: 'poll', following: true, poll: { id: polls[0]!.id } });
  });

  it('refuses what does not exist, in Chinese', async () => {
    const { meeting } = await setup();
    const other = await t.call('meeting.create', { termId: meeting.termId, fields: { number: 13, date: '2027-02-01', place: '常委会第二会议室', status: 'preparing' } });
    const foreign = await t.call('agenda.create', { meetingId: other.id, fields: { kind: 'other', title: '其他', bodyId: null, notes: null, voteKind: null } });
    expect((await t.fail('projector.show', { show: 'poll', pollId: 9999 })).code).toBe('NOT_FOUND');
    expect((await t.fail('projector.show', { show: 'title', meetingId: 9999 })).code).toBe('NOT_FOUND');
    const e = await t.fail('projector.show', { show: 'agenda', meetingId: meeting.id, currentItemId: foreign.id });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('议程');
    expect((await t.fail('projector.show', { show: 'sideshow' })).code).toBe('VALIDATION');
  });
});
