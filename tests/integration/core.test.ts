import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, seedTerm, type TestCore } from '../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

/** Everything the console can see; "changes nothing" is asserted against it. */async function snapshot() {
  const terms = await t.call('term.list', {});
  const meetings = await t.call('meeting.list', { pageSize: 200 });
  const bodies = await t.call('body.list', {});
  const members = await Promise.all(terms.map((x) => t.call('member.list', { termId: x.id })));
  return JSON.stringify({ terms, meetings, bodies, members });
}

describe('dispatcher', () => {
  it('answers an unknown method with UNKNOWN_METHOD in Chinese', async () => {
    const e = await t.fail('meeting.explode', {});
    expect(e.code).toBe('UNKNOWN_METHOD');
    expect(e.message).toContain('未知的操作');
  });

  it('rejects wrong types with field issues and changes nothing', async () => {
    const before = await snapshot();
    const e = await t.fail('term.create', { name: 42, level: 'city', startDate: '2022-01-01', endDate: null });
    expect(e.code).toBe('VALIDATION');
    expect(e.issues?.[0]?.path).toBe('name');
    expect(e.message).toMatch(/输入有误/);
    const e2 = await t.fail('meeting.list', { page: 'two' });
    expect(e2.code).toBe('VALIDATION');
    expect(await snapshot()).toBe(before);
  });

  it('rejects empty and over-long names with Chinese messages', async () => {
    const { term } = await seedTerm(t, 3);
    const before = await snapshot();
    const empty = await t.fail('member.create', { termId: term.id, fields: { name: '   ', role: 'member', status: 'serving', seatOrder: 9, note: null } });
    expect(empty.issues).toEqual([{ path: 'fields.name', message: '姓名不能为空' }]);
    const long = await t.fail('member.create', { termId: term.id, fields: { name: '张'.repeat(21), role: 'member', status: 'serving', seatOrder: 9, note: null } });
    expect(long.issues?.[0]?.message).toBe('姓名不能超过 20 个字');
    const body = await t.fail('body.create', { name: '', kind: 'department', sortOrder: 1, active: true });
    expect(body.issues?.[0]?.message).toBe('单位名称不能为空');
    const badRole = await t.fail('member.create', { termId: term.id, fields: { name: '李四', role: 'king', status: 'serving', seatOrder: 9, note: null } });
    expect(badRole.message).toContain('职务应为');
    expect(await snapshot()).toBe(before);
  });

  it('reports a missing entity as NOT_FOUND', async () => {
    const e = await t.fail('meeting.get', { id: 999 });
    expect(e).toEqual({ code: 'NOT_FOUND', message: '该会议不存在或已被删除，请刷新后再试。' });
  });
});

describe('terms and members', () => {
  it('counts serving members and refuses duplicate names', async () => {
    const { term, members } = await seedTerm(t, 29);
    expect(members).toHaveLength(29);
    await t.call('member.update', { id: members[5]!.id, fields: { ...members[5]!, status: 'left' } });
    const [listed] = await t.call('term.list', {});
    expect(listed).toMatchObject({ id: term.id, servingCount: 28, memberCount: 29 });
    const dup = await t.fail('member.create', { termId: term.id, fields: { name: members[0]!.name, role: 'member', status: 'serving', seatOrder: 40, note: null } });
    expect(dup.code).toBe('CONFLICT');
    const dupTerm = await t.fail('term.create', { name: '第十七届', level: 'city', startDate: '2022-01-01', endDate: null });
    expect(dupTerm.code).toBe('CONFLICT');
    const badDates = await t.fail('term.create', { name: '第十八届', level: 'city', startDate: '2027-01-01', endDate: '2026-01-01' });
    expect(badDates.issues?.[0]?.path).toBe('endDate');
  });

  it('imports all or nothing', async () => {
    const { term } = await seedTerm(t, 2);
    const rows = [
      { name: '新人甲', role: 'member' as const, status: 'serving' as const, seatOrder: 3, note: null },
      { name: '委员01', role: 'member' as const, status: 'serving' as const, seatOrder: 4, note: null },
    ];
    const e = await t.fail('member.importCommit', { termId: term.id, rows });
    expect(e.code).toBe('CONFLICT');
    expect(await t.call('member.list', { termId: term.id })).toHaveLength(2);
  });
});

