import { CheckCircleFilled, DeleteOutlined, ExclamationCircleFilled, InfoCircleFilled, PrinterOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Empty, Form, Input, Modal, Popconfirm, Select, Switch, Tag, Tooltip, type InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AttendanceRow, Attendee, Meeting, MemberId } from '../../../shared/api/schemas.js';
import { ATTENDANCE_STATUS_LABEL, ATTENDEE_CATEGORIES, ATTENDEE_CATEGORY_LABEL, SIGN_IN_METHOD_LABEL, type AttendeeCategory } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { errorText, showError } from '../lib/notify.js';
import { navigate } from '../router.js';
import { useMeetingStore } from '../stores/meeting-store.js';
import { countAttendance } from '../../../shared/domain/quorum.js';
import { AttendanceCounts, AttendanceTag } from './AttendanceCounts.js';
import { QuorumIndicator } from './QuorumIndicator.js';
import '../signin-desk.css';

/**
 * "09:05" for a sign-in on `day` (a local YYYY-MM-DD: today by default, the meeting's date on
 * the 签到表); the date in front otherwise ("12月1日 09:05").
 */
export function signInTime(iso: string | null, day: string = new Date().toLocaleDateString('sv-SE')): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return d.toLocaleDateString('sv-SE') === day ? hm : `${d.getMonth() + 1}月${d.getDate()}日 ${hm}`;
}

type Outcome = { kind: 'ok' | 'again' | 'error'; text: string; key: number };

/** How many earlier results stay on screen, so that a refused card among fast scans is not missed. */
const LOG_LENGTH = 5;

function OutcomeIcon({ kind }: { kind: Outcome['kind'] }) {
  return kind === 'ok' ? <CheckCircleFilled /> : kind === 'again' ? <InfoCircleFilled /> : <ExclamationCircleFilled />;
}

/** The 列席 attendees of a meeting, kept fresh by the core's change events. */
function useAttendees(meetingId: number): { attendees: Attendee[]; reload: () => void } {
  const [attendees, setAttendees] = useState<Attendee[]>([]);
  const reload = useCallback(() => {
    desk.call('attendee.list', { meetingId: meetingId as Meeting['id'] }).then(setAttendees, showError);
  }, [meetingId]);
  useEffect(() => {
    reload();
    return desk.on('data.changed', ({ entity, meetingId: m }) => {
      if (entity === 'attendee' && (m === null || m === meetingId)) reload();
    });
  }, [meetingId, reload]);
  return { attendees, reload };
}

/**
 * 签到台: the clerk's page at the door. A USB scanner types the card's code (or the address
 * in its QR code) followed by Enter, as a keyboard would; the clerk can type it too. The
 * member is signed in at once; the field stays focused for the next card. Arrivals, the
 * members still expected, 代签 and the 列席 attendees are all on this one page.
 */
