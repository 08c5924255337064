import { SearchOutlined } from '@ant-design/icons';
import { Alert, Checkbox, DatePicker, Empty, Form, Input, InputNumber, Modal, Radio, Spin, Tag, type DatePickerProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentRef } from 'react';
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
import { DATE_INPUT_FORMATS } from '../lib/form.js';

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

const ISO = 'YYYY-MM-DD';

/**
 * What the clerk typed in a date box, read as a calendar date: 2026-06-30, 2026-6-30, 2026/6/30,
 * 2026.6.30, 2026年6月30日 or 20260630. Null when it is none (2026-02-30 is none).
 */
function typedDate(text: string): Dayjs | null {
  const t = text.trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = dayjs(iso);
  return d.isValid() && d.format(ISO) === iso ? d : null;
}

type TypedDatePickerProps = Omit<DatePickerProps, 'value' | 'defaultValue' | 'onChange' | 'onOk' | 'multiple'> & {
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  /** The text left in the box when it is not a date; null once it is one again. */
  onUnreadable: (text: string | null) => void;
};

type PickerHandle = ComponentRef<typeof DatePicker>;

/**
 * A date picker that never puts back a date the clerk did not choose. On its own the picker
 * drops typed text it will not take (a greyed-out date, a slip of the keyboard) and keeps the
 * previous date, which the form would then save. Here a typed date becomes the value even when
 * it is greyed out, so the form's rules say what is wrong with it; text that is no date stays
 * in the box and is reported, so that the form refuses it instead of saving the old date.
 */
