import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVoterServer, type VoterServer } from '../../electron/server/voter-server.js';
import { cardCodeFrom } from '../../shared/domain/sign-in.js';
import { makeCore, seedTerm, tempDir, type TestCore } from '../helpers/core.js';
import { voterRequest } from '../helpers/voter.js';

let t: TestCore;

beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

async function setup(serving = 45) {
  const { term, members } = await seedTerm(t, serving);
  const meeting = await t.call('meeting.create', { termId: term.id, fields: { number: 7, date: '2026-12-14', place: '常委会会议室', status: 'ready' } });
  const cards = (await t.call('credential.issue', { meetingId: meeting.id })).rows;
  const codeOf = (memberId: number) => cards.find((c) => c.memberId === memberId)!.code!;
  return { term, members, meeting, cards, codeOf };
}

/** Every byte that attendance and attendees hold, to show that a refusal changed nothing. */
function snapshot(dbFile: string) {
  const raw = new BetterSqlite3(dbFile, { readonly: true });
  try {
    return JSON.stringify([raw.prepare('SELECT * FROM attendance ORDER BY member_id').all(), raw.prepare('SELECT * FROM attendee ORDER BY id').all(), raw.prepare('SELECT id, status FROM credential ORDER BY id').all()]);
  } finally {
    raw.close();
  }
}

describe('card codes', () => {
  it('are read from what a scanner or a clerk types', () => {
    expect(cardCodeFrom('7KQ3-M9PX')).toBe('7KQ3M9PX');
    expect(cardCodeFrom(' 7kq3 m9px\n')).toBe('7KQ3M9PX');
    expect(cardCodeFrom('７ＫＱ３－Ｍ９ＰＸ')).toBe('7KQ3M9PX');
    expect(cardCodeFrom('http://10.0.0.2:8081/vote/#c=7KQ3M9PX')).toBe('7KQ3M9PX');
    // A scanner with Caps Lock on inverts the case of everything it types.
    expect(cardCodeFrom('HTTP://10.0.0.2:8081/VOTE/#C=7kq3m9px')).toBe('7KQ3M9PX');
    expect(cardCodeFrom('7KQ3-M9P')).toBeNull();
    expect(cardCodeFrom('7KQ3-M9P0')).toBeNull(); // 0 is not in the alphabet
    expect(cardCodeFrom('')).toBeNull();
  });
});

