import { z } from 'zod';
import {
  AGENDA_KINDS,
  ATTENDANCE_STATUSES,
  ATTENDEE_CATEGORIES,
  BODY_KINDS,
  MEETING_STATUSES,
  MEMBER_ROLES,
  MEMBER_STATUSES,
  SIGN_IN_METHODS,
  TERM_LEVELS,
  VOTE_KINDS,
} from '../domain/labels.js';

/** Entity and field schemas shared by the contract, the UI forms and the importers. */

export const id = z.number().int().positive();
export const TermId = id.brand<'TermId'>();
export type TermId = z.infer<typeof TermId>;
export const MemberId = id.brand<'MemberId'>();
export type MemberId = z.infer<typeof MemberId>;
export const BodyId = id.brand<'BodyId'>();
export type BodyId = z.infer<typeof BodyId>;
export const MeetingId = id.brand<'MeetingId'>();
export type MeetingId = z.infer<typeof MeetingId>;
export const AgendaItemId = id.brand<'AgendaItemId'>();
export type AgendaItemId = z.infer<typeof AgendaItemId>;
export const PaperId = id.brand<'PaperId'>();
export type PaperId = z.infer<typeof PaperId>;

/**
 * Characters no text may hold: C0 and C1 controls other than tab and line breaks (a NUL would
 * also cut SQLite's length() short), and the two non-characters XML refuses (U+FFFE, U+FFFF),
 * which would make an exported Word or Excel file unreadable.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;
/**
 * Also refused in a one-line name: line breaks and tabs, line and paragraph separators,
 * invisible characters (zero-width spaces and joiners, the byte-order mark) and direction
 * overrides, which would print a name other than the one a reader sees.
 */
/** Half of a surrogate pair on its own: stored, it becomes U+FFFD (“�”). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOT_IN_NAME = /[\t\n\r\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/** A trimmed, non-empty name with a maximum length and Chinese messages. */

export function nameField(label: string, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .refine((s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s), { error: `${label}含有无法显示的控制字符，请删除后重新输入` })
    .refine((s) => !NOT_IN_NAME.test(s), { error: `${label}应为一行文字，不能含换行、制表符或看不见的字符` });
}

/** One line that may be left empty (then ''), with the same characters refused as in a name. */
export function optionalLine(label: string, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .refine((s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s), { error: `${label}含有无法显示的控制字符，请删除后重新输入` })
    .refine((s) => !NOT_IN_NAME.test(s), { error: `${label}应为一行文字，不能含换行、制表符或看不见的字符` });
}

export function optionalText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .refine((s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s), { error: `${label}含有无法显示的控制字符，请删除后重新输入` })
    .nullable()
    .transform((v) => (v === '' ? null : v));
}

export const isoDate = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), {
    error: '日期无效',
  })
  // Years a record of this committee can carry; derived deadlines stay four-digit.
  .refine((s) => s >= '1949-10-01' && s <= '2199-12-31', { error: '日期应在 1949年10月1日 至 2199年12月31日 之间' });

export const MemberRole = z.enum(MEMBER_ROLES, { error: '职务应为 主任 / 副主任 / 秘书长 / 委员' });
export const MemberStatus = z.enum(MEMBER_STATUSES, { error: '状态应为 在任 / 离任' });
export const TermLevel = z.enum(TERM_LEVELS, { error: '请选择人大层级' });
export const BodyKind = z.enum(BODY_KINDS, { error: '请选择单位类型' });
export const MeetingStatus = z.enum(MEETING_STATUSES, { error: '会议状态无效' });
export const AgendaKind = z.enum(AGENDA_KINDS, { error: '请选择议程类型' });
export const VoteKind = z.enum(VOTE_KINDS, { error: '表决方式无效' });
export const AttendanceStatus = z.enum(ATTENDANCE_STATUSES, { error: '出席状态应为 出席 / 请假 / 缺席' });
export const SignInMethod = z.enum(SIGN_IN_METHODS, { error: '签到方式无效' });

export const Term = z.object({
  id: TermId,
  name: z.string(),
  level: TermLevel,
  startDate: z.string(),
  endDate: z.string().nullable(),
  servingCount: z.number().int(),
  memberCount: z.number().int(),
});
export type Term = z.infer<typeof Term>;

export const TermInput = z.object({
  name: nameField('届次名称', 40),
  level: TermLevel,
  startDate: isoDate,
  endDate: isoDate.nullable(),
});
export type TermInput = z.input<typeof TermInput>;

export const Member = z.object({
  id: MemberId,
  termId: TermId,
  name: z.string(),
  role: MemberRole,
  status: MemberStatus,
  seatOrder: z.number().int(),
  note: z.string().nullable(),
});
export type Member = z.infer<typeof Member>;

export const MemberFields = z.object({
  name: nameField('姓名', 20),
  role: MemberRole,
  status: MemberStatus,
  seatOrder: z.number({ error: '座次应为数字' }).int({ error: '座次应为整数' }).min(1, { error: '座次应从 1 开始' }).max(9999, { error: '座次不能超过 9999' }),
  note: optionalText('备注', 200),
});
export type MemberFields = z.input<typeof MemberFields>;

