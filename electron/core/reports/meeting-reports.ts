import { defaultOffice, issuingOffice } from '../../../shared/domain/committee.js';
import { chineseDate, chineseNumber, meetingTitle } from '../../../shared/domain/format.js';
import { ATTENDANCE_STATUS_LABEL, MEMBER_ROLE_LABEL } from '../../../shared/domain/labels.js';
import { quorum } from '../../../shared/domain/quorum.js';
import type { DocBlock, OfficialDocInput } from '../../../shared/domain/reports/official-doc.js';
import type { SheetInput, WorkbookInput } from '../../../shared/domain/reports/workbook.js';
import { AppError } from '../../../shared/api/errors.js';
import type { ChartSpec } from './charts.js';
import { digestSentence, pollTable } from './poll-tables.js';
import type { MeetingReportData, SealedPoll } from './sources.js';

/** 市 / 县 / 省: how a document names a place of the term's level before the committee's name is set. */
const LEVEL_WORD = { county: '县', city: '市', province: '省' } as const;

/** 中共洛阳市委 — the party committee of the same place; 中共市委 / 县委 / 省委 by level before the name is set. */
export function partyCommittee(place: string, level: 'county' | 'city' | 'province' = 'city'): string {
  if (!place) return `中共${LEVEL_WORD[level]}委`;
  // A one-character county keeps its 县 before 县委: 中共嵩县县委 (but 中共兰考县委).
  return /^.县$/u.test(place) ? `中共${place}县委` : `中共${place}委`;
}

function presentCount(d: MeetingReportData): number {
  return d.attendance.filter((a) => a.status === 'present').length;
}

function requireSealed(d: MeetingReportData, polls: readonly SealedPoll[], what: string): void {
  if (polls.length === 0) throw new AppError('STATE', `${d.meeting.title}还没有已封存的${what}结果，结束表决并封存后才能导出。`);
}

/** A 2号 title line holds 20 characters in the 156 mm block. */
const TITLE_LINE = 20;

/**
 * 关于洛阳市第十七届人大常委会 / 第二十七次会议测评结果的报告: the title broken after the
 * committee's name, so that no line runs past the block or leaves one character alone.
 */
export function meetingDocTitle(d: MeetingReportData, what: string): string {
  const head = `关于${d.place}${d.term.name}人大常委会`;
  const tail = `第${chineseNumber(d.meeting.number)}次会议${what}`;
  return head.length + tail.length <= TITLE_LINE ? head + tail : `${head}\n${tail}`;
}

/** The digest in groups of eight, so it can wrap and be read out. */
export function groupedDigest(digest: string): string {
  return (digest.match(/.{1,8}/g) ?? []).join(' ');
}

function tableCaption(p: SealedPoll, kindLabel: string): string {
  const title = p.result.title;
  return [kindLabel, '测评', '表决', '评议', '打分', '票决', '任免'].some((w) => title.includes(w)) ? `${title}结果` : `${title}（${kindLabel}）结果`;
}

function pollHeading(p: SealedPoll, n: number): string {
  const round = p.round > 1 ? `（第${chineseNumber(p.round)}轮）` : '';
  return `${chineseNumber(n)}、${p.result.title}${round}`;
}

/** A drawn chart, by poll id (electron/core/reports/charts.ts); absent until drawn. */
export type ChartOf = (pollId: number) => DocBlock | null;

/**
 * What to draw for a poll: the 满意率 or the score of each target, in the table's (ranking)
 * order, labelled exactly as the sealed result prints it. Nothing for one-row sheets and decisions.
 */
export function chartSpecOf(p: SealedPoll): ChartSpec | null {
  const r = p.result;
  if (r.kind === 'satisfaction' && r.targets.length > 1) {
    const rows = pollTable(p).docRows.map((row) => r.targets.find((t) => t.label === row[1])!).filter(Boolean);
    return {
      kind: 'bars',
      horizontal: true,
      percent: true,
      categories: rows.map((t) => t.label),
      series: [{ name: '满意率', values: rows.map((t) => (t.satisfactionRate.den > 0 ? (t.satisfactionRate.num * 100) / t.satisfactionRate.den : 0)), labels: rows.map((t) => t.satisfactionRate.text) }],
    };
  }
  if (r.kind === 'scoring' && r.targets.length > 1) {
    const rows = pollTable(p).docRows.map((row) => r.targets.find((t) => t.label === row[1])!).filter(Boolean);
    return {
      kind: 'bars',
      horizontal: true,
      categories: rows.map((t) => t.label),
      series: [{ name: '得分', values: rows.map((t) => t.score?.value ?? 0), labels: rows.map((t) => t.score?.text ?? '—') }],
    };
  }
  return null;
}

