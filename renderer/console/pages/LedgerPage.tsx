import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Card, Input, Select, Switch, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { OpinionRow } from '../../../shared/api/supervision-schemas.js';
import type { BodyId } from '../../../shared/api/schemas.js';
import { chineseDate, shortMeetingTitle } from '../../../shared/domain/format.js';
import { OPINION_STATUS_LABEL, OPINION_STATUSES } from '../../../shared/domain/supervision/labels.js';
import { DeadlineCell, OpinionStatusTag, problemSummary, RouteLink, VerdictText } from '../components/OpinionTags.js';
import { PageHeader } from '../components/PageHeader.js';
import { useReloadOn } from '../lib/reload-queue.js';
import { navigate } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import { useOpinionStore, type LedgerStatusFilter } from '../stores/opinion-store.js';
import '../opinions.css';

const STATUS_OPTIONS: { value: LedgerStatusFilter; label: string }[] = [
  { value: 'all', label: '全部状态' },
  { value: 'open', label: '未销号' },
  ...OPINION_STATUSES.map((s) => ({ value: s, label: OPINION_STATUS_LABEL[s] })),
];

/** Reload the ledger when opinions, agendas, bodies or a poll's result change elsewhere. */
const reloadLedger = () => useOpinionStore.getState().load();

export function useLedgerSync(): void {
  useReloadOn('opinions', ['opinion', 'agenda', 'body', 'meeting', 'settings'], reloadLedger);
}

/** "第十七届人大常委会第二十七次会议" → "第二十七次会议": the term is the same on almost every row. */

function ProblemCell({ problems, status }: { problems: OpinionRow['problems']; status: OpinionRow['status'] }) {
  // Before it is sent nobody has been asked to rectify anything yet: just the count.
  if ((status === 'draft' || status === 'approved') && problems.total > 0) return <b className="ledger-problems">{problems.total} 项</b>;
  const text = problemSummary(problems);
  const colon = text.indexOf('：');
  if (colon < 0) return <span className="muted">{text}</span>;
  return (
    <div className="ledger-problems" title={text}>
      <b>{text.slice(0, colon)}</b>
      <div>{text.slice(colon + 1)}</div>
    </div>
  );
}