export const Body = z.object({
  id: BodyId,
  name: z.string(),
  kind: BodyKind,
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type Body = z.infer<typeof Body>;

export const BodyFields = z.object({
  name: nameField('单位名称', 60),
  kind: BodyKind,
  sortOrder: z.number().int().min(0).max(99999),
  active: z.boolean(),
});
export type BodyFields = z.input<typeof BodyFields>;

export const QuorumSchema = z.object({
  serving: z.number().int(),
  present: z.number().int(),
  required: z.number().int(),
  met: z.boolean(),
});

export const Meeting = z.object({
  id: MeetingId,
  termId: TermId,
  termName: z.string(),
  number: z.number().int(),
  title: z.string(),
  date: z.string(),
  place: z.string(),
  status: MeetingStatus,
  agendaCount: z.number().int(),
  quorum: QuorumSchema,
  /** Logging in on a member's device signs the member in (off by default). */
  deviceSignIn: z.boolean(),
});
export type Meeting = z.infer<typeof Meeting>;

export const MeetingFields = z.object({
  number: z.number({ error: '请填写会议次数' }).int({ error: '会议次数应为整数' }).min(1, { error: '会议次数应从 1 开始' }).max(999, { error: '会议次数不能超过 999' }),
  date: isoDate,
  place: nameField('会议地点', 60),
  status: MeetingStatus,
});
export type MeetingFields = z.input<typeof MeetingFields>;

export const Paper = z.object({
  id: PaperId,
  agendaItemId: AgendaItemId,
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type Paper = z.infer<typeof Paper>;

export const AgendaItem = z.object({
  id: AgendaItemId,
  meetingId: MeetingId,
  position: z.number().int(),
  kind: AgendaKind,
  title: z.string(),
  bodyId: BodyId.nullable(),
  bodyName: z.string().nullable(),
  notes: z.string().nullable(),
  voteKind: VoteKind.nullable(),
  papers: z.array(Paper),
  /** The supervision plan item it carries out (PlanItemId), and that item's title. */
  planItemId: id.nullable(),
  planItemTitle: z.string().nullable(),
  /** Deliberation notes recorded and review opinions drafted from it. */
  speechCount: z.number().int(),
  opinionCount: z.number().int(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const AgendaFields = z.object({
  kind: AgendaKind,
  title: nameField('议程标题', 200),
  bodyId: BodyId.nullable(),
  notes: optionalText('备注', 2000),
  voteKind: VoteKind.nullable(),
});
export type AgendaFields = z.input<typeof AgendaFields>;

export const AttendanceRow = z.object({
  memberId: MemberId,
  name: z.string(),
  role: MemberRole,
  seatOrder: z.number().int(),
  status: AttendanceStatus.nullable(),
  /** How the member was recorded; null when not recorded or recorded before sign-in existed. */
  method: SignInMethod.nullable(),
  /** The reason for 代签 or 请假. */
  note: z.string().nullable(),
  /** When the record was last changed (the sign-in time for a member signed in). */
  updatedAt: z.string().nullable(),
});
export type AttendanceRow = z.infer<typeof AttendanceRow>;

export const AttendeeId = z.number().int().positive().brand<'AttendeeId'>();
export type AttendeeId = z.infer<typeof AttendeeId>;
export const AttendeeCategory = z.enum(ATTENDEE_CATEGORIES, { error: '列席类别应为 有关部门负责人 / 人大代表 / 公民旁听 / 其他列席人员' });

/** Someone attending without a vote (列席): recorded by name and body, never in the quorum. */
export const Attendee = z.object({
  id: AttendeeId,
  meetingId: MeetingId,
  name: z.string(),
  organisation: z.string(),
  category: AttendeeCategory,
  createdAt: z.string(),
});
export type Attendee = z.infer<typeof Attendee>;

export const AttendeeFields = z.object({
  name: nameField('姓名', 40),
  organisation: optionalLine('单位及职务', 60).optional().default(''),
  category: AttendeeCategory,
});
export type AttendeeFields = z.input<typeof AttendeeFields>;

/** One row of a member import file after parsing: either valid fields or errors. */
export const ImportRow = z.object({
  line: z.number().int(),
  raw: z.record(z.string(), z.string()),
  fields: MemberFields.nullable(),
  errors: z.array(z.string()),
});
export type ImportRow = z.infer<typeof ImportRow>;

/** Size limits of inputs carried in the contract (bytes of the decoded file). */
export const LIMITS = {
  importFileBytes: 5 * 1024 * 1024,
  importRows: 2000,
  paperBytes: 50 * 1024 * 1024,
} as const;

/** base64 of at most `bytes` decoded bytes. */
export function base64Field(bytes: number, label: string) {
  const maxChars = Math.ceil(bytes / 3) * 4;
  return z
    .string()
    .max(maxChars, { error: `${label}超过 ${Math.round(bytes / 1024 / 1024)} MB，无法处理` })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: `${label}内容编码无效` });
}
