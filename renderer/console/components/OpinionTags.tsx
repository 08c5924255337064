import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { OpinionRow } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import {
  OPINION_STATUS_LABEL,
  RECTIFICATION_STATUS_LABEL,
  SATISFACTION_VERDICT_LABEL,
  type OpinionStatus,
  type RectificationStatus,
  type SatisfactionVerdict,
} from '../../../shared/domain/supervision/labels.js';
import { navigate, routeHash, type Route } from '../router.js';

/** Colour per status: waiting on us (blue family), waiting on a vote (gold), bad news (red), done (green, then grey). */
const STATUS_COLOR: Record<OpinionStatus, string> = {
  draft: 'default',
  approved: 'cyan',
  sent: 'blue',
  reported: 'purple',
  rehearing: 'gold',
  satisfied: 'green',
  unsatisfied: 'red',
  escalated: 'red',
  closed: 'default',
};

export function OpinionStatusTag({ status, testId }: { status: OpinionStatus; testId?: string }) {
  return (
    <Tag
      color={STATUS_COLOR[status]}
      variant={status === 'escalated' ? 'solid' : undefined}
      className={`opinion-status opinion-status-${status}`}
      data-testid={testId}
      data-status={status}
    >
      {OPINION_STATUS_LABEL[status]}
    </Tag>
  );
}

const RECT_COLOR: Record<RectificationStatus, string> = { pending: 'default', in_progress: 'orange', done: 'green', ongoing: 'cyan' };

export function RectificationTag({ status }: { status: RectificationStatus }) {
  return (
    <Tag color={RECT_COLOR[status]} className="rect-tag" data-status={status}>
      {RECTIFICATION_STATUS_LABEL[status]}
    </Tag>
  );
}

/** The row's urgency: red when overdue, orange within 14 days. */
export function UrgencyText({ urgency, className }: { urgency: OpinionRow['urgency']; className?: string }) {
  if (!urgency.text) return null;
  const tone = urgency.overdue ? 'is-overdue' : urgency.dueSoon ? 'is-soon' : 'is-calm';
  return (
    <span className={`urgency ${tone} ${className ?? ''}`} data-testid="urgency">
      {urgency.text}
    </span>
  );
}

/** The deadline that matters now (report, or the draft / send limit), with its urgency under it. */
export function DeadlineCell({ row }: { row: Pick<OpinionRow, 'deadline' | 'urgency'> }) {
  const due = row.urgency.due ?? row.deadline;
  if (!due) return <span className="muted">—</span>;
  return (
    <div className="deadline-cell">
      <div className={row.urgency.overdue ? 'deadline-date is-overdue' : row.urgency.dueSoon ? 'deadline-date is-soon' : 'deadline-date'}>{chineseDate(due)}</div>
      <UrgencyText urgency={row.urgency} />
    </div>
  );
}

/** "3 项：已整改 1 · 整改中 1 · 未整改 1" (only the states present). */
export function problemSummary(p: OpinionRow['problems']): string {
  if (p.total === 0) return '—';
  const parts = [
    ['已整改', p.done],
    ['长期坚持', p.ongoing],
    ['整改中', p.inProgress],
    ['未整改', p.pending],
  ]
    .filter(([, n]) => (n as number) > 0)
    .map(([label, n]) => `${label} ${n}`);
  return `${p.total} 项：${parts.join(' · ')}`;
}

/** The core sends a verdict as its code or its label; show the label either way. */
export function verdictLabel(verdict: string | null): string | null {
  if (verdict === null) return null;
  return SATISFACTION_VERDICT_LABEL[verdict as SatisfactionVerdict] ?? verdict;
}

export function VerdictText({ verdict }: { verdict: string | null }) {
  const label = verdictLabel(verdict);
  if (!label) return <span className="muted">未测评</span>;
  const tone = label === '不满意' ? 'verdict-bad' : label === '满意' ? 'verdict-good' : 'verdict-mid';
  return <span className={`verdict ${tone}`}>{label}</span>;
}

/** An in-app link that keeps middle-click / copy-link working. */
export function RouteLink({ route, children, className }: { route: Route; children: ReactNode; className?: string }) {
  return (
    <a
      href={routeHash(route)}
      className={className}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        navigate(route);
      }}
    >
      {children}
    </a>
  );
}
