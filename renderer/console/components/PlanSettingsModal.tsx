import { Form, InputNumber, Skeleton } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { SupervisionSettingsSchema, type Settings } from '../../../shared/api/supervision-schemas.js';
import { desk } from '../../lib/desk-client.js';
import { useFormSave, zodRule } from '../lib/form.js';
import { notify, showError } from '../lib/notify.js';
import { FormModal } from './FormModal.js';

type Values = Settings['supervision'];

// The form holds the inner object while the call's paths start at `supervision.`: let any
// server issue (rare: the fields run the same schema first) be a toast.
const FIELDS: readonly string[] = [];

/** Local time limits of supervision (办理期限, 整理 and 交办 limits), kept in settings. */
export function PlanSettingsModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [settings, setSettings] = useState<Settings | null>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    let live = true;
    desk.call('settings.get', {}).then(
      (s) => {
        if (live) setSettings(s);
      },
      (err: unknown) => {
        showError(err);
        if (live) closeRef.current();
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const { saving, submit } = useFormSave(
    form,
    FIELDS,
    (values) => desk.call('settings.update', { supervision: values }),
    () => {
      notify.success('已保存监督工作设置');
      onClose();
    },
  );

  const save = () => void (settings ? submit() : undefined);

  // No min/max on the boxes: the box would put 13 back to 12 (or 0 to 1) without a word, and
  // the setting saved would not be the one typed. The schema's rules say what is wrong instead.
  return (
    <FormModal editing title="监督工作设置" width={560} saving={saving} onOk={save} onClose={onClose}>
      {settings ? (
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ span: 9 }}
          wrapperCol={{ span: 15 }}
          initialValues={settings.supervision}
          className="plan-settings-form"
          onKeyDown={(e) => {
            // Enter saves, as in a one-line form (the number is taken first by the box's own Enter).
            if (e.key === 'Enter' && !e.nativeEvent.isComposing && !saving) {
              e.preventDefault();
              save();
            }
          }}
        >
          <Form.Item
            name="deadlineMonths"
            label="审议意见办理期限"
            rules={zodRule(SupervisionSettingsSchema.shape.deadlineMonths, '请填写办理期限')}
            extra="自交办之日起计算；交办时可逐件调整。月末交办的，到期日为到期月的最后一天（如1月31日交办、期限3个月，则4月30日到期）。"
          >
            <InputNumber suffix="个月" style={{ width: 140 }} aria-label="办理期限（月）" />
          </Form.Item>
          <Form.Item
            name="draftDays"
            label="会后整理时限"
            rules={zodRule(SupervisionSettingsSchema.shape.draftDays, '请填写整理时限')}
            extra="会议结束后应在此天数内整理出审议意见，超过时在台账中提示。"
          >
            <InputNumber prefix="会后" suffix="日内" style={{ width: 160 }} aria-label="会后整理时限（日）" />
          </Form.Item>
          <Form.Item
            name="sendDays"
            label="审定后交办时限"
            rules={zodRule(SupervisionSettingsSchema.shape.sendDays, '请填写交办时限')}
            extra="主任会议审定后应在此天数内交办，超过时在台账中提示。"
          >
            <InputNumber prefix="审定后" suffix="日内" style={{ width: 170 }} aria-label="审定后交办时限（日）" />
          </Form.Item>
        </Form>
      ) : (
        <Skeleton active paragraph={{ rows: 4 }} />
      )}
    </FormModal>
  );
}
