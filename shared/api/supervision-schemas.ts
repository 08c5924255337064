import { z } from 'zod';
import { ESCALATION_TOOLS, OPINION_EVENT_KINDS, OPINION_STATUSES, PLAN_KINDS, RECTIFICATION_STATUSES } from '../domain/supervision/labels.js';
import { DEADLINE_MONTHS_RANGE } from '../domain/supervision/opinion-machine.js';
import { FULL_NAME_SUFFIX, OFFICES, SHORT_NAME_SUFFIX } from '../domain/committee.js';
import { PollId } from './poll-schemas.js';
import { BodyRating } from './rating-schemas.js';
import { AgendaItemId, BodyId, id, isoDate, MeetingId, MemberId, nameField, optionalText } from './schemas.js';

/** Schemas of supervision: the plan, deliberation notes, review opinions, subjects (issue 9). */

export const PlanItemId = id.brand<'PlanItemId'>();
export type PlanItemId = z.infer<typeof PlanItemId>;
export const OpinionId = id.brand<'OpinionId'>();
export type OpinionId = z.infer<typeof OpinionId>;
export const ProblemId = id.brand<'ProblemId'>();
export type ProblemId = z.infer<typeof ProblemId>;
export const ReportId = id.brand<'ReportId'>();
export type ReportId = z.infer<typeof ReportId>;
export const SpeechId = id.brand<'SpeechId'>();
export type SpeechId = z.infer<typeof SpeechId>;
export const AppointeeId = id.brand<'AppointeeId'>();
export type AppointeeId = z.infer<typeof AppointeeId>;
export const OpinionFileId = id.brand<'OpinionFileId'>();
export type OpinionFileId = z.infer<typeof OpinionFileId>;

export const PlanKind = z.enum(PLAN_KINDS, { error: '请选择监督方式' });
export const OpinionStatus = z.enum(OPINION_STATUSES, { error: '审议意见状态无效' });
export const RectificationStatus = z.enum(RECTIFICATION_STATUSES, { error: '整改状态应为 未整改 / 整改中 / 已整改 / 长期坚持' });
export const EscalationTool = z.enum(ESCALATION_TOOLS, { error: '请选择质询或特定问题调查' });
export const year = z.number({ error: '请填写年度' }).int({ error: '年度应为整数' }).min(1949, { error: '年度无效' }).max(2200, { error: '年度无效' });

/** A subject of supervision: a body, or a person appointed by the committee. */
export const SubjectRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('body'), id: BodyId }),
  z.object({ kind: z.literal('appointee'), id: AppointeeId }),
]);
export type SubjectRef = z.infer<typeof SubjectRef>;
export const Subject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('body'), id: BodyId, name: z.string() }),
  z.object({ kind: z.literal('appointee'), id: AppointeeId, name: z.string() }),
]);
export type Subject = z.infer<typeof Subject>;

// ---- Settings ----------------------------------------------------------------------------

export const SupervisionSettingsSchema = z.object({
  deadlineMonths: z
    .number({ error: '请填写办理期限' })
    .int({ error: '办理期限应为整数月' })
    .min(DEADLINE_MONTHS_RANGE.min, { error: `办理期限至少 ${DEADLINE_MONTHS_RANGE.min} 个月` })
    .max(DEADLINE_MONTHS_RANGE.max, { error: `办理期限不能超过 ${DEADLINE_MONTHS_RANGE.max} 个月` }),
  draftDays: z.number({ error: '请填写整理时限' }).int({ error: '整理时限应为整数天' }).min(1, { error: '整理时限至少 1 天' }).max(90, { error: '整理时限不能超过 90 天' }),
  sendDays: z.number({ error: '请填写交办时限' }).int({ error: '交办时限应为整数天' }).min(1, { error: '交办时限至少 1 天' }).max(90, { error: '交办时限不能超过 90 天' }),
});
/** 洛阳市 of 洛阳市人民代表大会常务委员会: at least two characters, none of the suffix's own words. */
const placeOk = (place: string) => [...place].length >= 2 && !/人民代表大会|人大|常务委员会|常委会/.test(place);

