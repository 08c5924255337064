import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { OpinionRow } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { desk } from '../../lib/desk-client.js';
import { navigate, useRouteStore } from '../router.js';
import { useAppStore } from '../stores/app-store.js';
import { useOpinionStore } from '../stores/opinion-store.js';
import '../opinions.css';

interface Reminder {
  today: string;
  overdue: OpinionRow[];
  dueSoon: OpinionRow[];
}

/** Asked once per page load, not on every reconnect or re-render. */
let asked = false;

function ReminderRow({ row, onOpen }: { row: OpinionRow; onOpen: () => void }) {
  const days = row.urgency.daysLeft ?? 0;
  const tag = row.urgency.overdue ? `逾期 ${-days} 天` : days === 0 ? '今天到期' : `还剩 ${days} 天`;
  return (
    <li>
      <button type="button" className={`reminder-row ${row.urgency.overdue ? 'is-overdue' : 'is-soon'}`} onClick={onOpen} data-testid="reminder-row">
        <span className="reminder-days">{tag}</span>
        <span className="reminder-main">
          <span className="reminder-title">{row.title}</span>
          <span className="reminder-sub">
            {row.bodies.map((b) => b.name).join('、')}
            {row.urgency.text ? ` · ${row.urgency.text}` : ''}
            {row.urgency.due ? `（${chineseDate(row.urgency.due)}）` : ''}
          </span>
        </span>
      </button>
    </li>
  );
}

/**
 * When the console opens on a database with data, list the review opinions that are overdue or
 * due within 14 days, so nothing is missed between meetings. A banner above the screen, not a
 * dialog: the console is also the clerk's desk during a vote, and a reload there must not put
 * a window in front of the poll.
 */
export function OverdueReminder() {
  const info = useAppStore((s) => s.info);
  const [reminder, setReminder] = useState<Reminder | null>(null);
  const [expanded, setExpanded] = useState(true);
  const route = useRouteStore((s) => s.route);
  const firstRoute = useRef(route);

  // Moving to another screen folds the list to its one-line bar (it stays until 知道了).
  useEffect(() => {
    if (route !== firstRoute.current) setExpanded(false);
  }, [route]);

  useEffect(() => {
    if (asked || !info || info.empty) return;
    asked = true;
    desk
      .call('opinion.reminder', {})
      .then((r) => {
        useOpinionStore.getState().setToday(r.today);
        if (r.overdue.length + r.dueSoon.length === 0) return;
        setReminder(r);
      })
      .catch((err: unknown) => {
        // A reminder is a convenience: the ledger shows the same; never block the start.
        console.warn('opinion reminder failed', err);
      });
  }, [info]);

  if (!reminder) return null;
  const go = (id: number) => {
    setExpanded(false);
    navigate({ name: 'opinion', id });
  };
  const summary = [reminder.overdue.length > 0 ? `已逾期 ${reminder.overdue.length} 项` : null, reminder.dueSoon.length > 0 ? `14 日内到期 ${reminder.dueSoon.length} 项` : null]
    .filter(Boolean)
    .join('，');

  return (
    <section className={`reminder-banner ${reminder.overdue.length > 0 ? 'is-overdue' : 'is-soon'}`} data-testid="overdue-reminder" aria-label="审议意见办理提醒">
      <div className="reminder-bar">
        {reminder.overdue.length > 0 ? <WarningOutlined className="reminder-icon" /> : <ClockCircleOutlined className="reminder-icon" />}
        <span className="reminder-bar-text">
          <b>审议意见办理提醒</b>（{chineseDate(reminder.today)}）：{summary}
        </span>
        <span className="reminder-bar-actions">
          <Button size="small" type="link" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
            {expanded ? '收起' : '展开'}
          </Button>
          <Button
            size="small"
            onClick={() => {
              setExpanded(false);
              navigate({ name: 'opinions' });
            }}
          >
            查看台账
          </Button>
          <Button size="small" type="primary" onClick={() => setReminder(null)}>
            知道了
          </Button>
        </span>
      </div>
      {expanded ? (
        <div className="reminder">
          {reminder.overdue.length > 0 ? (
            <section className="reminder-section">
              <h4 className="reminder-head is-overdue">
                <WarningOutlined /> 已逾期 {reminder.overdue.length} 项
              </h4>
              <ul className="reminder-list">
                {reminder.overdue.map((r) => (
                  <ReminderRow key={r.id} row={r} onOpen={() => go(r.id)} />
                ))}
              </ul>
            </section>
          ) : null}
          {reminder.dueSoon.length > 0 ? (
            <section className="reminder-section">
              <h4 className="reminder-head is-soon">
                <ClockCircleOutlined /> 14 日内到期 {reminder.dueSoon.length} 项
              </h4>
              <ul className="reminder-list">
                {reminder.dueSoon.map((r) => (
                  <ReminderRow key={r.id} row={r} onOpen={() => go(r.id)} />
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
