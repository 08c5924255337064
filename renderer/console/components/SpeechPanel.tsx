import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Drawer, Empty, Input, Popconfirm, Select, Skeleton, Space, Tooltip } from 'antd';
import type { RefSelectProps } from 'antd/es/select';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { AgendaItem, MemberId } from '../../../shared/api/schemas.js';
import { SpeechFields, type Speech, type SpeechId } from '../../../shared/api/supervision-schemas.js';
import { ATTENDANCE_STATUS_LABEL } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';
import { scheduleReload } from '../lib/reload-queue.js';
import { useMeetingStore } from '../stores/meeting-store.js';
import '../plan.css';

/**
 * Deliberation notes (审议发言) of one agenda item: a keyboard-first entry line at the top
 * (type a name, Enter; type the points, Enter; the next speaker), the speeches below.
 */
export function SpeechPanel({ item, onClose, onChanged }: { item: AgendaItem; onClose: () => void; onChanged: () => void }) {
  const attendance = useMeetingStore((s) => s.attendance);
  const [speeches, setSpeeches] = useState<Speech[] | null>(null);
  const [memberId, setMemberId] = useState<MemberId | null>(null);
  const [points, setPoints] = useState('');
  const [editingId, setEditingId] = useState<SpeechId | null>(null);
  const [saving, setSaving] = useState(false);
  // Two quick Enters must not record the speech twice (state updates land a render later).
  const savingRef = useRef(false);
  const memberRef = useRef<RefSelectProps>(null);
  const pointsRef = useRef<TextAreaRef>(null);
  const changedRef = useRef(onChanged);
  changedRef.current = onChanged;

  const load = useCallback(async () => {
    try {
      setSpeeches(await desk.call('speech.list', { agendaItemId: item.id }));
    } catch (err) {
      showError(err);
      setSpeeches((s) => s ?? []);
    }
  }, [item.id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Another window (or the opinion draft) may record speeches too.
  useEffect(
    () =>
      desk.on('data.changed', (e) => {
        if (e.entity === 'speech') scheduleReload(`speeches:${item.id}`, load);
      }),
    [item.id, load],
  );

  const memberOptions = useMemo(() => {
    const rows = [...attendance].sort((a, b) => a.seatOrder - b.seatOrder);
    const options = rows.map((r) => ({
      value: r.memberId,
      label: r.name,
      note: r.status && r.status !== 'present' ? ATTENDANCE_STATUS_LABEL[r.status] : '',
    }));
    // A speaker who has since left the committee keeps a name in the select.
    for (const s of speeches ?? []) {
      if (!options.some((o) => o.value === s.memberId)) options.push({ value: s.memberId, label: s.memberName, note: '' });
    }
    return options;
  }, [attendance, speeches]);

  const focusMember = () => window.setTimeout(() => memberRef.current?.focus(), 0);
  const focusPoints = () => window.setTimeout(() => pointsRef.current?.focus(), 0);

  const reset = () => {
    setMemberId(null);
    setPoints('');
    setEditingId(null);
  };

  const submit = async () => {
    if (savingRef.current) return;
    if (memberId === null) {
      notify.warning('请先选择发言人');
      focusMember();
      return;
    }
    const parsed = SpeechFields.shape.points.safeParse(points);
    if (!parsed.success) {
      notify.warning(points.trim() ? (parsed.error.issues[0]?.message ?? '发言要点无效') : '请填写发言要点');
      focusPoints();
      return;
    }
    savingRef.current = true;
    setSaving(true);
    try {
      const fields = { memberId, points };
      if (editingId !== null) {
        await desk.call('speech.update', { id: editingId, fields });
        notify.success('已修改发言');
      } else {
        await desk.call('speech.add', { agendaItemId: item.id, fields });
      }
      reset();
      await load();
      changedRef.current();
      focusMember();
    } catch (err) {
      showError(err);
    } finally {
      savingRef.current = false;
      setSaving(false);
    }
  };

  const remove = async (speech: Speech) => {
    try {
      await desk.call('speech.delete', { id: speech.id });
      if (editingId === speech.id) reset();
      notify.success('已删除发言');
      await load();
      changedRef.current();
    } catch (err) {
      showError(err);
    }
  };

  const edit = (speech: Speech) => {
    setEditingId(speech.id);
    setMemberId(speech.memberId);
    setPoints(speech.points);
    focusPoints();
  };

  const onPointsKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Esc while changing a speech leaves the change, not the drawer.
    if (e.key === 'Escape' && editingId !== null) {
      e.preventDefault();
      e.stopPropagation();
      reset();
      focusMember();
      return;
    }
    // Enter while an input method is composing picks a word; it must not submit.
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    void submit();
  };

  const editingIndex = editingId === null ? -1 : (speeches ?? []).findIndex((s) => s.id === editingId);

  return (
    <Drawer
      open
      size={620}
      title={`审议发言：${item.title}`}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (open) focusMember();
      }}
      className="speech-drawer"
    >
      <div className="speech-entry" data-testid="speech-entry">
        <Select<MemberId>
          ref={memberRef}
          data-testid="speech-member"
          aria-label="发言人"
          placeholder="发言人：输入姓名，回车选定"
          value={memberId ?? undefined}
          onChange={(v) => setMemberId(v ?? null)}
          onSelect={() => focusPoints()}
          showSearch={{ optionFilterProp: 'label' }}
          options={memberOptions}
          optionRender={(o) => (
            <span>
              {o.label}
              {o.data.note ? <span className="muted">（{o.data.note}）</span> : null}
            </span>
          )}
          notFoundContent={attendance.length === 0 ? '本届还没有组成人员' : '没有这个姓名的组成人员'}
          className="speech-member-select"
        />
        <Input.TextArea
          ref={pointsRef}
          data-testid="speech-points"
          aria-label="发言要点"
          value={points}
          onChange={(e) => setPoints(e.target.value)}
          onKeyDown={onPointsKeyDown}
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={4000}
          placeholder="发言要点"
          className="speech-points-input"
        />
        <div className="speech-entry-row">
          <span className="speech-entry-hint">
            <kbd>Enter</kbd> 记录并转到下一位发言人，<kbd>Shift</kbd>+<kbd>Enter</kbd> 换行
          </span>
          <Space>
            {editingId !== null ? (
              <Button
                onClick={() => {
                  reset();
                  focusMember();
                }}
              >
                取消修改
              </Button>
            ) : null}
            <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="speech-submit">
              {editingId !== null ? `保存第 ${editingIndex + 1} 条` : '记录发言'}
            </Button>
          </Space>
        </div>
      </div>

      {speeches === null ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : speeches.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有记录审议发言" />
      ) : (
        <>
          <div className="speech-count">共 {speeches.length} 条发言</div>
          <ol className="speech-list" data-testid="speech-list">
            {speeches.map((s, i) => (
              <li key={s.id} className={s.id === editingId ? 'speech-item is-editing' : 'speech-item'} data-testid="speech-item">
                <span className="speech-no">{i + 1}</span>
                <div className="speech-body">
                  <div className="speech-who">{s.memberName}</div>
                  <div className="speech-points">{s.points}</div>
                </div>
                <Space size={0} className="speech-actions">
                  <Tooltip title="修改">
                    <Button type="text" size="small" icon={<EditOutlined />} onClick={() => edit(s)} aria-label={`修改${s.memberName}的发言`} />
                  </Tooltip>
                  <Popconfirm title={`删除${s.memberName}的这条发言？`} okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => remove(s)}>
                    <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除${s.memberName}的发言`} />
                  </Popconfirm>
                </Space>
              </li>
            ))}
          </ol>
        </>
      )}
    </Drawer>
  );
}