export const CommitteeNameSchema = z
  .object({
    fullName: nameField('本机关全称', 40).refine((v) => v.endsWith(FULL_NAME_SUFFIX) && placeOk(v.slice(0, -FULL_NAME_SUFFIX.length)), {
      error: `全称应为“地名+${FULL_NAME_SUFFIX}”，如 洛阳市${FULL_NAME_SUFFIX}`,
    }),
    shortName: nameField('本机关简称', 20).refine((v) => v.endsWith(SHORT_NAME_SUFFIX) && placeOk(v.slice(0, -SHORT_NAME_SUFFIX.length)), {
      error: `简称应为“地名+${SHORT_NAME_SUFFIX}”，如 洛阳市${SHORT_NAME_SUFFIX}`,
    }),
    office: z.enum(OFFICES, { error: '办事机构应为 办公厅 或 办公室' }),
  })
  // Both names name one place: the short one may shorten it (延边朝鲜族自治州 → 延边州) but starts the same.
  .refine((c) => !c.fullName.endsWith(FULL_NAME_SUFFIX) || !c.shortName.endsWith(SHORT_NAME_SUFFIX) || [...c.fullName].slice(0, 2).join('') === [...c.shortName].slice(0, 2).join(''), {
    error: '全称和简称应是同一地方（如 洛阳市人民代表大会常务委员会 与 洛阳市人大常委会）',
    path: ['shortName'],
  });
export type CommitteeNameInput = z.input<typeof CommitteeNameSchema>;

export const Settings = z.object({ supervision: SupervisionSettingsSchema, committee: CommitteeNameSchema.nullable() });
export type Settings = z.infer<typeof Settings>;

/** Either part may be saved on its own. */
export const SettingsUpdate = z.object({ supervision: SupervisionSettingsSchema.optional(), committee: CommitteeNameSchema.optional() });

// ---- Appointed persons -------------------------------------------------------------------

export const Appointee = z.object({
  id: AppointeeId,
  name: z.string(),
  office: z.string(),
  bodyId: BodyId.nullable(),
  bodyName: z.string().nullable(),
  appointedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  note: z.string().nullable(),
});
export type Appointee = z.infer<typeof Appointee>;
export const AppointeeFields = z.object({
  name: nameField('姓名', 20),
  office: nameField('职务', 60),
  bodyId: BodyId.nullable(),
  appointedOn: isoDate.nullable(),
  leftOn: isoDate.nullable(),
  note: optionalText('备注', 200),
});
export type AppointeeFields = z.input<typeof AppointeeFields>;

// ---- The year's plan ---------------------------------------------------------------------

export const PlanItemFields = z.object({
  kind: PlanKind,
  title: nameField('监督事项', 200),
  subjects: z.array(SubjectRef).max(30, { error: '监督对象不能超过 30 个' }),
  leadBodyId: BodyId.nullable(),
  plannedMonth: z.number().int().min(1, { error: '计划月份应为 1–12' }).max(12, { error: '计划月份应为 1–12' }).nullable(),
  notes: optionalText('备注', 1000),
});
export type PlanItemFields = z.input<typeof PlanItemFields>;

export const PlanHeld = z.object({ agendaItemId: AgendaItemId, meetingId: MeetingId, meetingTitle: z.string(), date: z.string(), title: z.string() });
export const PlanRating = z.object({ pollId: PollId, subject: z.string(), verdict: z.string().nullable(), figure: z.string().nullable(), date: z.string() });

export const PlanItem = z.object({
  id: PlanItemId,
  year: z.number().int(),
  position: z.number().int(),
  kind: PlanKind,
  title: z.string(),
  subjects: z.array(Subject),
  leadBodyId: BodyId.nullable(),
  leadBodyName: z.string().nullable(),
  plannedMonth: z.number().int().nullable(),
  notes: z.string().nullable(),
  /** Agenda items that carried it out, oldest first. */
  held: z.array(PlanHeld),
  /** Sealed satisfaction and scoring results on those items, per rated row. */
  ratings: z.array(PlanRating),
  opinionsOpen: z.number().int(),
  opinionsTotal: z.number().int(),
  /**
   * held (a linked meeting has taken place), arranged (on the agenda of a meeting still to
   * come), late (planned month past, nothing arranged), planned (month not yet past), unscheduled (no month).
   */
  progress: z.enum(['planned', 'arranged', 'held', 'late', 'unscheduled']),
});
export type PlanItem = z.infer<typeof PlanItem>;

/** A pasted or imported line of a plan, checked; nothing saved yet. */
export const PlanImportRow = z.object({
  line: z.number().int(),
  raw: z.string(),
  fields: z
    .object({
      kind: PlanKind,
      title: z.string(),
      subjectNames: z.array(z.string()),
      leadName: z.string().nullable(),
      plannedMonth: z.number().int().nullable(),
      notes: z.string().nullable(),
    })
    .nullable(),
  /** Names of bodies not yet in the app: created when the rows are saved. */
  newBodies: z.array(z.string()),
  errors: z.array(z.string()),
});
export type PlanImportRow = z.infer<typeof PlanImportRow>;
export const PlanImportFields = PlanImportRow.shape.fields.unwrap().extend({
  title: nameField('监督事项', 200),
  subjectNames: z.array(nameField('监督对象', 60)).max(30),
  leadName: nameField('牵头委员会', 60).nullable(),
  notes: optionalText('备注', 1000),
});

