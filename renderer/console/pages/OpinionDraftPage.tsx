import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Result, Skeleton, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import type { AgendaItem, AgendaItemId, BodyId, Meeting } from '../../../shared/api/schemas.js';
import type { Speech } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { addDays, daysBetween, localDate } from '../../../shared/domain/supervision/dates.js';
import { desk } from '../../lib/desk-client.js';
import { defaultOpinionTitle, fieldsOfValues, OpinionFormFields, type OpinionFormValues, type ProblemValue } from '../components/OpinionForm.js';
import { RouteLink } from '../components/OpinionTags.js';
import { PageHeader } from '../components/PageHeader.js';
import { errorText, notify } from '../lib/notify.js';
import { navigate, setLeaveGuard } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import { useMeetingStore } from '../stores/meeting-store.js';
import { defaultToday, useOpinionStore } from '../stores/opinion-store.js';
import '../opinions.css';
import { DATE_INPUT_FORMATS } from '../lib/form.js';

interface Source {
  item: AgendaItem;
  meeting: Meeting;
  /** The lead committee of the plan item the agenda item carries out, if it names one. */
  planLead: { id: BodyId; name: string | null } | null;
}

/**
 * The contract has no `agenda.get`: the item is taken from the meeting page's store when the
 * clerk came from there (the usual way), otherwise found by reading the agendas of meetings,
 * newest first, a few at a time, until it turns up.
 */
async function findSource(id: number): Promise<Omit<Source, 'planLead'> | null> {
  const ms = useMeetingStore.getState();
  const hit = ms.agenda.find((a) => a.id === id);
  if (hit && ms.meeting && ms.meeting.id === hit.meetingId) return { item: hit, meeting: ms.meeting };
  const pageSize = 200;
  for (let page = 1; ; page++) {
    const { items, total } = await desk.call('meeting.list', { page, pageSize });
    for (let i = 0; i < items.length; i += 6) {
      const batch = items.slice(i, i + 6);
      const agendas = await Promise.all(batch.map((m) => desk.call('agenda.list', { meetingId: m.id })));
      for (let k = 0; k < batch.length; k++) {
        const item = agendas[k]!.find((a) => a.id === id);
        if (item) return { item, meeting: batch[k]! };
      }
    }
    if (page * pageSize >= total) return null;
  }
}

/** The linked plan item's lead committee (from the plan of the meeting's year); null when none or unreadable. */
async function planLeadOf(item: AgendaItem, meeting: Meeting): Promise<Source['planLead']> {
  if (item.planItemId === null) return null;
  try {
    const { items } = await desk.call('plan.list', { year: Number(meeting.date.slice(0, 4)) });
    const planned = items.find((p) => p.id === item.planItemId);
    return planned?.leadBodyId ? { id: planned.leadBodyId, name: planned.leadBodyName } : null;
  } catch {
    return null; // a default only: the clerk picks the lead committee by hand
  }
}

interface DraftValues extends OpinionFormValues {
  actor: string;
  on: Dayjs | null;
}

