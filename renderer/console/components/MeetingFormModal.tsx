import { DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { committeePlace } from '../../../shared/domain/committee.js';
import { MeetingFields, type Meeting, type Term, type TermId } from '../../../shared/api/schemas.js';
import { meetingTitle } from '../../../shared/domain/format.js';
import { MEETING_STATUS_LABEL, MEETING_STATUSES, type MeetingStatus } from '../../../shared/domain/labels.js';
import { desk } from '../../lib/desk-client.js';
import { useFormSave, zodRule, DATE_INPUT_FORMATS } from '../lib/form.js';
import { FormModal } from './FormModal.js';
import { notify } from '../lib/notify.js';

interface Values {
  termId: TermId;
  number: number | null;
  date: Dayjs | null;
  place: string;
  status: MeetingStatus;
}

const FIELDS = ['number', 'date', 'place', 'status'] as const;

/** Create a meeting in a term (meeting = null) or edit one. Mounted only while open. */
export function MeetingFormModal({
  meeting,
  terms,
  defaultTermId,
  onClose,
  onSaved,
}: {
  meeting: Meeting | null;
  terms: Term[];
  defaultTermId: TermId | null;
  onClose: () => void;
  onSaved: (meeting: Meeting) => void;
}) {
  const [form] = Form.useForm<Values>();
  const termId = Form.useWatch('termId', form);
  const number = Form.useWatch('number', form);
  const termName = meeting?.termName ?? terms.find((t) => t.id === termId)?.name ?? '';
  // The committee's place (洛阳市) starts the title, as the saved meeting will show it.
  const [place, setPlace] = useState('');
  useEffect(() => {
    let live = true;
    desk
      .call('settings.get', {})
      .then((s) => live && setPlace(committeePlace(s.committee)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  // Suggest the next number in the chosen term (the newest meeting's number + 1).
  useEffect(() => {
    if (meeting || !termId) return;
    let cancelled = false;
    desk
      .call('meeting.list', { termId, page: 1, pageSize: 200 })
      .then((result) => {
        if (cancelled || form.isFieldTouched('number')) return;
        const highest = result.items.reduce((max, m) => Math.max(max, m.number), 0);
        form.setFieldValue('number', highest + 1);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [meeting, termId, form]);

  const { saving, submit } = useFormSave(
    form,
    FIELDS,
    async (values) => {
      const fields = { number: values.number ?? 0, date: values.date ? values.date.format('YYYY-MM-DD') : '', place: values.place, status: values.status };
      return meeting ? desk.call('meeting.update', { id: meeting.id, fields }) : desk.call('meeting.create', { termId: values.termId, fields });
    },
    (saved) => {
    notify.success(meeting ? `已保存“${saved.title}”` : `已新建“${saved.title}”`);
    onSaved(saved);
    },
  );

  return (
    <FormModal editing={meeting !== null} createText="新建" title={meeting ? '编辑会议' : '新建会议'} width={560} saving={saving} onOk={submit} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          termId: meeting?.termId ?? defaultTermId ?? terms[0]?.id,
          number: meeting?.number ?? null,
          date: meeting ? dayjs(meeting.date) : null,
          place: meeting?.place ?? '常委会会议室',
          status: meeting?.status ?? 'preparing',
        }}
      >
        <div className="form-row">
          <Form.Item name="termId" label="届次" rules={[{ required: true, message: '请选择届次' }]}>
            <Select disabled={meeting !== null} options={terms.map((t) => ({ value: t.id, label: t.name }))} />
          </Form.Item>
          <Form.Item name="number" label="会议次数" rules={zodRule(MeetingFields.shape.number, '请填写会议次数')} extra="本届第几次会议">
            <InputNumber min={1} max={999} precision={0} style={{ width: '100%' }} prefix="第" suffix="次" />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="date" label="会议日期" rules={[{ required: true, message: '请选择会议日期' }]}>
            <DatePicker format={DATE_INPUT_FORMATS} style={{ width: '100%' }} placeholder="选择日期" />
          </Form.Item>
          <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择会议状态' }]}>
            <Select options={MEETING_STATUSES.map((v) => ({ value: v, label: MEETING_STATUS_LABEL[v] }))} />
          </Form.Item>
        </div>
        <Form.Item name="place" label="会议地点" rules={zodRule(MeetingFields.shape.place, '请填写会议地点')}>
          <Input maxLength={60} />
        </Form.Item>
        {termName && typeof number === 'number' && number > 0 ? (
          <div className="title-preview">
            会议名称：<Typography.Text strong>{meetingTitle(termName, number, place)}</Typography.Text>
          </div>
        ) : null}
      </Form>
    </FormModal>
  );
}