/** The blocks of one sealed poll: facts, table, chart, rule, warnings, digest. */
export function pollBlocks(p: SealedPoll, n: number, chartOf: ChartOf = () => null, afterRule: readonly DocBlock[] = [], office = '办公厅'): DocBlock[] {
  const t = pollTable(p);
  const chart = chartOf(p.id);
  const blocks: DocBlock[] = [
    { kind: 'heading', level: 1, text: pollHeading(p, n) },
    { kind: 'paragraph', text: `议程：${p.agendaTitle}。${t.facts}` },
    { kind: 'table', caption: tableCaption(p, t.kindLabel), columns: t.docColumns, rows: t.docRows, notes: [] },
    ...(chart ? [chart] : []),
    { kind: 'paragraph', text: t.rule },
    ...afterRule,
  ];
  for (const w of t.warnings) blocks.push({ kind: 'paragraph', text: `说明：${w}。` });
  blocks.push({ kind: 'digest', label: '封存校验码', value: groupedDigest(p.digest) });
  blocks.push({ kind: 'paragraph', text: digestSentence(p.digest, office) });
  return blocks;
}

/**
 * 测评结果的报告 to the party committee: the meeting, the voting method, serving / present and
 * the quorum, then each sealed poll with its counts, rates, verdicts, rule and digest.
 */
export function resultsNotice(d: MeetingReportData, today: string, chartOf: ChartOf = () => null): OfficialDocInput {
  const polls = d.polls;
  requireSealed(d, polls, '表决');
  const serving = d.attendance.length;
  const present = presentCount(d);
  const q = quorum(serving, present);
  const titleShort = meetingTitle(d.term.name, d.meeting.number, d.place);
  const kinds = new Set(polls.map((p) => p.result.kind));
  const what = kinds.size === 1 && kinds.has('satisfaction') ? '满意度测评' : kinds.size === 1 && kinds.has('scoring') ? '工作评议' : '测评和表决';
  const office = issuingOffice(d.committee, d.term.level);
  const quorumText = q.met ? `出席人数超过全体组成人员的半数，符合法定人数` : `出席人数未超过全体组成人员的半数，未达到法定人数`;
  const blocks: DocBlock[] = [
    {
      kind: 'paragraph',
      text: `${chineseDate(d.meeting.date)}，${titleShort}在${d.meeting.place}举行，以无记名投票方式对${polls.length}项事项进行了${what}。本届常委会现有组成人员${serving}人，出席会议${present}人，${quorumText}。现将结果报告如下：`,
    },
    ...polls.flatMap((p, i) => pollBlocks(p, i + 1, chartOf, [], d.committee?.office ?? defaultOffice(d.term.level))),
    { kind: 'paragraph', text: '以上结果均由会务系统在表决结束时计票并封存，本报告所列数字均取自封存结果。' },
    { kind: 'paragraph', text: '特此报告。' },
  ];
  return {
    title: meetingDocTitle(d, `${what}结果的报告`),
    addressee: `${partyCommittee(d.place, d.term.level)}：`,
    blocks,
    attachments: [],
    signature: { office, date: today },
    record: { copyTo: `${d.place || LEVEL_WORD[d.term.level]}人民政府，${partyCommittee(d.place, d.term.level)}组织部。`, printedBy: office, printedOn: today },
    meta: { subject: `${titleShort}${what}结果`, creator: office },
  };
}

/** 工作评议（履职评议）结果的报告: the meeting's scoring polls with their grade bands. */
export function scoringReport(d: MeetingReportData, today: string, chartOf: ChartOf = () => null): OfficialDocInput {
  const polls = d.polls.filter((p) => p.result.kind === 'scoring');
  requireSealed(d, polls, '打分评议');
  const titleShort = meetingTitle(d.term.name, d.meeting.number, d.place);
  const office = issuingOffice(d.committee, d.term.level);
  const blocks: DocBlock[] = [
    { kind: 'paragraph', text: `${chineseDate(d.meeting.date)}，${titleShort}对${polls.length}项工作进行了评议打分（无记名投票）。现将评议结果和等次报告如下：` },
  ];
  polls.forEach((p, i) => {
    const bands = new Map<string, string[]>();
    if (p.result.kind === 'scoring') {
      for (const t of p.result.targets) {
        const g = t.grade?.label ?? '未评定等次';
        bands.set(g, [...(bands.get(g) ?? []), t.label]);
      }
    }
    const lines = [...bands].map(([g, names]) => `${g}（${names.length}个）：${names.join('、')}`);
    blocks.push(...pollBlocks(p, i + 1, chartOf, lines.length > 0 ? [{ kind: 'paragraph', lead: { level: 3, text: '等次分布。' }, text: lines.join('；') + '。' }] : [], d.committee?.office ?? defaultOffice(d.term.level)));
  });
  blocks.push({ kind: 'paragraph', text: '特此报告。' });
  return {
    title: meetingDocTitle(d, '工作评议结果的报告'),
    addressee: `${partyCommittee(d.place, d.term.level)}：`,
    blocks,
    attachments: [],
    signature: { office, date: today },
    meta: { subject: `${titleShort}工作评议结果`, creator: office },
  };
}

