import { z } from 'zod';
import {
  AgendaFields,
  AgendaItem,
  AgendaItemId,
  AttendanceRow,
  AttendanceStatus,
  base64Field,
  Body,
  BodyFields,
  BodyId,
  ImportRow,
  LIMITS,
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
  'attendance.set': method(
    z.object({ meetingId: MeetingId, memberIds: z.array(MemberId).min(1).max(1000), status: AttendanceStatus.nullable() }),
    z.object({ quorum: QuorumSchema }),
  ),
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
  'data.changed': z.object({ entity: z.enum(['term', 'member', 'body', 'meeting', 'agenda', 'attendance']), meetingId: MeetingId.nullable() }),
  /** Progress of long work (imports). */
  'job.progressed': z.object({ jobId: z.string(), phase: z.string(), done: z.number(), total: z.number() }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
