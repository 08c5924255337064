import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { Body } from '../../../shared/api/schemas.js';
import { AppointeeFields, type Appointee } from '../../../shared/api/supervision-schemas.js';
import { desk } from '../../lib/desk-client.js';
import { optionalZodRule, useFormSave, zodRule, DATE_INPUT_FORMATS } from '../lib/form.js';
import { notify } from '../lib/notify.js';
import { useBodyStore } from '../stores/body-store.js';
import { FormModal } from './FormModal.js';

interface Values {
  name: string;
  office: string;
  bodyId: Body['id'] | null;
  appointedOn: Dayjs | null;
  leftOn: Dayjs | null;
  note: string;
}

const FIELDS = ['name', 'office', 'bodyId', 'appointedOn', 'leftOn', 'note'] as const;

const day = (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null);

/** Add a person appointed by the committee (appointee = null) or edit one. Mounted only while open. */
export function AppointeeFormModal({ appointee, onClose, onSaved }: { appointee: Appointee | null; onClose: () => void; onSaved: (saved: Appointee) => void }) {
  const [form] = Form.useForm<Values>();
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);

  useEffect(() => {
    if (!bodiesLoaded) void loadBodies();
  }, [bodiesLoaded, loadBodies]);

  const { saving, submit } = useFormSave(
    form,
    FIELDS,
    async (values) => {
      const fields: AppointeeFields = {
        name: values.name,
        office: values.office,
        bodyId: values.bodyId ?? null,
        appointedOn: day(values.appointedOn),
        leftOn: day(values.leftOn),
        note: values.note?.trim() ? values.note : null,
      };
      return appointee ? desk.call('appointee.update', { id: appointee.id, fields }) : desk.call('appointee.create', fields);
    },
    (saved) => {
      notify.success(appointee ? `已保存“${saved.name}”` : `已添加被任命人员“${saved.name}”`);
      onSaved(saved);
    },
  );

  // Stopped bodies stay selectable only for the person already recorded under one.
  const bodyOptions = bodies.filter((b) => b.active || b.id === appointee?.bodyId).map((b) => ({ value: b.id, label: b.active ? b.name : `${b.name}（已停用）` }));

  return (
    <FormModal editing={appointee !== null} title={appointee ? `编辑被任命人员：${appointee.name}` : '添加被任命人员'} width={600} saving={saving} onOk={submit} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          name: appointee?.name ?? '',
          office: appointee?.office ?? '',
          bodyId: appointee?.bodyId ?? null,
          appointedOn: appointee?.appointedOn ? dayjs(appointee.appointedOn) : null,
          leftOn: appointee?.leftOn ? dayjs(appointee.leftOn) : null,
          note: appointee?.note ?? '',
        }}
      >
        <div className="form-row">
          <Form.Item name="name" label="姓名" rules={zodRule(AppointeeFields.shape.name, '请填写姓名')}>
            <Input maxLength={20} placeholder="例如：王建国" autoFocus />
          </Form.Item>
          <Form.Item name="bodyId" label="所在单位" extra="测评时按单位归类；可暂不选择">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择单位"
              options={bodyOptions}
              notFoundContent="没有匹配的单位；可先在“汇报单位”中添加"
            />
          </Form.Item>
        </div>
        <Form.Item name="office" label="职务" rules={zodRule(AppointeeFields.shape.office, '请填写职务')}>
          <Input maxLength={60} placeholder="例如：市财政局局长" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="appointedOn" label="任命日期" extra="常委会会议决定任命的日期">
            <DatePicker format={DATE_INPUT_FORMATS} style={{ width: '100%' }} placeholder="选择日期" />
          </Form.Item>
          <Form.Item
            name="leftOn"
            label="离任日期"
            dependencies={['appointedOn']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_r, value: Dayjs | null) => {
                  const from = getFieldValue('appointedOn') as Dayjs | null;
                  if (value && from && value.isBefore(from, 'day')) throw new Error('离任日期不能早于任命日期');
                },
              }),
            ]}
            extra="仍在任的不填"
          >
            <DatePicker format={DATE_INPUT_FORMATS} style={{ width: '100%' }} placeholder="选择日期" />
          </Form.Item>
        </div>
        <Form.Item name="note" label="备注" rules={optionalZodRule(AppointeeFields.shape.note)}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="例如：第十七届第五次会议任命" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
