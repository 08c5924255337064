import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Segmented, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Body } from '../../../shared/api/schemas.js';
import type { Appointee } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { desk } from '../../lib/desk-client.js';
import { AppointeeFormModal } from '../components/AppointeeFormModal.js';
import { PageHeader } from '../components/PageHeader.js';
import { showError } from '../lib/notify.js';
import { scheduleReload } from '../lib/reload-queue.js';
import { navigate, routeHash } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import '../subjects.css';

type StatusFilter = 'all' | 'serving' | 'left';

/** In office on `today`: not left, or leaving later (a recorded future date). */
function serving(a: Appointee, today: string): boolean {
  return a.leftOn === null || a.leftOn > today;
}

/** The register of persons appointed by the committee (被任命人员), whom 履职评议 rates and 任免 votes pick from. */
export function AppointeesPage() {
  const [appointees, setAppointees] = useState<Appointee[]>([]);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<Appointee | null | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [bodyFilter, setBodyFilter] = useState<Body['id'] | null>(null);
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('all');
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);

  const load = useCallback(async () => {
    try {
      setAppointees(await desk.call('appointee.list', {}));
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
    if (!bodiesLoaded) void loadBodies();
    // A renamed body changes the 所在单位 column.
    return desk.on('data.changed', ({ entity }) => {
      if (entity === 'appointee' || entity === 'body') scheduleReload('appointees', load);
    });
  }, [load, bodiesLoaded, loadBodies]);

  const today = dayjs().format('YYYY-MM-DD');
  const sorted = useMemo(
    () =>
      [...appointees].sort((a, b) => {
        const sa = serving(a, today);
        const sb = serving(b, today);
        if (sa !== sb) return sa ? -1 : 1;
        // Most recent appointment first; undated ones after the dated.
        const da = a.appointedOn ?? '';
        const db = b.appointedOn ?? '';
        if (da !== db) return da < db ? 1 : -1;
        return a.name.localeCompare(b.name, 'zh-CN');
      }),
    [appointees, today],
  );
  const servingCount = appointees.filter((a) => serving(a, today)).length;
  const q = search.trim();
  const visible = sorted.filter(
    (a) =>
      (statusFilter === 'all' || (statusFilter === 'serving') === serving(a, today)) &&
      (bodyFilter === null || a.bodyId === bodyFilter) &&
      (!q || a.name.includes(q) || a.office.includes(q) || (a.bodyName ?? '').includes(q)),
  );
  const bodyIds = new Set(appointees.map((a) => a.bodyId));
  const bodyOptions = bodies.filter((b) => bodyIds.has(b.id)).map((b) => ({ value: b.id, label: b.name }));

  const openHistory = (a: Appointee) => navigate({ name: 'subject', kind: 'appointee', id: a.id });

  const columns: ColumnsType<Appointee> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 140,
      render: (n: string, a) => (
        <a
          href={routeHash({ name: 'subject', kind: 'appointee', id: a.id })}
          className="person-name"
          onClick={(e) => {
            e.preventDefault();
            openHistory(a);
          }}
        >
          {n}
        </a>
      ),
    },
    { title: '职务', dataIndex: 'office', ellipsis: true },
    { title: '所在单位', dataIndex: 'bodyName', width: 220, ellipsis: true, render: (n: string | null) => n ?? <span className="muted">—</span> },
    { title: '任命日期', dataIndex: 'appointedOn', width: 140, render: (d: string | null) => (d ? chineseDate(d) : <span className="muted">—</span>) },
    {
      title: '离任日期',
      dataIndex: 'leftOn',
      width: 160,
      render: (d: string | null) => {
        if (d === null) return <Tag color="success">在任</Tag>;
        return d > today ? `${chineseDate(d)}离任` : chineseDate(d);
      },
    },
    { title: '备注', dataIndex: 'note', ellipsis: true, render: (n: string | null) => n ?? '' },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_v, a) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => openHistory(a)} aria-label={`${a.name} 的履历`}>
            履历
          </Button>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(a)} aria-label={`编辑 ${a.name}`}>
            编辑
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        crumbs={[{ title: '被任命人员' }]}
        title="被任命人员"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            添加被任命人员
          </Button>
        }
      />
      <Card className="content-card">
        <div className="toolbar">
          <span className="toolbar-hint">由常委会任命的人员，在任 {servingCount} 人。履职评议测评他们；每人的履历汇集历年测评结果。</span>
          <Space wrap>
            <Segmented<StatusFilter>
              value={statusFilter}
              onChange={setStatusFilter}
              options={[
                { value: 'all', label: `全部 ${appointees.length}` },
                { value: 'serving', label: `在任 ${servingCount}` },
                { value: 'left', label: `已离任 ${appointees.length - servingCount}` },
              ]}
            />
            <Select<Body['id']>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="按单位筛选"
              value={bodyFilter ?? undefined}
              onChange={(v) => setBodyFilter(v ?? null)}
              options={bodyOptions}
              style={{ width: 200 }}
              aria-label="按单位筛选"
            />
            <Input.Search allowClear placeholder="按姓名、职务或单位查找" value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 250 }} aria-label="按姓名、职务或单位查找" />
          </Space>
        </div>
        <div data-testid="appointee-list">
          <Table<Appointee>
            rowKey="id"
            columns={columns}
            dataSource={visible}
            loading={loading && appointees.length === 0}
            size="small"
            rowClassName={(a) => (serving(a, today) ? '' : 'appointee-left')}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 人` }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={appointees.length === 0 ? '还没有被任命人员。常委会任命的人员（如市财政局局长）登记在这里后，履职评议可以测评他们，并记入各自的履历。' : '没有符合条件的人员'}
                />
              ),
            }}
          />
        </div>
      </Card>
      {editing !== undefined ? (
        <AppointeeFormModal
          appointee={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void load();
          }}
        />
      ) : null}
    </>
  );
}
