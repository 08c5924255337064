import { Form, Input, Select } from 'antd';
import { AgendaFields, type AgendaItem, type Body, type BodyId, type Meeting } from '../../../shared/api/schemas.js';
import { AGENDA_KIND_LABEL, AGENDA_KINDS, DEFAULT_VOTE_KIND, VOTE_KIND_LABEL, VOTE_KINDS, type AgendaKind, type VoteKind } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { optionalZodRule, useFormSave, zodRule } from '../lib/form.js';
import { FormModal } from './FormModal.js';
import { notify } from '../lib/notify.js';

const NO_VOTE = 'none';

interface Values {
  kind: AgendaKind;
  title: string;
  bodyId: BodyId | null;
  notes: string;
  voteKind: VoteKind | typeof NO_VOTE;
}

const FIELDS = ['kind', 'title', 'bodyId', 'notes', 'voteKind'] as const;

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
      return item ? desk.call('agenda.update', { id: item.id, fields }) : desk.call('agenda.create', { meetingId: meeting.id, fields });
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
        <Form.Item name="notes" label="备注" rules={optionalZodRule(AgendaFields.shape.notes)}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
