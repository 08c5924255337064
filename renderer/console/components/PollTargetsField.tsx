import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, SnippetsOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { Body } from '../../../shared/api/schemas.js';
import type { Appointee } from '../../../shared/api/supervision-schemas.js';
import { MAX_TARGETS, TargetSchema, type Target } from '../../../shared/domain/polls/index.js';
import { desk } from '../../lib/desk-client.js';
import { zodRule } from '../lib/form.js';
import { notify } from '../lib/notify.js';
import { nextKey, pastedLabels } from '../lib/polls.js';

/** Where the clerk may pick rows from: 汇报单位 for ratings, the register of appointed persons for 任免, nothing for 票决 (projects are typed or pasted). */
export type TargetSource = 'bodies' | 'appointees' | null;

/** How a person from the register reads on the ballot: 李明（市教育局局长）. */
export function appointeeLabel(a: Pick<Appointee, 'name' | 'office'>): string {
  return a.office ? `${a.name}（${a.office}）` : a.name;
}

/** The register of appointed persons, serving first (appointee.list's order). */
function useAppointees(enabled: boolean): Appointee[] {
  const [list, setList] = useState<Appointee[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    desk.call('appointee.list', {}).then(
      (a) => live && setList(a),
      () => live && setList([]),
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  return list;
}

/**
 * The rows of a ballot sheet. Keys (t1, t2 …) are made here and never shown: labels are
 * what the clerk edits, and a stable key keeps a row's meaning when rows are reordered.
 */
export function PollTargetsField({ noun, bodies, source, placeholder }: { noun: string; bodies: Body[]; source: TargetSource; placeholder: string }) {
  const appointees = useAppointees(source === 'appointees');
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
  const personOptions = appointees
    .map((a) => ({ value: appointeeLabel(a), label: a.leftOn ? `${appointeeLabel(a)}（已离任）` : appointeeLabel(a) }))
    .filter((o, i, all) => !used.has(o.value) && all.findIndex((x) => x.value === o.value) === i);
  const picker =
    source === 'bodies'
      ? { placeholder: '从汇报单位中添加…', options: bodyOptions, empty: '没有可添加的汇报单位', label: '从汇报单位中添加' }
      : source === 'appointees'
        ? { placeholder: '从被任命人员名册中添加…', options: personOptions, empty: '名册中没有可添加的人员，请直接填写', label: '从被任命人员名册中添加' }
        : null;
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
            {picker ? (
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                value={null}
                placeholder={picker.placeholder}
                style={{ width: source === 'appointees' ? 280 : 220 }}
                options={picker.options}
                onSelect={(name: string | null) => name && append([name])}
                notFoundContent={picker.empty}
                aria-label={picker.label}
                disabled={fields.length >= MAX_TARGETS}
              />
            ) : null}
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
              placeholder={`例如从 Word 或 Excel 复制：\n${pasteExample(source)}`}
              aria-label="粘贴的内容"
            />
            <p className="muted paste-note">行首的编号（如“1.”“2、”“（三）”“④”）会自动去掉，空行忽略。</p>
          </Modal>
        </div>
      )}
    </Form.List>
  );
}

function pasteExample(source: TargetSource): string {
  if (source === 'appointees') return '1. 李明（市教育局局长）\n2. 陈静（市卫生健康委员会主任）';
  if (source === null) return '1. 城区老旧小区改造\n2. 中小学食堂提升';
  return '1. 市教育局\n2. 市卫生健康委员会\n3. 市交通运输局';
}
