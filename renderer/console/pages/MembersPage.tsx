import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Segmented, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { Member, Term } from '../../../shared/api/schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { MEMBER_ROLE_LABEL, MEMBER_ROLES, MEMBER_STATUS_LABEL, TERM_LEVEL_LABEL, type MemberStatus } from '../../../shared/domain/labels.js';
import { quorum } from '../../../shared/domain/quorum.js';
import { MemberFormModal } from '../components/MemberFormModal.js';
import { MemberImportModal } from '../components/MemberImportModal.js';
import { PageHeader } from '../components/PageHeader.js';
import { TermFormModal } from '../components/TermFormModal.js';
import { useTermStore } from '../stores/term-store.js';

type StatusFilter = 'all' | MemberStatus;

export function MembersPage() {
  const terms = useTermStore((s) => s.terms);
  const currentTermId = useTermStore((s) => s.currentTermId);
  const members = useTermStore((s) => s.members);
  const membersLoading = useTermStore((s) => s.membersLoading);
  const selectTerm = useTermStore((s) => s.selectTerm);
  const loadTerms = useTermStore((s) => s.loadTerms);
  const loadMembers = useTermStore((s) => s.loadMembers);
  const term = terms.find((t) => t.id === currentTermId) ?? null;

  const [termEditing, setTermEditing] = useState<Term | null | undefined>(undefined);
  const [memberEditing, setMemberEditing] = useState<Member | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [search, setSearch] = useState('');
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('all');

  const serving = members.filter((m) => m.status === 'serving').length;
  const q = quorum(serving, 0);
  const byRole = useMemo(() => MEMBER_ROLES.map((r) => ({ role: r, count: members.filter((m) => m.status === 'serving' && m.role === r).length })), [members]);
  const visible = members.filter((m) => (statusFilter === 'all' || m.status === statusFilter) && (!search.trim() || m.name.includes(search.trim())));
  const nextSeatOrder = members.reduce((max, m) => Math.max(max, m.seatOrder), 0) + 1;

  const columns: ColumnsType<Member> = [
    { title: '座次', dataIndex: 'seatOrder', width: 80, align: 'center', sorter: (a, b) => a.seatOrder - b.seatOrder, defaultSortOrder: 'ascend' },
    { title: '姓名', dataIndex: 'name', width: 160, render: (n: string) => <span className="person-name">{n}</span> },
    {
      title: '职务',
      dataIndex: 'role',
      width: 120,
      render: (r: Member['role']) => MEMBER_ROLE_LABEL[r],
      filters: MEMBER_ROLES.map((r) => ({ text: MEMBER_ROLE_LABEL[r], value: r })),
      onFilter: (v, m) => m.role === v,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (s: MemberStatus) => <Tag color={s === 'serving' ? 'success' : 'default'}>{MEMBER_STATUS_LABEL[s]}</Tag>,
    },
    { title: '备注', dataIndex: 'note', ellipsis: true, render: (n: string | null) => n ?? '' },
    {
      title: '操作',
      key: 'actions',
      width: 100,
      render: (_v, m) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setMemberEditing(m)} aria-label={`编辑 ${m.name}`}>
          编辑
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        crumbs={[{ title: '届次与组成人员' }]}
        title="届次与组成人员"
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setTermEditing(null)}>
            新建届次
          </Button>
        }
      />
      {term ? (
        <>
          <Card className="content-card term-card">
            <div className="term-row">
              <div className="term-pick">
                <label className="field-label" htmlFor="term-select">
                  届次
                </label>
                <Select
                  id="term-select"
                  value={term.id}
                  onChange={selectTerm}
                  style={{ width: 200 }}
                  options={terms.map((t) => ({ value: t.id, label: t.name }))}
                  aria-label="选择届次"
                />
                <Button icon={<EditOutlined />} onClick={() => setTermEditing(term)}>
                  编辑届次
                </Button>
              </div>
              <dl className="term-facts">
                <div>
                  <dt>人大层级</dt>
                  <dd>{TERM_LEVEL_LABEL[term.level]}</dd>
                </div>
                <div>
                  <dt>任期</dt>
                  <dd>
                    {chineseDate(term.startDate)} 至 {term.endDate ? chineseDate(term.endDate) : '—'}
                  </dd>
                </div>
              </dl>
            </div>
            <div className="serving-banner" data-testid="serving-banner">
              <span className="serving-main">
                在任组成人员 <b>{serving}</b> 人，法定人数 <b>{serving > 0 ? q.required : 0}</b> 人
              </span>
              <span className="serving-roles">
                {byRole.map((r) => (
                  <span key={r.role}>
                    {MEMBER_ROLE_LABEL[r.role]} {r.count}
                  </span>
                ))}
                {members.length > serving ? <span>离任 {members.length - serving}</span> : null}
              </span>
            </div>
          </Card>
          <Card className="content-card">
            <div className="toolbar">
              <Space wrap>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setMemberEditing(null)}>
                  添加组成人员
                </Button>
                <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                  从文件导入
                </Button>
              </Space>
              <Space wrap>
                <Segmented<StatusFilter>
                  value={statusFilter}
                  onChange={setStatusFilter}
                  options={[
                    { value: 'all', label: `全部 ${members.length}` },
                    { value: 'serving', label: `在任 ${serving}` },
                    { value: 'left', label: `离任 ${members.length - serving}` },
                  ]}
                />
                <Input.Search allowClear placeholder="按姓名查找" value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 200 }} aria-label="按姓名查找" />
              </Space>
            </div>
            <Table<Member>
              rowKey="id"
              columns={columns}
              dataSource={visible}
              loading={membersLoading && members.length === 0}
              size="small"
              pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 人` }}
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={members.length === 0 ? '本届还没有组成人员，可以逐个添加，或从 Excel / CSV 文件导入' : '没有符合条件的人员'} />
                ),
              }}
            />
          </Card>
        </>
      ) : null}
      {termEditing !== undefined ? (
        <TermFormModal
          term={termEditing}
          onClose={() => setTermEditing(undefined)}
          onSaved={(t) => {
            setTermEditing(undefined);
            void loadTerms().then(() => selectTerm(t.id));
          }}
        />
      ) : null}
      {memberEditing !== undefined && term ? (
        <MemberFormModal
          term={term}
          member={memberEditing}
          nextSeatOrder={nextSeatOrder}
          onClose={() => setMemberEditing(undefined)}
          onSaved={() => {
            setMemberEditing(undefined);
            void loadMembers();
            void loadTerms();
          }}
        />
      ) : null}
      {importing && term ? (
        <MemberImportModal
          term={term}
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false);
            void loadMembers();
            void loadTerms();
          }}
        />
      ) : null}
    </>
  );
}
