import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { QUORUM_LABEL, type Quorum } from '../../../shared/domain/quorum.js';

/**
 * Whether the meeting may be held: more than half of all serving members present.
 * The large form heads the meeting page; the tag form sits in tables.
 */
export function QuorumIndicator({ quorum, size = 'large' }: { quorum: Quorum; size?: 'large' | 'medium' | 'small' }) {
  const label = quorum.met ? QUORUM_LABEL.met : QUORUM_LABEL.notMet;
  const detail = `出席 ${quorum.present} 人 / 在任 ${quorum.serving} 人，法定人数 ${quorum.required} 人`;
  if (size === 'small') {
    return (
      <Tooltip title={detail}>
        <Tag color={quorum.met ? 'success' : 'warning'} icon={quorum.met ? <CheckCircleFilled /> : <ExclamationCircleFilled />} data-testid="quorum-tag">
          {label} {quorum.present}/{quorum.serving}
        </Tag>
      </Tooltip>
    );
  }
  if (size === 'medium') {
    return (
      <span className={`quorum-inline ${quorum.met ? 'is-met' : 'is-not-met'}`} data-testid="quorum-inline">
        {quorum.met ? <CheckCircleFilled /> : <ExclamationCircleFilled />}
        <b>{label}</b>
        <span className="quorum-inline-detail">
          出席 {quorum.present} / 在任 {quorum.serving}，法定人数 {quorum.required}
        </span>
      </span>
    );
  }
  return (
    <div className={`quorum-indicator ${quorum.met ? 'is-met' : 'is-not-met'}`} data-testid="quorum-indicator" role="status" aria-live="polite">
      <div className="quorum-icon">{quorum.met ? <CheckCircleFilled /> : <ExclamationCircleFilled />}</div>
      <div>
        <div className="quorum-label">{label}</div>
        <div className="quorum-detail">
          出席 <b>{quorum.present}</b> 人 / 在任 <b>{quorum.serving}</b> 人
          <span className="quorum-sep">·</span>法定人数 <b>{quorum.required}</b> 人
          {!quorum.met && quorum.serving > 0 ? (
            <>
              <span className="quorum-sep">·</span>尚差 <b>{Math.max(quorum.required - quorum.present, 0)}</b> 人
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
