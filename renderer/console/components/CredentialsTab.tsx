import { IdcardOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Popconfirm, Segmented, Space, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import type { Meeting, MemberId } from '../../../shared/api/schemas.js';
import { formatCode, type CredentialRow } from '../../../shared/api/voter-schemas.js';
import type { AttendanceStatus } from '../../../shared/domain/labels.js';
import { notify } from '../lib/notify.js';
import { navigate } from '../router.js';
import { deviceUrls, useCredentialStore } from '../stores/credential-store.js';
import { SignInCards, type SignInCard } from './SignInCards.js';
import { VoterAddressBanner } from './VoterAddressBanner.js';
import { AttendanceTag } from './AttendanceCounts.js';

type Filter = 'all' | 'issued' | 'missing';

/** "14:05" today, "3月5日 14:05" otherwise: when the card in someone's hand was made. */
function issuedLabel(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return d.toDateString() === new Date().toDateString() ? hm : `${d.getMonth() + 1}月${d.getDate()}日 ${hm}`;
}

/**
 * 签到卡与登录码: every serving member's card for this meeting. The clerk makes and prints
 * the cards before the meeting, for every serving member; the code on a card signs its
 * member in at the sign-in desk and logs in a device, which may vote only while its member
 * is present. A lost card is revoked or reissued here. Marking someone present who has no
 * card yet makes one.
 */
export function CredentialsTab({ meeting }: { meeting: Meeting }) {
  const rows = useCredentialStore((s) => (s.meetingId === meeting.id ? s.rows : []));
  const loaded = useCredentialStore((s) => s.meetingId === meeting.id && s.loaded);
  const loading = useCredentialStore((s) => s.loading);
  const voter = useCredentialStore((s) => s.voter);
  const busy = useCredentialStore((s) => s.busy);
  const issuing = useCredentialStore((s) => s.issuing);
  const open = useCredentialStore((s) => s.open);
  const leave = useCredentialStore((s) => s.leave);
  const load = useCredentialStore((s) => s.load);
  const loadVoter = useCredentialStore((s) => s.loadVoter);
  const issue = useCredentialStore((s) => s.issue);
  const revoke = useCredentialStore((s) => s.revoke);
  const reissue = useCredentialStore((s) => s.reissue);
  const [filter, setFilter] = useState<Filter>('all');
  const [selected, setSelected] = useState<MemberId[]>([]);
  const [printing, setPrinting] = useState<SignInCard[] | null>(null);

  useEffect(() => {
    open(meeting.id);
    return () => leave();
  }, [meeting.id, open, leave]);

  const counts = useMemo(() => {
    let present = 0;
    let issued = 0;
    for (const r of rows) {
      if (r.code !== null) issued++;
      if (r.attendance === 'present') present++;
    }
    return { present, issued, missing: rows.length - issued };
  }, [rows]);

  const visible = useMemo(
    () => rows.filter((r) => filter === 'all' || (filter === 'issued' ? r.code !== null : r.code === null)),
    [rows, filter],
  );

  const { urls } = deviceUrls(voter);
  const voterUrl = urls[0] ?? null;
  const selectedSet = new Set<number>(selected);
  const printable = rows.filter((r) => r.code !== null && (selected.length === 0 || selectedSet.has(r.memberId)));
  const printDisabledReason =
    voterUrl === null ? '投票服务未运行，签到卡上的二维码没有可用的地址' : printable.length === 0 ? (selected.length > 0 ? '所选人员都还没有签到卡' : '请先制作签到卡') : null;

  const startPrint = () => {
    if (!voterUrl) return;
    setPrinting(printable.map((r) => ({ memberId: r.memberId, name: r.name, seatOrder: r.seatOrder, code: r.code! })));
  };

  const issueMissing = async () => {
    const issued = await issue();
    if (issued === null) return;
    notify.success(issued > 0 ? `已为 ${issued} 人制作签到卡` : '在任人员都已有签到卡');
  };

  const columns: ColumnsType<CredentialRow> = [
    { title: '座次', dataIndex: 'seatOrder', width: 72, align: 'center' },
    { title: '姓名', dataIndex: 'name', width: 140, render: (name: string) => <span className="person-name">{name}</span> },
    { title: '出席情况', dataIndex: 'attendance', width: 110, render: (status: AttendanceStatus | null) => <AttendanceTag status={status} /> },
    {
      title: '登录码',
      dataIndex: 'code',
      width: 190,
      render: (code: string | null, row) =>
        code ? (
          <span className="credential-code" data-testid={`code-${row.memberId}`}>
            {formatCode(code)}
          </span>
        ) : (
          <span className={row.attendance === 'present' ? 'credential-none credential-missing' : 'credential-none'} data-testid={`code-${row.memberId}`}>
            未制卡
          </span>
        ),
    },
    { title: '制卡时间', dataIndex: 'issuedAt', width: 130, render: (iso: string | null, row) => (row.code ? <span className="muted">{issuedLabel(iso)}</span> : null) },
    {
      title: '操作',
      key: 'actions',
      render: (_v, row) => {
        const pending = busy.includes(row.memberId);
        if (!row.code) {
          return (
            <Button size="small" type="link" loading={pending} onClick={() => void issue([row.memberId])} aria-label={`为${row.name}制作签到卡`}>
              制卡
            </Button>
          );
        }
        return (
          <Space size={4}>
            <Popconfirm
              title={`作废${row.name}的登录码？`}
              description="作废后该设备立即退出，需补发新码。"
              okText="作废"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => revoke(row.memberId).then((ok) => ok && notify.success(`${row.name}的登录码已作废`))}
            >
              <Button size="small" type="link" danger disabled={pending} aria-label={`作废${row.name}的登录码`}>
                作废
              </Button>
            </Popconfirm>
            <Popconfirm
              title={`为${row.name}补发登录码？`}
              description="原登录码立即作废，原设备退出；请打印新的签到卡交给本人。"
              okText="补发"
              cancelText="取消"
              onConfirm={() => reissue(row.memberId).then((ok) => ok && notify.success(`已为${row.name}补发新登录码`))}
            >
              <Button size="small" type="link" loading={pending} aria-label={`为${row.name}补发登录码`}>
                补发
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <div className="credentials-tab">
      <VoterAddressBanner voter={voter} />
      <div className="credentials-summary" data-testid="credentials-summary">
        <span>
          在任 <b>{rows.length}</b> 人
        </span>
        <span className="sum-present">
          已制卡 <b>{counts.issued}</b>
        </span>
        <span className={counts.missing > 0 ? 'sum-absent' : 'sum-unset'}>
          未制卡 <b>{counts.missing}</b>
        </span>
        {loaded ? (
          <span className="credentials-summary-hint">
            会前为全体在任人员制卡并打印；会上在
            <Button type="link" size="small" onClick={() => navigate({ name: 'meeting', id: meeting.id, tab: 'signin' })}>
              签到台
            </Button>
            扫卡签到。设备只有在本人签到后才能投票。
          </span>
        ) : null}
      </div>
      <div className="toolbar">
        <Space wrap>
          <Button icon={<IdcardOutlined />} disabled={counts.missing === 0} loading={issuing} onClick={() => void issueMissing()}>
            为全体在任人员制卡{counts.missing > 0 ? `（${counts.missing} 人）` : ''}
          </Button>
          <Tooltip title={printDisabledReason}>
            <Button type="primary" icon={<PrinterOutlined />} disabled={printDisabledReason !== null} onClick={startPrint}>
              打印签到卡{printable.length > 0 ? `（${selected.length > 0 ? '所选 ' : ''}${printable.length} 张）` : ''}
            </Button>
          </Tooltip>
          {selected.length > 0 ? (
            <Button type="link" onClick={() => setSelected([])}>
              取消选择（{selected.length}）
            </Button>
          ) : (
            <span className="toolbar-label">勾选人员可只打印其签到卡（如补发后）</span>
          )}
        </Space>
        <Space>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: `全部 ${rows.length}` },
              { value: 'issued', label: `已制卡 ${counts.issued}` },
              { value: 'missing', label: `未制卡 ${rows.length - counts.issued}` },
            ]}
          />
          <Tooltip title="刷新">
            <Button
              icon={<ReloadOutlined />}
              aria-label="刷新登录码"
              onClick={() => {
                void load();
                void loadVoter();
              }}
            />
          </Tooltip>
        </Space>
      </div>
      <Table<CredentialRow>
        rowKey={(r) => String(r.memberId)}
        columns={columns}
        dataSource={visible}
        loading={loading && !loaded}
        pagination={false}
        size="small"
        rowSelection={{
          selectedRowKeys: selected.map(String),
          onChange: (keys) => setSelected(keys.map((k) => Number(k) as MemberId)),
          getCheckboxProps: (r) => ({ disabled: r.code === null, 'aria-label': `选择${r.name}` }),
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filter === 'all' ? '本届没有在任组成人员' : '没有符合条件的人员'} /> }}
      />
      {printing && voterUrl ? <SignInCards meetingTitle={meeting.title} voterUrl={voterUrl} cards={printing} onClose={() => setPrinting(null)} /> : null}
    </div>
  );
}
