/** Enumerations of supervision (DOMAIN.md, "Review opinions") with their zh-CN labels. Order is display order. */

/** Kinds of items in the year's supervision plan (年度监督工作计划). */
export const PLAN_KINDS = [
  'special_report',
  'enforcement_inspection',
  'special_inquiry',
  'work_review',
  'performance_review',
  'satisfaction_rating',
  'audit_rectification',
  'budget_audit',
  'livelihood_project',
  'opinion_follow_up',
  'research',
  'other',
] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABEL: Record<PlanKind, string> = {
  special_report: '专项工作报告',
  enforcement_inspection: '执法检查',
  special_inquiry: '专题询问',
  work_review: '工作评议',
  performance_review: '履职评议',
  satisfaction_rating: '满意度测评',
  audit_rectification: '审计整改',
  budget_audit: '预决算审查监督',
  livelihood_project: '民生实事',
  opinion_follow_up: '审议意见跟踪',
  research: '专题调研',
  other: '其他',
};

/** Where an opinion stands. The machine in opinion-machine.ts moves it. */
export const OPINION_STATUSES = ['draft', 'approved', 'sent', 'reported', 'rehearing', 'satisfied', 'unsatisfied', 'escalated', 'closed'] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];
export const OPINION_STATUS_LABEL: Record<OpinionStatus, string> = {
  draft: '起草中',
  approved: '已审定待交办',
  sent: '已交办待报告',
  reported: '已报告待测评',
  rehearing: '待审议测评',
  satisfied: '测评满意待销号',
  unsatisfied: '测评不满意',
  escalated: '已启动质询或调查',
  closed: '已销号',
};

/** Open means still on the ledger: anything not closed. */
export const OPEN_OPINION_STATUSES: readonly OpinionStatus[] = OPINION_STATUSES.filter((s) => s !== 'closed');

/** State of one problem on the rectification list (整改清单). */
export const RECTIFICATION_STATUSES = ['pending', 'in_progress', 'done', 'ongoing'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABEL: Record<RectificationStatus, string> = {
  pending: '未整改',
  in_progress: '整改中',
  done: '已整改',
  ongoing: '长期坚持',
};

/** What can happen to an opinion; each is one event on its timeline. */
export const OPINION_EVENT_KINDS = [
  'drafted',
  'approved',
  'sent',
  'extended',
  'reported',
  'rehearing',
  'rated',
  'interviewed',
  'reassigned',
  'consented',
  'interpellated',
  'investigated',
  'closed',
] as const;
export type OpinionEventKind = (typeof OPINION_EVENT_KINDS)[number];
export const OPINION_EVENT_LABEL: Record<OpinionEventKind, string> = {
  drafted: '起草',
  approved: '主任会议审定',
  sent: '交办',
  extended: '延期',
  reported: '收到研究处理情况报告',
  rehearing: '安排再次审议',
  rated: '满意度测评结果',
  interviewed: '约谈',
  reassigned: '责令整改并再次报告',
  consented: '报市委同意',
  interpellated: '提出质询案',
  investigated: '提出特定问题调查',
  closed: '销号',
};

/** The statutory tools that need the party committee's consent first. */
export const ESCALATION_TOOLS = ['interpellation', 'investigation'] as const;
export type EscalationTool = (typeof ESCALATION_TOOLS)[number];
export const ESCALATION_TOOL_LABEL: Record<EscalationTool, string> = { interpellation: '质询', investigation: '特定问题调查' };

/** Verdicts a sealed satisfaction result gives (shared/domain/polls labels). */
export type SatisfactionVerdict = 'satisfied' | 'basically' | 'unsatisfied';
export const SATISFACTION_VERDICT_LABEL: Record<SatisfactionVerdict, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };
