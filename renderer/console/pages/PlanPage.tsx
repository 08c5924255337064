import { DeleteOutlined, EditOutlined, ImportOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { PlanItem } from '../../../shared/api/supervision-schemas.js';
import { chineseDate, shortMeetingTitle } from '../../../shared/domain/format.js';
import { PLAN_KIND_LABEL, SATISFACTION_VERDICT_LABEL } from '../../../shared/domain/supervision/labels.js';
import { desk } from '../../lib/desk-client.js';
import { PageHeader } from '../components/PageHeader.js';
import { PlanImportModal } from '../components/PlanImportModal.js';
import { PlanItemModal } from '../components/PlanItemModal.js';
import { planProgressOf, PlanProgressTag } from '../components/PlanProgressTag.js';
import { PlanSettingsModal } from '../components/PlanSettingsModal.js';
import { notify, showError } from '../lib/notify.js';
import { useReloadOn } from '../lib/reload-queue.js';
import { navigate, routeHash, type Route } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import { thisYear, usePlanStore } from '../stores/plan-store.js';
import '../plan.css';

/** Height of the app header, which the table header sticks under. */
const HEADER_HEIGHT = 52;

const RELOAD_ON = ['plan', 'agenda', 'opinion', 'body', 'appointee'] as const;
const reloadPlan = () => usePlanStore.getState().reload();

/** "市人大常委会财政经济工作委员会" → "财政经济工作委员会": every lead committee is the standing committee's. */
function shortCommitteeName(name: string): string {
  const short = name.replace(/^.{0,12}?人大常委会(?=.)/, '');
  return short.length >= 2 ? short : name;
}

/** "第十七届人大常委会第二十三次会议" → "第二十三次会议": the term is the same on every row. */

const VERDICT_COLOR: Record<string, string> = {
  [SATISFACTION_VERDICT_LABEL.satisfied]: 'success',
  [SATISFACTION_VERDICT_LABEL.basically]: 'gold',
  [SATISFACTION_VERDICT_LABEL.unsatisfied]: 'error',
};

const VERDICT_CLASS: Record<string, string> = {
  [SATISFACTION_VERDICT_LABEL.satisfied]: 'is-satisfied',
  [SATISFACTION_VERDICT_LABEL.basically]: 'is-basically',
  [SATISFACTION_VERDICT_LABEL.unsatisfied]: 'is-unsatisfied',
};

/** An in-app link: a real href (open in the same window, copy) that navigates without reloading. */
function RouteLink({ route, children, label }: { route: Route; children: ReactNode; label?: string }) {
  return (
    <a
      href={routeHash(route)}
      aria-label={label}
      onClick={(e) => {
        e.preventDefault();
        navigate(route);
      }}
    >
      {children}
    </a>
  );
}

export function PlanPage({ year }: { year: number | null }) {
  const { year: shownYear, years, items, loading, loaded, load, reload } = usePlanStore();
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);
  const [editing, setEditing] = useState<PlanItem | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);

  useEffect(() => {
    void load(year);
  }, [load, year]);

  useEffect(() => {
    if (!bodiesLoaded) void loadBodies();
  }, [bodiesLoaded, loadBodies]);

  // Held items, ratings and opinion counts change on other screens (and other windows); a
  // rating appears when its poll closes (ballots arriving while it is open change nothing here).
  useReloadOn('plan', RELOAD_ON, reloadPlan);

  const yearOptions = useMemo(() => {
    const now = thisYear();
    const all = new Set([...years, now, now + 1]);
    if (shownYear !== null) all.add(shownYear);
    return [...all].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}年` }));
  }, [years, shownYear]);

  const counts = useMemo(() => {
    const c = { held: 0, arranged: 0, late: 0, unscheduled: 0, opinionsOpen: 0 };
    for (const i of items) {
      const p = planProgressOf(i);
      if (p !== 'planned') c[p]++;
      c.opinionsOpen += i.opinionsOpen;
    }
    return c;
  }, [items]);

  const remove = async (item: PlanItem) => {
    try {
      await desk.call('plan.delete', { id: item.id });
      notify.success('已删除监督事项');
      void reload();
    } catch (err) {
      showError(err);
    }
  };

  const columns: ColumnsType<PlanItem> = [
    { title: '序号', key: 'order', width: 48, align: 'center', render: (_v, _item, index) => <span className="plan-order">{index + 1}</span> },
    { title: '监督方式', key: 'kind', width: 108, render: (_v, item) => <span className="plan-kind">{PLAN_KIND_LABEL[item.kind]}</span> },
    {
      title: '监督事项',
      key: 'title',
      render: (_v, item) => (
        <div className="plan-title-cell">
          <div className="plan-title" data-testid="plan-title">
            {item.title}
          </div>
          {item.notes ? (
            <Typography.Paragraph type="secondary" className="plan-notes" ellipsis={{ rows: 2, tooltip: item.notes }}>
              {item.notes}
            </Typography.Paragraph>
          ) : null}
        </div>
      ),
    },
    {
      title: (
        <span className="plan-th-two">
          监督对象
          <span className="plan-th-sub">牵头委员会</span>
        </span>
      ),
      key: 'subjects',
      width: 168,
      render: (_v, item) => (
        <div className="plan-subject-cell">
          {item.subjects.length === 0 ? (
            <span className="muted">未指定监督对象</span>
          ) : (
            <span className="plan-subjects" data-testid="plan-subjects">
              {item.subjects.map((s) => (
                <span key={`${s.kind}:${s.id}`} className="plan-subject">
                  <RouteLink route={{ name: 'subject', kind: s.kind, id: s.id }}>{s.name}</RouteLink>
                </span>
              ))}
            </span>
          )}
          {item.leadBodyName ? (
            <div className="plan-lead" title={`牵头委员会：${item.leadBodyName}`} data-testid="plan-lead">
              牵头：{shortCommitteeName(item.leadBodyName)}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: '计划月份',
      key: 'month',
      width: 72,
      align: 'center',
      render: (_v, item) => (item.plannedMonth ? `${item.plannedMonth}月` : <span className="muted">未定</span>),
    },
    { title: '进展', key: 'progress', width: 96, render: (_v, item) => <PlanProgressTag item={item} /> },
    {
      title: '已审议',
      key: 'held',
      width: 128,
      render: (_v, item) =>
        item.held.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <div className="plan-held">
            {item.held.map((h) => (
              <div key={h.agendaItemId} className="plan-held-row">
                <Tooltip title={`${h.meetingTitle}：${h.title}`}>
                  <span>
                    <RouteLink route={{ name: 'meeting', id: h.meetingId, tab: 'agenda' }} label={`${h.meetingTitle}（${chineseDate(h.date)}）`}>
                      {shortMeetingTitle(h.meetingTitle)}
                    </RouteLink>
                  </span>
                </Tooltip>
                <div className="plan-held-date">
                  {chineseDate(h.date)}
                  {item.progress !== 'held' ? <span className="plan-held-pending">待审议</span> : null}
                </div>
              </div>
            ))}
          </div>
        ),
    },
    {
      title: '测评结果',
      key: 'ratings',
      width: 168,
      render: (_v, item) =>
        item.ratings.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <div className="plan-ratings" data-testid="plan-ratings">
            {item.ratings.map((r, i) => {
              const many = item.ratings.length > 1 || item.subjects.length !== 1;
              const verdict = r.verdict ?? r.figure ?? '已测评';
              return (
                <Tooltip key={`${r.pollId}:${i}`} title={`${chineseDate(r.date)}测评：${r.subject}${r.verdict ? ` ${r.verdict}` : ''}${r.figure ? `（${r.figure}）` : ''}`}>
                  {many ? (
                    <div className="plan-rating">
                      <span className="plan-rating-date">{`${Number(r.date.slice(5, 7))}月${Number(r.date.slice(8, 10))}日`}</span>
                      <span className="plan-rating-subject">{r.subject}</span>
                      <span className={`plan-verdict-text ${VERDICT_CLASS[verdict] ?? ''}`}>{verdict}</span>
                    </div>
                  ) : (
                    <div className="plan-rating">
                      {r.verdict ? (
                        <Tag color={VERDICT_COLOR[r.verdict] ?? 'default'} className="plan-verdict">
                          {r.verdict}
                        </Tag>
                      ) : (
                        <span className="plan-figure">{verdict}</span>
                      )}
                      {r.verdict && r.figure ? <div className="plan-figure">{r.figure}</div> : null}
                    </div>
                  )}
                </Tooltip>
              );
            })}
          </div>
        ),
    },
    {
      title: '审议意见',
      key: 'opinions',
      width: 76,
      align: 'center',
      render: (_v, item) =>
        item.opinionsTotal === 0 ? (
          <span className="muted">—</span>
        ) : (
          <Tooltip title={`未销号 ${item.opinionsOpen} 件，共 ${item.opinionsTotal} 件`}>
            <span>
              <RouteLink route={{ name: 'opinions' }} label={`审议意见：未销号 ${item.opinionsOpen} 件，共 ${item.opinionsTotal} 件`}>
                <span className={item.opinionsOpen > 0 ? 'plan-open' : ''}>{item.opinionsOpen}</span> / {item.opinionsTotal}
              </RouteLink>
            </span>
          </Tooltip>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 64,
      render: (_v, item) => (
        <Space size={0}>
          <Tooltip title="编辑">
            <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(item)} aria-label={`编辑：${item.title}`} />
          </Tooltip>
          <Popconfirm
            title="删除这项监督事项？"
            description={item.held.length > 0 ? '已有议程对应此事项，需先在议程中取消对应后才能删除。' : '删除后无法恢复。'}
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => remove(item)}
          >
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除：${item.title}`} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const y = shownYear ?? year ?? thisYear();

  return (
    <>
      <PageHeader
        crumbs={[{ title: '年度监督计划' }]}
        title={`${y}年度监督工作计划`}
        extra={
          <Space>
            <Select
              value={y}
              onChange={(v) => navigate({ name: 'plan', year: v })}
              options={yearOptions}
              style={{ width: 110 }}
              aria-label="选择年度"
              data-testid="plan-year"
            />
            <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)}>
              监督工作设置
            </Button>
          </Space>
        }
      />
      <Card className="content-card">
        <div className="toolbar">
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              新增事项
            </Button>
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
              粘贴导入
            </Button>
          </Space>
          {loaded && items.length > 0 ? (
            <span className="plan-summary" data-testid="plan-summary">
              计划 <b>{items.length}</b> 项，已审议 <b className="plan-sum-held">{counts.held}</b> 项，逾期未安排 <b className={counts.late > 0 ? 'plan-sum-late' : ''}>{counts.late}</b> 项
              {counts.arranged > 0 ? (
                <>
                  ，已安排待审议 <b>{counts.arranged}</b> 项
                </>
              ) : null}
              {counts.unscheduled > 0 ? (
                <>
                  ，未定月份 <b>{counts.unscheduled}</b> 项
                </>
              ) : null}
              {counts.opinionsOpen > 0 ? (
                <>
                  <span className="toolbar-divider" />
                  审议意见未销号 <b>{counts.opinionsOpen}</b> 件
                </>
              ) : null}
            </span>
          ) : null}
        </div>
        <Table<PlanItem>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={loading && !loaded}
          size="small"
          className="plan-table"
          pagination={false}
          sticky={{ offsetHeader: HEADER_HEIGHT }}
          rowClassName={(item) => `plan-row is-${item.progress}`}
          onRow={(item) => ({ 'data-testid': 'plan-row', 'aria-label': `监督事项：${item.title}` }) as HTMLAttributes<HTMLTableRowElement>}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={loaded ? `${y}年还没有监督计划。可以点击“新增事项”逐项录入，或从 Excel / Word 中复制计划表，点击“粘贴导入”` : '正在读取…'}
              />
            ),
          }}
        />
      </Card>
      {editing !== undefined ? (
        <PlanItemModal
          year={y}
          item={editing}
          bodies={bodies}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void reload();
          }}
        />
      ) : null}
      {importing ? (
        <PlanImportModal
          year={y}
          onClose={() => setImporting(false)}
          onImported={() => void reload()}
        />
      ) : null}
      {settingsOpen ? <PlanSettingsModal onClose={() => setSettingsOpen(false)} /> : null}
    </>
  );
}