describe('meetings', () => {
  it('lists with year filter, search and pagination, and refuses a duplicate number', async () => {
    const { term } = await seedTerm(t, 5);
    for (let n = 1; n <= 25; n++) {
      const year = 2022 + Math.floor((n - 1) / 6);
      await t.call('meeting.create', { termId: term.id, fields: { number: n, date: `${year}-0${1 + ((n - 1) % 6)}-15`, place: n === 7 ? '市民中心' : '第一会议室', status: 'closed' } });
    }
    const page1 = await t.call('meeting.list', { termId: term.id, pageSize: 10 });
    expect(page1.total).toBe(25);
    expect(page1.items).toHaveLength(10);
    expect(page1.items[0]!.number).toBe(25);
    expect(page1.years).toEqual([2026, 2025, 2024, 2023, 2022]);
    const y2023 = await t.call('meeting.list', { year: 2023 });
    expect(y2023.items.map((m) => m.number).sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11, 12]);
    const found = await t.call('meeting.list', { search: '第十二次' });
    expect(found.items.map((m) => m.title)).toEqual(['第十七届人大常委会第十二次会议']);
    expect((await t.call('meeting.list', { search: '市民中心' })).items.map((m) => m.number)).toEqual([7]);
    const before = await snapshot();
    const dup = await t.fail('meeting.create', { termId: term.id, fields: { number: 12, date: '2026-05-01', place: '会议室', status: 'preparing' } });
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toContain('第十二次会议');
    expect(await snapshot()).toBe(before);
  });
});