/**
 * Why a poll's participation may not be listed by name, or null when it may. Beside the result,
 * the list of who took part in an anonymous poll names choices when everyone who took part chose
 * the same for some row (or fewer than three took part), and when a later round of the same
 * question had other participants than an earlier one (the difference voted differently).
 */
export function participationWithheld(p: SealedPoll, voters: ReadonlySet<number>, earlier: readonly ReadonlySet<number>[]): string | null {
  const r = p.result;
  if (!r.anonymous) return null;
  const returned = r.sheets.returned;
  if (returned > 0 && returned < 3) return '参加人数少于3人';
  const unanimous = r.targets.some((t) => {
    if ('options' in t) return t.options.some((o) => o.count > 0 && o.count === returned);
    if ('votes' in t) return t.votes > 0 && t.votes === returned;
    return t.stats.counted === returned && t.stats.min !== null && t.stats.max !== null && t.stats.min.text === t.stats.max.text;
  });
  if (unanimous) return '参加者的选择全部相同';
  const same = (a: ReadonlySet<number>, b: ReadonlySet<number>) => a.size === b.size && [...a].every((x) => b.has(x));
  if (earlier.some((e) => !same(e, voters))) return '与同一事项前一轮的参加者不同';
  return null;
}

/**
 * The meeting's spreadsheet: a sheet per sealed poll (counts, rates, verdicts, rule, digest)
 * and the roster (attendance, and per poll whether the member took part — never a choice).
 */
export function meetingWorkbook(d: MeetingReportData, voters: Map<number, Set<number>>, entitled: Map<number, Set<number>>): WorkbookInput {
  requireSealed(d, d.polls, '表决');
  const title = meetingTitle(d.term.name, d.meeting.number, d.place);
  const office = issuingOffice(d.committee, d.term.level);
  const sheets: SheetInput[] = d.polls.map((p, i) => {
    const t = pollTable(p);
    return {
      name: `${i + 1} ${p.result.title}`,
      heading: [`${title}　${p.result.title}${p.round > 1 ? `（第${chineseNumber(p.round)}轮）` : ''}`, `${chineseDate(d.meeting.date)}　议程：${p.agendaTitle}`, t.facts],
      columns: t.sheetColumns,
      rows: t.sheetRows,
      notes: [t.rule, ...t.warnings.map((w) => `说明：${w}`), `封存校验码：${p.digest}`, digestSentence(p.digest, d.committee?.office ?? defaultOffice(d.term.level))],
    };
  });
  const present = presentCount(d);
  const withheld = d.polls.map((p) =>
    participationWithheld(
      p,
      voters.get(p.id) ?? new Set(),
      d.polls.filter((q) => q.seriesId === p.seriesId && q.round < p.round).map((q) => voters.get(q.id) ?? new Set()),
    ),
  );
  sheets.push({
    name: '出席与参加表决情况',
    heading: [`${title}　出席与参加表决情况`, `组成人员${d.attendance.length}人，出席${present}人`],
    columns: [
      { header: '座次', kind: 'int' },
      { header: '姓名', kind: 'text' },
      { header: '职务', kind: 'text' },
      { header: '出席情况', kind: 'text' },
      ...d.polls.map((p, i) => ({ header: `${i + 1} ${p.result.title}`, kind: 'text' as const })),
    ],
    rows: d.attendance.map((a) => [
      a.seatOrder,
      a.name,
      MEMBER_ROLE_LABEL[a.role],
      a.status ? ATTENDANCE_STATUS_LABEL[a.status] : '未登记',
      ...d.polls.map((p, i) => (withheld[i] ? '不列出' : voters.get(p.id)?.has(a.memberId) ? '已参加' : entitled.get(p.id)?.has(a.memberId) ? '未参加' : '—')),
    ]),
    notes: [
      '“已参加”指以电子方式投票或领取了纸质表决票；本表不记录、也无从记录任何人的选择。“—”表示表决开始时未出席。',
      ...d.polls.flatMap((p, i) => (withheld[i] ? [`“${p.result.title}”为无记名表决，${withheld[i]}，与结果合看可推知个人的选择，故不按人列出参加情况（参加${voters.get(p.id)?.size ?? 0}人）。`] : [])),
    ],
  });
  return { title: `${title}表决结果`, creator: office, sheets };
}
