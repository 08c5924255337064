import { expect, test } from './fixtures.js';

/**
 * Running the room (issue 11, item 3, first part): who has not voted yet, by name only, while the
 * poll is open; one poll at a time, said before the click.
 * With a poll open, another poll's page shows why it cannot start and its button is disabled;
 * when the first closes, the second may start without a reload. A closed meeting offers no new poll.
 */

test.use({ demo: true });

type Meeting = { id: number; number: number; status: string; termId: number };

test('a second poll cannot start while one is open, and a closed meeting offers no new poll', async ({ page, host }) => {
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await host.call<T>(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  const meetings = (await call<{ items: Meeting[] }>('meeting.list', { page: 1, pageSize: 200 })).items;
  const upcoming = meetings.find((m) => m.status !== 'closed')!;
  const closed = meetings.find((m) => m.status === 'closed')!;
  const members = (await call<{ id: number; status: string }[]>('member.list', { termId: upcoming.termId })).filter((m) => m.status === 'serving');
  await call('attendance.set', { meetingId: upcoming.id, memberIds: members.map((m) => m.id), status: 'present' });
  const agenda = await call<{ id: number }[]>('agenda.list', { meetingId: upcoming.id });
  const make = (i: number, title: string) =>
    call<{ id: number }>('poll.create', { agendaItemId: agenda[i]!.id, definition: { kind: 'decision', title, targets: [{ key: 'm', label: title }] } });
  const first = await make(0, '第一项表决');
  const second = await make(1, '第二项表决');
  await call('poll.open', { id: first.id });

  await page.goto(host.consoleUrl);
  // The agenda's vote column shows the polls actually held: the first item's poll is open.
  await page.evaluate((id) => (window.location.hash = `#/meetings/${id}/agenda`), upcoming.id);
  await expect(page.getByTestId('agenda-vote').first()).toContainText('表决 · 表决中');

  // The open poll's page lists who has not voted yet: names only, and a name leaves when its member takes part.
  await page.evaluate((id) => (window.location.hash = `#/polls/${id}`), first.id);
  await expect(page.getByTestId('not-yet-voted')).toContainText(`尚未投票（${members.length} 人）`);
  await call('paperBallot.handOut', { pollId: first.id, memberIds: [members[0]!.id] });
  await expect(page.getByTestId('not-yet-voted')).toContainText(`尚未投票（${members.length - 1} 人）`);

  await page.evaluate((id) => (window.location.hash = `#/polls/${id}`), second.id);
  await expect(page.getByTestId('poll-blocked')).toContainText('“第一项表决”正在表决');
  await expect(page.getByTestId('open-poll')).toBeDisabled();

  // The first closes elsewhere (its one paper sheet entered first): this page follows by itself.
  await call('paperBallot.enter', { pollId: first.id, pass: 1, payload: { kind: 'decision', marks: { m: ['for'] } } });
  await call('poll.close', { id: first.id });
  await expect(page.getByTestId('poll-blocked')).toHaveCount(0);
  await expect(page.getByTestId('open-poll')).toBeEnabled();

  // A closed meeting: every 新建表决 is disabled.
  await page.evaluate((id) => (window.location.hash = `#/meetings/${id}/polls`), closed.id);
  const adds = page.getByRole('button', { name: /^新建表决/ });
  await expect(adds.first()).toBeVisible();
  for (const b of await adds.all()) await expect(b).toBeDisabled();
});