describe('agenda, papers and attendance', () => {
  async function meeting() {
    const { term, members } = await seedTerm(t, 29);
    const m = await t.call('meeting.create', { termId: term.id, fields: { number: 12, date: '2026-12-01', place: '第一会议室', status: 'preparing' } });
    return { term, members, m };
  }

  it('keeps agenda positions dense through create, reorder and delete', async () => {
    const { m } = await meeting();
    const body = await t.call('body.create', { name: '市人民政府', kind: 'government', sortOrder: 1, active: true });
    const a = await t.call('agenda.create', { meetingId: m.id, fields: { kind: 'special_report', title: '环境状况报告', bodyId: body.id, notes: null, voteKind: 'satisfaction' } });
    const b = await t.call('agenda.create', { meetingId: m.id, fields: { kind: 'appointment', title: '人事任免', bodyId: null, notes: '', voteKind: 'appointment' } });
    const c = await t.call('agenda.create', { meetingId: m.id, fields: { kind: 'decision', title: '决定草案', bodyId: null, notes: null, voteKind: null } });
    expect(a.bodyName).toBe('市人民政府');
    expect(b.notes).toBeNull();
    const reordered = await t.call('agenda.reorder', { meetingId: m.id, orderedIds: [c.id, a.id, b.id] });
    expect(reordered.map((i) => [i.title, i.position])).toEqual([['决定草案', 1], ['环境状况报告', 2], ['人事任免', 3]]);
    const stale = await t.fail('agenda.reorder', { meetingId: m.id, orderedIds: [a.id, b.id] });
    expect(stale.code).toBe('CONFLICT');
    await t.call('agenda.delete', { id: c.id });
    const after = await t.call('agenda.list', { meetingId: m.id });
    expect(after.map((i) => [i.title, i.position])).toEqual([['环境状况报告', 1], ['人事任免', 2]]);
    expect((await t.call('meeting.get', { id: m.id })).agendaCount).toBe(2);
  });

  it('stores papers by SHA-256 and refuses a file whose bytes do not match its type', async () => {
    const { m } = await meeting();
    const item = await t.call('agenda.create', { meetingId: m.id, fields: { kind: 'special_report', title: '报告', bodyId: null, notes: null, voteKind: null } });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const paper = await t.call('paper.attach', { agendaItemId: item.id, fileName: '关于环境状况的报告.pdf', contentBase64: pdf.toString('base64') });
    expect(paper.sha256).toBe(crypto.createHash('sha256').update(pdf).digest('hex'));
    expect(paper.mime).toBe('application/pdf');
    const file = await t.core.paperFile(paper.id);
    expect(fs.readFileSync(file!.path).equals(pdf)).toBe(true);
    expect(await t.call('paper.open', { id: paper.id })).toEqual({ url: `/files/paper/${paper.id}` });
    const fake = await t.fail('paper.attach', { agendaItemId: item.id, fileName: '假的.pdf', contentBase64: Buffer.from('hello').toString('base64') });
    expect(fake.code).toBe('BAD_FILE');
    expect(fake.message).toContain('不是有效的PDF文件');
    const exe = await t.fail('paper.attach', { agendaItemId: item.id, fileName: 'virus.exe', contentBase64: Buffer.from('MZ').toString('base64') });
    expect(exe.code).toBe('BAD_FILE');
    expect((await t.call('agenda.list', { meetingId: m.id }))[0]!.papers).toHaveLength(1);
    await t.call('paper.delete', { id: paper.id });
    expect(fs.existsSync(file!.path)).toBe(false);
  });

  it('reads 已达法定人数 only when more than half of serving members are present', async () => {
    const { m, members } = await meeting();
    const ids = members.map((x) => x.id);
    let q = (await t.call('attendance.set', { meetingId: m.id, memberIds: ids.slice(0, 14), status: 'present' })).quorum;
    expect(q).toEqual({ serving: 29, present: 14, required: 15, met: false });
    await t.call('attendance.set', { meetingId: m.id, memberIds: ids.slice(14, 20), status: 'leave' });
    q = (await t.call('attendance.set', { meetingId: m.id, memberIds: [ids[14]!], status: 'present' })).quorum;
    expect(q).toMatchObject({ present: 15, met: true });
    const list = await t.call('attendance.list', { meetingId: m.id });
    expect(list.rows.filter((r) => r.status === 'leave')).toHaveLength(5);
    expect(list.rows.filter((r) => r.status === null)).toHaveLength(9);
    // A member who leaves office no longer counts, either way.
    await t.call('member.update', { id: members[0]!.id, fields: { ...members[0]!, status: 'left' } });
    expect((await t.call('meeting.get', { id: m.id })).quorum).toEqual({ serving: 28, present: 14, required: 15, met: false });
    const foreign = await t.fail('attendance.set', { meetingId: m.id, memberIds: [members[0]!.id], status: 'present' });
    expect(foreign.code).toBe('VALIDATION');
  });

  it('emits data.changed events for consoles to reload', async () => {
    const seen: string[] = [];
    t.core.subscribe((event, payload) => seen.push(`${event}:${(payload as { entity?: string }).entity}`));
    await seedTerm(t, 2);
    expect(seen).toEqual(['data.changed:term', 'data.changed:member']);
  });
});

describe('durability of the data folder', () => {
  it('keeps data across close and reopen of the same folder', async () => {
    const { term } = await seedTerm(t, 3);
    const dir = t.dataDir;
    await t.close();
    t = await makeCore(dir);
    expect((await t.call('member.list', { termId: term.id })).map((m) => m.name)).toEqual(['委员01', '委员02', '委员03']);
    expect(fs.existsSync(path.join(dir, 'committee-desk.sqlite'))).toBe(true);
  });
});

