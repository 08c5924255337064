import { Form, Input, Select } from 'antd';
import type { DefaultOptionType } from 'antd/es/select';
import { useEffect, useMemo, useState } from 'react';
import type { Body, BodyId } from '../../../shared/api/schemas.js';
import { PlanItemFields, type Appointee, type AppointeeId, type PlanItem, type SubjectRef } from '../../../shared/api/supervision-schemas.js';
import { PLAN_KIND_LABEL, PLAN_KINDS, type PlanKind } from '../../../shared/domain/supervision/labels.js';
import { desk } from '../../lib/desk-client.js';
import { optionalZodRule, useFormSave, zodRule } from '../lib/form.js';
import { notify, showError } from '../lib/notify.js';
import { FormModal } from './FormModal.js';

/** Month select value for "not decided yet". */
const UNDECIDED = 0;

const MONTH_OPTIONS = [{ value: UNDECIDED, label: '未定' }, ...Array.from({ length: 12 }, (_v, i) => ({ value: i + 1, label: `${i + 1}月` }))];

const CHINESE_MONTHS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/**
 * The month a clerk types, as in a plan table: "5", "05", "5月", "五月", "五"; null when the text
 * names no month. Typing "12" passes through "1" (1月) on the way, as "十二" passes through "十".
 */
function typedMonth(input: string): number | null {
  const t = input.trim().replace(/\s+/g, '').replace(/份?$/, '').replace(/月$/, '');
  if (/^\d{1,2}$/.test(t)) {
    const n = Number(t);
    return n >= 1 && n <= 12 ? n : null;
  }
  const i = CHINESE_MONTHS.indexOf(t);
  return i >= 0 ? i + 1 : null;
}

/** Keeps the month the typed text names, or the options whose label holds it (未定 for "未"). */
function filterMonth(input: string, option?: { value: number; label: string }): boolean {
  if (!option) return false;
  const month = typedMonth(input);
  if (month !== null) return option.value === month;
  const t = input.trim();
  return option.label.includes(t) || (option.value === UNDECIDED && ['待定', '全年', '不定'].some((w) => w.includes(t)));
}

interface Values {
  kind: PlanKind;
  title: string;
  /** "body:12" / "appointee:3": one select offers both kinds of subject. */
  subjects: string[];
  leadBodyId: BodyId | null;
  plannedMonth: number;
  notes: string;
}

const FIELDS = ['kind', 'title', 'subjects', 'leadBodyId', 'plannedMonth', 'notes'] as const;

const subjectKey = (s: { kind: 'body' | 'appointee'; id: number }) => `${s.kind}:${s.id}`;

function parseSubject(key: string): SubjectRef {
  const [kind, id] = key.split(':');
  return kind === 'appointee' ? { kind: 'appointee', id: Number(id) as AppointeeId } : { kind: 'body', id: Number(id) as BodyId };
}

/** Bodies for the lead-committee select: working committees first (they lead supervision), then the rest. */
export function leadBodyOptions(bodies: Body[], keepId: BodyId | null): DefaultOptionType[] {
  const usable = bodies.filter((b) => b.active || b.id === keepId);
  const option = (b: Body) => ({ value: b.id, label: b.active ? b.name : `${b.name}（已停用）` });
  const committees = usable.filter((b) => b.kind === 'committee').map(option);
  const others = usable.filter((b) => b.kind !== 'committee').map(option);
  if (committees.length === 0) return others;
  if (others.length === 0) return committees;
  return [
    { label: '专门委员会和工作委员会', options: committees },
    { label: '其他单位', options: others },
  ];
}

