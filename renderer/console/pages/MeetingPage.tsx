import { EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Result, Select, Skeleton, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import type { MeetingId } from '../../../shared/api/schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { MEETING_STATUS_LABEL, MEETING_STATUSES, type MeetingStatus } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { AgendaTab } from '../components/AgendaTab.js';
import { AttendanceTab } from '../components/AttendanceTab.js';
import { CredentialsTab } from '../components/CredentialsTab.js';
import { PollsTab } from '../components/PollsTab.js';
import { SignInDesk } from '../components/SignInDesk.js';
import { MeetingFormModal } from '../components/MeetingFormModal.js';
import { PageHeader } from '../components/PageHeader.js';
import { QuorumIndicator } from '../components/QuorumIndicator.js';
import { notify, showError } from '../lib/notify.js';
import { navigate, type MeetingTab } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import { useMeetingStore } from '../stores/meeting-store.js';
import { usePollStore } from '../stores/poll-store.js';
import { useTermStore } from '../stores/term-store.js';

export function MeetingPage({ id, tab }: { id: number; tab: MeetingTab }) {
  const meeting = useMeetingStore((s) => (s.meetingId === id ? s.meeting : null));
  const missing = useMeetingStore((s) => s.meetingId === id && s.meetingMissing);
  const agendaCount = useMeetingStore((s) => s.agenda.length);
  const attendance = useMeetingStore((s) => s.attendance);
  const openMeeting = useMeetingStore((s) => s.openMeeting);
  const setMeeting = useMeetingStore((s) => s.setMeeting);
  const terms = useTermStore((s) => s.terms);
  const loadBodies = useBodyStore((s) => s.load);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const pollCount = usePollStore((s) => (s.listMeetingId === id ? s.polls.length : 0));
  const sealedCount = usePollStore((s) => (s.listMeetingId === id ? s.polls.filter((p) => p.status === 'closed' || p.status === 'released').length : 0));
  const loadPolls = usePollStore((s) => s.loadPolls);
  const [editing, setEditing] = useState(false);
  const [savingStatus, setSavingStatus] = useState(false);

  useEffect(() => {
    openMeeting(id as MeetingId);
    void loadPolls(id as MeetingId);
  }, [id, openMeeting, loadPolls]);
  useEffect(() => {
    if (!bodiesLoaded) void loadBodies();
  }, [bodiesLoaded, loadBodies]);

  if (missing) {
    return (
      <Result
        status="404"
        title="找不到这次会议"
        subTitle="会议可能已被删除，或链接有误。"
        extra={
          <Button type="primary" onClick={() => navigate({ name: 'meetings' })}>
            返回会议列表
          </Button>
        }
      />
    );
  }

  const changeStatus = async (status: MeetingStatus) => {
    if (!meeting) return;
    setSavingStatus(true);
    try {
      const saved = await desk.call('meeting.update', {
        id: meeting.id,
        fields: { number: meeting.number, date: meeting.date, place: meeting.place, status },
      });
      setMeeting(saved);
      notify.success(`会议状态已改为“${MEETING_STATUS_LABEL[status]}”`);
    } catch (err) {
      showError(err);
    } finally {
      setSavingStatus(false);
    }
  };

  const registered = attendance.filter((r) => r.status !== null).length;
  const present = attendance.filter((r) => r.status === 'present').length;

  return (
    <>
      <PageHeader
        crumbs={[{ title: '会议', route: { name: 'meetings' } }, { title: meeting?.title ?? '会议' }]}
        title={meeting?.title ?? '　'}
        extra={
          sealedCount > 0 ? (
            <Button icon={<PrinterOutlined />} onClick={() => navigate({ name: 'print', request: { report: 'results-notice', meetingId: id } })} data-testid="meeting-print-notice">
              测评结果的报告
            </Button>
          ) : null
        }
      />
      <Card className="content-card meeting-head">
        {meeting ? (
          <div className="meeting-head-row">
            <dl className="meeting-facts">
              <div>
                <dt>日期</dt>
                <dd>{chineseDate(meeting.date)}</dd>
              </div>
              <div>
                <dt>地点</dt>
                <dd>{meeting.place}</dd>
              </div>
              <div>
                <dt>届次</dt>
                <dd>{meeting.termName}</dd>
              </div>
              <div>
                <dt>状态</dt>
                <dd>
                  <Select
                    size="small"
                    value={meeting.status}
                    loading={savingStatus}
                    onChange={changeStatus}
                    style={{ width: 104 }}
                    options={MEETING_STATUSES.map((v) => ({ value: v, label: MEETING_STATUS_LABEL[v] }))}
                    aria-label="会议状态"
                  />
                </dd>
              </div>
              <div>
                <dt>&nbsp;</dt>
                <dd>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                    编辑会议信息
                  </Button>
                </dd>
              </div>
            </dl>
            <QuorumIndicator quorum={meeting.quorum} />
          </div>
        ) : (
          <Skeleton active paragraph={{ rows: 1 }} />
        )}
      </Card>
      {meeting ? (
        <Card className="content-card meeting-tabs">
          <Tabs
            activeKey={tab}
            onChange={(key) => navigate({ name: 'meeting', id, tab: key as MeetingTab })}
            items={[
              { key: 'agenda', label: `议程（${agendaCount}）`, children: <AgendaTab meeting={meeting} /> },
              { key: 'signin', label: `签到台（${present} / ${attendance.length}）`, children: <SignInDesk meeting={meeting} /> },
              { key: 'attendance', label: `出席（已登记 ${registered} / ${attendance.length}）`, children: <AttendanceTab /> },
              { key: 'polls', label: `表决（${pollCount}）`, children: <PollsTab meeting={meeting} /> },
              { key: 'credentials', label: '签到卡与登录码', children: <CredentialsTab meeting={meeting} /> },
            ]}
          />
        </Card>
      ) : null}
      {editing && meeting ? (
        <MeetingFormModal
          meeting={meeting}
          terms={terms}
          defaultTermId={meeting.termId}
          onClose={() => setEditing(false)}
          onSaved={(m) => {
            setEditing(false);
            setMeeting(m);
          }}
        />
      ) : null}
    </>
  );
}
