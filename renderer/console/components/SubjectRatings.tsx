import { Card, Empty, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { lazy, Suspense } from 'react';
import type { z } from 'zod';
import type { SubjectRating as SubjectRatingSchema } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { roundLabel } from '../lib/polls.js';
import { navigate, routeHash } from '../router.js';

export type SubjectRating = z.infer<typeof SubjectRatingSchema>;

// ECharts loads only when a history has a trend to draw.
const SubjectTrend = lazy(() => import('./SubjectTrend.js').then((m) => ({ default: m.SubjectTrend })));

/** Satisfaction verdicts keep their colours everywhere; grade bands follow the same scale from good to bad. */
const VERDICT_COLOR: Record<string, string> = {
  满意: 'green',
  基本满意: 'blue',
  不满意: 'red',
  优秀: 'green',
  良好: 'blue',
  一般: 'gold',
  较差: 'red',
};

export function SubjectVerdictTag({ verdict }: { verdict: string | null }) {
  if (verdict === null) return <span className="muted">未定等次</span>;
  const color = VERDICT_COLOR[verdict] ?? (verdict.startsWith('不') ? 'red' : 'purple');
  return <Tag color={color}>{verdict}</Tag>;
}

/** The figure a rating is read by: the satisfaction rate, or the final score. */
export function ratingFigure(r: SubjectRating): { text: string; value: number | null } {
  const text = r.kind === 'satisfaction' ? r.satisfactionRate : r.score;
  if (text === null) return { text: '—', value: null };
  const value = Number.parseFloat(text);
  return { text, value: Number.isFinite(value) ? value : null };
}

function OptionCounts({ r }: { r: SubjectRating }) {
  if (r.options.length === 0) return null;
  return (
    <div className="subject-options">
      {r.options.map((o) => (
        <span key={o.key}>
          {o.label} {o.count}
        </span>
      ))}
    </div>
  );
}

/** 测评记录: every sealed rating of the subject over the years, newest first; a row opens its poll. */
export function SubjectRatings({ subjectName, ratings, emptyText }: { subjectName: string; ratings: SubjectRating[]; emptyText: string }) {
  const rows = [...ratings].sort((a, b) => (a.date === b.date ? b.round - a.round : a.date < b.date ? 1 : -1));
  const trend = ratings.filter((r) => ratingFigure(r).value !== null);
  const open = (r: SubjectRating) => navigate({ name: 'poll', id: r.pollId });

  const columns: ColumnsType<SubjectRating> = [
    { title: '日期', dataIndex: 'date', width: 132, render: (d: string) => chineseDate(d) },
    {
      title: '会议',
      dataIndex: 'meetingTitle',
      width: 250,
      render: (t: string, r) => (
        <a
          href={routeHash({ name: 'meeting', id: r.meetingId, tab: 'polls' })}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            navigate({ name: 'meeting', id: r.meetingId, tab: 'polls' });
          }}
        >
          {t}
        </a>
      ),
    },
    {
      title: '测评事项',
      key: 'what',
      render: (_v, r) => (
        <div className="subject-what">
          <div className="subject-what-title">{r.agendaTitle}</div>
          <div className="muted subject-what-sub">
            {r.pollTitle}
            {r.round > 1 ? ` · ${roundLabel(r.round)}` : ''}
            {r.target.label !== subjectName ? ` · 测评表中为“${r.target.label}”` : ''}
            {r.status === 'closed' ? (
              <Tooltip title="结果已封存，尚未公布">
                <Tag className="subject-unreleased">未公布</Tag>
              </Tooltip>
            ) : null}
          </div>
        </div>
      ),
    },
    { title: '结果', dataIndex: 'verdict', width: 96, render: (v: string | null) => <SubjectVerdictTag verdict={v} /> },
    {
      title: '满意率 / 得分',
      key: 'figure',
      width: 200,
      render: (_v, r) => (
        <div>
          <span className="subject-figure">{ratingFigure(r).text}</span>
          {r.kind === 'scoring' ? <span className="muted"> 分</span> : null}
          <OptionCounts r={r} />
        </div>
      ),
    },
    {
      title: '计算基数',
      key: 'denominator',
      width: 120,
      render: (_v, r) => (
        <Tooltip title={`收到选票 ${r.ballotCount} 张`}>
          <span>
            {r.denominator.label} {r.denominator.value}
          </span>
        </Tooltip>
      ),
    },
    {
      title: '排名',
      key: 'rank',
      width: 100,
      align: 'center',
      render: (_v, r) => (r.rank !== null && r.of > 1 ? `第 ${r.rank} / ${r.of}` : <span className="muted">—</span>),
    },
  ];

  return (
    <Card className="content-card" size="small" title={`测评记录（${ratings.length}）`} data-testid="subject-ratings">
      {trend.length >= 2 ? (
        <Suspense fallback={<div className="subject-trend-placeholder" />}>
          <SubjectTrend ratings={trend} />
        </Suspense>
      ) : null}
      <Table<SubjectRating>
        rowKey={(r) => `${r.pollId}:${r.target.key}`}
        columns={columns}
        dataSource={rows}
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 次` }}
        onRow={(r) => ({
          onClick: () => open(r),
          onKeyDown: (e) => {
            if (e.key === 'Enter') open(r);
          },
          tabIndex: 0,
          className: 'clickable-row',
          title: '打开这次表决',
        })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      />
    </Card>
  );
}
