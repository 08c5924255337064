import { describe, expect, it } from 'vitest';
import { demoData, demoMemberNames } from '../../electron/core/demo/demo-data.js';
import { AgendaFields, BodyFields, MeetingFields, MemberFields, TermInput } from '../../shared/api/schemas.js';
import { AGENDA_KINDS, BODY_KINDS, VOTE_KINDS } from '../../shared/domain/labels.js';
import { quorum } from '../../shared/domain/quorum.js';

const TODAY = '2026-03-10';

describe('demoData', () => {
  const data = demoData(TODAY);

  it('is deterministic and does not share mutable state between calls', () => {
    expect(demoData(TODAY)).toEqual(data);
    const again = demoData(TODAY);
    again.members[0]!.name = 'changed';
    expect(demoData(TODAY).members[0]!.name).toBe(data.members[0]!.name);
  });

  it('has one city-level term that passes the term schema', () => {
    expect(data.term).toEqual({ name: '第十七届', level: 'city', startDate: '2022-01-08', endDate: null });
    expect(TermInput.safeParse(data.term).success).toBe(true);
  });

  it('has 45 members with unique plausible names, the usual roles and two who left', () => {
    const { members } = data;
    expect(members).toHaveLength(45);
    expect(new Set(members.map((m) => m.name)).size).toBe(45);
    for (const m of members) {
      expect(m.name).toMatch(/^\p{Script=Han}{2,3}$/u);
      expect(MemberFields.safeParse(m).success).toBe(true);
    }
    const count = (role: string) => members.filter((m) => m.role === role).length;
    expect([count('chair'), count('vice_chair'), count('secretary_general'), count('member')]).toEqual([1, 5, 1, 38]);
    expect(members.map((m) => m.seatOrder)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(members.slice(0, 7).map((m) => m.role)).toEqual(['chair', 'vice_chair', 'vice_chair', 'vice_chair', 'vice_chair', 'vice_chair', 'secretary_general']);
    const left = members.filter((m) => m.status === 'left');
    expect(left).toHaveLength(2);
    expect(left.every((m) => m.role === 'member' && m.note !== null)).toBe(true);
  });

  it('generates distinct names for larger lists too', () => {
    const names = demoMemberNames(300);
    expect(new Set(names).size).toBe(300);
    expect(names.slice(0, 45)).toEqual(demoMemberNames(45));
    expect(new Set(demoMemberNames(45))).toEqual(new Set(data.members.map((m) => m.name)));
  });

  it('has the government, departments, court, procuratorate and committees', () => {
    const { bodies } = data;
    expect(new Set(bodies.map((b) => b.name)).size).toBe(bodies.length);
    for (const b of bodies) expect(BodyFields.safeParse(b).success).toBe(true);
    const kinds = bodies.map((b) => b.kind);
    expect(kinds.filter((k) => k === 'government')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'department').length).toBeGreaterThanOrEqual(12);
    expect(kinds.filter((k) => k === 'court')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'procuratorate')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'committee').length).toBeGreaterThanOrEqual(1);
    expect(kinds.every((k) => (BODY_KINDS as readonly string[]).includes(k))).toBe(true);
    expect(bodies.map((b) => b.name)).toEqual(expect.arrayContaining(['市人民政府', '市审计局', '市中级人民法院', '市人民检察院']));
  });

  it('has a closed meeting 27 two months ago and meeting 28 in preparation two weeks ahead', () => {
    const [closed, preparing] = data.meetings;
    expect(data.meetings).toHaveLength(2);
    expect(closed).toMatchObject({ number: 27, date: '2026-01-08', status: 'closed', place: '市人大常委会第一会议室' });
    expect(preparing).toMatchObject({ number: 28, date: '2026-03-24', status: 'preparing', place: '市人大常委会第一会议室' });
    for (const m of data.meetings) expect(MeetingFields.safeParse(m).success).toBe(true);
    expect(preparing!.attendance).toEqual([]);
  });

  it('uses valid agenda kinds, vote kinds and body references', () => {
    for (const meeting of data.meetings) {
      expect(meeting.agenda.length).toBeGreaterThanOrEqual(4);
      for (const item of meeting.agenda) {
        expect(AGENDA_KINDS).toContain(item.kind);
        if (item.voteKind !== null) expect(VOTE_KINDS).toContain(item.voteKind);
        if (item.bodyIndex === null) expect(item.bodyName).toBeNull();
        else expect(data.bodies[item.bodyIndex]!.name).toBe(item.bodyName);
        expect(AgendaFields.safeParse({ ...item, bodyId: null }).success).toBe(true);
      }
    }
    const kinds = data.meetings[1]!.agenda.map((a) => a.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['special_report', 'audit_rectification', 'enforcement_inspection', 'special_inquiry', 'appointment', 'draft_regulation', 'opinion_handling_report']),
    );
    expect(data.meetings[1]!.agenda[0]!.title).toBe('听取和审议市人民政府关于2025年度环境状况和环境保护目标完成情况的报告');
    expect(demoData('2027-06-01').meetings[1]!.agenda[0]!.title).toContain('2026年度');
  });

  it('records attendance of every serving member at the closed meeting, and the quorum is met', () => {
    const closed = data.meetings[0]!;
    const serving = data.members.flatMap((m, i) => (m.status === 'serving' ? [i] : []));
    expect(closed.attendance.map((a) => a.memberIndex)).toEqual(serving);
    for (const a of closed.attendance) expect(a.memberName).toBe(data.members[a.memberIndex]!.name);
    const by = (s: string) => closed.attendance.filter((a) => a.status === s).length;
    expect([by('present'), by('leave'), by('absent')]).toEqual([39, 3, 1]);
    expect(closed.attendance.filter((a) => a.status !== 'present').every((a) => data.members[a.memberIndex]!.role === 'member')).toBe(true);
    expect(quorum(43, 39).met).toBe(true);
  });

  it('lists in an item’s notes exactly the departments its rating rates (issue 11, item 4)', () => {
    const items = data.meetings.flatMap((m) => m.agenda);
    const listed = (notes: string | null) => (/测评对象：([^；。\n]*)/.exec(notes ?? '')?.[1] ?? '').split('、').filter(Boolean);
    const several = items.filter((i) => i.rated.length > 0);
    expect(several.map((i) => i.kind)).toEqual(['opinion_handling_report']);
    for (const item of items) {
      expect(listed(item.notes), item.title).toEqual(item.rated);
      for (const name of item.rated) expect(data.bodies.map((b) => b.name), name).toContain(name);
      expect(new Set(item.rated).size).toBe(item.rated.length);
      if (item.rated.length > 0) expect(item.voteKind).toBe('satisfaction');
    }
    // The handling report the ledger has waiting for meeting 28 (人社局) is among those rated there.
    expect(several[0]!.rated).toContain('市人力资源和社会保障局');
  });

  it('rejects a malformed date', () => {
    expect(() => demoData('2026-02-30')).toThrow(RangeError);
    expect(() => demoData('20260310')).toThrow(RangeError);
  });
});
