import { CheckOutlined } from '@ant-design/icons';
import { Button, Empty, Popconfirm, Radio, Segmented, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useLayoutEffect, useMemo, useRef, useState, type HTMLAttributes, type KeyboardEvent } from 'react';
import type { AttendanceRow, MemberId } from '../../../shared/api/schemas.js';
import { ATTENDANCE_STATUS_LABEL, ATTENDANCE_STATUSES, MEMBER_ROLE_LABEL, SIGN_IN_METHOD_LABEL, type AttendanceStatus } from '../../../shared/domain/labels.js';
import { ProxyModal, signInTime } from './SignInDesk.js';
import { useMeetingStore } from '../stores/meeting-store.js';
import { countAttendance } from '../../../shared/domain/quorum.js';
import { AttendanceCounts, AttendanceTag } from './AttendanceCounts.js';
import { QuorumIndicator } from './QuorumIndicator.js';

const KEY_STATUS: Record<string, AttendanceStatus | null> = { '1': 'present', '2': 'leave', '3': 'absent', '0': null };

/** Height of the app header, which the sticky summary sits under. */
const HEADER_HEIGHT = 52;

type Filter = 'all' | 'unset' | AttendanceStatus;

export function AttendanceTab() {
  const rows = useMeetingStore((s) => s.attendance);
  const loading = useMeetingStore((s) => s.attendanceLoading);
  const setAttendance = useMeetingStore((s) => s.setAttendance);
  const quorum = useMeetingStore((s) => s.meeting?.quorum ?? null);
  const meeting = useMeetingStore((s) => s.meeting);
  const [proxyFor, setProxyFor] = useState<AttendanceRow | null>(null);
  const [selected, setSelected] = useState<MemberId[]>([]);
  const [filter, setFilter] = useState<Filter>('all');
  const stickyRef = useRef<HTMLDivElement>(null);
  const [stickyHeight, setStickyHeight] = useState(0);

  // The table header sticks right under the summary and toolbar, whose height depends on wrapping.
  useLayoutEffect(() => {
    const el = stickyRef.current;
    if (!el) return;
    const update = () => setStickyHeight(el.getBoundingClientRect().height);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const counts = useMemo(() => countAttendance(rows), [rows]);

  const visible = useMemo(() => rows.filter((r) => filter === 'all' || (filter === 'unset' ? r.status === null : r.status === filter)), [rows, filter]);
  const unsetIds = rows.filter((r) => r.status === null).map((r) => r.memberId);
  const otherwiseMarked = rows.filter((r) => r.status !== null && r.status !== 'present').length;

  const setSelectedTo = (status: AttendanceStatus | null) => {
    void setAttendance(selected, status);
    setSelected([]);
  };

  const focusRow = (from: HTMLElement, delta: 1 | -1) => {
    const row = from.closest('tr');
    let next = (delta === 1 ? row?.nextElementSibling : row?.previousElementSibling) as HTMLElement | null;
    while (next && !next.hasAttribute('data-row-key')) next = (delta === 1 ? next.nextElementSibling : next.previousElementSibling) as HTMLElement | null;
    next?.focus();
  };

  const onRowKeyDown = (row: AttendanceRow) => (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key in KEY_STATUS) {
      e.preventDefault();
      void setAttendance([row.memberId], KEY_STATUS[e.key]!);
      return;
    }
    // Arrow keys inside the radio group change the choice; on the row they move between people.
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && e.target === e.currentTarget) {
      e.preventDefault();
      focusRow(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
    }
  };

  const columns: ColumnsType<AttendanceRow> = [
    { title: '座次', dataIndex: 'seatOrder', width: 72, align: 'center' },
    { title: '姓名', dataIndex: 'name', width: 140, render: (name: string) => <span className="person-name">{name}</span> },
    { title: '职务', dataIndex: 'role', width: 100, render: (role: AttendanceRow['role']) => MEMBER_ROLE_LABEL[role] },
    {
      title: '签到',
      key: 'how',
      width: 220,
      render: (_v, row) =>
        row.status === null ? null : (
          <span className="att-how">
            {row.method ? SIGN_IN_METHOD_LABEL[row.method] : null}
            {row.updatedAt && row.status === 'present' && row.method !== 'proxy' ? <span className="muted"> {signInTime(row.updatedAt)}</span> : null}
            {row.note ? <span className="muted">（{row.note}）</span> : null}
          </span>
        ),
    },
    {
      title: '登记出席情况',
      key: 'set',
      render: (_v, row) => (
        <Space size="middle" className={`att-choice att-${row.status ?? 'unset'}`}>
          <Radio.Group
            size="small"
            optionType="button"
            buttonStyle="solid"
            value={row.status}
            onChange={(e) => void setAttendance([row.memberId], e.target.value as AttendanceStatus)}
            options={ATTENDANCE_STATUSES.map((s) => ({ value: s, label: ATTENDANCE_STATUS_LABEL[s] }))}
            aria-label={`${row.name}的出席情况`}
          />
          {row.status !== 'present' && meeting && meeting.status !== 'closed' ? (
            <Button type="link" size="small" onClick={() => setProxyFor(row)} aria-label={`为${row.name}代签`}>
              代签
            </Button>
          ) : null}
          {row.status !== null ? (
            <Button type="link" size="small" onClick={() => void setAttendance([row.memberId], null)} aria-label={`清除${row.name}的登记`}>
              清除
            </Button>
          ) : (
            <AttendanceTag status={null} />
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="attendance-tab">
      <div className="attendance-sticky" ref={stickyRef}>
      <div className="attendance-summary" data-testid="attendance-summary">
        <AttendanceCounts counts={counts} words={{ serving: '在任', present: '出席', unset: '未登记' }} />
        {quorum ? (
          <span className="sum-quorum">
            <QuorumIndicator quorum={quorum} size="medium" />
          </span>
        ) : null}
      </div>
      <div className="toolbar">
        <Space wrap>
          {otherwiseMarked > 0 ? (
            <Popconfirm
              title="全部设为出席？"
              description={`已登记为请假或缺席的 ${otherwiseMarked} 人也将改为出席。`}
              okText="全部出席"
              cancelText="取消"
              onConfirm={() => void setAttendance(rows.map((r) => r.memberId), 'present')}
            >
              <Button icon={<CheckOutlined />}>全部出席</Button>
            </Popconfirm>
          ) : (
            <Button icon={<CheckOutlined />} disabled={rows.length === 0} onClick={() => void setAttendance(rows.map((r) => r.memberId), 'present')}>
              全部出席
            </Button>
          )}
          <Button disabled={unsetIds.length === 0} onClick={() => void setAttendance(unsetIds, 'present')}>
            未登记的设为出席{unsetIds.length > 0 ? `（${unsetIds.length} 人）` : ''}
          </Button>
          <span className="toolbar-divider" />
          <span className="toolbar-label">已选 {selected.length} 人，设为：</span>
          {ATTENDANCE_STATUSES.map((s) => (
            <Button key={s} size="middle" disabled={selected.length === 0} onClick={() => setSelectedTo(s)}>
              {ATTENDANCE_STATUS_LABEL[s]}
            </Button>
          ))}
          <Button disabled={selected.length === 0} onClick={() => setSelectedTo(null)}>
            未登记
          </Button>
        </Space>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: `全部 ${rows.length}` },
            { value: 'unset', label: `未登记 ${counts.unset}` },
            { value: 'present', label: `出席 ${counts.present}` },
            { value: 'leave', label: `请假 ${counts.leave}` },
            { value: 'absent', label: `缺席 ${counts.absent}` },
          ]}
        />
      </div>
      </div>
      <div className="toolbar-hint keyboard-hint">
        键盘操作：<kbd>Tab</kbd> 选中一行后用 <kbd>↑</kbd> <kbd>↓</kbd> 切换人员，按 <kbd>1</kbd> 出席、<kbd>2</kbd> 请假、<kbd>3</kbd> 缺席、<kbd>0</kbd> 清除登记。
      </div>
      <Table<AttendanceRow>
        rowKey={(r) => String(r.memberId)}
        columns={columns}
        dataSource={visible}
        loading={loading && rows.length === 0}
        pagination={false}
        size="small"
        sticky={{ offsetHeader: HEADER_HEIGHT + stickyHeight }}
        rowSelection={{
          selectedRowKeys: selected.map(String),
          onChange: (keys) => setSelected(keys.map((k) => Number(k) as MemberId)),
        }}
        onRow={(row) =>
          ({
            tabIndex: 0,
            'aria-label': `${row.seatOrder} 号 ${row.name}，${row.status ? ATTENDANCE_STATUS_LABEL[row.status] : '未登记'}`,
            onKeyDown: onRowKeyDown(row),
          }) as HTMLAttributes<HTMLTableRowElement>
        }
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本届没有在任组成人员，请先在“届次与组成人员”中添加或导入" /> }}
      />
      {proxyFor && meeting ? <ProxyModal meeting={meeting} row={proxyFor} onClose={() => setProxyFor(null)} /> : null}
    </div>
  );
}
