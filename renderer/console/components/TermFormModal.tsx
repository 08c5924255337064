import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { TermInput, type Term } from '../../../shared/api/schemas.js';
import { TERM_LEVEL_LABEL, TERM_LEVELS, type TermLevel } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { useFormSave, zodRule, DATE_INPUT_FORMATS } from '../lib/form.js';
import { FormModal } from './FormModal.js';
import { notify } from '../lib/notify.js';

interface Values {
  name: string;
  level: TermLevel;
  startDate: Dayjs | null;
  endDate: Dayjs | null;
}

const FIELDS = ['name', 'level', 'startDate', 'endDate'] as const;

/** Create a term (term = null) or edit one. Mounted only while open. */
export function TermFormModal({ term, onClose, onSaved }: { term: Term | null; onClose: () => void; onSaved: (term: Term) => void }) {
  const [form] = Form.useForm<Values>();

  const { saving, submit } = useFormSave(
    form,
    FIELDS,
    async (values) => {
      const fields = {
        name: values.name,
        level: values.level,
        startDate: values.startDate ? values.startDate.format('YYYY-MM-DD') : '',
        endDate: values.endDate ? values.endDate.format('YYYY-MM-DD') : null,
      };
      return term ? desk.call('term.update', { id: term.id, fields }) : desk.call('term.create', fields);
    },
    (saved) => {
    notify.success(term ? `已保存届次“${saved.name}”` : `已新建届次“${saved.name}”`);
    onSaved(saved);
    },
  );

  return (
    <FormModal editing={term !== null} createText="新建" title={term ? `编辑届次：${term.name}` : '新建届次'} width={520} saving={saving} onOk={submit} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{
          name: term?.name ?? '',
          level: term?.level ?? 'city',
          startDate: term ? dayjs(term.startDate) : null,
          endDate: term?.endDate ? dayjs(term.endDate) : null,
        }}
        onFinish={submit}
      >
        <Form.Item name="name" label="届次名称" rules={zodRule(TermInput.shape.name, '请填写届次名称')} extra="例如：第十七届">
          <Input placeholder="第十七届" maxLength={40} autoFocus />
        </Form.Item>
        <Form.Item name="level" label="人大层级" rules={[{ required: true, message: '请选择人大层级' }]}>
          <Select options={TERM_LEVELS.map((v) => ({ value: v, label: TERM_LEVEL_LABEL[v] }))} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="startDate" label="任期起始日期" rules={[{ required: true, message: '请选择任期起始日期' }]}>
            <DatePicker format={DATE_INPUT_FORMATS} style={{ width: '100%' }} placeholder="选择日期" />
          </Form.Item>
          <Form.Item
            name="endDate"
            label="任期届满日期"
            dependencies={['startDate']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_r, value: Dayjs | null) => {
                  const start = getFieldValue('startDate') as Dayjs | null;
                  if (value && start && value.isBefore(start, 'day')) throw new Error('届满日期不能早于起始日期');
                },
              }),
            ]}
            extra="可暂不填写"
          >
            <DatePicker format={DATE_INPUT_FORMATS} style={{ width: '100%' }} placeholder="选择日期" />
          </Form.Item>
        </div>
      </Form>
    </FormModal>
  );
}