export function PlanItemModal({
  year,
  item,
  bodies,
  onClose,
  onSaved,
}: {
  year: number;
  item: PlanItem | null;
  bodies: Body[];
  onClose: () => void;
  onSaved: (item: PlanItem) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [appointees, setAppointees] = useState<Appointee[]>([]);

  useEffect(() => {
    let live = true;
    desk.call('appointee.list', {}).then(
      (list) => {
        if (live) setAppointees(list);
      },
      (err: unknown) => showError(err),
    );
    return () => {
      live = false;
    };
  }, []);

  const subjectOptions = useMemo(() => {
    const chosen = new Set(item?.subjects.map(subjectKey) ?? []);
    const bodyOptions = bodies
      .filter((b) => b.active || chosen.has(subjectKey({ kind: 'body', id: b.id })))
      .map((b) => ({ value: subjectKey({ kind: 'body', id: b.id }), label: b.name }));
    const personOptions = appointees
      .filter((a) => a.leftOn === null || chosen.has(subjectKey({ kind: 'appointee', id: a.id })))
      .map((a) => ({ value: subjectKey({ kind: 'appointee', id: a.id }), label: `${a.name}（${a.bodyName ? a.bodyName : ''}${a.office}）` }));
    // A subject the lists no longer hold (e.g. while the appointees load) still shows its name.
    const known = new Set([...bodyOptions, ...personOptions].map((o) => o.value));
    const missing = (item?.subjects ?? []).filter((s) => !known.has(subjectKey(s))).map((s) => ({ value: subjectKey(s), label: s.name }));
    const groups = [{ label: '单位', options: [...bodyOptions, ...missing.filter((m) => m.value.startsWith('body:'))] }];
    const people = [...personOptions, ...missing.filter((m) => m.value.startsWith('appointee:'))];
    if (people.length > 0) groups.push({ label: '被任命人员', options: people });
    return groups;
  }, [bodies, appointees, item]);

  const { saving, submit } = useFormSave(
    form,
    FIELDS,
    async (values) => {
      const fields = {
        kind: values.kind,
        title: values.title,
        subjects: (values.subjects ?? []).map(parseSubject),
        leadBodyId: values.leadBodyId ?? null,
        plannedMonth: values.plannedMonth === UNDECIDED ? null : values.plannedMonth,
        notes: values.notes?.trim() ? values.notes : null,
      };
      return item ? desk.call('plan.update', { id: item.id, fields }) : desk.call('plan.create', { year, fields });
    },
    (saved) => {
      notify.success(item ? '已保存监督事项' : `已新增监督事项：${saved.title}`);
      onSaved(saved);
    },
  );

  return (
    <FormModal editing={item !== null} createText="新增" title={item ? '编辑监督事项' : `新增监督事项（${year}年）`} width={680} saving={saving} onOk={submit} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: item?.kind ?? 'special_report',
          title: item?.title ?? '',
          subjects: item?.subjects.map(subjectKey) ?? [],
          leadBodyId: item?.leadBodyId ?? null,
          plannedMonth: item?.plannedMonth ?? UNDECIDED,
          notes: item?.notes ?? '',
        }}
      >
        <div className="form-row">
          <Form.Item name="kind" label="监督方式" rules={[{ required: true, message: '请选择监督方式' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={PLAN_KINDS.map((k) => ({ value: k, label: PLAN_KIND_LABEL[k] }))} />
          </Form.Item>
          <Form.Item name="plannedMonth" label="计划月份">
            <Select options={MONTH_OPTIONS} showSearch={{ filterOption: filterMonth }} notFoundContent="请输入 1–12 的月份，或“未定”" aria-label="计划月份" />
          </Form.Item>
        </div>
        <Form.Item name="title" label="监督事项" rules={zodRule(PlanItemFields.shape.title, '请填写监督事项')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={200} placeholder="例如：听取和审议市人民政府关于优化营商环境工作情况的报告" autoFocus />
        </Form.Item>
        <Form.Item name="subjects" label="监督对象" extra="可选多个单位；履职评议可选被任命人员">
          <Select mode="multiple" allowClear placeholder="选择单位或人员，可输入名称查找" showSearch={{ optionFilterProp: 'label' }} options={subjectOptions} notFoundContent="没有匹配的单位或人员" />
        </Form.Item>
        <Form.Item name="leadBodyId" label="牵头委员会">
          <Select allowClear placeholder="不指定" showSearch={{ optionFilterProp: 'label' }} options={leadBodyOptions(bodies, item?.leadBodyId ?? null)} notFoundContent="没有单位，请先在“汇报单位”中添加" />
        </Form.Item>
        <Form.Item name="notes" label="备注" rules={optionalZodRule(PlanItemFields.shape.notes)}>
          <Input.TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
