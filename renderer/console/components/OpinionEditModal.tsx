import { Alert, Form, Modal } from 'antd';
import { useState } from 'react';
import type { Body } from '../../../shared/api/schemas.js';
import type { OpinionDetail } from '../../../shared/api/supervision-schemas.js';
import { desk } from '../../lib/desk-client.js';
import { errorText, notify } from '../lib/notify.js';
import { fieldsOfValues, OpinionFormFields, valuesOfDetail, type OpinionFormValues } from './OpinionForm.js';

/** Edit a draft (起草中); once approved its text is frozen. */
export function OpinionEditModal({ detail, bodies, onClose, onSaved }: { detail: OpinionDetail; bodies: Body[]; onClose: () => void; onSaved: (d: OpinionDetail) => void }) {
  const [form] = Form.useForm<OpinionFormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    let values: OpinionFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await desk.call('opinion.update', { id: detail.id, fields: fieldsOfValues(values) });
      notify.success('已保存审议意见');
      onSaved(saved);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title="编辑审议意见" okText="保存" cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={saving} width={900} mask={{ closable: false }} destroyOnHidden>
      <div data-testid="opinion-edit-modal">
        {error ? <Alert type="error" showIcon title={error} className="form-alert" /> : null}
        <Form<OpinionFormValues> form={form} layout="vertical" initialValues={valuesOfDetail(detail)} onValuesChange={() => setError(null)}>
          <OpinionFormFields form={form} bodies={bodies} idPrefix="edit" />
        </Form>
      </div>
    </Modal>
  );
}