describe('the sign-in desk', () => {
  it('signs members in by card code, flips the quorum at the right count, and ignores a second scan', async () => {
    const { members, meeting, codeOf } = await setup(45);
    expect((await t.call('attendance.list', { meetingId: meeting.id })).quorum).toMatchObject({ serving: 45, present: 0, required: 23, met: false });
    const typed = (i: number) => {
      const c = codeOf(members[i]!.id);
      // Typed three ways: as printed, in lower case with a space, as the QR code's address.
      return i % 3 === 0 ? `${c.slice(0, 4)}-${c.slice(4)}` : i % 3 === 1 ? `${c.slice(0, 4).toLowerCase()} ${c.slice(4)}` : `http://192.168.1.10:8081/vote/#c=${c}`;
    };
    for (let i = 0; i < 22; i++) {
      const r = await t.call('attendance.signIn', { meetingId: meeting.id, code: typed(i) });
      expect(r).toMatchObject({ already: false, previous: null, row: { memberId: members[i]!.id, status: 'present', method: 'card' } });
      expect(r.quorum).toMatchObject({ present: i + 1, met: false });
    }
    const flip = await t.call('attendance.signIn', { meetingId: meeting.id, code: typed(22) });
    expect(flip.quorum).toMatchObject({ present: 23, required: 23, met: true });
    expect((await t.call('meeting.get', { id: meeting.id })).quorum.met).toBe(true);

    const before = snapshot(t.core.dbFile);
    const again = await t.call('attendance.signIn', { meetingId: meeting.id, code: typed(5) });
    expect(again).toMatchObject({ already: true, previous: null, quorum: { present: 23 } });
    expect(snapshot(t.core.dbFile)).toBe(before);
  });

  it('refuses unknown, malformed, revoked and other meetings’ cards in Chinese and changes nothing', async () => {
    const { term, members, meeting, codeOf } = await setup(10);
    const other = await t.call('meeting.create', { termId: term.id, fields: { number: 8, date: '2026-12-28', place: '常委会会议室', status: 'preparing' } });
    const otherCards = (await t.call('credential.issue', { meetingId: other.id })).rows;
    const lost = codeOf(members[1]!.id);
    await t.call('credential.reissue', { meetingId: meeting.id, memberId: members[1]!.id });
    const before = snapshot(t.core.dbFile);
    const cases: [string, string, RegExp][] = [
      ['ABCD', 'VALIDATION', /8 位/],
      ['<script>', 'VALIDATION', /8 位/],
      ['2222-2222', 'NOT_FOUND', /没有签到码为 2222-2222 的签到卡/],
      [lost, 'STATE', /已作废/],
      [otherCards[0]!.code!, 'STATE', /第八次会议.*不是本次会议的/],
    ];
    for (const [code, err, message] of cases) {
      const e = await t.fail('attendance.signIn', { meetingId: meeting.id, code });
      expect([e.code, e.message], code).toEqual([err, expect.stringMatching(message)]);
    }
    expect(snapshot(t.core.dbFile)).toBe(before);
    await t.call('meeting.update', { id: meeting.id, fields: { number: 7, date: '2026-12-14', place: '常委会会议室', status: 'closed' } });
    expect((await t.fail('attendance.signIn', { meetingId: meeting.id, code: codeOf(members[0]!.id) })).message).toMatch(/闭会/);
  });

  it('turns 请假 into present on a scan, and records 代签 only with a reason', async () => {
    const { members, meeting, codeOf } = await setup(10);
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: [members[0]!.id], status: 'leave', note: '因公出差' });
    let rows = (await t.call('attendance.list', { meetingId: meeting.id })).rows;
    expect(rows[0]).toMatchObject({ status: 'leave', method: 'clerk', note: '因公出差' });
    const r = await t.call('attendance.signIn', { meetingId: meeting.id, code: codeOf(members[0]!.id) });
    expect(r).toMatchObject({ already: false, previous: 'leave', row: { status: 'present', method: 'card', note: null } });

    expect((await t.fail('attendance.set', { meetingId: meeting.id, memberIds: [members[1]!.id], status: 'present', proxy: true })).message).toMatch(/代签请填写原因/);
    expect((await t.fail('attendance.set', { meetingId: meeting.id, memberIds: [members[1]!.id], status: 'leave', proxy: true, note: '忘带卡' })).message).toMatch(/代签只能登记为出席/);
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: [members[1]!.id], status: 'present', proxy: true, note: '签到卡遗忘在办公室' });
    rows = (await t.call('attendance.list', { meetingId: meeting.id })).rows;
    expect(rows[1]).toMatchObject({ status: 'present', method: 'proxy', note: '签到卡遗忘在办公室' });
    expect((await t.call('attendance.list', { meetingId: meeting.id })).quorum.present).toBe(2);

    // 全部出席 afterwards keeps how and when each present member was recorded.
    const before = snapshot(t.core.dbFile);
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: members.slice(0, 2).map((m) => m.id), status: 'present' });
    expect(snapshot(t.core.dbFile)).toBe(before);
    rows = (await t.call('attendance.list', { meetingId: meeting.id })).rows;
    expect(rows.slice(0, 2)).toMatchObject([{ method: 'card' }, { method: 'proxy', note: '签到卡遗忘在办公室' }]);

    // A reason must be visible text on one line.
    for (const note of ['\u200b', '\u200b\u200c\ufeff', '\ud800x', '第一行\n第二行']) {
      const e = await t.fail('attendance.set', { meetingId: meeting.id, memberIds: [members[2]!.id], status: 'present', proxy: true, note });
      expect(e.code, JSON.stringify(note)).toBe('VALIDATION');
    }
    expect(snapshot(t.core.dbFile)).toBe(before);
  });

  it('says when a member signs in while a poll is open, makes cards only for serving members of a meeting still open, and offers no new round once closed', async () => {
    const { term, members, meeting, codeOf } = await setup(10);
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: members.slice(0, 6).map((m) => m.id), status: 'present' });
    const item = await t.call('agenda.create', { meetingId: meeting.id, fields: { kind: 'decision', title: '关于某事项的决定', bodyId: null, notes: null, voteKind: 'decision' } });
    const poll = await t.call('poll.create', { agendaItemId: item.id, definition: { kind: 'decision', title: '关于某事项的决定（草案）', targets: [{ key: 'm', label: '决定草案' }] } });
    expect((await t.call('attendance.signIn', { meetingId: meeting.id, code: codeOf(members[6]!.id) })).lateFor).toBeNull();
    await t.call('poll.open', { id: poll.id });
    expect((await t.call('attendance.signIn', { meetingId: meeting.id, code: codeOf(members[7]!.id) })).lateFor).toBe('关于某事项的决定（草案）');

    const other = await t.call('term.create', { name: '第十六届', level: 'city', startDate: '2017-01-10', endDate: '2021-12-31' });
    const outsider = await t.call('member.create', { termId: other.id, fields: { name: '外届委员', role: 'member', status: 'serving', seatOrder: 1, note: null } });
    expect((await t.fail('credential.issue', { meetingId: meeting.id, memberIds: [outsider.id] })).code).toBe('VALIDATION');
    // Once the meeting is closed, its released poll offers no new round either.
    await t.call('paperBallot.handOut', { pollId: poll.id, memberIds: [members[0]!.id] });
    await t.call('paperBallot.enter', { pollId: poll.id, pass: 1, payload: { kind: 'decision', marks: { m: ['for'] } } });
    await t.call('poll.close', { id: poll.id });
    await t.call('meeting.update', { id: meeting.id, fields: { number: 7, date: '2026-12-14', place: '常委会会议室', status: 'closed' } });
    expect((await t.fail('poll.newRound', { id: poll.id })).message).toMatch(/闭会/);
    const closedMeeting = await t.call('meeting.create', { termId: term.id, fields: { number: 6, date: '2026-11-30', place: '常委会会议室', status: 'closed' } });
    expect((await t.fail('credential.issue', { meetingId: closedMeeting.id })).message).toMatch(/闭会/);
    expect((await t.call('credential.list', { meetingId: closedMeeting.id })).rows.every((r) => r.code === null)).toBe(true);
  });
});

