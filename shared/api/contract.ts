import { z } from 'zod';
import {
  AgendaFields,
  AgendaItem,
  AgendaItemId,
  AttendanceRow,
  AttendanceStatus,
  Attendee,
  AttendeeFields,
  AttendeeId,
  base64Field,
  Body,
  BodyFields,
  BodyId,
  ImportRow,
  LIMITS,
  optionalLine,
  Meeting,
  MeetingFields,
  MeetingId,
  Member,
  MemberFields,
  MemberId,
  nameField,
  Paper,
  PaperId,
  QuorumSchema,
  Term,
  TermId,
  TermInput,
} from './schemas.js';
import { DocumentRequest, ExportId, ExportProgress, ExportRequest, ExportRow, ExportStatus, OfficialDoc } from './report-schemas.js';
import { PollDefinitionSchema } from '../domain/polls/definition.js';
import { BallotPayloadSchema } from '../domain/polls/ballot.js';
import { CredentialRow, VoterInfo } from './voter-schemas.js';
import { BodyRatings } from './rating-schemas.js';
import {
  Appointee,
  AppointeeFields,
  AppointeeId,
  HandlingReportInput,
  OpinionDetail,
  OpinionFields,
  OpinionFileId,
  OpinionId,
  OpinionListInput,
  OpinionRow,
  OpinionStep,
  PlanImportFields,
  PlanImportRow,
  PlanItem,
  PlanItemFields,
  PlanItemId,
  PollSubjectRow,
  ProblemId,
  RehearingOption,
  ReportId,
  Settings,
  SettingsUpdate,
  Speech,
  SpeechFields,
  SpeechId,
  SubjectHistory,
  SubjectRef,
  year,
} from './supervision-schemas.js';
import { PaperStatus, PaperSheet, PollDetail, PollId, PollSettings, PollSummary, ProjectorShowInput, ProjectorState, SealedResult, SelectionOutcomeSchema } from './poll-schemas.js';

/**
 * The one contract between the console and the core. Every transport (Electron IPC,
 * HTTP, in-process) carries exactly these methods; the dispatcher validates both ways.
 */
function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const Page = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
};

