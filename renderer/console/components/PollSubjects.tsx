import { HistoryOutlined } from '@ant-design/icons';
import { App, Card, Empty, Select, Skeleton, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { PollId } from '../../../shared/api/poll-schemas.js';
import type { z } from 'zod';
import type { Appointee, PollSubjectRow, SubjectRef } from '../../../shared/api/supervision-schemas.js';
import { desk } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';
import { scheduleReload } from '../lib/reload-queue.js';
import { navigate, routeHash } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import { usePollStore } from '../stores/poll-store.js';
import '../subjects.css';

type Row = z.infer<typeof PollSubjectRow>;

const NONE = 'none';

/** A Select value for a subject: "body:3", "appointee:5", or none. */
function keyOf(subject: Row['subject']): string {
  return subject ? `${subject.kind}:${subject.id}` : NONE;
}

function refOf(value: string): SubjectRef | null {
  const [kind, id] = value.split(':');
  const n = Number(id);
  if ((kind === 'body' || kind === 'appointee') && Number.isInteger(n) && n > 0) return { kind, id: n } as SubjectRef;
  return null;
}

/**
 * 测评对象关联: which body or appointed person each row of a satisfaction or scoring sheet rates.
 * The rating is filed in that subject's history by this link, so a renamed body or a sheet
 * that calls it differently still lands in the right place.
 */
export function PollSubjects({ pollId }: { pollId: PollId }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [appointees, setAppointees] = useState<Appointee[]>([]);
  const [saving, setSaving] = useState<string | null>(null);
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);
  // The sheet's rows change when the draft is edited: reload with it.
  const definition = usePollStore((s) => (s.poll?.id === pollId ? s.poll.definition : null));
  // Closed or released: the rows' ratings are sealed, and a link moves one between histories.
  const sealed = usePollStore((s) => s.poll?.id === pollId && (s.poll.status === 'closed' || s.poll.status === 'released'));
  const { modal } = App.useApp();

  const load = useCallback(async () => {
    try {
      const [r, a] = await Promise.all([desk.call('poll.subjects', { pollId }), desk.call('appointee.list', {})]);
      setRows(r);
      setAppointees(a);
    } catch (err) {
      showError(err);
      setRows((prev) => prev ?? []);
    }
  }, [pollId]);

  useEffect(() => {
    void load();
  }, [load, definition]);

  useEffect(() => {
    if (!bodiesLoaded) void loadBodies();
    return desk.on('data.changed', ({ entity }) => {
      if (entity === 'appointee' || entity === 'body') scheduleReload(`poll-subjects:${pollId}`, load);
    });
  }, [pollId, load, bodiesLoaded, loadBodies]);

  const nameOf = (subject: SubjectRef | null): string | null =>
    subject ? ((subject.kind === 'body' ? bodies.find((b) => b.id === subject.id)?.name : appointees.find((a) => a.id === subject.id)?.name) ?? null) : null;

  const save = async (row: Row, subject: SubjectRef | null) => {
    setSaving(row.targetKey);
    try {
      setRows(await desk.call('poll.linkSubject', { pollId, targetKey: row.targetKey, subject }));
      const name = nameOf(subject);
      notify.success(name ? `“${row.label}”已关联到${name}` : `“${row.label}”已取消关联`);
    } catch (err) {
      showError(err);
    } finally {
      setSaving(null);
    }
  };

  const link = (row: Row, value: string) => {
    const subject = refOf(value);
    if (!sealed) {
      void save(row, subject);
      return;
    }
    // A sealed rating moves from one history to another: say which, and ask first.
    const to = subject ? (nameOf(subject) ?? '所选对象') : null;
    const from = row.subject?.name ?? null;
    const change = to
      ? from
        ? `这一行的测评结果将记入“${to}”的履历（不再记入“${from}”）`
        : `这一行的测评结果将记入“${to}”的履历`
      : `这一行的测评结果将不再记入“${from ?? ''}”的履历`;
    modal.confirm({
      title: '更改已封存表决的关联？',
      content: `该表决已封存。改变关联后，${change}。确定更改吗？`,
      okText: '确定更改',
      cancelText: '取消',
      // The Enter that picked the option must not confirm it too (a held key repeats).
      autoFocusButton: 'cancel',
      onOk: () => save(row, subject),
    });
  };

  const linked = new Set((rows ?? []).map((r) => keyOf(r.subject)));
  // Stopped bodies and persons who left stay listed only where a row already points at them.
  const options = [
    { value: NONE, label: '不关联（不记入履历）' },
    {
      label: '汇报单位',
      title: '汇报单位',
      options: bodies.filter((b) => b.active || linked.has(`body:${b.id}`)).map((b) => ({ value: `body:${b.id}`, label: b.active ? b.name : `${b.name}（已停用）` })),
    },
    {
      label: '被任命人员',
      title: '被任命人员',
      options: appointees
        .filter((a) => a.leftOn === null || linked.has(`appointee:${a.id}`))
        .map((a) => ({ value: `appointee:${a.id}`, label: `${a.name}（${a.office}）${a.leftOn ? '（已离任）' : ''}` })),
    },
  ];

  return (
    <Card className="content-card poll-subjects" size="small" title="测评对象关联" data-testid="poll-subjects">
      <div className="toolbar-hint poll-subjects-hint">每一行的测评结果按这里的关联记入单位或被任命人员的履历，而不是按名称；保存表决时已按名称自动关联，名称不同或有误时请在此选择。</div>
      {rows === null ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="测评表还没有测评对象；在表决内容中添加后可在此关联。" />
      ) : (
        <div className="poll-subjects-rows">
          {rows.map((row) => (
            <div className="poll-subjects-row" key={row.targetKey} data-testid="poll-subject-row">
              <span className="poll-subjects-label" title={row.label}>
                {row.label}
              </span>
              <Select
                value={keyOf(row.subject)}
                options={options}
                onChange={(v: string) => link(row, v)}
                loading={saving === row.targetKey}
                disabled={saving !== null}
                showSearch={{ optionFilterProp: 'label' }}
                popupMatchSelectWidth={false}
                className={row.subject ? 'poll-subjects-select' : 'poll-subjects-select is-unlinked'}
                aria-label={`${row.label} 关联的测评对象`}
              />
              {row.subject ? (
                <Tooltip title={`查看${row.subject.name}的履历`}>
                  <a
                    href={routeHash({ name: 'subject', kind: row.subject.kind, id: row.subject.id })}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate({ name: 'subject', kind: row.subject!.kind, id: row.subject!.id });
                    }}
                  >
                    <HistoryOutlined /> 履历
                  </a>
                </Tooltip>
              ) : (
                <span className="muted">不记入履历</span>
              )}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