describe('列席 attendees', () => {
  it('are recorded by name and body, never counted in the quorum, and refused on a closed meeting', async () => {
    const { meeting } = await setup(9);
    const a = await t.call('attendee.add', { meetingId: meeting.id, fields: { name: ' 王建国 ', organisation: '市人民政府办公室副主任', category: 'official' } });
    expect(a).toMatchObject({ name: '王建国', organisation: '市人民政府办公室副主任', category: 'official' });
    // 单位及职务 may be left out.
    await t.call('attendee.add', { meetingId: meeting.id, fields: { name: '李秀英', category: 'deputy' } as never });
    expect((await t.call('attendee.list', { meetingId: meeting.id })).map((x) => x.name)).toEqual(['王建国', '李秀英']);
    expect((await t.call('attendance.list', { meetingId: meeting.id })).quorum).toMatchObject({ serving: 9, present: 0, met: false });
    expect((await t.call('meeting.get', { id: meeting.id })).quorum.present).toBe(0);

    const before = snapshot(t.core.dbFile);
    expect((await t.fail('attendee.add', { meetingId: meeting.id, fields: { name: '', organisation: '', category: 'official' } })).code).toBe('VALIDATION');
    expect((await t.fail('attendee.add', { meetingId: meeting.id, fields: { name: '张\n三', organisation: '', category: 'official' } })).code).toBe('VALIDATION');
    expect((await t.fail('attendee.add', { meetingId: meeting.id, fields: { name: '\ud800', organisation: '', category: 'official' } })).code).toBe('VALIDATION');
    expect((await t.fail('attendee.add', { meetingId: meeting.id, fields: { name: '张三', organisation: '', category: 'vip' } })).code).toBe('VALIDATION');
    expect(snapshot(t.core.dbFile)).toBe(before);

    await t.call('attendee.remove', { id: a.id });
    expect((await t.call('attendee.list', { meetingId: meeting.id })).map((x) => x.name)).toEqual(['李秀英']);
    expect((await t.fail('attendee.remove', { id: a.id })).code).toBe('NOT_FOUND');
    await t.call('meeting.update', { id: meeting.id, fields: { number: 7, date: '2026-12-14', place: '常委会会议室', status: 'closed' } });
    expect((await t.fail('attendee.add', { meetingId: meeting.id, fields: { name: '赵六', organisation: '', category: 'public' } })).message).toMatch(/闭会/);
  });
});

describe('signing in by logging in on a device', () => {
  let voter: VoterServer;
  let base: string;
  beforeEach(async () => {
    voter = await startVoterServer({ core: t.core, host: '127.0.0.1', port: 0, staticDir: tempDir() });
    base = `http://127.0.0.1:${voter.port}`;
  });
  afterEach(async () => {
    await voter.close();
  });

  it('is off by default, signs in a member not yet recorded when on, and leaves 请假 as the clerk recorded it', async () => {
    const { members, meeting, codeOf } = await setup(10);
    expect(meeting.deviceSignIn).toBe(false);
    const before = await voterRequest(base, 'GET', '/v1/state', codeOf(members[0]!.id));
    expect([before.status, before.body.signedIn]).toEqual([200, false]);
    expect((await t.call('attendance.list', { meetingId: meeting.id })).quorum.present).toBe(0);

    expect((await t.call('attendance.configure', { meetingId: meeting.id, deviceSignIn: true })).deviceSignIn).toBe(true);
    await t.call('attendance.set', { meetingId: meeting.id, memberIds: [members[1]!.id], status: 'leave' });
    expect((await voterRequest(base, 'GET', '/v1/state', codeOf(members[0]!.id))).body.signedIn).toBe(true);
    expect((await voterRequest(base, 'GET', '/v1/state', codeOf(members[1]!.id))).body.signedIn).toBe(false);
    const rows = (await t.call('attendance.list', { meetingId: meeting.id })).rows;
    expect(rows[0]).toMatchObject({ status: 'present', method: 'device' });
    expect(rows[1]).toMatchObject({ status: 'leave', method: 'clerk' });

    await t.call('attendance.configure', { meetingId: meeting.id, deviceSignIn: false });
    await voterRequest(base, 'GET', '/v1/state', codeOf(members[2]!.id));
    expect((await t.call('attendance.list', { meetingId: meeting.id })).quorum.present).toBe(1);
  });
});
