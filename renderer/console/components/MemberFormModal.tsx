import { Form, Input, InputNumber, Radio, Select } from 'antd';
import { MemberFields, type Member, type Term } from '../../../shared/api/schemas.js';
import { MEMBER_ROLE_LABEL, MEMBER_ROLES, MEMBER_STATUS_LABEL, MEMBER_STATUSES, type MemberRole, type MemberStatus } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { optionalZodRule, useFormSave, zodRule } from '../lib/form.js';
import { FormModal } from './FormModal.js';
import { notify } from '../lib/notify.js';

interface Values {
  name: string;
  role: MemberRole;
  status: MemberStatus;
  seatOrder: number | null;
  note: string;
}

const FIELDS = ['name', 'role', 'status', 'seatOrder', 'note'] as const;

export function MemberFormModal({
  term,
  member,
  nextSeatOrder,
  onClose,
  onSaved,
}: {
  term: Term;
  member: Member | null;
  nextSeatOrder: number;
  onClose: () => void;
  onSaved: (member: Member) => void;
}) {
  const [form] = Form.useForm<Values>();

  const { saving, submit } = useFormSave(
    form,
    FIELDS,
    async (values) => {
      const fields = {
        name: values.name,
        role: values.role,
        status: values.status,
        seatOrder: values.seatOrder ?? 0,
        note: values.note?.trim() ? values.note : null,
      };
      return member ? desk.call('member.update', { id: member.id, fields }) : desk.call('member.create', { termId: term.id, fields });
    },
    (saved) => {
    notify.success(member ? `已保存“${saved.name}”的信息` : `已添加组成人员“${saved.name}”`);
    onSaved(saved);
    },
  );

  return (
    <FormModal editing={member !== null} title={member ? `编辑组成人员：${member.name}` : `添加组成人员（${term.name}）`} width={640} saving={saving} onOk={submit} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          name: member?.name ?? '',
          role: member?.role ?? 'member',
          status: member?.status ?? 'serving',
          seatOrder: member?.seatOrder ?? nextSeatOrder,
          note: member?.note ?? '',
        }}
      >
        <div className="form-row">
          <Form.Item name="name" label="姓名" rules={zodRule(MemberFields.shape.name, '请填写姓名')}>
            <Input maxLength={20} autoFocus />
          </Form.Item>
          <Form.Item name="role" label="职务" rules={[{ required: true, message: '请选择职务' }]}>
            <Select options={MEMBER_ROLES.map((v) => ({ value: v, label: MEMBER_ROLE_LABEL[v] }))} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]} extra="离任人员不计入在任组成人员和法定人数">
            <Radio.Group optionType="button" options={MEMBER_STATUSES.map((v) => ({ value: v, label: MEMBER_STATUS_LABEL[v] }))} />
          </Form.Item>
          <Form.Item name="seatOrder" label="座次" rules={zodRule(MemberFields.shape.seatOrder, '请填写座次')} extra="决定名单、签到和表决界面中的排列顺序">
            <InputNumber min={1} max={9999} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="note" label="备注" rules={optionalZodRule(MemberFields.shape.note)}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
