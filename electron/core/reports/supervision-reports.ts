import type { OpinionDetail, OpinionRow, PlanItem } from '../../../shared/api/supervision-schemas.js';
import { chineseDate, chineseNumber } from '../../../shared/domain/format.js';
import type { DocBlock, OfficialDocInput } from '../../../shared/domain/reports/official-doc.js';
import type { SheetInput } from '../../../shared/domain/reports/workbook.js';
import { OPINION_STATUSES, OPINION_STATUS_LABEL, PLAN_KIND_LABEL, RECTIFICATION_STATUS_LABEL } from '../../../shared/domain/supervision/labels.js';
import { partyCommittee } from './meeting-reports.js';

/** Sent (交办) at some point: not 起草中 and not 已审定待交办. */
const wasSent = (r: OpinionRow) => r.sentOn !== null;
/** Past the deadline for the handling report (not a draft past its drafting days). */
const reportOverdue = (r: OpinionRow) => r.urgency.overdue && r.urgency.dueWhat === 'report';

/** What every supervision document needs to sign itself. */
export interface Signer {
  office: string;
  level: 'county' | 'city' | 'province';
  /** 洛阳市人大常委会 */
  committee: string;
  place: string;
  today: string;
}

const PROGRESS_LABEL: Record<PlanItem['progress'], string> = { planned: '计划中', arranged: '已安排', held: '已审议', late: '逾期未安排', unscheduled: '未定月份' };


/** 抄送 list as typed ("抄报市委", "抄送市人民政府"): the words the 版记 prints itself are dropped. */
function copyToLine(items: readonly string[]): string | undefined {
  const names = items.map((x) => x.trim().replace(/^(抄报|抄送)[：:]?/, '').replace(/[。；，]$/, '')).filter(Boolean);
  return names.length > 0 ? `${names.join('，')}。` : undefined;
}

/** Paragraphs of free text typed by a clerk: one per non-empty line. */
function paragraphs(text: string): DocBlock[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => ({ kind: 'paragraph', text: l }));
}

/** 审议意见书: the opinion as sent to the bodies, with its problem list and deadline. */
export function opinionLetter(o: OpinionDetail, s: Signer): OfficialDocInput {
  const bodies = o.bodies.map((b) => b.name);
  const title = o.title.startsWith(s.committee) ? o.title : `${s.committee}${o.title.startsWith('关于') ? '' : '关于'}${o.title}`;
  const blocks: DocBlock[] = [
    { kind: 'paragraph', text: `${chineseDate(o.meetingDate)}，${o.meetingTitle}听取和审议了${o.agendaTitle.replace(/^(听取和审议|听取|审议)/, '')}。现将常委会组成人员的审议意见交办如下：` },
  ];
  if (o.assessment.trim()) blocks.push({ kind: 'heading', level: 1, text: '一、总体评价' }, ...paragraphs(o.assessment));
  const n = (i: number) => chineseNumber(i + (o.assessment.trim() ? 2 : 1));
  blocks.push({ kind: 'heading', level: 1, text: `${n(0)}、存在的主要问题` });
  for (const p of o.problemList) {
    blocks.push({ kind: 'paragraph', lead: { level: 2, text: `（${chineseNumber(p.position)}）` }, text: `${p.text}（承办单位：${p.bodyName}）` });
  }
  if (o.recommendations.trim()) blocks.push({ kind: 'heading', level: 1, text: `${n(1)}、意见和建议` }, ...paragraphs(o.recommendations));
  const deadline = o.deadline ? `请于${chineseDate(o.deadline)}前` : '请在规定期限内';
  blocks.push({
    kind: 'paragraph',
    text: `${deadline}将研究处理情况（含整改清单，逐条说明整改措施和进展）书面报告常委会，由${o.leadBodyName ?? '有关工作委员会'}负责跟踪督办。常委会将视情况安排再次审议并进行满意度测评。`,
  });
  // Not yet sent (起草中, 已审定待交办): a draft for the 主任会议, marked so, without the 版记 of a sent document.
  const draft = o.status === 'draft' || o.status === 'approved';
  return {
    title: (title.startsWith(s.committee) ? `${s.committee}\n${title.slice(s.committee.length)}` : title) + (draft ? '\n（送审稿）' : ''),
    addressee: `${bodies.join('、')}：`,
    blocks,
    attachments: [],
    signature: { office: s.office, date: o.sentOn ?? s.today },
    ...(draft ? {} : { record: { copyTo: copyToLine(o.copyTo), printedBy: s.office, printedOn: o.sentOn ?? s.today } }),
    meta: { subject: o.title, creator: s.office },
  };
}

