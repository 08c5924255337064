import { Timeline } from 'antd';
import type { OpinionEventView } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import type { OpinionEventKind } from '../../../shared/domain/supervision/labels.js';

/** When a step was typed in (not the date it happened): "2026年3月5日 14:07". */
export function recordedText(at: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(at) && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(at) ? at.replace(' ', 'T') + 'Z' : at);
  if (Number.isNaN(d.getTime())) return at;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function colorOf(e: OpinionEventView): string {
  const bad: OpinionEventKind[] = ['interviewed', 'consented', 'interpellated', 'investigated', 'reassigned'];
  if (e.kind === 'rated') return e.detail.includes('不满意') ? 'red' : 'green';
  if (bad.includes(e.kind)) return 'red';
  if (e.kind === 'extended') return 'orange';
  if (e.kind === 'closed') return 'gray';
  return 'blue';
}

/** Every event from drafting to closing, oldest first, with who, when and why. */
export function OpinionTimeline({ events }: { events: OpinionEventView[] }) {
  return (
    <div data-testid="opinion-timeline">
      <Timeline
        className="opinion-timeline"
        items={events.map((e) => ({
          key: e.id,
          color: colorOf(e),
          content: (
            <div className="tl-item" data-testid="timeline-item" data-kind={e.kind}>
              <div className="tl-head">
                <span className="tl-label">{e.label}</span>
                <span className="tl-date">{chineseDate(e.on)}</span>
              </div>
              {e.detail ? <div className="tl-detail">{e.detail}</div> : null}
              <div className="tl-line">
                <span className="tl-key">办理人或决定者</span>
                {e.actor}
              </div>
              <div className="tl-line">
                <span className="tl-key">事由</span>
                {e.reason}
              </div>
              <div className="tl-recorded">记录于 {recordedText(e.recordedAt)}</div>
            </div>
          ),
        }))}
      />
    </div>
  );
}
