import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { Meeting } from '../../../shared/api/schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { MeetingFormModal } from '../components/MeetingFormModal.js';
import { MeetingStatusTag } from '../components/MeetingStatusTag.js';
import { PageHeader } from '../components/PageHeader.js';
import { QuorumIndicator } from '../components/QuorumIndicator.js';
import { navigate } from '../router.js';
import { useMeetingStore } from '../stores/meeting-store.js';
import { useTermStore } from '../stores/term-store.js';

export function MeetingsPage() {
  const { filters, items, total, years, listLoading, listLoaded, loadList, setFilters } = useMeetingStore();
  const terms = useTermStore((s) => s.terms);
  const currentTermId = useTermStore((s) => s.currentTermId);
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState(filters.search);

  useEffect(() => {
    void loadList();
  }, [loadList]);

  // Search as the user types, once they pause.
  useEffect(() => {
    if (search === filters.search) return;
    const t = window.setTimeout(() => setFilters({ search }), 300);
    return () => window.clearTimeout(t);
  }, [search, filters.search, setFilters]);

  const open = (m: Meeting) => navigate({ name: 'meeting', id: m.id, tab: 'agenda' });

  const columns: ColumnsType<Meeting> = [
    {
      title: '会议',
      key: 'title',
      render: (_v, m) => (
        <a
          href={`#/meetings/${m.id}/agenda`}
          className="meeting-link"
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            open(m);
          }}
        >
          {m.title}
        </a>
      ),
    },
    { title: '日期', dataIndex: 'date', width: 150, render: (d: string) => chineseDate(d) },
    { title: '地点', dataIndex: 'place', width: 200, ellipsis: true },
    { title: '状态', dataIndex: 'status', width: 96, render: (s: Meeting['status']) => <MeetingStatusTag status={s} /> },
    { title: '议程', dataIndex: 'agendaCount', width: 80, align: 'right', render: (n: number) => `${n} 项` },
    { title: '出席', key: 'quorum', width: 200, render: (_v, m) => <QuorumIndicator quorum={m.quorum} size="small" /> },
  ];

  return (
    <>
      <PageHeader
        crumbs={[{ title: '会议' }]}
        title="会议"
        extra={
          <Button type="primary" icon={<PlusOutlined />} disabled={terms.length === 0} onClick={() => setCreating(true)}>
            新建会议
          </Button>
        }
      />
      <Card className="content-card">
        <div className="toolbar">
          <Input.Search
            allowClear
            placeholder="搜索会议名称、地点"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => setFilters({ search: v })}
            style={{ width: 280 }}
            aria-label="搜索会议"
          />
          <Select
            value={filters.termId ?? 0}
            style={{ width: 160 }}
            onChange={(v) => setFilters({ termId: v === 0 ? undefined : (v as Meeting['termId']) })}
            options={[{ value: 0, label: '全部届次' }, ...terms.map((t) => ({ value: t.id, label: t.name }))]}
            aria-label="按届次筛选"
          />
          <Select
            value={filters.year ?? 0}
            style={{ width: 140 }}
            onChange={(v) => setFilters({ year: v === 0 ? undefined : v })}
            options={[{ value: 0, label: '全部年份' }, ...years.map((y) => ({ value: y, label: `${y} 年` }))]}
            aria-label="按年份筛选"
          />
        </div>
        <Table<Meeting>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={listLoading}
          size="middle"
          onRow={(m) => ({ onClick: () => open(m), className: 'clickable-row' })}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (t) => `共 ${t} 次会议`,
            onChange: (page, pageSize) => setFilters(pageSize !== filters.pageSize ? { page: 1, pageSize } : { page }),
          }}
          locale={{ emptyText: listLoaded ? (filters.search || filters.year || filters.termId ? '没有符合条件的会议' : '还没有会议，点击右上角“新建会议”') : ' ' }}
        />
      </Card>
      {creating ? (
        <MeetingFormModal
          meeting={null}
          terms={terms}
          defaultTermId={currentTermId}
          onClose={() => setCreating(false)}
          onSaved={(m) => {
            setCreating(false);
            void loadList();
            open(m);
          }}
        />
      ) : null}
    </>
  );
}
