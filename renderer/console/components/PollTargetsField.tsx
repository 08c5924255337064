import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, SnippetsOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import type { Body } from '../../../shared/api/schemas.js';
import { MAX_TARGETS, TargetSchema, type Target } from '../../../shared/domain/polls/index.js';
import { zodRule } from '../lib/form.js';
import { notify } from '../lib/notify.js';
import { nextKey, pastedLabels } from '../lib/polls.js';

/**
 * The rows of a ballot sheet. Keys (t1, t2 …) are made here and never shown: labels are
 * what the clerk edits, and a stable key keeps a row's meaning when rows are reordered.
 */
export function PollTargetsField({ noun, bodies, placeholder }: { noun: string; bodies: Body[]; placeholder: string }) {
  const form = Form.useFormInstance();
  const targets = (Form.useWatch('targets', { form, preserve: true }) as Target[] | undefined) ?? [];
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState('');

  const append = (labels: string[]) => {
    const current = (form.getFieldValue('targets') as Target[] | undefined) ?? [];
    const room = MAX_TARGETS - current.length;
    if (room <= 0) {
      notify.warning(`一张选票最多 ${MAX_TARGETS} 个${noun}`);
      return;
    }
    const keys = current.map((t) => t.key);
    const added = labels.slice(0, room).map((label) => {
      const key = nextKey('t', keys);
      keys.push(key);
      return { key, label };
    });
    form.setFieldValue('targets', [...current, ...added]);
    if (labels.length > room) notify.warning(`一张选票最多 ${MAX_TARGETS} 个${noun}，多出的 ${labels.length - room} 个未添加`);
  };

  const used = new Set(targets.map((t) => t.label));
  const bodyOptions = bodies.filter((b) => b.active && !used.has(b.name)).map((b) => ({ value: b.name, label: b.name }));
  const lines = pastedLabels(pasted);

  return (
    <Form.List name="targets">
      {(fields, { remove, move }) => (
        <div className="targets-editor" data-testid="targets-editor">
          {fields.map((field, i) => (
            <div key={field.key} className="target-row" data-testid="target-row">
              <span className="target-no">{i + 1}</span>
              <Form.Item name={[field.name, 'label']} rules={zodRule(TargetSchema.shape.label, `请填写${noun}名称`)} className="target-input">
                <Input placeholder={placeholder} maxLength={100} aria-label={`第 ${i + 1} 个${noun}`} />
              </Form.Item>
              <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`上移第 ${i + 1} 个${noun}`} />
              <Button
                type="text"
                size="small"
                icon={<ArrowDownOutlined />}
                disabled={i === fields.length - 1}
                onClick={() => move(i, i + 1)}
                aria-label={`下移第 ${i + 1} 个${noun}`}
              />
              <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label={`删除第 ${i + 1} 个${noun}`} />
            </div>
          ))}
          <div className="targets-actions">
            <Button icon={<PlusOutlined />} onClick={() => append([''])} disabled={fields.length >= MAX_TARGETS}>
              添加{noun}
            </Button>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              value={null}
              placeholder="从汇报单位中添加…"
              style={{ width: 220 }}
              options={bodyOptions}
              onSelect={(name: string | null) => name && append([name])}
              notFoundContent="没有可添加的汇报单位"
              aria-label="从汇报单位中添加"
              disabled={fields.length >= MAX_TARGETS}
            />
            <Button icon={<SnippetsOutlined />} onClick={() => setPasting(true)} disabled={fields.length >= MAX_TARGETS}>
              粘贴多行
            </Button>
            <span className="muted">
              共 {fields.length} 个（最多 {MAX_TARGETS} 个）
            </span>
          </div>
          <Modal
            open={pasting}
            title={`粘贴多行：每行一个${noun}`}
            okText={lines.length > 0 ? `添加 ${lines.length} 个` : '添加'}
            okButtonProps={{ disabled: lines.length === 0 }}
            cancelText="取消"
            onCancel={() => setPasting(false)}
            onOk={() => {
              append(lines);
              setPasted('');
              setPasting(false);
            }}
            destroyOnHidden
          >
            <Input.TextArea
              autoFocus
              rows={10}
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              placeholder={'例如从 Word 或 Excel 复制：\n市教育局\n市卫生健康委员会\n市交通运输局'}
              aria-label="粘贴的内容"
            />
            <p className="muted paste-note">行首的编号（如“1.”“2、”）会自动去掉，空行忽略。</p>
          </Modal>
        </div>
      )}
    </Form.List>
  );
}
