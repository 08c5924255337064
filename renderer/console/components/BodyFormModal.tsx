import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { BodyFields, type Body } from '../../../shared/api/schemas.js';
import { BODY_KIND_LABEL, BODY_KINDS, type BodyKind } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { useFormSave, zodRule } from '../lib/form.js';
import { FormModal } from './FormModal.js';
import { notify } from '../lib/notify.js';

interface Values {
  name: string;
  kind: BodyKind;
  sortOrder: number | null;
  active: boolean;
}

const FIELDS = ['name', 'kind', 'sortOrder', 'active'] as const;

export function BodyFormModal({ body, nextSortOrder, onClose, onSaved }: { body: Body | null; nextSortOrder: number; onClose: () => void; onSaved: (body: Body) => void }) {
  const [form] = Form.useForm<Values>();
  const { saving, submit } = useFormSave(
    form,
    FIELDS,
    async (values) => {
      const fields = { name: values.name, kind: values.kind, sortOrder: values.sortOrder ?? 0, active: values.active };
      return body ? desk.call('body.update', { id: body.id, fields }) : desk.call('body.create', fields);
    },
    (saved) => {
      notify.success(body ? `已保存“${saved.name}”` : `已添加汇报单位“${saved.name}”`);
      onSaved(saved);
    },
  );

  return (
    <FormModal editing={body !== null} title={body ? `编辑汇报单位：${body.name}` : '添加汇报单位'} width={560} saving={saving} onOk={submit} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ name: body?.name ?? '', kind: body?.kind ?? 'department', sortOrder: body?.sortOrder ?? nextSortOrder, active: body?.active ?? true }}
      >
        <Form.Item name="name" label="单位名称" rules={zodRule(BodyFields.shape.name, '请填写单位名称')}>
          <Input maxLength={60} placeholder="例如：市财政局" autoFocus />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
            <Select options={BODY_KINDS.map((v) => ({ value: v, label: BODY_KIND_LABEL[v] }))} />
          </Form.Item>
          <Form.Item
            name="sortOrder"
            label="排序"
            rules={[
              { required: true, message: '请填写排序号' },
              { type: 'integer', min: 0, max: 99999, message: '排序号应为 0 至 99999 的整数' },
            ]}
            extra="数字小的排在前面"
          >
            <InputNumber min={0} max={99999} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="active" label="启用" valuePropName="checked" extra="停用的单位不再出现在议程的汇报单位选项中">
          <Switch checkedChildren="启用" unCheckedChildren="停用" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
