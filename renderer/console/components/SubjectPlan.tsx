import { Card, Empty, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SubjectHistory } from '../../../shared/api/supervision-schemas.js';
import { PLAN_KIND_LABEL, type PlanKind } from '../../../shared/domain/supervision/labels.js';
import { navigate, routeHash } from '../router.js';

type PlanRow = SubjectHistory['planItems'][number];

/** 监督计划: the items of the years' supervision plans that name the subject; a row opens that year's plan. */
export function SubjectPlan({ items, emptyText }: { items: PlanRow[]; emptyText: string }) {
  const rows = [...items].sort((a, b) => b.year - a.year || a.id - b.id);
  const open = (p: PlanRow) => navigate({ name: 'plan', year: p.year });

  const columns: ColumnsType<PlanRow> = [
    {
      title: '年度',
      dataIndex: 'year',
      width: 100,
      render: (y: number) => (
        <a
          href={routeHash({ name: 'plan', year: y })}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            navigate({ name: 'plan', year: y });
          }}
        >
          {y}年
        </a>
      ),
    },
    { title: '监督方式', dataIndex: 'kind', width: 160, render: (k: PlanKind) => <Tag color="geekblue">{PLAN_KIND_LABEL[k]}</Tag> },
    { title: '监督事项', dataIndex: 'title' },
  ];

  return (
    <Card className="content-card" size="small" title={`监督计划（${items.length}）`} data-testid="subject-plan">
      <Table<PlanRow>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 项` }}
        onRow={(p) => ({
          onClick: () => open(p),
          onKeyDown: (e) => {
            if (e.key === 'Enter') open(p);
          },
          tabIndex: 0,
          className: 'clickable-row',
          title: `打开${p.year}年监督计划`,
        })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      />
    </Card>
  );
}
