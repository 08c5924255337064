/** Enumerations of the domain with their zh-CN labels. Order is display order. */

export const MEMBER_ROLES = ['chair', 'vice_chair', 'secretary_general', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABEL: Record<MemberRole, string> = {
  chair: '主任',
  vice_chair: '副主任',
  secretary_general: '秘书长',
  member: '委员',
};

export const MEMBER_STATUSES = ['serving', 'left'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const MEMBER_STATUS_LABEL: Record<MemberStatus, string> = { serving: '在任', left: '离任' };

export const TERM_LEVELS = ['county', 'city', 'province'] as const;
export type TermLevel = (typeof TERM_LEVELS)[number];
export const TERM_LEVEL_LABEL: Record<TermLevel, string> = { county: '县（区）级', city: '设区的市级', province: '省级' };

export const BODY_KINDS = ['government', 'department', 'court', 'procuratorate', 'committee', 'other'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const BODY_KIND_LABEL: Record<BodyKind, string> = {
  government: '人民政府',
  department: '政府部门',
  court: '人民法院',
  procuratorate: '人民检察院',
  committee: '人大专门委员会 / 工作机构',
  other: '其他单位',
};

export const MEETING_STATUSES = ['preparing', 'ready', 'in_progress', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABEL: Record<MeetingStatus, string> = {
  preparing: '筹备中',
  ready: '已就绪',
  in_progress: '进行中',
  closed: '已闭会',
};

/** Agenda item kinds seen in practice (DOMAIN.md, "Agenda item"). */
export const AGENDA_KINDS = [
  'special_report',
  'enforcement_inspection',
  'budget_audit',
  'audit_rectification',
  'draft_regulation',
  'decision',
  'appointment',
  'special_inquiry',
  'work_review',
  'performance_review',
  'opinion_handling_report',
  'satisfaction_rating',
  'other',
] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];
export const AGENDA_KIND_LABEL: Record<AgendaKind, string> = {
  special_report: '专项工作报告',
  enforcement_inspection: '执法检查报告',
  budget_audit: '预决算和审计工作报告',
  audit_rectification: '审计查出问题整改情况报告',
  draft_regulation: '地方性法规草案',
  decision: '决议决定',
  appointment: '人事任免',
  special_inquiry: '专题询问',
  work_review: '工作评议',
  performance_review: '履职评议',
  opinion_handling_report: '审议意见研究处理情况报告',
  satisfaction_rating: '满意度测评',
  other: '其他事项',
};

/** Vote kinds an agenda item can be marked as needing (polls are built on these). */
export const VOTE_KINDS = ['satisfaction', 'scoring', 'decision', 'appointment', 'selection'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];
export const VOTE_KIND_LABEL: Record<VoteKind, string> = {
  satisfaction: '满意度测评',
  scoring: '打分评议',
  decision: '表决',
  appointment: '任免表决',
  selection: '票决',
};

/** The vote kind an agenda kind usually needs; a clerk can change it. */
export const DEFAULT_VOTE_KIND: Partial<Record<AgendaKind, VoteKind>> = {
  draft_regulation: 'decision',
  decision: 'decision',
  appointment: 'appointment',
  satisfaction_rating: 'satisfaction',
  work_review: 'scoring',
  performance_review: 'scoring',
  opinion_handling_report: 'satisfaction',
};

export const ATTENDANCE_STATUSES = ['present', 'leave', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_STATUS_LABEL: Record<AttendanceStatus, string> = { present: '出席', leave: '请假', absent: '缺席' };

/** How a member came to be recorded present (or absent): see db/migrations/0007_sign_in.ts. */
export const SIGN_IN_METHODS = ['card', 'device', 'proxy', 'clerk'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
export const SIGN_IN_METHOD_LABEL: Record<SignInMethod, string> = { card: '刷卡签到', device: '设备登录签到', proxy: '代签', clerk: '工作人员登记' };

/** People attending without a vote (列席). */
export const ATTENDEE_CATEGORIES = ['official', 'deputy', 'public', 'other'] as const;
export type AttendeeCategory = (typeof ATTENDEE_CATEGORIES)[number];
export const ATTENDEE_CATEGORY_LABEL: Record<AttendeeCategory, string> = { official: '有关部门负责人', deputy: '人大代表', public: '公民旁听', other: '其他列席人员' };
