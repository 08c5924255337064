import { seededRandom } from '../../../shared/domain/random.js';
import { insertAgendaItem } from '../../../db/repos/agenda.repo.js';
import { setAttendance } from '../../../db/repos/attendance.repo.js';
import { insertBody } from '../../../db/repos/body.repo.js';
import { insertMeeting } from '../../../db/repos/meeting.repo.js';
import { insertMember } from '../../../db/repos/member.repo.js';
import { insertTerm } from '../../../db/repos/term.repo.js';
import type { TermId } from '../../../shared/api/schemas.js';
import type { Kysely } from 'kysely';
import { parseBallot } from '../../../shared/domain/polls/ballot.js';
import { canonicalJson } from '../../../shared/domain/polls/canonical.js';
import { parsePollDefinition, type PollDefinition } from '../../../shared/domain/polls/definition.js';
import type { DecisionOption, SatisfactionOption } from '../../../shared/domain/polls/labels.js';
import { insertPoll } from '../../../db/repos/poll.repo.js';
import type { Database } from '../../../db/schema.js';
import { insertSealedPoll } from './sealed-poll.js';
import { demoData } from '../demo/demo-data.js';
import { readSetting, writeSetting } from '../../../db/repos/settings.repo.js';
import type { Deps } from '../deps.js';
import { syncTargetLinks } from './subject.service.js';
import { loadSupervisionDemo } from './supervision-demo.js';

/** Insert the demo term, bodies and meetings through the repositories, in one transaction. */
export async function loadDemo(deps: Deps): Promise<{ termId: TermId; members: number; meetings: number }> {
  const now = deps.now();
  const data = demoData(deps.today());
  const { termId, extraMeetings } = await deps.db.transaction().execute(async (trx) => {
    const termId = await insertTerm(trx, data.term, now);
    // The demo's documents need a committee's name; a name the office already set stays.
    if ((await readSetting(trx, 'committee')) === undefined) await writeSetting(trx, 'committee', data.committee);
    const memberIds: number[] = [];
    for (const m of data.members) memberIds.push(await insertMember(trx, termId, m, now));
    const bodyIds: number[] = [];
    for (const b of data.bodies) bodyIds.push(await insertBody(trx, b, now));
    const serving = data.members.filter((m) => m.status === 'serving').length;
    const rand = seededRandom(20261123);
    const held: { meetingId: number; date: string; items: number[] }[] = [];
    for (const meeting of data.meetings) {
      const meetingId = await insertMeeting(trx, termId, meeting, now);
      const items: number[] = [];
      held.push({ meetingId, date: meeting.date, items });
      const present = meeting.attendance.filter((a) => a.status === 'present').map((a) => memberIds[a.memberIndex]!);
      for (const item of meeting.agenda) {
        const itemId = await insertAgendaItem(trx, meetingId, { ...item, bodyId: item.bodyIndex === null ? null : bodyIds[item.bodyIndex]! }, now);
        items.push(itemId);
        const def = demoPoll(item);
        if (!def) continue;
        if (meeting.status === 'closed') await sealedDemoPoll(trx, itemId, def, { serving, present }, rand, now);
        else if (def.kind === 'satisfaction' && def.targets.length > 1) {
          const pollId = await insertPoll(trx, { agendaItemId: itemId, seriesId: null, round: 1, kind: def.kind, title: def.title, anonymous: true, definition: canonicalJson(def), autoClose: false, doubleEntry: false }, now);
          await syncTargetLinks(trx, pollId);
        }
      }
      for (const status of ['present', 'leave', 'absent'] as const) {
        const ids = meeting.attendance.filter((a) => a.status === status).map((a) => memberIds[a.memberIndex]!);
        if (ids.length > 0) await setAttendance(trx, meetingId, ids, status, now);
      }
    }
    const supervision = await loadSupervisionDemo(trx, {
      today: deps.today(),
      now,
      termId,
      memberIds,
      serving: data.members.flatMap((m, i) => (m.status === 'serving' ? [i] : [])),
      attendance: data.meetings[0]!.attendance,
      bodyIds: new Map(data.bodies.map((b, i) => [b.name, bodyIds[i]!])),
      held: held[0]!,
      preparing: held[1]!,
    });
    return { termId, extraMeetings: supervision.meetings };
  });
  for (const entity of ['term', 'member', 'body', 'meeting', 'plan', 'opinion', 'appointee'] as const) deps.emit('data.changed', { entity, meetingId: null });
  return { termId: termId as TermId, members: data.members.length, meetings: data.meetings.length + extraMeetings };
}


interface DemoItem {
  kind: string;
  title: string;
  voteKind: string | null;
  bodyName: string | null;
  /** The departments the item's notes list; its rating rates exactly these. */
  rated: string[];
}

/** A poll for a demo agenda item that needs a vote, or null. */
function demoPoll(item: DemoItem): PollDefinition | null {
  switch (item.voteKind) {
    case 'satisfaction': {
      const departments = item.rated.length > 0 ? item.rated : [item.bodyName ?? '汇报单位'];
      return parsePollDefinition({
        kind: 'satisfaction',
        title: departments.length > 1 ? '对有关部门审议意见研究处理情况的满意度测评' : `对${departments[0]}工作报告的满意度测评`,
        targets: departments.map((label, i) => ({ key: `t${i + 1}`, label })),
      });
    }
    case 'decision':
      return parsePollDefinition({ kind: 'decision', title: item.title.replace(/^审议/, '表决：'), targets: [{ key: 'motion', label: item.title }] });
    case 'appointment':
      return parsePollDefinition({
        kind: 'appointment',
        title: '人事任免表决',
        targets: [
          { key: 'p1', label: '任命李明为市教育局局长' },
          { key: 'p2', label: '任命陈静为市卫生健康委员会主任' },
          { key: 'p3', label: '免去张国华的市交通运输局局长职务' },
        ],
      });
    default:
      return null;
  }
}

/** A closed, released poll with plausible ballots from the members present, sealed like a real one. */
async function sealedDemoPoll(
  trx: Kysely<Database>,
  itemId: number,
  def: PollDefinition,
  ctx: { serving: number; present: number[] },
  rand: () => number,
  now: string,
): Promise<void> {
  const pick = <T extends string>(weights: [T, number][]): T => {
    let r = rand();
    for (const [v, w] of weights) if ((r -= w) < 0) return v;
    return weights[weights.length - 1]![0];
  };
  const payloads = ctx.present.map(() =>
    parseBallot(
      def,
      def.kind === 'satisfaction'
        ? { kind: 'satisfaction', marks: Object.fromEntries(def.targets.map((t) => [t.key, [pick<SatisfactionOption>([['satisfied', 0.72], ['basically', 0.22], ['unsatisfied', 0.06]])]])) }
        : { kind: def.kind, marks: Object.fromEntries(def.targets.map((t) => [t.key, [pick<DecisionOption>([['for', 0.9], ['against', 0.04], ['abstain', 0.06]])]])) },
    ),
  );
  await insertSealedPoll(trx, { agendaItemId: itemId, definition: def, payloads, serving: ctx.serving, entitled: ctx.present, now, release: true, receipts: true });
}
