import { Tag, Tooltip } from 'antd';
import type { PlanItem } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';

/** Where the service says a plan item stands ("arranged": on the agenda of a meeting still to come). */
export type PlanProgress = PlanItem['progress'];

export const PLAN_PROGRESS_LABEL: Record<PlanProgress, string> = {
  planned: '计划中',
  arranged: '已安排',
  held: '已审议',
  late: '逾期未安排',
  unscheduled: '未定月份',
};

const COLOR: Record<PlanProgress, string> = { planned: 'blue', arranged: 'cyan', held: 'success', late: 'error', unscheduled: 'default' };

export function planProgressOf(item: Pick<PlanItem, 'progress'>): PlanProgress {
  return item.progress;
}

export function PlanProgressTag({ item }: { item: PlanItem }) {
  const progress = planProgressOf(item);
  const tag = (
    <Tag color={COLOR[progress]} data-testid="plan-progress">
      {PLAN_PROGRESS_LABEL[progress]}
    </Tag>
  );
  if (progress !== 'arranged') return tag;
  const next = item.held[0]!;
  return <Tooltip title={`已安排在${next.meetingTitle}（${chineseDate(next.date)}）审议`}>{tag}</Tooltip>;
}
