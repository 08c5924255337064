import { EyeInvisibleOutlined, IdcardOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { POLL_STATUS_LABEL, type PollStatus } from '../../../shared/api/poll-schemas.js';
import { ANONYMITY_LABEL } from '../../../shared/domain/polls/labels.js';
import { POLL_STATUS_COLOR } from '../lib/polls.js';

/** 无记名 quietly; 记名 loudly, because it changes what the record keeps about each member. */
export function AnonymityTag({ anonymous }: { anonymous: boolean }) {
  if (anonymous) {
    return (
      <Tag icon={<EyeInvisibleOutlined />} variant="outlined" className="anon-tag" data-testid="anonymity">
        {ANONYMITY_LABEL.anonymous}
      </Tag>
    );
  }
  return (
    <Tooltip title="记名表决：每位组成人员的选择与本人对应记录">
      <Tag icon={<IdcardOutlined />} color="red" variant="solid" className="named-tag" data-testid="anonymity">
        {ANONYMITY_LABEL.named}
      </Tag>
    </Tooltip>
  );
}

export function PollStatusTag({ status, large }: { status: PollStatus; large?: boolean }) {
  return (
    <Tag color={POLL_STATUS_COLOR[status]} className={large ? 'poll-status-tag is-large' : 'poll-status-tag'} data-testid="poll-status">
      {POLL_STATUS_LABEL[status]}
    </Tag>
  );
}