export function SignInDesk({ meeting }: { meeting: Meeting }) {
  const rows = useMeetingStore((s) => s.attendance);
  const loadAttendance = useMeetingStore((s) => s.loadAttendance);
  const setMeeting = useMeetingStore((s) => s.setMeeting);
  const closed = meeting.status === 'closed';
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [log, setLog] = useState<Outcome[]>([]);
  const [proxyFor, setProxyFor] = useState<AttendanceRow | null>(null);
  const [switching, setSwitching] = useState(false);
  const input = useRef<InputRef>(null);
  const queue = useRef<string[]>([]);
  const running = useRef(false);
  const { attendees } = useAttendees(meeting.id);
  const outcome = log[0] ?? null;
  const refocus = () => window.requestAnimationFrame(() => input.current?.focus());

  useEffect(() => {
    if (!closed) input.current?.focus();
  }, [closed]);

  // A scanner types wherever the focus is. Keys typed while nothing editable has the focus
  // (after a click on 请假, on a tab, on the page) go to the scan field instead of nowhere.
  useEffect(() => {
    if (closed) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], .ant-select') || t.isContentEditable)) return;
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [closed]);

  const counts = useMemo(() => countAttendance(rows), [rows]);
  const arrivals = useMemo(
    () => rows.filter((r) => r.status === 'present').sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || a.seatOrder - b.seatOrder),
    [rows],
  );
  const expected = useMemo(() => rows.filter((r) => r.status !== 'present'), [rows]);

  const note = (o: Omit<Outcome, 'key'>) => setLog((l) => [{ ...o, key: Date.now() + Math.random() }, ...l].slice(0, LOG_LENGTH));

  /**
   * Cards are signed in one after another in the order they were scanned: a scanner sends the
   * next code before the core has answered the last, and none may be lost or run together.
   */
  const drain = async () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      for (let typed = queue.current.shift(); typed !== undefined; typed = queue.current.shift()) {
        try {
          const r = await desk.call('attendance.signIn', { meetingId: meeting.id, code: typed });
          if (r.already) note({ kind: 'again', text: `${r.row.name} 已于 ${signInTime(r.row.updatedAt)} 签到，无需重复签到` });
          else {
            const was = r.previous === 'leave' || r.previous === 'absent' ? `（原登记为${ATTENDANCE_STATUS_LABEL[r.previous]}，已改为出席）` : '';
            const late = r.lateFor ? `。“${r.lateFor}”正在表决，本人从下一项表决起可以投票` : '';
            note({ kind: 'ok', text: `${r.row.name} 签到成功${was}${late}` });
          }
        } catch (err) {
          note({ kind: 'error', text: `${typed}：${errorText(err)}` });
        }
      }
    } finally {
      running.current = false;
      setBusy(false);
      void loadAttendance();
    }
  };

  const submit = (typed: string) => {
    const t = typed.trim();
    // The field empties at once, so the next card's code never runs into this one.
    setCode('');
    if (!t) return;
    queue.current.push(t);
    void drain();
  };

  const undo = async (row: AttendanceRow) => {
    try {
      await desk.call('attendance.set', { meetingId: meeting.id, memberIds: [row.memberId], status: null });
      note({ kind: 'again', text: `已撤销${row.name}的签到` });
      void loadAttendance();
    } catch (err) {
      showError(err);
    } finally {
      refocus();
    }
  };

  const toggleDevice = async (on: boolean) => {
    setSwitching(true);
    try {
      setMeeting(await desk.call('attendance.configure', { meetingId: meeting.id, deviceSignIn: on }));
    } catch (err) {
      showError(err);
    } finally {
      setSwitching(false);
    }
  };

  const setLeave = async (row: AttendanceRow, status: 'leave' | 'absent') => {
    try {
      await desk.call('attendance.set', { meetingId: meeting.id, memberIds: [row.memberId], status });
      void loadAttendance();
    } catch (err) {
      showError(err);
    } finally {
      refocus();
    }
  };

  return (
    <div className="signin-desk" data-testid="signin-desk">
      <div className="signin-desk-head">
        <div className="signin-desk-counts" data-testid="signin-counts">
          <AttendanceCounts counts={counts} words={{ serving: '应到', present: '已签到', unset: '未到', presentTestId: 'signin-present' }} />
          <span>
            列席 <b data-testid="signin-attendees">{attendees.length}</b>
          </span>
        </div>
        <QuorumIndicator quorum={meeting.quorum} size="medium" />
      </div>

      <div className="signin-desk-scan">
        <label htmlFor="signin-code" className="signin-desk-label">
          签到码
        </label>
        <Input
          id="signin-code"
          ref={input}
          size="large"
          value={code}
          disabled={closed}
          onChange={(e) => setCode(e.target.value)}
          onPressEnter={(e) => submit(e.currentTarget.value)}
          placeholder={closed ? '会议已闭会，不能再签到' : '扫描签到卡或输入签到码，按回车'}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="signin-outcome"
          status={outcome?.kind === 'error' ? 'error' : ''}
          data-testid="signin-code"
        />
        <Button type="primary" size="large" loading={busy} disabled={closed || code.trim() === ''} onClick={() => submit(code)}>
          签到
        </Button>
        <Button size="large" icon={<PrinterOutlined />} onClick={() => navigate({ name: 'signInSheet', meetingId: meeting.id })} data-testid="signin-sheet-open">
          签到表
        </Button>
      </div>
      <div id="signin-outcome" className={`signin-desk-outcome is-${outcome?.kind ?? 'none'}`} role="status" aria-live="assertive" data-testid="signin-outcome">
        {outcome ? (
          <span key={outcome.key}>
            <OutcomeIcon kind={outcome.kind} /> {outcome.text}
          </span>
        ) : (
          <span className="muted">扫码枪会自动输入签到码并回车；也可手工输入，大小写和横线都不影响。</span>
        )}
      </div>
      {log.length > 1 ? (
        <ol className="signin-desk-log" aria-label="此前的签到结果" data-testid="signin-log">
          {log.slice(1).map((o) => (
            <li key={o.key} className={`is-${o.kind}`}>
              <OutcomeIcon kind={o.kind} /> {o.text}
            </li>
          ))}
        </ol>
      ) : null}

      <div className="signin-desk-device">
        <Switch checked={meeting.deviceSignIn} loading={switching} disabled={closed} onChange={(on) => void toggleDevice(on)} aria-label="允许在平板或手机上登录即签到" data-testid="signin-device" />
        <span>
          允许组成人员在平板或手机上<b>登录即签到</b>
          <span className="muted">
            （默认关闭。开启后，尚未登记的组成人员用签到卡登录会场设备即记为出席；已登记请假或缺席的，仍须到签到台签到。）
          </span>
        </span>
      </div>

      <div className="signin-desk-columns">
        <section className="signin-desk-panel" aria-label="已签到">
          <h3>
            已签到 <span className="muted">（最新在上）</span>
          </h3>
          {arrivals.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有人签到" />
          ) : (
            <ol className="signin-desk-list" data-testid="signin-arrivals">
              {arrivals.map((r) => (
                <li key={r.memberId}>
                  <span className="person-name">{r.name}</span>
                  <span className="muted">{signInTime(r.updatedAt)}</span>
                  {r.method && r.method !== 'card' ? <Tag>{SIGN_IN_METHOD_LABEL[r.method]}</Tag> : null}
                  {r.method === 'proxy' && r.note ? <span className="muted signin-desk-note">{r.note}</span> : null}
                  <span className="signin-desk-actions">
                    <Popconfirm title={`撤销${r.name}的签到？`} description="撤销后此人回到“尚未签到”。" okText="撤销" cancelText="取消" onConfirm={() => void undo(r)} disabled={closed}>
                      <Button size="small" type="link" disabled={closed} aria-label={`撤销${r.name}的签到`}>
                        撤销
                      </Button>
                    </Popconfirm>
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="signin-desk-panel" aria-label="尚未签到">
          <h3>
            尚未签到 <span className="muted">（{expected.length} 人）</span>
          </h3>
          {expected.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="应到人员都已签到" />
          ) : (
            <ul className="signin-desk-list" data-testid="signin-expected">
              {expected.map((r) => (
                <li key={r.memberId}>
                  <span className="person-name">{r.name}</span>
                  {r.status ? <AttendanceTag status={r.status} /> : null}
                  {r.note ? <span className="muted signin-desk-note">{r.note}</span> : null}
                  <span className="signin-desk-actions">
                    <Button size="small" type="link" disabled={closed} onClick={() => setProxyFor(r)} aria-label={`为${r.name}代签`}>
                      代签
                    </Button>
                    {r.status !== 'leave' ? (
                      <Button size="small" type="link" disabled={closed} onClick={() => void setLeave(r, 'leave')} aria-label={`${r.name}请假`}>
                        请假
                      </Button>
                    ) : null}
                    {r.status !== 'absent' ? (
                      <Button size="small" type="link" disabled={closed} onClick={() => void setLeave(r, 'absent')} aria-label={`${r.name}缺席`}>
                        缺席
                      </Button>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <AttendeesPanel meeting={meeting} attendees={attendees} onDone={refocus} />
      </div>
      {proxyFor ? (
        <ProxyModal
          meeting={meeting}
          row={proxyFor}
          onClose={() => {
            setProxyFor(null);
            window.requestAnimationFrame(() => input.current?.focus());
          }}
        />
      ) : null}
    </div>
  );
}

/** 代签: a clerk signs a member in on their word, with the reason recorded. */
export function ProxyModal({ meeting, row, onClose }: { meeting: Meeting; row: AttendanceRow; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const loadAttendance = useMeetingStore((s) => s.loadAttendance);
  const save = async () => {
    if (saving) return;
    if (reason.trim() === '') {
      setError('请填写代签原因，如“签到卡遗忘”“本人在场，扫码失败”');
      return;
    }
    setSaving(true);
    try {
      await desk.call('attendance.set', { meetingId: meeting.id, memberIds: [row.memberId as MemberId], status: 'present', proxy: true, note: reason });
      void loadAttendance();
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={`为${row.name}代签`} okText="代签" cancelText="取消" onOk={() => void save()} confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <p>代签即由工作人员确认本人在场并登记为出席，计入实到人数。请写明原因，签到表上会注明。</p>
      <Form layout="vertical">
        <Form.Item label="代签原因" required validateStatus={error ? 'error' : ''} help={error}>
          <Input
            autoFocus
            value={reason}
            maxLength={200}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
            onPressEnter={() => void save()}
            placeholder="如：签到卡遗忘，本人在场"
            data-testid="proxy-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AttendeeForm {
  name: string;
  organisation: string;
  category: AttendeeCategory;
}

/** 列席: recorded by name and body; never members, never in the quorum. */
function AttendeesPanel({ meeting, attendees, onDone }: { meeting: Meeting; attendees: Attendee[]; onDone: () => void }) {
  const [form] = Form.useForm<AttendeeForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closed = meeting.status === 'closed';

  const add = async (values: AttendeeForm) => {
    setSaving(true);
    setError(null);
    try {
      await desk.call('attendee.add', { meetingId: meeting.id, fields: { name: values.name ?? '', organisation: values.organisation ?? '', category: values.category } });
      form.resetFields(['name', 'organisation']);
      // Back to the scan field: a card scanned next must not become an attendee's name.
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  const remove = async (a: Attendee) => {
    try {
      await desk.call('attendee.remove', { id: a.id });
    } catch (err) {
      showError(err);
    }
  };

  return (
    <section className="signin-desk-panel is-wide" aria-label="列席人员">
      <h3>
        列席人员 <span className="muted">（{attendees.length} 人，不计入实到人数）</span>
      </h3>
      <Form<AttendeeForm> form={form} layout="vertical" size="small" onFinish={(v) => void add(v)} initialValues={{ category: 'official' }} disabled={closed} className="signin-attendee-form">
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
          <Input maxLength={40} autoComplete="off" data-testid="attendee-name" />
        </Form.Item>
        <Form.Item name="organisation" label="单位及职务">
          <Input maxLength={60} autoComplete="off" placeholder="如：市财政局局长" data-testid="attendee-organisation" />
        </Form.Item>
        <Form.Item name="category" label="类别">
          <Select options={ATTENDEE_CATEGORIES.map((c) => ({ value: c, label: ATTENDEE_CATEGORY_LABEL[c] }))} aria-label="列席类别" />
        </Form.Item>
        <Form.Item label=" " colon={false} validateStatus={error ? 'error' : ''} help={error}>
          <Button htmlType="submit" icon={<UserAddOutlined />} loading={saving} data-testid="attendee-add">
            登记列席
          </Button>
        </Form.Item>
      </Form>
      {attendees.length === 0 ? null : (
        <ol className="signin-desk-list is-attendees" data-testid="attendee-list">
          {attendees.map((a) => (
            <li key={a.id}>
              <span className="person-name">{a.name}</span>
              <span className="muted">{a.organisation}</span>
              <Tag>{ATTENDEE_CATEGORY_LABEL[a.category]}</Tag>
              <span className="signin-desk-actions">
                <Popconfirm title={`删除列席人员“${a.name}”？`} okText="删除" cancelText="取消" onConfirm={() => void remove(a)} disabled={closed}>
                  <Tooltip title="删除">
                    <Button size="small" type="text" icon={<DeleteOutlined />} disabled={closed} aria-label={`删除列席人员${a.name}`} />
                  </Tooltip>
                </Popconfirm>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