// ---- Deliberation notes -------------------------------------------------------------------

export const Speech = z.object({ id: SpeechId, agendaItemId: AgendaItemId, position: z.number().int(), memberId: MemberId, memberName: z.string(), points: z.string() });
export type Speech = z.infer<typeof Speech>;
export const SpeechFields = z.object({ memberId: MemberId, points: nameField('发言要点', 4000) });

// ---- Review opinions ----------------------------------------------------------------------

export const ProblemFields = z.object({
  /** Present when editing an existing problem (keeps its rectification history). */
  id: ProblemId.optional(),
  text: nameField('问题', 2000),
  bodyId: BodyId,
});
export const OpinionFields = z.object({
  title: nameField('审议意见标题', 200),
  leadBodyId: BodyId.nullable(),
  assessment: z.string().trim().max(8000, { error: '总体评价不能超过 8000 个字' }),
  problems: z.array(ProblemFields).max(100, { error: '问题不能超过 100 条' }),
  recommendations: z.string().trim().max(8000, { error: '意见建议不能超过 8000 个字' }),
  /** Bodies that must handle it (承办单位); every problem's body is one of them. */
  bodyIds: z.array(BodyId).min(1, { error: '请至少选择一个承办单位' }).max(20, { error: '承办单位不能超过 20 个' }),
  copyTo: z.array(nameField('抄送单位', 60)).max(20, { error: '抄报抄送不能超过 20 个' }),
});
export type OpinionFields = z.input<typeof OpinionFields>;

/** Who, when and why: on every step. */
const StepCommon = {
  on: isoDate,
  actor: nameField('办理人或决定者', 100),
  reason: nameField('事由或决定内容', 2000),
};
const months = z.number({ error: '请填写办理期限' }).int({ error: '办理期限应为整数月' }).min(DEADLINE_MONTHS_RANGE.min).max(DEADLINE_MONTHS_RANGE.max, { error: `办理期限不能超过 ${DEADLINE_MONTHS_RANGE.max} 个月` });
const signers = z.array(MemberId).max(1000);

/** A step a clerk records on an opinion (the handling report has its own method; ratings come from sealed polls). */
export const OpinionStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approved'), ...StepCommon }),
  z.object({ kind: z.literal('sent'), months, ...StepCommon }),
  z.object({ kind: z.literal('extended'), to: isoDate, ...StepCommon }),
  z.object({ kind: z.literal('rehearing'), agendaItemId: AgendaItemId, ...StepCommon }),
  z.object({ kind: z.literal('interviewed'), interviewees: nameField('被约谈单位或人员', 200), ...StepCommon }),
  z.object({ kind: z.literal('reassigned'), months, ...StepCommon }),
  z.object({ kind: z.literal('consented'), tool: EscalationTool, ...StepCommon }),
  z.object({ kind: z.literal('interpellated'), movers: signers, ...StepCommon }),
  z.object({ kind: z.literal('investigated'), proposers: signers, ...StepCommon }),
  z.object({ kind: z.literal('closed'), ...StepCommon }),
]);
export type OpinionStep = z.input<typeof OpinionStep>;

export const RectificationFields = z.object({ problemId: ProblemId, measures: z.string().trim().max(4000, { error: '整改措施不能超过 4000 个字' }), status: RectificationStatus });
export const HandlingReportInput = z.object({
  ...StepCommon,
  summary: optionalText('报告摘要', 4000),
  rectifications: z.array(RectificationFields).max(100),
});

export const Urgency = z.object({
  due: z.string().nullable(),
  dueWhat: z.enum(['report', 'draft', 'send']).nullable(),
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  text: z.string().nullable(),
});

export const OpinionFile = z.object({ id: OpinionFileId, reportId: ReportId.nullable(), problemId: ProblemId.nullable(), fileName: z.string(), size: z.number().int(), createdAt: z.string() });
export type OpinionFile = z.infer<typeof OpinionFile>;

export const Problem = z.object({
  id: ProblemId,
  position: z.number().int(),
  text: z.string(),
  bodyId: BodyId,
  bodyName: z.string(),
  /** From the latest handling report that covered it; pending before any report. */
  status: RectificationStatus,
  measures: z.string().nullable(),
});
export type Problem = z.infer<typeof Problem>;