export const contract = {
  /** What the app is, where its data lives, and whether the database is still empty. */
  'app.info': method(
    Empty,
    z.object({
      version: z.string(),
      mode: z.enum(['electron', 'host']),
      dataDir: z.string(),
      dbFile: z.string(),
      schemaVersion: z.number().int(),
      empty: z.boolean(),
    }),
  ),
  /** Fill an empty database with a plausible term, bodies and two meetings. */
  'demo.load': method(Empty, z.object({ termId: TermId, members: z.number().int(), meetings: z.number().int() })),

  /** All terms, newest first, with member counts. */
  'term.list': method(Empty, z.array(Term)),
  'term.create': method(TermInput, Term),
  'term.update': method(z.object({ id: TermId, fields: TermInput }), Term),

  /** Members of a term in seat order. */
  'member.list': method(z.object({ termId: TermId }), z.array(Member)),
  'member.create': method(z.object({ termId: TermId, fields: MemberFields }), Member),
  'member.update': method(z.object({ id: MemberId, fields: MemberFields }), Member),
  /** Parse an XLSX or CSV file and report every row with its errors; saves nothing. */
  'member.importPreview': method(
    z.object({
      termId: TermId,
      fileName: nameField('文件名', 255),
      contentBase64: base64Field(LIMITS.importFileBytes, '导入文件'),
      jobId: z.string().max(64).optional(),
    }),
    z.object({ rows: z.array(ImportRow), validCount: z.number().int(), errorCount: z.number().int() }),
  ),
  /** Save previewed rows in one transaction: all or nothing. */
  'member.importCommit': method(
    z.object({
      termId: TermId,
      rows: z.array(MemberFields).min(1, { error: '没有可导入的行' }).max(LIMITS.importRows, { error: `一次最多导入 ${LIMITS.importRows} 行` }),
    }),
    z.object({ created: z.number().int() }),
  ),

  'body.list': method(z.object({ includeInactive: z.boolean().default(true) }), z.array(Body)),
  'body.create': method(BodyFields, Body),
  'body.update': method(z.object({ id: BodyId, fields: BodyFields }), Body),
  /**
   * A body's sealed satisfaction and scoring results over the years, newest first: the rows
   * of each sheet that rated it (by its name as the row label, or as the presenting body of a
   * one-row sheet), with verdict, rates or score, and the denominator.
   */
  'body.ratings': method(z.object({ bodyId: BodyId }), BodyRatings),

  /** Meetings, newest first; filter by term, year and a search text. */
  'meeting.list': method(
    z.object({
      termId: TermId.optional(),
      year: z.number().int().min(1949).max(2200).optional(),
      search: z.string().trim().max(100).optional(),
      ...Page,
    }),
    z.object({ items: z.array(Meeting), total: z.number().int(), years: z.array(z.number().int()) }),
  ),
  'meeting.get': method(z.object({ id: MeetingId }), Meeting),
  'meeting.create': method(z.object({ termId: TermId, fields: MeetingFields }), Meeting),
  'meeting.update': method(z.object({ id: MeetingId, fields: MeetingFields }), Meeting),

  'agenda.list': method(z.object({ meetingId: MeetingId }), z.array(AgendaItem)),
  'agenda.create': method(z.object({ meetingId: MeetingId, fields: AgendaFields }), AgendaItem),
  'agenda.update': method(z.object({ id: AgendaItemId, fields: AgendaFields }), AgendaItem),
  'agenda.delete': method(z.object({ id: AgendaItemId }), Ok),
  /** Set the order of all items of a meeting; the list must name each item once. */
  'agenda.reorder': method(
    z.object({ meetingId: MeetingId, orderedIds: z.array(AgendaItemId).max(500) }),
    z.array(AgendaItem),
  ),

  /** Attach a paper (PDF, DOCX, XLSX, image) to an agenda item; stored with its SHA-256. */
  'paper.attach': method(
    z.object({
      agendaItemId: AgendaItemId,
      fileName: nameField('文件名', 255),
      contentBase64: base64Field(LIMITS.paperBytes, '会议文件'),
    }),
    Paper,
  ),
  'paper.delete': method(z.object({ id: PaperId }), Ok),
  /**
   * Open a paper. In the desktop app the system viewer opens it and `url` is null; in
   * host mode `url` is the console-relative address the browser fetches it from.
   */
  'paper.open': method(z.object({ id: PaperId }), z.object({ url: z.string().nullable() })),

  /** Every serving member of the meeting's term with their attendance, and the quorum. */
  'attendance.list': method(
    z.object({ meetingId: MeetingId }),
    z.object({ rows: z.array(AttendanceRow), quorum: QuorumSchema }),
  ),
  /**
   * Record attendance by hand. `proxy` is 代签: the member is recorded present on a clerk's
   * word, and `note` (the reason) is then required. `note` is kept for 请假 as well.
   */
  'attendance.set': method(
    z
      .object({
        meetingId: MeetingId,
        memberIds: z.array(MemberId).min(1).max(1000),
        status: AttendanceStatus.nullable(),
        proxy: z.boolean().optional(),
        note: optionalLine('原因', 200)
          .nullable()
          .transform((v) => (v === null || v === '' ? null : v))
          .optional(),
      })
      .refine((v) => !v.proxy || v.status === 'present', { error: '代签只能登记为出席', path: ['proxy'] })
      .refine((v) => !v.proxy || (v.note ?? null) !== null, { error: '代签请填写原因', path: ['note'] }),
    z.object({ quorum: QuorumSchema }),
  ),
  /**
   * The sign-in desk: a card's code, typed or scanned (spaces and dashes ignored), signs its
   * member in at once. A card of another meeting, a revoked card or an unknown code is
   * refused with a message for the clerk and changes nothing.
   */
  'attendance.signIn': method(
    z.object({ meetingId: MeetingId, code: z.string().max(64, { error: '签到码过长' }) }),
    z.object({
      row: AttendanceRow,
      /** The member was already signed in (a second scan): nothing changed. */
      already: z.boolean(),
      /** What the member was recorded as before (e.g. 请假), when not already present. */
      previous: AttendanceStatus.nullable(),
      quorum: QuorumSchema,
      /** The poll open as the member signed in: they vote from the next one (only members present at the opening vote). */
      lateFor: z.string().nullable(),
    }),
  ),
  /** Whether logging in on a member's device signs the member in (off by default). */
  'attendance.configure': method(z.object({ meetingId: MeetingId, deviceSignIn: z.boolean() }), Meeting),
  /** People attending without a vote (列席), never counted in the quorum. */
  'attendee.list': method(z.object({ meetingId: MeetingId }), z.array(Attendee)),
  'attendee.add': method(z.object({ meetingId: MeetingId, fields: AttendeeFields }), Attendee),
  'attendee.remove': method(z.object({ id: AttendeeId }), z.object({ ok: z.literal(true) })),

  /** Polls of a meeting, in agenda order then round. Never carries a partial tally. */
  'poll.list': method(z.object({ meetingId: MeetingId }), z.array(PollSummary)),
  'poll.get': method(z.object({ id: PollId }), PollDetail),
  /** A draft poll on an agenda item; anonymous unless the definition says otherwise. */
  'poll.create': method(z.object({ agendaItemId: AgendaItemId, definition: PollDefinitionSchema, ...PollSettings }), PollDetail),
  /** Change a draft; an opened poll is frozen. */
  'poll.update': method(z.object({ id: PollId, definition: PollDefinitionSchema, ...PollSettings }), PollDetail),
  'poll.delete': method(z.object({ id: PollId }), Ok),
  /** Open for ballots; needs the quorum, and no other open poll in the meeting. */
  'poll.open': method(z.object({ id: PollId }), PollSummary),
  /** Close, tally and seal (SHA-256 over definition, context and sorted ballots). */
  'poll.close': method(z.object({ id: PollId }), SealedResult),
  /** Let the projector show the sealed result. */
  'poll.release': method(z.object({ id: PollId }), PollSummary),
  /** A repeat vote: a new draft round beside the closed one, never an edit of it. */
  'poll.newRound': method(z.object({ id: PollId }), PollDetail),
  /** The sealed result of a closed or released poll. */
  'poll.result': method(z.object({ id: PollId }), SealedResult),
  /**
   * A selection's final list of winners, derived from the sealed rounds of its series (a
   * run-off adds to the rounds before it); null for other kinds or before the first seal.
   */
  'poll.outcome': method(z.object({ id: PollId }), SelectionOutcomeSchema.nullable()),
  /** Recompute a sealed result from the stored ballots and compare. */
  'poll.verify': method(z.object({ id: PollId }), z.object({ ok: z.boolean(), digest: z.string(), recomputed: z.string(), message: z.string() })),

  /** Enter one paper sheet (first or, with double entry, second pass). */
  'paperBallot.enter': method(
    z.object({
      pollId: PollId,
      pass: z.union([z.literal(1), z.literal(2)]),
      sheetNo: z.number().int().min(1).max(100000).optional(),
      payload: BallotPayloadSchema,
    }),
    z.object({ sheetNo: z.number().int(), sheet: PaperSheet, status: PaperStatus }),
  ),
  /** Settle a mismatched sheet with what the paper says. */
  'paperBallot.resolve': method(
    z.object({ pollId: PollId, sheetNo: z.number().int().min(1), payload: BallotPayloadSchema }),
    PaperStatus,
  ),
  /** Take back a sheet entered by mistake (while the poll is open) so it can be entered again. */
  'paperBallot.remove': method(z.object({ pollId: PollId, sheetNo: z.number().int().min(1) }), PaperStatus),
  'paperBallot.status': method(z.object({ pollId: PollId }), PaperStatus),
  /**
   * Hand paper sheets to named members (entitled, present, not yet voted). The roll records that
   * each received a sheet, never which; such a member cannot also vote on a device.
   */
  'paperBallot.handOut': method(z.object({ pollId: PollId, memberIds: z.array(MemberId).min(1).max(1000) }), PaperStatus),
  /** Undo a hand-out (the sheet came back unused), while no more sheets are entered than remain handed out. */
  'paperBallot.takeBack': method(z.object({ pollId: PollId, memberId: MemberId }), PaperStatus),

  /** Serving members with their attendance and active device credential for a meeting. */
  'credential.list': method(z.object({ meetingId: MeetingId }), z.object({ rows: z.array(CredentialRow) })),
  /** Issue cards (credentials) to the given (or all serving) members who have none; codes are printed on sign-in cards before the meeting. */
  'credential.issue': method(z.object({ meetingId: MeetingId, memberIds: z.array(MemberId).max(1000).optional() }), z.object({ rows: z.array(CredentialRow) })),
  /** Invalidate a member's credential (a lost tablet); the device is signed out at once. */
  'credential.revoke': method(z.object({ meetingId: MeetingId, memberId: MemberId }), z.object({ rows: z.array(CredentialRow) })),
  /** Revoke and issue a new code in one step. */
  'credential.reissue': method(z.object({ meetingId: MeetingId, memberId: MemberId }), z.object({ rows: z.array(CredentialRow) })),
  /** Where member devices connect (the voter listener's addresses), for the console and the room screen. */
  'voter.info': method(Empty, VoterInfo),

  /** Local settings (supervision deadlines and time limits). */
  'settings.get': method(Empty, Settings),
  'settings.update': method(SettingsUpdate, Settings),

  /** Persons appointed by the committee (被任命人员), current first. */
  'appointee.list': method(Empty, z.array(Appointee)),
  'appointee.create': method(AppointeeFields, Appointee),
  'appointee.update': method(z.object({ id: AppointeeId, fields: AppointeeFields }), Appointee),

  /** A body's or a person's history: every sealed rating linked to it, every opinion, every plan item. */
  'subject.history': method(z.object({ subject: SubjectRef }), SubjectHistory),
  /** Which subject each row of a satisfaction or scoring poll rates (set by name when the draft is saved). */
  'poll.subjects': method(z.object({ pollId: PollId }), z.array(PollSubjectRow)),
  /** Link a row of a poll's sheet to a subject (or unlink it); history follows the link, not the name. */
  'poll.linkSubject': method(z.object({ pollId: PollId, targetKey: z.string().min(1).max(64), subject: SubjectRef.nullable() }), z.array(PollSubjectRow)),

  /** The year's supervision plan in order, with what was held, ratings and open opinions per item. */
  'plan.list': method(z.object({ year }), z.object({ year: z.number().int(), years: z.array(z.number().int()), items: z.array(PlanItem) })),
  'plan.create': method(z.object({ year, fields: PlanItemFields }), PlanItem),
  'plan.update': method(z.object({ id: PlanItemId, fields: PlanItemFields }), PlanItem),
  /** Delete a plan item no agenda item carries out. */
  'plan.delete': method(z.object({ id: PlanItemId }), Ok),
  /**
   * Check a pasted plan (one item per line; columns separated by tabs as copied from a
   * spreadsheet, or by “|”) or an XLSX file; saves nothing.
   */
  'plan.importPreview': method(
    z.object({
      year,
      text: z.string().max(200_000, { error: '粘贴的内容过长（超过 20 万字），请分批导入' }).optional(),
      fileName: nameField('文件名', 255).optional(),
      contentBase64: base64Field(LIMITS.importFileBytes, '导入文件').optional(),
    }),
    z.object({ rows: z.array(PlanImportRow), validCount: z.number().int(), errorCount: z.number().int(), newBodies: z.array(z.string()) }),
  ),
  /** Save checked plan rows after the year's items, creating bodies named for the first time; all or nothing. */
  'plan.importCommit': method(
    z.object({ year, rows: z.array(PlanImportFields).min(1, { error: '没有可导入的行' }).max(500, { error: '一次最多导入 500 项' }) }),
    z.object({ created: z.number().int(), bodiesCreated: z.number().int() }),
  ),
  /** Link an agenda item to the plan item it carries out (or unlink it). */
  'agenda.linkPlan': method(z.object({ agendaItemId: AgendaItemId, planItemId: PlanItemId.nullable() }), AgendaItem),

  /** Deliberation notes (审议发言) of an agenda item, in order. */
  'speech.list': method(z.object({ agendaItemId: AgendaItemId }), z.array(Speech)),
  'speech.add': method(z.object({ agendaItemId: AgendaItemId, fields: SpeechFields }), Speech),
  'speech.update': method(z.object({ id: SpeechId, fields: SpeechFields }), Speech),
  'speech.delete': method(z.object({ id: SpeechId }), Ok),

  /** The ledger: opinions filtered, overdue first, then due within 14 days, then the rest. */
  'opinion.list': method(OpinionListInput, z.object({ items: z.array(OpinionRow), years: z.array(z.number().int()), overdue: z.number().int(), dueSoon: z.number().int(), today: z.string() })),
  /** What is overdue or due within 14 days, for the reminder shown when the console opens. */
  'opinion.reminder': method(Empty, z.object({ today: z.string(), overdue: z.array(OpinionRow), dueSoon: z.array(OpinionRow) })),
  'opinion.get': method(z.object({ id: OpinionId }), OpinionDetail),
  /** Draft an opinion from an agenda item (records who drafted it, when and why). */
  'opinion.create': method(
    z.object({ agendaItemId: AgendaItemId, fields: OpinionFields, on: OpinionStep.options[0].shape.on, actor: OpinionStep.options[0].shape.actor }),
    OpinionDetail,
  ),
  /** Edit a draft; once approved its text is frozen. */
  'opinion.update': method(z.object({ id: OpinionId, fields: OpinionFields }), OpinionDetail),
  'opinion.delete': method(z.object({ id: OpinionId }), Ok),
  /** Record a step of the workflow; a step the workflow does not allow now is refused with the reason. */
  'opinion.record': method(z.object({ id: OpinionId, step: OpinionStep }), OpinionDetail),
  /** Record a handling report (研究处理情况报告) with its rectification list. */
  'opinion.report': method(z.object({ id: OpinionId, report: HandlingReportInput }), OpinionDetail),
  /** Agenda items of later meetings the opinion may be re-heard at. */
  'opinion.rehearingOptions': method(z.object({ id: OpinionId }), z.array(RehearingOption)),
  /** Attach a file (the report's paper, or evidence for a problem). */
  'opinion.attachFile': method(
    z.object({
      opinionId: OpinionId,
      reportId: ReportId.nullable(),
      problemId: ProblemId.nullable(),
      fileName: nameField('文件名', 255),
      contentBase64: base64Field(LIMITS.paperBytes, '附件'),
    }),
    OpinionDetail,
  ),
  /** Open an attached file: null url in the desktop app (system viewer), a console-relative URL in host mode. */
  'opinion.openFile': method(z.object({ id: OpinionFileId }), z.object({ url: z.string().nullable() })),

  /** What the room screen shows. */
  'projector.state': method(Empty, ProjectorState),
  /** Choose what the room screen shows (title, agenda, a poll, following polls) or lock it. */
  'projector.show': method(ProjectorShowInput, ProjectorState),

  // ---- Reports for the party committee (export centre) ----
  /** Fonts on this machine, whether the committee's name is set, how files are saved. */
  'export.status': method(Empty, ExportStatus),
  /** Recent exports, newest first (at most 50). */
  'export.list': method(Empty, z.array(ExportRow)),
  /**
   * Build a report file. Checks the request and reads the data at once (a refusal comes back
   * here, in Chinese); the file is then laid out in the background with export.progressed events.
   */
  'export.start': method(ExportRequest, ExportRow),
  /** Save a built file: Electron asks where (savedTo: the path, or null when cancelled); host mode returns a download URL. */
  'export.save': method(z.object({ id: ExportId }), z.object({ url: z.string().nullable(), savedTo: z.string().nullable() })),
  /** A report as an official document, for the print view. */
  'export.document': method(DocumentRequest, OfficialDoc),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const METHODS = Object.keys(contract) as Method[];
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Push events from the core to every console. */
export const events = {
  /** Something the console shows changed; views of that entity reload. */
  'data.changed': z.object({ entity: z.enum(['term', 'member', 'body', 'meeting', 'agenda', 'attendance', 'attendee', 'settings', 'appointee', 'plan', 'speech', 'opinion']), meetingId: MeetingId.nullable() }),
  /** A poll changed state or received a ballot: counts only, never choices. */
  'poll.updated': z.object({ pollId: PollId, meetingId: MeetingId, status: z.enum(['draft', 'open', 'closed', 'released']), received: z.number().int() }),
  /** Something about an open poll a clerk must see now (e.g. it was due to close by itself and could not). */
  'poll.notice': z.object({ pollId: PollId, meetingId: MeetingId, message: z.string() }),
  /** The room screen should refetch projector.state. */
  'projector.changed': z.object({}),
  /** Progress of an export (export.start). */
  'export.progressed': ExportProgress,
  /** Progress of long work (imports). */
  'job.progressed': z.object({ jobId: z.string(), phase: z.string(), done: z.number(), total: z.number() }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
