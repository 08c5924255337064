import { Card, Empty, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { OpinionRow } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import type { OpinionStatus } from '../../../shared/domain/supervision/labels.js';
import { navigate, routeHash } from '../router.js';
import { SubjectVerdictTag } from './SubjectRatings.js';

/** Where an opinion stands, in colour: blue while with the clerks, orange while with the body, red when rated badly, grey once closed. */
const STATUS_COLOR: Record<OpinionStatus, string> = {
  draft: 'default',
  approved: 'blue',
  sent: 'orange',
  reported: 'cyan',
  rehearing: 'purple',
  satisfied: 'green',
  unsatisfied: 'red',
  escalated: 'magenta',
  closed: 'default',
};

export function SubjectOpinionStatusTag({ status, label }: { status: OpinionStatus; label: string }) {
  return <Tag color={STATUS_COLOR[status]}>{label}</Tag>;
}

function Deadline({ o }: { o: OpinionRow }) {
  const u = o.urgency;
  const tone = u.overdue ? 'subject-overdue' : u.dueSoon ? 'subject-due-soon' : 'muted';
  if (!o.deadline && !u.text && o.sentOn) return <span className="muted">—</span>;
  return (
    <div>
      {o.deadline ? <div>{chineseDate(o.deadline)}</div> : o.sentOn ? null : <div className="muted">未交办</div>}
      {u.text ? <div className={`subject-urgency ${tone}`}>{u.text}</div> : null}
    </div>
  );
}

function ProblemCounts({ p }: { p: OpinionRow['problems'] }) {
  if (p.total === 0) return <span className="muted">—</span>;
  const parts = [
    { n: p.done, label: '已整改', cls: 'is-done' },
    { n: p.inProgress, label: '整改中', cls: 'is-progress' },
    { n: p.ongoing, label: '长期坚持', cls: 'is-ongoing' },
    { n: p.pending, label: '未整改', cls: 'is-pending' },
  ].filter((x) => x.n > 0);
  return (
    <div>
      <div>共 {p.total} 条</div>
      <div className="subject-problems">
        {parts.map((x) => (
          <span key={x.label} className={x.cls}>
            {x.label} {x.n}
          </span>
        ))}
      </div>
    </div>
  );
}

/** 审议意见: every review opinion on the subject, newest meeting first; a row opens the opinion. */
export function SubjectOpinions({ opinions, emptyText }: { opinions: OpinionRow[]; emptyText: string }) {
  const rows = [...opinions].sort((a, b) => (a.meetingDate === b.meetingDate ? b.id - a.id : a.meetingDate < b.meetingDate ? 1 : -1));
  const open = (o: OpinionRow) => navigate({ name: 'opinion', id: o.id });
  const openCount = opinions.filter((o) => o.status !== 'closed').length;

  const columns: ColumnsType<OpinionRow> = [
    {
      title: '审议意见',
      key: 'title',
      render: (_v, o) => (
        <div className="subject-what">
          <a
            href={routeHash({ name: 'opinion', id: o.id })}
            className="subject-what-title"
            onClick={(e) => {
              e.preventDefault();
              e.stopPropagation();
              open(o);
            }}
          >
            {o.title}
          </a>
          <div className="muted subject-what-sub">
            {chineseDate(o.meetingDate)} · {o.meetingTitle} · {o.agendaTitle}
            {o.bodies.length > 1 ? ` · 承办单位 ${o.bodies.map((b) => b.name).join('、')}` : ''}
          </div>
        </div>
      ),
    },
    { title: '状态', dataIndex: 'status', width: 140, render: (s: OpinionStatus, o) => <SubjectOpinionStatusTag status={s} label={o.statusLabel} /> },
    { title: '办理期限', key: 'deadline', width: 170, render: (_v, o) => <Deadline o={o} /> },
    { title: '问题清单', key: 'problems', width: 200, render: (_v, o) => <ProblemCounts p={o.problems} /> },
    {
      title: '测评',
      key: 'verdict',
      width: 130,
      render: (_v, o) =>
        o.lastVerdict ? (
          <div>
            <SubjectVerdictTag verdict={o.lastVerdict} />
            {o.unsatisfied > 0 ? <div className="subject-overdue subject-urgency">不满意 {o.unsatisfied} 次</div> : null}
          </div>
        ) : (
          <span className="muted">未测评</span>
        ),
    },
  ];

  return (
    <Card
      className="content-card"
      size="small"
      title={`审议意见（${opinions.length}）`}
      extra={opinions.length > 0 ? <span className="muted">未销号 {openCount} 件</span> : null}
      data-testid="subject-opinions"
    >
      <Table<OpinionRow>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 件` }}
        rowClassName={(o) => (o.status === 'closed' ? 'subject-closed' : '')}
        onRow={(o) => ({
          onClick: () => open(o),
          onKeyDown: (e) => {
            if (e.key === 'Enter') open(o);
          },
          tabIndex: 0,
          className: 'clickable-row',
        })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      />
    </Card>
  );
}
