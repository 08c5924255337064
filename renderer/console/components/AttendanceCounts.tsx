import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { ATTENDANCE_STATUS_LABEL, type AttendanceStatus } from '../../../shared/domain/labels.js';
import type { AttendanceCounts as Counts } from '../../../shared/domain/quorum.js';

const STATUS_COLOR: Record<AttendanceStatus, string> = { present: 'success', leave: 'gold', absent: 'error' };

/** A member's attendance as a tag (未登记 when not recorded). */
export function AttendanceTag({ status }: { status: AttendanceStatus | null }) {
  if (status === null) return <Tag>未登记</Tag>;
  return <Tag color={STATUS_COLOR[status]}>{ATTENDANCE_STATUS_LABEL[status]}</Tag>;
}

/**
 * The totals of an attendance list in a row: the serving count, then present / 请假 / 缺席 /
 * not recorded, in the words of the page (出席 and 未登记 on the list, 已签到 and 未到 at the desk).
 */
export function AttendanceCounts({
  counts,
  words,
  children,
}: {
  counts: Counts;
  words: { serving: string; present: string; unset: string; presentTestId?: string };
  children?: ReactNode;
}) {
  return (
    <>
      <span>
        {words.serving} <b>{counts.serving}</b> 人
      </span>
      <span className="sum-present">
        {words.present} <b data-testid={words.presentTestId}>{counts.present}</b>
      </span>
      <span className="sum-leave">
        请假 <b>{counts.leave}</b>
      </span>
      <span className="sum-absent">
        缺席 <b>{counts.absent}</b>
      </span>
      <span className="sum-unset">
        {words.unset} <b>{counts.unset}</b>
      </span>
      {children}
    </>
  );
}
