import { Tag } from 'antd';
import { MEETING_STATUS_LABEL, type MeetingStatus } from '../../../shared/domain/labels.js';

const COLOR: Record<MeetingStatus, string> = { preparing: 'default', ready: 'processing', in_progress: 'green', closed: 'default' };

export function MeetingStatusTag({ status }: { status: MeetingStatus }) {
  return (
    <Tag color={COLOR[status]} variant={status === 'closed' ? 'outlined' : 'filled'}>
      {MEETING_STATUS_LABEL[status]}
    </Tag>
  );
}