/** 研究处理情况汇总: each handling report with its rectification list, and the opinion's timeline. */
export function handlingSummary(o: OpinionDetail, s: Signer): OfficialDocInput {
  const blocks: DocBlock[] = [
    {
      kind: 'paragraph',
      text: `${o.meetingTitle}听取和审议${o.agendaTitle.replace(/^(听取和审议|听取|审议)/, '')}后形成的审议意见，${o.sentOn ? `于${chineseDate(o.sentOn)}交${o.bodies.map((b) => b.name).join('、')}研究处理${o.deadline ? `，办理期限至${chineseDate(o.deadline)}` : ''}` : '尚未交办'}。目前状态：${o.statusLabel}。${o.reports.length > 0 ? `共收到研究处理情况报告${o.reports.length}次。` : '尚未收到研究处理情况报告。'}`,
    },
  ];
  o.reports.forEach((r, i) => {
    blocks.push({ kind: 'heading', level: 1, text: `${chineseNumber(i + 1)}、第${chineseNumber(r.round)}次报告（${chineseDate(r.receivedOn)}收到）` });
    if (r.summary) blocks.push(...paragraphs(r.summary));
    blocks.push({
      kind: 'table',
      caption: '整改清单',
      columns: [
        { title: '序号', width: 1, align: 'center' },
        { title: '问题', width: 4, align: 'left' },
        { title: '整改措施', width: 4, align: 'left' },
        { title: '状态', width: 1.6, align: 'center' },
      ],
      rows: r.rectifications.map((x) => [String(x.position), o.problemList.find((p) => p.id === x.problemId)?.text ?? '', x.measures, RECTIFICATION_STATUS_LABEL[x.status]]),
      notes: [],
    });
  });
  blocks.push({ kind: 'heading', level: 1, text: `${chineseNumber(o.reports.length + 1)}、办理过程` });
  blocks.push({
    kind: 'table',
    columns: [
      { title: '日期', width: 3, align: 'center' },
      { title: '环节', width: 2, align: 'center' },
      { title: '经办', width: 2, align: 'center' },
      { title: '情况', width: 5, align: 'left' },
    ],
    rows: o.events.map((e) => [chineseDate(e.on), e.label, e.actor, [e.detail, e.reason].filter(Boolean).join('；')]),
    notes: [],
  });
  return {
    title: `关于《${o.title}》\n研究处理情况的汇总`,
    blocks,
    attachments: [],
    signature: { office: s.office, date: s.today },
    meta: { subject: `${o.title}研究处理情况`, creator: s.office },
  };
}

const LEDGER_COLUMNS = [
  { title: '序号', width: 0.9, align: 'center' as const },
  { title: '审议意见', width: 3.6, align: 'left' as const },
  { title: '承办单位', width: 2.4, align: 'left' as const },
  { title: '交办', width: 2.8, align: 'center' as const },
  { title: '期限', width: 2.8, align: 'center' as const },
  { title: '状态', width: 1.9, align: 'center' as const },
  { title: '最近测评', width: 1.4, align: 'center' as const },
];

function ledgerTableRows(rows: readonly OpinionRow[]): string[][] {
  return rows.map((r, i) => [
    String(i + 1),
    r.title,
    r.bodies.map((b) => b.name).join('、'),
    r.sentOn ? chineseDate(r.sentOn) : '—',
    r.deadline ? chineseDate(r.deadline) : '—',
    r.statusLabel + (reportOverdue(r) ? '（逾期）' : r.urgency.overdue ? '（超时）' : ''),
    r.lastVerdict ?? '—',
  ]);
}

function statusCounts(rows: readonly OpinionRow[]): string {
  const parts = OPINION_STATUSES.map((st) => [st, rows.filter((r) => r.status === st).length] as const)
    .filter(([, n]) => n > 0)
    .map(([st, n]) => `${OPINION_STATUS_LABEL[st]}${n}件`);
  return parts.length > 0 ? parts.join('，') : '无';
}

/** 审议意见办理台账 for a period. */
export function ledgerReport(rows: readonly OpinionRow[], period: string, s: Signer): OfficialDocInput {
  const overdue = rows.filter(reportOverdue).length;
  const sent = rows.filter(wasSent).length;
  return {
    title: `${s.committee}审议意见办理台账\n（${period}）`,
    blocks: [
      { kind: 'paragraph', text: `${period}，常委会会议形成审议意见${rows.length}件，已交办${sent}件：${statusCounts(rows)}。截至${chineseDate(s.today)}，超过办理期限未报告${overdue}件。` },
      { kind: 'table', caption: '审议意见办理情况', columns: LEDGER_COLUMNS, rows: ledgerTableRows(rows), notes: ['“最近测评”为再次审议时满意度测评的结论；“逾期”指超过办理期限仍未报告，“超时”指超过会后整理或审定后交办的时限。'] },
    ],
    attachments: [],
    signature: { office: s.office, date: s.today },
    meta: { subject: `审议意见办理台账（${period}）`, creator: s.office },
  };
}