export function LedgerPage() {
  const { filters, rows, years, overdueCount, dueSoonCount, loading, loaded, today, load, setFilters } = useOpinionStore();
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);
  const [search, setSearch] = useState(filters.search);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!bodiesLoaded) void loadBodies();
  }, [bodiesLoaded, loadBodies]);
  useLedgerSync();

  // Search as the user types, once they pause.
  useEffect(() => {
    if (search === filters.search) return;
    const t = window.setTimeout(() => setFilters({ search }), 300);
    return () => window.clearTimeout(t);
  }, [search, filters.search, setFilters]);

  const change = (patch: Parameters<typeof setFilters>[0]) => {
    setPage(1);
    setFilters(patch);
  };

  const committees = bodies.filter((b) => b.kind === 'committee');
  const handlers = bodies.filter((b) => b.kind !== 'committee');
  const filtered = filters.year !== undefined || filters.bodyId !== undefined || filters.leadBodyId !== undefined || filters.status !== 'all' || filters.overdue || filters.search.trim() !== '';

  const columns: ColumnsType<OpinionRow> = [
    {
      title: '审议意见',
      key: 'title',
      render: (_v, r) => (
        <div className="ledger-title-cell">
          <RouteLink route={{ name: 'opinion', id: r.id }} className="ledger-title">
            {r.title}
          </RouteLink>
          {r.leadBodyName ? <div className="ledger-sub">牵头：{r.leadBodyName}</div> : null}
        </div>
      ),
    },
    {
      title: '会议',
      key: 'meeting',
      width: 130,
      render: (_v, r) => (
        <div title={r.meetingTitle}>
          <RouteLink route={{ name: 'meeting', id: r.meetingId, tab: 'agenda' }} className="ledger-meeting">
            {shortMeetingTitle(r.meetingTitle)}
          </RouteLink>
          <div className="ledger-sub">{chineseDate(r.meetingDate)}</div>
        </div>
      ),
    },
    {
      title: '承办单位',
      key: 'bodies',
      width: 150,
      render: (_v, r) => (
        <div className="ledger-bodies">
          {r.bodies.map((b) => (
            <RouteLink key={b.id} route={{ name: 'subject', kind: 'body', id: b.id }}>
              {b.name}
            </RouteLink>
          ))}
        </div>
      ),
    },
    { title: '状态', dataIndex: 'status', width: 130, render: (_v, r) => <OpinionStatusTag status={r.status} /> },
    { title: '期限', key: 'deadline', width: 175, render: (_v, r) => <DeadlineCell row={r} /> },
    { title: '问题整改', key: 'problems', width: 160, render: (_v, r) => <ProblemCell problems={r.problems} status={r.status} /> },
    {
      title: '测评',
      key: 'rating',
      width: 100,
      render: (_v, r) => (
        <div>
          <VerdictText verdict={r.lastVerdict} />
          {r.unsatisfied > 0 ? <div className="ledger-unsatisfied">不满意 {r.unsatisfied} 次</div> : null}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader crumbs={[{ title: '审议意见台账' }]} title="审议意见台账">
        <div className="ledger-counters" data-testid="ledger-counters">
          <button
            type="button"
            className={`ledger-counter is-overdue${overdueCount === 0 ? ' is-zero' : ''}${filters.overdue ? ' is-active' : ''}`}
            onClick={() => change({ overdue: !filters.overdue })}
            aria-pressed={filters.overdue}
            title={filters.overdue ? '显示全部' : '只看逾期'}
            data-testid="ledger-overdue-count"
          >
            <WarningOutlined /> 逾期 <b>{overdueCount}</b> 项
          </button>
          <span className={`ledger-counter is-soon${dueSoonCount === 0 ? ' is-zero' : ''}`} data-testid="ledger-due-soon-count">
            <ClockCircleOutlined /> 14 日内到期 <b>{dueSoonCount}</b> 项
          </span>
          {today ? <span className="ledger-today">今天是 {chineseDate(today)}；逾期和即将到期的排在前面</span> : null}
        </div>
      </PageHeader>
      <Card className="content-card">
        <div className="toolbar ledger-toolbar">
          <Input.Search
            allowClear
            placeholder="搜索标题、会议、承办单位、问题"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => {
              setPage(1);
              setFilters({ search: v });
            }}
            style={{ width: 260 }}
            aria-label="搜索审议意见"
          />
          <Select
            value={filters.year ?? 0}
            style={{ width: 120 }}
            onChange={(v) => change({ year: v === 0 ? undefined : v })}
            options={[{ value: 0, label: '全部年度' }, ...years.map((y) => ({ value: y, label: `${y} 年` }))]}
            aria-label="按年度筛选"
          />
          <Select<number>
            value={filters.bodyId ?? 0}
            style={{ width: 190 }}
            showSearch={{ optionFilterProp: 'label' }}
            popupMatchSelectWidth={false}
            onChange={(v) => change({ bodyId: v === 0 ? undefined : (v as BodyId) })}
            options={[{ value: 0, label: '全部承办单位' }, ...handlers.map((b) => ({ value: b.id as number, label: b.name }))]}
            aria-label="按承办单位筛选"
          />
          <Select<number>
            value={filters.leadBodyId ?? 0}
            style={{ width: 190 }}
            showSearch={{ optionFilterProp: 'label' }}
            popupMatchSelectWidth={false}
            onChange={(v) => change({ leadBodyId: v === 0 ? undefined : (v as BodyId) })}
            options={[{ value: 0, label: '全部牵头委员会' }, ...committees.map((b) => ({ value: b.id as number, label: b.name }))]}
            aria-label="按牵头委员会筛选"
          />
          <Select
            value={filters.status}
            style={{ width: 160 }}
            onChange={(v) => change({ status: v })}
            options={STATUS_OPTIONS}
            aria-label="按状态筛选"
          />
          <label className="ledger-switch">
            <Switch size="small" checked={filters.overdue} onChange={(v) => change({ overdue: v })} aria-label="仅看逾期" /> 仅看逾期
          </label>
        </div>
        <div data-testid="ledger-table">
        <Table<OpinionRow>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={loading}
          size="middle"
          rowClassName={(r) => `clickable-row${r.urgency.overdue ? ' ledger-row-overdue' : r.urgency.dueSoon ? ' ledger-row-soon' : ''}`}
          onRow={(r) => ({ onClick: () => navigate({ name: 'opinion', id: r.id }) })}
          pagination={{
            current: page,
            pageSize,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            hideOnSinglePage: rows.length <= 10,
            showTotal: (t) => `共 ${t} 份审议意见`,
            onChange: (p, size) => {
              setPage(size !== pageSize ? 1 : p);
              setPageSize(size);
            },
          }}
          locale={{ emptyText: loaded ? (filtered ? '没有符合条件的审议意见' : '还没有审议意见：在会议议程中选择一项，点击“起草审议意见”') : ' ' }}
        />
        </div>
      </Card>
    </>
  );
}
