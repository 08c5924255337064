import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import type { AttendanceRow, Attendee, Meeting, MeetingId } from '../../../shared/api/schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { ATTENDANCE_STATUS_LABEL, ATTENDEE_CATEGORY_LABEL, MEMBER_ROLE_LABEL } from '../../../shared/domain/labels.js';
import { countAttendance, QUORUM_LABEL, quorum } from '../../../shared/domain/quorum.js';
import { desk } from '../../lib/desk-client.js';
import { errorText } from '../lib/notify.js';
import { navigate } from '../router.js';
import { signInTime } from '../components/SignInDesk.js';
import '../print.css';
import '../signin-sheet.css';

const BODY_CLASS = 'doc-printing';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; meeting: Meeting; rows: AttendanceRow[]; attendees: Attendee[] };

/** What the 签到情况 column says: how and when a member was recorded, and why for 代签 / 请假. */
function recordOf(r: AttendanceRow, meetingDate: string): string {
  if (r.status === null) return '';
  if (r.status === 'present') {
    const time = signInTime(r.updatedAt, meetingDate);
    if (r.method === 'proxy') return `代签${r.note ? `（${r.note}）` : ''}`;
    if (r.method === 'card') return `已签到 ${time}`;
    if (r.method === 'device') return `设备签到 ${time}`;
    return '出席';
  }
  return `${ATTENDANCE_STATUS_LABEL[r.status]}${r.note ? `（${r.note}）` : ''}`;
}

/**
 * 签到表: the meeting's attendance on A4, for the record and for members to sign by hand:
 * every serving member in seat order with a blank signature column and how they were
 * recorded, the totals and the quorum, and the 列席 attendees apart. Printed with the
 * browser's dialog (print.css hides the rest of the console).
 */
export function SignInSheetPage({ meetingId }: { meetingId: number }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    const id = meetingId as MeetingId;
    Promise.all([desk.call('meeting.get', { id }), desk.call('attendance.list', { meetingId: id }), desk.call('attendee.list', { meetingId: id })]).then(
      ([meeting, list, attendees]) => live && setLoad({ state: 'ready', meeting, rows: list.rows, attendees }),
      (err: unknown) => live && setLoad({ state: 'failed', message: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [meetingId]);

  useEffect(() => {
    document.body.classList.add(BODY_CLASS);
    return () => document.body.classList.remove(BODY_CLASS);
  }, []);

  const title = load.state === 'ready' ? `${load.meeting.title}签到表` : null;
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);

  const back = () => navigate({ name: 'meeting', id: meetingId, tab: 'signin' });

  return (
    <div className="doc-print" data-testid="signin-sheet-view">
      <div className="doc-print-toolbar">
        <div className="doc-print-toolbar-row">
          <Button icon={<ArrowLeftOutlined />} onClick={back}>
            返回签到台
          </Button>
          <div className="doc-print-name">
            签到表
            <span className="doc-print-meta">A4 纵向 · 按座次排列 · 本人签名栏留空</span>
          </div>
          <Button type="primary" icon={<PrinterOutlined />} disabled={load.state !== 'ready'} onClick={() => window.print()}>
            打印
          </Button>
        </div>
      </div>
      {load.state === 'loading' ? <Spin size="large" className="doc-print-spin" /> : null}
      {load.state === 'failed' ? <Result status="warning" title="无法生成签到表" subTitle={load.message} /> : null}
      {load.state === 'ready' ? <Sheet meeting={load.meeting} rows={load.rows} attendees={load.attendees} /> : null}
    </div>
  );
}

function Sheet({ meeting, rows, attendees }: { meeting: Meeting; rows: AttendanceRow[]; attendees: Attendee[] }) {
  const { present, proxy, leave, absent, unset } = countAttendance(rows);
  const q = quorum(rows.length, present);
  const printedAt = new Date();
  return (
    <article className="sheet-paper print-root" aria-label={`${meeting.title}签到表`}>
      <h1 className="sheet-title">
        <span>{meeting.title}</span>
        <span>签到表</span>
      </h1>
      <p className="sheet-facts">
        <span>时间：{chineseDate(meeting.date)}</span>
        <span>地点：{meeting.place}</span>
      </p>
      <table className="sheet-table sheet-members">
        <colgroup>
          <col style={{ width: '14mm' }} />
          <col style={{ width: '30mm' }} />
          <col style={{ width: '24mm' }} />
          <col style={{ width: '40mm' }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th>座次</th>
            <th>姓名</th>
            <th>职务</th>
            <th>本人签名</th>
            <th>签到情况</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.memberId}>
              <td className="num">{r.seatOrder}</td>
              <td>{r.name}</td>
              <td>{MEMBER_ROLE_LABEL[r.role]}</td>
              <td />
              <td>{recordOf(r, meeting.date)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="sheet-summary" data-testid="sheet-summary">
        应到 {rows.length} 人，实到 {present} 人{proxy > 0 ? `（其中代签 ${proxy} 人）` : ''}，请假 {leave} 人，缺席 {absent} 人
        {unset > 0 ? `，未登记 ${unset} 人` : ''}。法定人数 {q.required} 人，{q.met ? QUORUM_LABEL.met : QUORUM_LABEL.notMet}。列席 {attendees.length} 人，不计入实到人数。
      </p>
      {attendees.length > 0 ? (
        <>
          <h2 className="sheet-subtitle">列席人员</h2>
          <table className="sheet-table sheet-attendees">
            <colgroup>
              <col style={{ width: '14mm' }} />
              <col style={{ width: '30mm' }} />
              <col />
              <col style={{ width: '38mm' }} />
              <col style={{ width: '30mm' }} />
            </colgroup>
            <thead>
              <tr>
                <th>序号</th>
                <th>姓名</th>
                <th>单位及职务</th>
                <th>类别</th>
                <th>本人签名</th>
              </tr>
            </thead>
            <tbody>
              {attendees.map((a, i) => (
                <tr key={a.id}>
                  <td className="num">{i + 1}</td>
                  <td>{a.name}</td>
                  <td>{a.organisation}</td>
                  <td>{ATTENDEE_CATEGORY_LABEL[a.category]}</td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <p className="sheet-foot">
        <span>制表：</span>
        <span>核对：</span>
        <span>
          打印于 {chineseDate(printedAt.toLocaleDateString('sv-SE'))} {printedAt.toTimeString().slice(0, 5)}
        </span>
      </p>
    </article>
  );
}