export function ledgerSheet(rows: readonly OpinionRow[], period: string, s: Signer): SheetInput {
  return {
    name: '审议意见台账',
    heading: [`${s.committee}审议意见办理台账（${period}）`, `截至${chineseDate(s.today)}，共${rows.length}件`],
    columns: [
      { header: '序号', kind: 'int' },
      { header: '审议意见', kind: 'text' },
      { header: '会议', kind: 'text' },
      { header: '会议日期', kind: 'date' },
      { header: '议程', kind: 'text' },
      { header: '牵头委员会', kind: 'text' },
      { header: '承办单位', kind: 'text' },
      { header: '交办日期', kind: 'date' },
      { header: '办理期限', kind: 'date' },
      { header: '状态', kind: 'text' },
      { header: '逾期', kind: 'text' },
      { header: '问题数', kind: 'int' },
      { header: '已整改', kind: 'int' },
      { header: '整改中', kind: 'int' },
      { header: '长期坚持', kind: 'int' },
      { header: '未整改', kind: 'int' },
      { header: '不满意次数', kind: 'int' },
      { header: '最近测评', kind: 'text' },
    ],
    rows: rows.map((r, i) => [
      i + 1,
      r.title,
      r.meetingTitle,
      r.meetingDate,
      r.agendaTitle,
      r.leadBodyName,
      r.bodies.map((b) => b.name).join('、'),
      r.sentOn,
      r.deadline,
      r.statusLabel,
      reportOverdue(r) ? '逾期' : r.urgency.overdue ? '超时' : '',
      r.problems.total,
      r.problems.done,
      r.problems.inProgress,
      r.problems.ongoing,
      r.problems.pending,
      r.unsatisfied,
      r.lastVerdict,
    ]),
    notes: [problemsNote],
  };
}
const problemsNote = '问题的整改状态取自最近一次研究处理情况报告。';

export function planSheet(items: readonly PlanItem[], year: number, s: Signer): SheetInput {
  return {
    name: `${year}年监督计划`,
    heading: [`${s.committee}${year}年度监督工作计划执行情况`, `截至${chineseDate(s.today)}`],
    columns: [
      { header: '序号', kind: 'int' },
      { header: '方式', kind: 'text' },
      { header: '监督事项', kind: 'text' },
      { header: '监督对象', kind: 'text' },
      { header: '牵头委员会', kind: 'text' },
      { header: '计划月份', kind: 'int' },
      { header: '执行情况', kind: 'text' },
      { header: '审议会议', kind: 'text' },
      { header: '测评结果', kind: 'text' },
      { header: '审议意见（未办结/总数）', kind: 'text' },
    ],
    rows: items.map((p, i) => [
      i + 1,
      PLAN_KIND_LABEL[p.kind],
      p.title,
      p.subjects.map((x) => x.name).join('、'),
      p.leadBodyName,
      p.plannedMonth,
      PROGRESS_LABEL[p.progress],
      p.held.map((h) => `${h.meetingTitle}（${chineseDate(h.date)}）`).join('；'),
      p.ratings.map((r) => `${r.subject}：${r.verdict ?? r.figure ?? '—'}`).join('；'),
      p.opinionsTotal > 0 ? `${p.opinionsOpen}/${p.opinionsTotal}` : '',
    ]),
    notes: [],
  };
}

/** One rated row of the year, from a sealed satisfaction or scoring result. */
export interface YearRating {
  date: string;
  meetingTitle: string;
  pollTitle: string;
  target: string;
  figure: string;
  /** The printed 满意率 as a fraction (satisfaction), or the score (scoring), for spreadsheets. */
  rate: number | null;
  score: number | null;
  verdict: string;
  digest: string;
}

export interface Escalation {
  on: string;
  opinionTitle: string;
  label: string;
  detail: string;
  /** 报市委同意: listed, not counted as a measure. */
  consent: boolean;
}

