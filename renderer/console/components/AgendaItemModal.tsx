import { Button, Form, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { AgendaFields, type AgendaItem, type Body, type BodyId, type Meeting } from '../../../shared/api/schemas.js';
import type { PlanItem, PlanItemId } from '../../../shared/api/supervision-schemas.js';
import { AGENDA_KIND_LABEL, AGENDA_KINDS, DEFAULT_VOTE_KIND, VOTE_KIND_LABEL, VOTE_KINDS, type AgendaKind, type VoteKind } from '../../../shared/domain/labels.js';
import { PLAN_KIND_LABEL } from '../../../shared/domain/supervision/labels.js';
import { desk } from '../../lib/desk-client.js';
import { optionalZodRule, useFormSave, zodRule } from '../lib/form.js';
import { FormModal } from './FormModal.js';
import { errorText, notify } from '../lib/notify.js';

const NO_VOTE = 'none';

interface Values {
  kind: AgendaKind;
  title: string;
  bodyId: BodyId | null;
  notes: string;
  voteKind: VoteKind | typeof NO_VOTE;
  planItemId: PlanItemId | null;
}

const FIELDS = ['kind', 'title', 'bodyId', 'notes', 'voteKind', 'planItemId'] as const;

const normalise = (t: string) => t.replace(/[\s《》“”"'（）()，,、。.:：]/g, '');

/** A plan item whose title matches the agenda title (one contains the other), when exactly one does. */
function suggestPlanItem(items: PlanItem[], title: string): PlanItem | null {
  const t = normalise(title);
  if (t.length < 6) return null;
  const hits = items.filter((p) => {
    const q = normalise(p.title);
    return q.length >= 6 && (q.includes(t) || t.includes(q));
  });
  return hits.length === 1 ? hits[0]! : null;
}

/** The plan items of the meeting's year, for the "对应监督计划事项" select; null while loading or when the plan cannot be read. */
function useYearPlan(year: number): { items: PlanItem[] | null; failed: string | null } {
  const [state, setState] = useState<{ items: PlanItem[] | null; failed: string | null }>({ items: null, failed: null });
  useEffect(() => {
    let live = true;
    desk.call('plan.list', { year }).then(
      (r) => {
        if (live) setState({ items: r.items, failed: null });
      },
      (err: unknown) => {
        if (live) setState({ items: null, failed: errorText(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [year]);
  return state;
}

export function AgendaItemModal({
  meeting,
  item,
  bodies,
  onClose,
  onSaved,
}: {
  meeting: Meeting;
  item: AgendaItem | null;
  bodies: Body[];
  onClose: () => void;
  onSaved: (item: AgendaItem) => void;
}) {
  const [form] = Form.useForm<Values>();
  // Inactive bodies are not offered, except the one the item already names.
  const year = Number(meeting.date.slice(0, 4));
  const plan = useYearPlan(year);
  const planOptions = (plan.items ?? []).map((p, i) => ({
    value: p.id,
    label: p.title,
    detail: `${i + 1}. ${PLAN_KIND_LABEL[p.kind]}${p.plannedMonth ? ` · 计划${p.plannedMonth}月` : ''}${p.held.some((h) => h.agendaItemId !== item?.id) ? ' · 已在其他会议审议' : ''}`,
  }));
  // The linked item stays selectable (by its title) even if the plan has not loaded.
  if (item?.planItemId && item.planItemTitle && !planOptions.some((o) => o.value === item.planItemId)) {
    planOptions.unshift({ value: item.planItemId as PlanItemId, label: item.planItemTitle, detail: '' });
  }
  const title = Form.useWatch('title', form) ?? item?.title ?? '';
  const chosenPlan = Form.useWatch('planItemId', form);
  const suggestion = chosenPlan ? null : suggestPlanItem(plan.items ?? [], title);
  const bodyOptions = bodies.filter((b) => b.active || b.id === item?.bodyId).map((b) => ({ value: b.id, label: b.active ? b.name : `${b.name}（已停用）` }));

  const { saving, submit } = useFormSave(
    form,
    FIELDS,
    async (values) => {
      const fields = {
        kind: values.kind,
        title: values.title,
        bodyId: values.bodyId ?? null,
        notes: values.notes?.trim() ? values.notes : null,
        voteKind: values.voteKind === NO_VOTE ? null : values.voteKind,
      };
      const saved = item ? await desk.call('agenda.update', { id: item.id, fields }) : await desk.call('agenda.create', { meetingId: meeting.id, fields });
      const planItemId = values.planItemId ?? null;
      if (planItemId === (saved.planItemId ?? null)) return saved;
      try {
        return await desk.call('agenda.linkPlan', { agendaItemId: saved.id, planItemId });
      } catch (err) {
        // The item itself is saved: close the form (saving again would add it twice) and say what is missing.
        notify.error(`议程已保存，但未能对应监督计划事项：${errorText(err)}`);
        return saved;
      }
    },
    (saved) => {
      notify.success(item ? '已保存议程' : `已添加议程：${saved.title}`);
      onSaved(saved);
    },
  );

  return (
    <FormModal editing={item !== null} title={item ? '编辑议程' : '添加议程'} width={640} saving={saving} onOk={submit} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: item?.kind ?? 'special_report',
          title: item?.title ?? '',
          bodyId: item?.bodyId ?? null,
          notes: item?.notes ?? '',
          voteKind: item ? (item.voteKind ?? NO_VOTE) : (DEFAULT_VOTE_KIND.special_report ?? NO_VOTE),
          planItemId: (item?.planItemId as PlanItemId | null | undefined) ?? null,
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind) form.setFieldValue('voteKind', DEFAULT_VOTE_KIND[changed.kind] ?? NO_VOTE);
        }}
      >
        <Form.Item name="kind" label="议程类型" rules={[{ required: true, message: '请选择议程类型' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={AGENDA_KINDS.map((v) => ({ value: v, label: AGENDA_KIND_LABEL[v] }))} />
        </Form.Item>
        <Form.Item name="title" label="议程标题" rules={zodRule(AgendaFields.shape.title, '请填写议程标题')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={200} placeholder="例如：听取和审议市人民政府关于2024年度环境状况和环境保护目标完成情况的报告" autoFocus />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="bodyId" label="汇报单位">
            <Select allowClear placeholder="不指定" showSearch={{ optionFilterProp: 'label' }} options={bodyOptions} notFoundContent="没有汇报单位，请先在“汇报单位”中添加" />
          </Form.Item>
          <Form.Item name="voteKind" label="需要表决" extra="更换议程类型时按惯例自动选择，可修改">
            <Select options={[{ value: NO_VOTE, label: '不需要表决' }, ...VOTE_KINDS.map((v) => ({ value: v, label: VOTE_KIND_LABEL[v] }))]} />
          </Form.Item>
        </div>
        <Form.Item
          name="planItemId"
          label="对应监督计划事项"
          extra={plan.failed ? `暂时无法读取${year}年监督计划：${plan.failed}` : `对应后，${year}年度监督计划中该事项显示为已审议，测评结果和审议意见也归入该事项`}
        >
          <Select
            data-testid="agenda-plan-select"
            aria-label="对应监督计划事项"
            allowClear
            placeholder={plan.items && plan.items.length === 0 ? `${year}年还没有监督计划` : '不对应（不属于年度监督计划）'}
            loading={plan.items === null && plan.failed === null}
            showSearch={{ optionFilterProp: 'label' }}
            options={planOptions}
            optionRender={(o) => (
              <div className="plan-option">
                <div className="plan-option-title">{o.label}</div>
                {o.data.detail ? <div className="plan-option-detail">{o.data.detail}</div> : null}
              </div>
            )}
            notFoundContent={plan.items && plan.items.length === 0 ? `${year}年还没有监督计划，可在“年度监督计划”中录入或粘贴导入` : '没有匹配的事项'}
          />
        </Form.Item>
        {suggestion ? (
          <div className="plan-suggestion" data-testid="agenda-plan-suggestion">
            可能对应：
            <Button type="link" size="small" onClick={() => form.setFieldValue('planItemId', suggestion.id)}>
              {suggestion.title}
            </Button>
          </div>
        ) : null}
        <Form.Item name="notes" label="备注" rules={optionalZodRule(AgendaFields.shape.notes)}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