export function OpinionDraftPage({ agendaItemId }: { agendaItemId: number }) {
  const [form] = Form.useForm<DraftValues>();
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);
  const [source, setSource] = useState<Source | null>(null);
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [speeches, setSpeeches] = useState<Speech[] | null>(null);
  const [draftDays, setDraftDays] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [taken, setTaken] = useState<Set<number>>(new Set());
  const leadName = useRef('');
  // Typed but not saved: a reload, closing the tab or leaving by the menu would lose it.
  const [dirty, setDirty] = useState(false);
  const leaving = useRef(false);
  const { modal } = App.useApp();
  const today = useOpinionStore((s) => s.today) ?? localDate(new Date());

  useEffect(() => {
    // Electron closes no window while a beforeunload handler objects, and asks nothing: there
    // the in-app question below and the 未保存 mark must do.
    if (!dirty || window.desk) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // The browser asks whether to leave the page (returnValue for browsers before preventDefault did).
      e.preventDefault();
      e.returnValue = true;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  useEffect(() => {
    if (!dirty) return;
    // Every in-app move (menu, breadcrumbs, links, 取消) goes through navigate(): while the draft
    // is unsaved, ask first. The browser's back button is not asked about.
    setLeaveGuard((proceed) => {
      if (leaving.current) {
        proceed();
        return;
      }
      modal.confirm({
        title: '审议意见草稿尚未保存',
        content: '离开本页后，已填写的内容将丢失。确定离开吗？',
        okText: '离开，不保存',
        okButtonProps: { danger: true },
        cancelText: '继续起草',
        onOk: () => {
          leaving.current = true;
          proceed();
        },
      });
    });
    return () => setLeaveGuard(null);
  }, [dirty, modal]);

  useEffect(() => {
    if (!bodiesLoaded) void loadBodies();
  }, [bodiesLoaded, loadBodies]);

  useEffect(() => {
    let live = true;
    setSource(null);
    setMissing(false);
    setLoadError(null);
    setSpeeches(null);
    setDirty(false);
    leaving.current = false;
    findSource(agendaItemId)
      .then(async (s) => {
        if (!s) {
          if (live) setMissing(true);
          return;
        }
        const planLead = await planLeadOf(s.item, s.meeting);
        if (!live) return;
        // The drafter follows the lead committee (see onValuesChange), the plan's to begin with.
        leadName.current = planLead?.name ?? '';
        setSource({ ...s, planLead });
      })
      .catch((err: unknown) => live && setLoadError(errorText(err)));
    desk
      .call('speech.list', { agendaItemId: agendaItemId as AgendaItemId })
      .then((list) => live && setSpeeches(list))
      .catch(() => live && setSpeeches([]));
    desk
      .call('settings.get', {})
      .then((s) => live && setDraftDays(s.supervision.draftDays))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [agendaItemId]);

  if (missing) {
    return (
      <Result
        status="404"
        title="找不到这项议程"
        subTitle="议程可能已被删除，或链接有误。请在会议的议程中重新选择“起草审议意见”。"
        extra={
          <Button type="primary" onClick={() => navigate({ name: 'opinions' })}>
            返回审议意见台账
          </Button>
        }
      />
    );
  }
  if (loadError) {
    return <Result status="warning" title="未能读取议程" subTitle={loadError} extra={<Button onClick={() => window.location.reload()}>重试</Button>} />;
  }

  const crumbs = [{ title: '审议意见台账', route: { name: 'opinions' } as const }, { title: '起草审议意见' }];
  if (!source) {
    return (
      <>
        <PageHeader crumbs={crumbs} title="起草审议意见" />
        <Card className="content-card">
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </>
    );
  }

  const { item, meeting, planLead } = source;
  const initial: DraftValues = {
    title: defaultOpinionTitle(item.title),
    leadBodyId: planLead?.id ?? null,
    bodyIds: item.bodyId ? [item.bodyId] : [],
    assessment: '',
    problems: [],
    recommendations: '',
    copyTo: ['抄报市委'],
    actor: planLead?.name ?? '',
    on: dayjs(defaultToday()),
  };
  const draftDue = draftDays !== null ? addDays(meeting.date, draftDays) : null;
  const draftLate = draftDue ? daysBetween(draftDue, today) : 0;

  const takeSpeech = (s: Speech) => {
    const problems = (form.getFieldValue('problems') as ProblemValue[] | undefined) ?? [];
    const ids = (form.getFieldValue('bodyIds') as DraftValues['bodyIds'] | undefined) ?? [];
    form.setFieldValue('problems', [...problems, { text: s.points, bodyId: ids.length === 1 ? ids[0]! : (ids[0] ?? null) }]);
    setTaken((t) => new Set(t).add(s.id));
    setDirty(true);
    window.requestAnimationFrame(() => document.getElementById(`draft-problem-${problems.length}`)?.focus());
  };

  const save = async () => {
    let values: DraftValues;
    try {
      values = await form.validateFields();
    } catch {
      setSaveError('还有未填写或填写有误的内容，请查看标红的地方。');
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await desk.call('opinion.create', {
        agendaItemId: item.id,
        fields: fieldsOfValues(values),
        on: values.on!.format('YYYY-MM-DD'),
        actor: values.actor,
      });
      // Saved: nothing to lose any more, leave without asking.
      leaving.current = true;
      setDirty(false);
      notify.success('审议意见已起草，提请主任会议审定后可交办');
      navigate({ name: 'opinion', id: saved.id });
    } catch (err) {
      setSaveError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="起草审议意见"
        extra={
          dirty ? (
            <Tooltip title="草稿只在点击“保存草稿”后保存；刷新或离开本页将丢失已填写的内容">
              <Tag color="warning" data-testid="draft-unsaved">
                未保存
              </Tag>
            </Tooltip>
          ) : null
        }
      />
      <Card className="content-card draft-source">
        <dl className="opinion-facts">
          <div>
            <dt>会议</dt>
            <dd>
              <RouteLink route={{ name: 'meeting', id: meeting.id, tab: 'agenda' }}>{meeting.title}</RouteLink>
              <span className="muted">（{chineseDate(meeting.date)}）</span>
            </dd>
          </div>
          <div className="is-wide">
            <dt>议程</dt>
            <dd className="wrap">
              {item.position}. {item.title}
            </dd>
          </div>
          {item.bodyName ? (
            <div>
              <dt>汇报单位</dt>
              <dd>{item.bodyName}</dd>
            </div>
          ) : null}
          {item.planItemTitle ? (
            <div>
              <dt>年度监督计划</dt>
              <dd className="wrap">{item.planItemTitle}</dd>
            </div>
          ) : null}
        </dl>
        {item.opinionCount > 0 ? <Alert className="draft-note" type="warning" showIcon title={`这项议程已起草 ${item.opinionCount} 份审议意见，请在台账中核对，避免重复起草。`} /> : null}
        {draftDue ? (
          <div className={draftLate > 0 ? 'draft-note' : 'muted draft-note'} style={draftLate > 0 ? { color: '#cf1322' } : undefined} data-testid="draft-due">
            按本地规定，审议意见应在会后 {draftDays} 日内整理完成，即 {chineseDate(draftDue)} 前。
            {draftLate > 0 ? <b>已超过 {draftLate} 天。</b> : null}
          </div>
        ) : null}
      </Card>
      <div className="draft-layout">
        <Card className="content-card draft-form" title="审议意见">
          <Form<DraftValues>
            form={form}
            layout="vertical"
            initialValues={initial}
            requiredMark="optional"
            onValuesChange={(changed: Partial<DraftValues>) => {
              setSaveError(null);
              setDirty(true);
              // The drafter is usually the lead committee: follow it until the clerk types someone else.
              if ('leadBodyId' in changed) {
                const actor = ((form.getFieldValue('actor') as string | undefined) ?? '').trim();
                const next = bodies.find((b) => b.id === changed.leadBodyId)?.name ?? '';
                if (actor === '' || actor === leadName.current) form.setFieldValue('actor', next);
                leadName.current = next;
              }
            }}
          >
            <OpinionFormFields form={form} bodies={bodies} idPrefix="draft" />
            <div className="form-row">
              <Form.Item name="actor" label="起草人" rules={[{ required: true, whitespace: true, message: '请填写起草人或起草机构' }]}>
                <Input maxLength={100} placeholder="例如：财政经济委员会 张三" />
              </Form.Item>
              <Form.Item name="on" label="起草日期" rules={[{ required: true, message: '请选择起草日期' }]}>
                <DatePicker format={DATE_INPUT_FORMATS} style={{ width: '100%' }} placeholder="选择日期" allowClear={false} />
              </Form.Item>
            </div>
            {saveError ? <Alert type="error" showIcon title={saveError} className="form-alert" /> : null}
            <div className="form-actions">
              {dirty ? (
                <span className="muted" style={{ alignSelf: 'center' }}>
                  未保存
                </span>
              ) : null}
              <Button onClick={() => navigate({ name: 'meeting', id: meeting.id, tab: 'agenda' })}>取消</Button>
              <Button type="primary" loading={saving} onClick={save}>
                保存草稿
              </Button>
            </div>
          </Form>
        </Card>
        <Card className="content-card draft-speeches" title={`审议发言（${speeches?.length ?? 0}）`}>
          {speeches === null ? (
            <Skeleton active paragraph={{ rows: 4 }} />
          ) : speeches.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="这项议程还没有记录审议发言" />
          ) : (
            <ol className="draft-speech-list">
              {speeches.map((s) => (
                <li key={s.id} className="draft-speech-item">
                  <div className="draft-speech-head">
                    <span className="person-name">{s.memberName}</span>
                    <Tooltip title="把这段发言要点作为一条问题加入问题清单，可再修改">
                      <Button size="small" type={taken.has(s.id) ? 'text' : 'link'} icon={<PlusOutlined />} onClick={() => takeSpeech(s)}>
                        {taken.has(s.id) ? '已列入，再次列入' : '列为问题'}
                      </Button>
                    </Tooltip>
                  </div>
                  <div className="draft-speech-points">{s.points}</div>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}
