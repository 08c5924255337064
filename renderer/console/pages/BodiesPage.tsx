import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { Body } from '../../../shared/api/schemas.js';
import { BODY_KIND_LABEL, BODY_KINDS, type BodyKind } from '../../../shared/domain/labels.js';
import { BodyFormModal } from '../components/BodyFormModal.js';
import { PageHeader } from '../components/PageHeader.js';
import { navigate, routeHash } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';

export function BodiesPage() {
  const { bodies, loading, loaded, load } = useBodyStore();
  const [editing, setEditing] = useState<Body | null | undefined>(undefined);

  useEffect(() => {
    void load();
  }, [load]);

  const nextSortOrder = (bodies.reduce((max, b) => Math.max(max, b.sortOrder), 0) || 0) + 10;
  const active = bodies.filter((b) => b.active).length;
  const place = new Map(bodies.map((b, i) => [b.id, i + 1]));
  const openHistory = (b: Body) => navigate({ name: 'subject', kind: 'body', id: b.id });

  const columns: ColumnsType<Body> = [
    // The place in the list, not the stored sort key (10, 20, 30 … leave room to insert between).
    { title: '序号', key: 'no', width: 72, align: 'center', render: (_v, b) => place.get(b.id) },
    {
      title: '单位名称',
      dataIndex: 'name',
      render: (n: string, b) => (
        <a
          href={routeHash({ name: 'subject', kind: 'body', id: b.id })}
          className={b.active ? '' : 'muted'}
          title={`查看${n}的履历`}
          onClick={(e) => {
            e.preventDefault();
            openHistory(b);
          }}
        >
          {n}
        </a>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 240,
      render: (k: BodyKind) => BODY_KIND_LABEL[k],
      filters: BODY_KINDS.map((k) => ({ text: BODY_KIND_LABEL[k], value: k })),
      onFilter: (v, b) => b.kind === v,
    },
    { title: '状态', dataIndex: 'active', width: 100, render: (a: boolean) => (a ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_v, b) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => openHistory(b)} aria-label={`${b.name} 的履历`}>
            履历
          </Button>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(b)} aria-label={`编辑 ${b.name}`}>
            编辑
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        crumbs={[{ title: '汇报单位' }]}
        title="汇报单位"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            添加汇报单位
          </Button>
        }
      />
      <Card className="content-card">
        <div className="toolbar">
          <span className="toolbar-hint">
            共 {bodies.length} 个单位，启用 {active} 个。汇报单位用于议程的“汇报单位”选项；停用的单位保留在历史议程中，但不再供选择。点单位名称查看其履历：历年测评、审议意见和监督计划。
          </span>
        </div>
        <Table<Body>
          rowKey="id"
          columns={columns}
          dataSource={bodies}
          loading={loading && !loaded}
          size="small"
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 个` }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有汇报单位，例如：市人民政府、市财政局、市中级人民法院" /> }}
        />
      </Card>
      {editing !== undefined ? (
        <BodyFormModal
          body={editing}
          nextSortOrder={nextSortOrder}
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