function TypedDatePicker({ value, onChange, onUnreadable, onBlur, onKeyDown, ref, ...rest }: TypedDatePickerProps) {
  // What the clerk last typed or pasted into the box, until taken. Input events come from the
  // keyboard and the clipboard only, never from the picker's own display (e.g. the date under
  // the mouse, which the box shows while the calendar is open).
  const typed = useRef<string | null>(null);
  const attach = useCallback(
    (picker: PickerHandle | null) => {
      const forward = (to: PickerHandle | null) => {
        if (typeof ref === 'function') ref(to);
        else if (ref) ref.current = to;
      };
      forward(picker);
      const box = picker?.nativeElement;
      if (!box) return;
      const onInput = (e: Event) => {
        if (e.target instanceof HTMLInputElement) typed.current = e.target.value;
      };
      box.addEventListener('input', onInput);
      return () => {
        box.removeEventListener('input', onInput);
        forward(null);
      };
    },
    [ref],
  );
  const take = () => {
    const text = typed.current;
    if (text === null) return;
    typed.current = null;
    const t = text.trim();
    if (t === '') {
      onUnreadable(null);
      if (value) onChange?.(null);
      return;
    }
    const d = typedDate(t);
    if (!d) {
      onUnreadable(t);
      return;
    }
    onUnreadable(null);
    if (!value || !d.isSame(value, 'day')) onChange?.(d);
  };
  return (
    <DatePicker
      format={DATE_INPUT_FORMATS}
      {...rest}
      ref={attach}
      value={value ?? null}
      preserveInvalidOnBlur
      onChange={(d: Dayjs | null) => {
        typed.current = null;
        onUnreadable(null);
        onChange?.(d);
      }}
      onBlur={(e, info) => {
        take();
        onBlur?.(e, info);
      }}
      onKeyDown={(e, preventDefault) => {
        if (e.key === 'Enter') take();
        onKeyDown?.(e, preventDefault);
      }}
    />
  );
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
  const [signerSearch, setSignerSearch] = useState('');
  // Text typed in a date box that is no date, per field: the form refuses it (see TypedDatePicker).
  const unreadable = useRef<{ on?: string | null; to?: string | null }>({});
  // The core's date (the server refuses steps dated after it), not necessarily the browser's.
  const today = useMemo(() => defaultToday(), []);
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

  const markUnreadable = (name: 'on' | 'to', text: string | null) => {
    if ((unreadable.current[name] ?? null) === text) return;
    unreadable.current[name] = text;
    void form.validateFields([name]).catch(() => undefined);
  };
  const readable = (name: 'on' | 'to') => async () => {
    const text = unreadable.current[name];
    if (text) throw new Error(`“${text}”不是日期，请按 2026-06-30 的格式输入，或在日历中选择`);
  };

  const search = signerSearch.trim();
  const matches = (m: Member) => search === '' || m.name.includes(search);
  const shown = members?.filter(matches) ?? [];
  const hiddenChosen = search === '' ? 0 : (members ?? []).filter((m) => !matches(m) && signers.includes(m.id)).length;

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
            <Form.Item
              name="on"
              label="日期"
              validateFirst
              rules={[
                { validator: readable('on') },
                { required: true, message: '请选择日期' },
                {
                  validator: async (_r, value: Dayjs | null) => {
                    const iso = value?.format(ISO);
                    if (iso && iso > today) throw new Error(`日期（${chineseDate(iso)}）不能晚于今天（${chineseDate(today)}）：请登记已经发生的办理步骤。`);
                  },
                },
              ]}
            >
              <TypedDatePicker
                style={{ width: '100%' }}
                allowClear={false}
                placeholder="选择日期"
                disabledDate={(d) => d.format(ISO) > today}
                onUnreadable={(t) => markUnreadable('on', t)}
              />
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
                {/* No min/max on the input: a clamp would change what the clerk typed; the rule above says what is wrong. */}
                <InputNumber suffix="个月" style={{ width: 140 }} aria-label="办理期限（月）" />
              </Form.Item>
              <span className="muted step-inline-hint">本地默认 {detail.defaultMonths} 个月</span>
            </Form.Item>
          ) : null}

          {kind === 'extended' ? (
            <Form.Item
              name="to"
              label="延期至"
              extra={detail.deadline ? `现在的期限：${chineseDate(detail.deadline)}` : undefined}
              validateFirst
              rules={[
                { validator: readable('to') },
                { required: true, message: '请选择延期后的期限' },
                {
                  validator: async (_r, value: Dayjs | null) => {
                    if (value && detail.deadline && value.format(ISO) <= detail.deadline) throw new Error(`延期后的期限须晚于现在的期限（${chineseDate(detail.deadline)}）`);
                  },
                },
              ]}
            >
              <TypedDatePicker
                style={{ width: 220 }}
                allowClear={false}
                placeholder="选择日期"
                disabledDate={(d) => (detail.deadline ? d.format(ISO) <= detail.deadline : false)}
                onUnreadable={(t) => markUnreadable('to', t)}
              />
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
            >
              <div className="form-row" style={{ alignItems: 'center', marginBottom: 8 }}>
                <Input
                  value={signerSearch}
                  onChange={(e) => setSignerSearch(e.target.value)}
                  onKeyDown={(e) => {
                    // One name left: Enter ticks it and clears the box for the next name.
                    if (e.key !== 'Enter') return;
                    e.preventDefault();
                    if (search === '' || shown.length !== 1) return;
                    const only = shown[0]!.id;
                    if (!signers.includes(only)) form.setFieldValue('signers', [...signers, only]);
                    void form.validateFields(['signers']).catch(() => undefined);
                    setSignerSearch('');
                  }}
                  allowClear
                  prefix={<SearchOutlined />}
                  placeholder="按姓名查找；只剩一人时按回车勾选"
                  aria-label="按姓名查找常委会组成人员"
                  data-testid="signer-search"
                />
                <span className="muted" data-testid="signer-search-note">
                  {search === '' ? `按席位顺序，共 ${members.length} 人` : `找到 ${shown.length} 人${hiddenChosen > 0 ? `；另有已选 ${hiddenChosen} 人未显示，仍保持勾选` : ''}`}
                </span>
              </div>
              <Form.Item
                name="signers"
                noStyle
                rules={[
                  {
                    validator: async (_r, v: MemberId[] | undefined) => {
                      if ((v?.length ?? 0) < minimum) throw new Error(`至少需要 ${minimum} 人，现在选了 ${v?.length ?? 0} 人`);
                    },
                  },
                ]}
              >
                {/* Every member stays in the group (hidden ones too): the group drops ticked values it no longer holds. */}
                <Checkbox.Group className={shown.length > 0 ? 'signer-grid' : undefined} style={shown.length > 0 ? undefined : { display: 'none' }}>
                  {members.map((m) => (
                    <Checkbox key={m.id} value={m.id} style={matches(m) ? undefined : { display: 'none' }}>
                      {m.name}
                    </Checkbox>
                  ))}
                </Checkbox.Group>
              </Form.Item>
              {search !== '' && shown.length === 0 ? <div className="muted">没有姓名含“{search}”的在任组成人员</div> : null}
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
