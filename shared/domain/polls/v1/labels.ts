/** Tally version 1, frozen: the Chinese labels its results print. Order of the key arrays is display order. */

export type PollKind = 'satisfaction' | 'scoring' | 'decision' | 'appointment' | 'selection';

export const SATISFACTION_OPTIONS = ['satisfied', 'basically', 'unsatisfied'] as const;
export type SatisfactionOption = (typeof SATISFACTION_OPTIONS)[number];
export const SATISFACTION_OPTION_LABEL: Record<SatisfactionOption, string> = {
  satisfied: '满意',
  basically: '基本满意',
  unsatisfied: '不满意',
};

export const DECISION_OPTIONS = ['for', 'against', 'abstain'] as const;
export type DecisionOption = (typeof DECISION_OPTIONS)[number];
export const DECISION_OPTION_LABEL: Record<DecisionOption, string> = { for: '赞成', against: '反对', abstain: '弃权' };

export const DECISION_VERDICTS = ['adopted', 'rejected'] as const;
export type DecisionVerdict = (typeof DECISION_VERDICTS)[number];
export const DECISION_VERDICT_LABEL: Record<DecisionVerdict, string> = { adopted: '通过', rejected: '未通过' };

/** What a rule counts against; printed with every result. */
export const DENOMINATORS = ['all_members', 'present', 'ballots_returned', 'valid_ballots'] as const;
export type Denominator = (typeof DENOMINATORS)[number];
export const DENOMINATOR_LABEL: Record<Denominator, string> = {
  all_members: '全体组成人员',
  present: '出席会议的组成人员',
  ballots_returned: '收回选票',
  valid_ballots: '有效票',
};
/** Unit used after the number: 全体组成人员（29人）, 有效票（26张）. */
export const DENOMINATOR_UNIT: Record<Denominator, string> = {
  all_members: '人',
  present: '人',
  ballots_returned: '张',
  valid_ballots: '张',
};

export const AGGREGATIONS = ['mean', 'trimmed_mean'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const AGGREGATION_LABEL: Record<Aggregation, string> = {
  mean: '算术平均分',
  trimmed_mean: '去掉一个最高分和一个最低分后的平均分',
};

/** State of one row (target) on one sheet. */
export const ROW_STATES = ['counted', 'unfilled', 'invalid'] as const;
export type RowState = (typeof ROW_STATES)[number];
export const ROW_STATE_LABEL: Record<RowState, string> = { counted: '有效', unfilled: '未填', invalid: '无效' };

/** How a sheet is classified; blank sheets are a kind of invalid sheet. */
export const SHEET_STATES = ['valid', 'blank', 'invalid'] as const;
export type SheetState = (typeof SHEET_STATES)[number];
export const SHEET_STATE_LABEL: Record<SheetState, string> = { valid: '有效票', blank: '空白票', invalid: '无效票' };

export const SELECTION_STATES = ['selected', 'runoff', 'not_selected'] as const;
export type SelectionState = (typeof SELECTION_STATES)[number];
export const SELECTION_STATE_LABEL: Record<SelectionState, string> = {
  selected: '入选',
  runoff: '得票相同，需另行投票',
  not_selected: '未入选',
};

export const PARTIAL_SHEET_POLICIES = ['count_filled', 'void'] as const;
export type PartialSheetPolicy = (typeof PARTIAL_SHEET_POLICIES)[number];
export const PARTIAL_SHEET_LABEL: Record<PartialSheetPolicy, string> = {
  count_filled: '个别对象未填或多选的，该对象不计，其余有效',
  void: '任一对象未填或多选的，整张选票无效',
};

/** Suggested rater groups for blended scoring; keys and labels are editable per poll. */
export const SUGGESTED_RATER_GROUPS = [
  { key: 'committee', label: '常委会组成人员' },
  { key: 'deputies', label: '人大代表' },
  { key: 'public', label: '服务对象和群众代表' },
] as const;

export const ANONYMITY_LABEL = { anonymous: '无记名', named: '记名' } as const;