describe('demo data', () => {
  it('fills an empty database once, with quorate closed meetings, one in preparation, a plan and opinions in every state', async () => {
    expect((await t.call('app.info', {})).empty).toBe(true);
    const r = await t.call('demo.load', {});
    expect(r.members).toBeGreaterThanOrEqual(40);
    expect((await t.call('app.info', {})).empty).toBe(false);
    const { items } = await t.call('meeting.list', {});
    expect(items.map((m) => m.status)).toEqual(['preparing', 'closed', 'closed', 'closed', 'closed']);
    expect(items.map((m) => m.number)).toEqual([28, 27, 26, 25, 24]);
    expect(items.slice(1).every((m) => m.quorum.met)).toBe(true);
    const ledger = await t.call('opinion.list', {});
    // The plan is the current year's (the core's today), whatever year the earlier meetings fell in.
    expect((await t.call('plan.list', { year: Number(ledger.today.slice(0, 4)) })).items).toHaveLength(20);
    expect(new Set(ledger.items.map((o) => o.status))).toEqual(new Set(['draft', 'approved', 'sent', 'reported', 'rehearing', 'satisfied', 'unsatisfied', 'escalated', 'closed']));
    expect(ledger.overdue).toBeGreaterThanOrEqual(1);
    expect(items[1]!.quorum.met).toBe(true);
    expect(items[0]!.agendaCount).toBeGreaterThanOrEqual(6);
    const agenda = await t.call('agenda.list', { meetingId: items[0]!.id });
    expect([...new Set(agenda.map((a) => a.kind))]).toEqual(expect.arrayContaining(['special_report', 'audit_rectification', 'enforcement_inspection', 'appointment']));
    expect((await t.fail('demo.load', {})).code).toBe('STATE');
  });
});

describe('member import through the dispatcher', () => {
  it('refuses a 50 MB file and a corrupt file with Chinese errors and changes nothing', async () => {
    const { term } = await seedTerm(t, 3);
    const before = await snapshot();
    const big = Buffer.alloc(50 * 1024 * 1024, 0x41).toString('base64');
    const tooBig = await t.fail('member.importPreview', { termId: term.id, fileName: '名单.xlsx', contentBase64: big });
    expect(tooBig.code).toBe('VALIDATION');
    expect(tooBig.message).toContain('导入文件超过 5 MB');
    const corrupt = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]).toString('base64');
    const bad = await t.fail('member.importPreview', { termId: term.id, fileName: '名单.xlsx', contentBase64: corrupt });
    expect(bad.code).toBe('BAD_FILE');
    expect(bad.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await snapshot()).toBe(before);
  });

  it('previews a CSV row by row, then imports only what the clerk confirms', async () => {
    const { term } = await seedTerm(t, 1);
    const csv = '姓名,职务,状态,座次\n张三,副主任,在任,2\n委员01,委员,在任,3\n李四,国王,在任,4\n';
    const preview = await t.call('member.importPreview', { termId: term.id, fileName: 'm.csv', contentBase64: Buffer.from(csv).toString('base64') });
    expect(preview.validCount).toBe(1);
    expect(preview.errorCount).toBe(2);
    expect(preview.rows.map((r) => r.errors.length > 0)).toEqual([false, true, true]);
    expect(await t.call('member.list', { termId: term.id })).toHaveLength(1);
    await t.call('member.importCommit', { termId: term.id, rows: preview.rows.flatMap((r) => (r.fields ? [r.fields] : [])) });
    expect((await t.call('member.list', { termId: term.id })).map((m) => m.name)).toEqual(['委员01', '张三']);
  });
});

describe('demo polls', () => {
  it('seals the closed meeting polls so that they verify, and leaves a draft for the meeting in preparation', async () => {
    await t.call('demo.load', {});
    const { items } = await t.call('meeting.list', {});
    const closed = await t.call('poll.list', { meetingId: items[1]!.id });
    expect(closed.map((p) => p.status)).toEqual(['released', 'released', 'released']);
    for (const p of closed) expect((await t.call('poll.verify', { id: p.id })).ok).toBe(true);
    const preparing = await t.call('poll.list', { meetingId: items[0]!.id });
    expect(preparing.map((p) => [p.kind, p.status])).toEqual([['satisfaction', 'draft']]);
    const draft = await t.call('poll.get', { id: preparing[0]!.id });
    expect(draft.definition.targets.length).toBeGreaterThanOrEqual(6);
    // The agenda item lists the departments its rating rates, no more and no fewer.
    const item = (await t.call('agenda.list', { meetingId: items[0]!.id })).find((a) => a.id === draft.agendaItemId)!;
    expect(item.notes).toBe(`测评对象：${draft.definition.targets.map((x) => x.label).join('、')}`);
  });
});