export const HandlingReport = z.object({
  id: ReportId,
  round: z.number().int(),
  receivedOn: z.string(),
  summary: z.string().nullable(),
  rectifications: z.array(z.object({ problemId: ProblemId, position: z.number().int(), measures: z.string(), status: RectificationStatus })),
  files: z.array(OpinionFile),
});
export type HandlingReport = z.infer<typeof HandlingReport>;

export const OpinionEventView = z.object({
  id: z.number().int(),
  kind: z.enum(OPINION_EVENT_KINDS),
  label: z.string(),
  on: z.string(),
  actor: z.string(),
  reason: z.string(),
  /** What happened, in one Chinese line (deadline, verdict, movers …). */
  detail: z.string(),
  recordedAt: z.string(),
});
export type OpinionEventView = z.infer<typeof OpinionEventView>;

/** One row of the ledger. */
export const OpinionRow = z.object({
  id: OpinionId,
  title: z.string(),
  status: OpinionStatus,
  statusLabel: z.string(),
  year: z.number().int(),
  meetingId: MeetingId,
  meetingTitle: z.string(),
  meetingDate: z.string(),
  agendaItemId: AgendaItemId,
  agendaTitle: z.string(),
  planItemId: PlanItemId.nullable(),
  leadBodyId: BodyId.nullable(),
  leadBodyName: z.string().nullable(),
  bodies: z.array(z.object({ id: BodyId, name: z.string() })),
  sentOn: z.string().nullable(),
  deadline: z.string().nullable(),
  urgency: Urgency,
  problems: z.object({ total: z.number().int(), pending: z.number().int(), inProgress: z.number().int(), done: z.number().int(), ongoing: z.number().int() }),
  unsatisfied: z.number().int(),
  lastVerdict: z.string().nullable(),
});
export type OpinionRow = z.infer<typeof OpinionRow>;

export const OpinionDetail = OpinionRow.extend({
  assessment: z.string(),
  recommendations: z.string(),
  copyTo: z.array(z.string()),
  approvedOn: z.string().nullable(),
  problemList: z.array(Problem),
  reports: z.array(HandlingReport),
  files: z.array(OpinionFile),
  events: z.array(OpinionEventView),
  rehearing: z.object({ agendaItemId: AgendaItemId, title: z.string(), meetingId: MeetingId, meetingTitle: z.string(), date: z.string() }).nullable(),
  /** Steps a clerk may record now (buttons). */
  available: z.array(z.enum(OPINION_EVENT_KINDS)),
  suggestion: z.string().nullable(),
  /** Figures the escalation steps need. */
  escalation: z.object({
    level: z.enum(['county', 'city', 'province']),
    serving: z.number().int(),
    interpellationMinimum: z.number().int(),
    investigationMinimum: z.number().int(),
    consent: z.object({ interpellation: z.boolean(), investigation: z.boolean() }),
    interviews: z.number().int(),
  }),
  /** Default months for sending and re-assigning (settings). */
  defaultMonths: z.number().int(),
  termId: z.number().int(),
});
export type OpinionDetail = z.infer<typeof OpinionDetail>;

export const OpinionListInput = z.object({
  year: year.optional(),
  bodyId: BodyId.optional(),
  leadBodyId: BodyId.optional(),
  /** 'open': not closed; a status; or everything. */
  status: z.union([z.literal('open'), z.literal('all'), OpinionStatus]).default('all'),
  overdue: z.boolean().default(false),
  search: z.string().trim().max(100).optional(),
});

/** A later agenda item an opinion may be re-heard at. */
export const RehearingOption = z.object({ agendaItemId: AgendaItemId, meetingId: MeetingId, meetingTitle: z.string(), date: z.string(), title: z.string(), hasSatisfactionPoll: z.boolean() });

// ---- Subjects with a history ---------------------------------------------------------------

export const SubjectRating = BodyRating.omit({ matchedBy: true });
export const SubjectHistory = z.object({
  subject: Subject,
  /** Office and body for a person; kind label for a body. */
  description: z.string(),
  ratings: z.array(SubjectRating),
  opinions: z.array(OpinionRow),
  planItems: z.array(z.object({ id: PlanItemId, year: z.number().int(), title: z.string(), kind: PlanKind })),
});
export type SubjectHistory = z.infer<typeof SubjectHistory>;

/** Which subject each row of a satisfaction or scoring sheet rates. */
export const PollSubjectRow = z.object({ targetKey: z.string(), label: z.string(), subject: Subject.nullable() });
