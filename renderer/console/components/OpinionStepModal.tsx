import { Alert, Checkbox, DatePicker, Empty, Form, Input, InputNumber, Modal, Radio, Spin, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { AgendaItemId, Member, MemberId, TermId } from '../../../shared/api/schemas.js';
import type { OpinionDetail, OpinionStep } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { addMonths } from '../../../shared/domain/supervision/dates.js';
import { ESCALATION_TOOL_LABEL, ESCALATION_TOOLS, OPINION_EVENT_LABEL, type EscalationTool, type OpinionEventKind } from '../../../shared/domain/supervision/labels.js';
import { DEADLINE_MONTHS_RANGE } from '../../../shared/domain/supervision/opinion-machine.js';
import { desk } from '../../lib/desk-client.js';
import { errorText, notify } from '../lib/notify.js';
import { defaultToday } from '../stores/opinion-store.js';
import { verdictLabel } from './OpinionTags.js';

/** Steps recorded with this form; the handling report has its own, ratings come from sealed polls. */
export type StepKind = Exclude<OpinionEventKind, 'drafted' | 'rated' | 'reported'>;

interface Values {
  on: Dayjs | null;
  actor: string;
  reason: string;
  months?: number;
  to?: Dayjs | null;
  agendaItemId?: AgendaItemId;
  interviewees?: string;
  tool?: EscalationTool;
  signers?: MemberId[];
}

type RehearingOption = Awaited<ReturnType<typeof loadRehearing>>[number];
function loadRehearing(detail: OpinionDetail) {
  return desk.call('opinion.rehearingOptions', { id: detail.id });
}

const LEVEL_TEXT = { county: '县级人大常委会', city: '设区的市级人大常委会', province: '省级人大常委会' } as const;

function bodyNames(d: OpinionDetail): string {
  return d.bodies.map((b) => b.name).join('、');
}

function consentReason(tool: EscalationTool): string {
  return `同一事项两次测评不满意，经报市委同意，依法启动${ESCALATION_TOOL_LABEL[tool]}`;
}

/** Sensible defaults: routine steps come pre-worded, decisions that need a real reason do not. */
function defaults(kind: StepKind, d: OpinionDetail): { actor: string; reason: string } {
  const lead = d.leadBodyName ?? '办公厅';
  switch (kind) {
    case 'approved':
      return { actor: '主任会议', reason: '主任会议审定通过' };
    case 'sent':
      return { actor: lead, reason: '按期交办承办单位，并抄报市委' };
    case 'extended':
      return { actor: '主任会议', reason: '' };
    case 'rehearing':
      return { actor: '主任会议', reason: '将研究处理情况报告提请常委会会议审议，并进行满意度测评' };
    case 'interviewed':
      return { actor: lead, reason: '测评不满意，约谈承办单位主要负责人，督促限期整改' };
    case 'reassigned':
      return { actor: '主任会议', reason: '测评不满意，责令承办单位限期整改，并向常委会再次报告' };
    case 'consented': {
      const tool = ESCALATION_TOOLS.find((t) => !d.escalation.consent[t]) ?? 'interpellation';
      return { actor: '市委', reason: consentReason(tool) };
    }
    case 'interpellated':
      return { actor: '常委会组成人员联名', reason: '' };
    case 'investigated':
      return { actor: '常委会组成人员联名', reason: '' };
    case 'closed': {
      const verdict = verdictLabel(d.lastVerdict) ?? '满意';
      return { actor: '主任会议', reason: `测评结果${verdict}，予以销号` };
    }
  }
}

/** The label of a step as a button and a modal title. */
export function stepLabel(kind: OpinionEventKind): string {
  return OPINION_EVENT_LABEL[kind];
}

export function OpinionStepModal({ kind, detail, onClose, onSaved }: { kind: StepKind; detail: OpinionDetail; onClose: () => void; onSaved: (d: OpinionDetail) => void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [options, setOptions] = useState<RehearingOption[] | null>(null);
  const [members, setMembers] = useState<Member[] | null>(null);
  const label = stepLabel(kind);
  const init = useMemo(() => defaults(kind, detail), [kind, detail]);
  const on = Form.useWatch('on', form);
  const months = Form.useWatch('months', form);
  const signers = Form.useWatch('signers', form) ?? [];
  const needsSigners = kind === 'interpellated' || kind === 'investigated';
  const minimum = kind === 'interpellated' ? detail.escalation.interpellationMinimum : detail.escalation.investigationMinimum;

  useEffect(() => {
    let live = true;
    if (kind === 'rehearing') {
      loadRehearing(detail)
        .then((o) => live && setOptions([...o].sort((a, b) => Number(b.hasSatisfactionPoll) - Number(a.hasSatisfactionPoll) || a.date.localeCompare(b.date))))
        .catch((err: unknown) => {
          if (!live) return;
          setOptions([]);
          setError(errorText(err));
        });
    }
    if (needsSigners) {
      desk
        .call('member.list', { termId: detail.termId as TermId })
        .then((list) => live && setMembers(list.filter((m) => m.status === 'serving').sort((a, b) => a.seatOrder - b.seatOrder)))
        .catch((err: unknown) => {
          if (!live) return;
          setMembers([]);
          setError(errorText(err));
        });
    }
    return () => {
      live = false;
    };
  }, [kind, detail, needsSigners]);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const common = { on: v.on!.format('YYYY-MM-DD'), actor: v.actor, reason: v.reason };
    let step: OpinionStep;
    switch (kind) {
      case 'approved':
      case 'closed':
        step = { kind, ...common };
        break;
      case 'sent':
      case 'reassigned':
        step = { kind, months: v.months!, ...common };
        break;
      case 'extended':
        step = { kind, to: v.to!.format('YYYY-MM-DD'), ...common };
        break;
      case 'rehearing':
        step = { kind, agendaItemId: v.agendaItemId!, ...common };
        break;
      case 'interviewed':
        step = { kind, interviewees: v.interviewees!, ...common };
        break;
      case 'consented':
        step = { kind, tool: v.tool!, ...common };
        break;
      case 'interpellated':
        step = { kind, movers: v.signers ?? [], ...common };
        break;
      case 'investigated':
        step = { kind, proposers: v.signers ?? [], ...common };
        break;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await desk.call('opinion.record', { id: detail.id, step });
      notify.success(`已记录：${label}`);
      onSaved(saved);
    } catch (err) {
      // Stays open: the machine's refusal says what must happen first.
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  const onIso = on ? on.format('YYYY-MM-DD') : null;
  const preview = onIso && typeof months === 'number' && months >= DEADLINE_MONTHS_RANGE.min && months <= DEADLINE_MONTHS_RANGE.max ? addMonths(onIso, months) : null;
  const defaultTo = detail.deadline ? addMonths(detail.deadline, 1) : null;
  const toolUsed = (t: EscalationTool) => detail.escalation.consent[t];

  return (
    <Modal
      open
      title={label}
      okText={`确认${label}`}
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      width={needsSigners ? 760 : 600}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <div className="step-modal" data-testid={`step-modal-${kind}`}>
        <div className="step-subject muted">{detail.title}</div>
        {error ? <Alert type="error" showIcon title={error} className="form-alert" data-testid="step-error" /> : null}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            on: dayjs(defaultToday()),
            actor: init.actor,
            reason: init.reason,
            months: detail.defaultMonths,
            to: defaultTo ? dayjs(defaultTo) : null,
            interviewees: kind === 'interviewed' ? `${bodyNames(detail)}主要负责人` : undefined,
            tool: kind === 'consented' ? (ESCALATION_TOOLS.find((t) => !toolUsed(t)) ?? 'interpellation') : undefined,
            signers: [],
          }}
          onValuesChange={(changed: Partial<Values>) => {
            setError(null);
            // Keep the pre-worded reason in step with the chosen tool, unless the clerk rewrote it.
            if (changed.tool) {
              const reason = form.getFieldValue('reason') as string;
              if (ESCALATION_TOOLS.some((t) => consentReason(t) === reason)) form.setFieldValue('reason', consentReason(changed.tool));
            }
          }}
        >
          <div className="form-row">
            <Form.Item name="on" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} placeholder="选择日期" />
            </Form.Item>
            <Form.Item name="actor" label="办理人或决定者" rules={[{ required: true, whitespace: true, message: '请填写办理人或决定者' }]}>
              <Input maxLength={100} placeholder="例如：主任会议、财政经济委员会、张三" />
            </Form.Item>
          </div>

          {kind === 'sent' || kind === 'reassigned' ? (
            <Form.Item label="办理期限" required extra={preview ? <span data-testid="deadline-preview">研究处理情况报告应在 <b>{chineseDate(preview)}</b> 前报送（自{kind === 'sent' ? '交办' : '责令整改'}之日起计算，月末按当月最后一日）</span> : ' '}>
              <Form.Item
                name="months"
                noStyle
                rules={[{ required: true, message: '请填写办理期限' }, { type: 'integer', min: DEADLINE_MONTHS_RANGE.min, max: DEADLINE_MONTHS_RANGE.max, message: `办理期限应为 ${DEADLINE_MONTHS_RANGE.min}–${DEADLINE_MONTHS_RANGE.max} 个月` }]}
              >
                <InputNumber min={DEADLINE_MONTHS_RANGE.min} max={DEADLINE_MONTHS_RANGE.max} precision={0} suffix="个月" style={{ width: 140 }} aria-label="办理期限（月）" />
              </Form.Item>
              <span className="muted step-inline-hint">本地默认 {detail.defaultMonths} 个月</span>
            </Form.Item>
          ) : null}

          {kind === 'extended' ? (
            <Form.Item
              name="to"
              label="延期至"
              extra={detail.deadline ? `现在的期限：${chineseDate(detail.deadline)}` : undefined}
              rules={[
                { required: true, message: '请选择延期后的期限' },
                {
                  validator: async (_r, value: Dayjs | null) => {
                    if (value && detail.deadline && value.format('YYYY-MM-DD') <= detail.deadline) throw new Error(`应晚于现在的期限（${chineseDate(detail.deadline)}）`);
                  },
                },
              ]}
            >
              <DatePicker style={{ width: 220 }} allowClear={false} placeholder="选择日期" disabledDate={(d) => (detail.deadline ? d.format('YYYY-MM-DD') <= detail.deadline : false)} />
            </Form.Item>
          ) : null}

          {kind === 'rehearing' && (options === null || options.length === 0) ? (
            <Form.Item label="再次审议的会议议程" required>
              {options === null ? (
                <Spin size="small" />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有可选的议程：请先在以后的一次会议中添加听取和审议研究处理情况报告的议程" />
              )}
            </Form.Item>
          ) : null}
          {kind === 'rehearing' && options && options.length > 0 ? (
            <Form.Item name="agendaItemId" label="再次审议的会议议程" rules={[{ required: true, message: '请选择一项以后会议的议程' }]}>
              <Radio.Group className="rehearing-options">
                {options.map((o) => (
                  <Radio key={o.agendaItemId} value={o.agendaItemId} className="rehearing-option">
                    <span className="rehearing-meeting">
                      {o.meetingTitle}（{chineseDate(o.date)}）
                    </span>
                    {o.hasSatisfactionPoll ? (
                      <Tag color="green" className="rehearing-tag">
                        已设满意度测评
                      </Tag>
                    ) : (
                      <Tag className="rehearing-tag">尚无满意度测评</Tag>
                    )}
                    <span className="rehearing-title">{o.title}</span>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          ) : null}

          {kind === 'interviewed' ? (
            <Form.Item name="interviewees" label="被约谈单位或人员" rules={[{ required: true, whitespace: true, message: '请填写被约谈的单位或人员' }]}>
              <Input maxLength={200} />
            </Form.Item>
          ) : null}

          {kind === 'consented' ? (
            <Form.Item name="tool" label="市委同意启动" rules={[{ required: true, message: '请选择质询或特定问题调查' }]}>
              <Radio.Group optionType="button" buttonStyle="solid">
                {ESCALATION_TOOLS.map((t) => (
                  <Radio.Button key={t} value={t} disabled={toolUsed(t)}>
                    {ESCALATION_TOOL_LABEL[t]}
                    {toolUsed(t) ? '（已同意）' : ''}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
          ) : null}

          {needsSigners && members === null ? (
            <Form.Item label="常委会组成人员">
              <Spin size="small" />
            </Form.Item>
          ) : null}
          {needsSigners && members !== null ? (
            <Form.Item
              name="signers"
              label={
                <span>
                  {kind === 'interpellated' ? '联名提出质询案的常委会组成人员' : '提议特定问题调查的常委会组成人员'}
                  <span className={`signer-count ${signers.length >= minimum ? 'is-enough' : 'is-short'}`} data-testid="signer-count">
                    已选 {signers.length} 人，至少 {minimum} 人
                  </span>
                </span>
              }
              extra={
                kind === 'interpellated'
                  ? `质询案须由至少 ${minimum} 名常委会组成人员联名提出（本届为${LEVEL_TEXT[detail.escalation.level]}；省、设区的市级至少 5 人，县级至少 3 人）。`
                  : `特定问题调查须由至少 ${minimum} 名常委会组成人员提议（在任 ${detail.escalation.serving} 人的五分之一，向上取整）。`
              }
              rules={[
                {
                  validator: async (_r, v: MemberId[] | undefined) => {
                    if ((v?.length ?? 0) < minimum) throw new Error(`至少需要 ${minimum} 人，现在选了 ${v?.length ?? 0} 人`);
                  },
                },
              ]}
            >
              <Checkbox.Group className="signer-grid">
                {members.map((m) => (
                  <Checkbox key={m.id} value={m.id}>
                    {m.name}
                  </Checkbox>
                ))}
              </Checkbox.Group>
            </Form.Item>
          ) : null}

          <Form.Item name="reason" label={kind === 'interpellated' ? '事由（质询的对象、问题和内容）' : kind === 'extended' ? '事由（延期的理由和批准情况）' : '事由或决定内容'} rules={[{ required: true, whitespace: true, message: '请填写事由或决定内容' }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={kind === 'extended' ? '例如：承办单位来函申请延期一个月，说明整改涉及跨年度项目，经主任会议同意' : undefined} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