/** 年度监督工作情况: the plan against what was held, every rating, opinions by state, escalations. */
export function yearSummary(year: number, plan: readonly PlanItem[], ratings: readonly YearRating[], opinions: readonly OpinionRow[], escalations: readonly Escalation[], s: Signer): OfficialDocInput {
  const held = plan.filter((p) => p.progress === 'held').length;
  const late = plan.filter((p) => p.progress === 'late').length;
  const byVerdict = new Map<string, number>();
  for (const r of ratings) byVerdict.set(r.verdict, (byVerdict.get(r.verdict) ?? 0) + 1);
  // 满意 first, then the rest in the order of the scale.
  const ORDER = ['满意', '基本满意', '不满意', '优秀', '良好', '一般', '较差'];
  const verdicts =
    [...byVerdict]
      .sort(([a], [b]) => (ORDER.indexOf(a) < 0 ? 99 : ORDER.indexOf(a)) - (ORDER.indexOf(b) < 0 ? 99 : ORDER.indexOf(b)))
      .map(([v, n]) => `${v}${n}个`)
      .join('，') || '无';
  const subjects = new Set(ratings.map((r) => r.target)).size;
  // 报市委同意 is the consent for a measure, not a measure of its own.
  const measures = escalations.filter((e) => !e.consent).length;
  const blocks: DocBlock[] = [
    {
      kind: 'paragraph',
      text: `${year}年，常委会年度监督工作计划共安排监督事项${plan.length}项，截至${chineseDate(s.today)}已审议${held}项${late > 0 ? `，逾期未安排${late}项` : ''}；全年开展满意度测评和工作评议${new Set(ratings.map((r) => r.digest)).size}次，涉及测评对象${subjects}个，评定结果${ratings.length}个（${verdicts}）；会议形成审议意见${opinions.length}件，已交办${opinions.filter(wasSent).length}件；采取约谈、责令整改、质询等措施${measures}次。具体情况如下：`,
    },
    { kind: 'heading', level: 1, text: '一、年度监督计划执行情况' },
    {
      kind: 'table',
      columns: [
        { title: '序号', width: 0.9, align: 'center' },
        { title: '监督事项', width: 4.4, align: 'left' },
        { title: '方式', width: 1.6, align: 'center' },
        { title: '计划', width: 1.2, align: 'center' },
        { title: '执行情况', width: 1.6, align: 'center' },
        { title: '审议时间', width: 2.7, align: 'center' },
      ],
      rows: plan.map((p, i) => [String(i + 1), p.title, PLAN_KIND_LABEL[p.kind], p.plannedMonth ? `${p.plannedMonth}月` : '—', PROGRESS_LABEL[p.progress], p.held.map((h) => chineseDate(h.date)).join('\n') || '—']),
      notes: [],
    },
    { kind: 'heading', level: 1, text: '二、满意度测评和工作评议结果' },
  ];
  if (ratings.length === 0) blocks.push({ kind: 'paragraph', text: '本年度没有已封存的测评结果。' });
  else {
    blocks.push({
      kind: 'table',
      columns: [
        { title: '会议日期', width: 2.7, align: 'center' },
        { title: '测评', width: 3.2, align: 'left' },
        { title: '测评对象', width: 3.2, align: 'left' },
        { title: '满意率/得分', width: 1.7, align: 'center' },
        { title: '结果', width: 1.6, align: 'center' },
      ],
      rows: ratings.map((r) => [chineseDate(r.date), r.pollTitle, r.target, r.figure, r.verdict]),
      notes: ['各项结果取自表决结束时封存的计票结果，可按各次会议结果报告所载校验码核对。'],
    });
  }
  blocks.push({ kind: 'heading', level: 1, text: '三、审议意见办理情况' });
  blocks.push({ kind: 'paragraph', text: `本年度会议形成审议意见${opinions.length}件：${statusCounts(opinions)}。` });
  if (opinions.length > 0) blocks.push({ kind: 'table', columns: LEDGER_COLUMNS, rows: ledgerTableRows(opinions), notes: [] });
  blocks.push({ kind: 'heading', level: 1, text: '四、跟踪问效和刚性监督措施' });
  if (escalations.length === 0) blocks.push({ kind: 'paragraph', text: '本年度未采取约谈、责令整改、质询或特定问题调查等措施。' });
  else {
    blocks.push({
      kind: 'table',
      columns: [
        { title: '日期', width: 2.7, align: 'center' },
        { title: '审议意见', width: 4.2, align: 'left' },
        { title: '措施', width: 2, align: 'center' },
        { title: '情况', width: 3.6, align: 'left' },
      ],
      rows: escalations.map((e) => [chineseDate(e.on), e.opinionTitle, e.label, e.detail]),
      notes: [],
    });
  }
  return {
    title: `关于${year}年度监督工作情况的报告`,
    addressee: `${partyCommittee(s.place, s.level)}：`,
    blocks: [...blocks, { kind: 'paragraph', text: '特此报告。' }],
    attachments: [],
    signature: { office: s.office, date: s.today },
    meta: { subject: `${year}年度监督工作情况`, creator: s.office },
  };
}
