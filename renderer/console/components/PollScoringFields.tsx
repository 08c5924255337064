import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Radio, Space, Switch } from 'antd';
import {
  AGGREGATION_LABEL,
  AGGREGATIONS,
  DEFAULT_GRADE_BANDS,
  GradeBandSchema,
  IndicatorSchema,
  RaterGroupSchema,
  SUGGESTED_RATER_GROUPS,
  type GradeBand,
  type Indicator,
  type RaterGroup,
} from '../../../shared/domain/polls/index.js';
import { zodRule } from '../lib/form.js';
import { nextKey } from '../lib/polls.js';

/** Scale (single 0–100 or indicators), aggregation, grade bands and rater groups. */
export function PollScoringFields() {
  const form = Form.useFormInstance();
  const mode = Form.useWatch(['scale', 'mode'], form) as 'single' | 'indicators' | undefined;
  const useGroups = Form.useWatch('useGroups', form) as boolean | undefined;
  const indicators = (Form.useWatch(['scale', 'indicators'], { form, preserve: true }) as Indicator[] | undefined) ?? [];
  const total = indicators.reduce((s, i) => s + (typeof i?.maxPoints === 'number' ? i.maxPoints : 0), 0);

  return (
    <>
      <Form.Item name={['scale', 'mode']} label="评分方式">
        <Radio.Group
          optionType="button"
          options={[
            { value: 'single', label: '直接打总分' },
            { value: 'indicators', label: '分项指标打分' },
          ]}
        />
      </Form.Item>
      {mode === 'indicators' ? (
        <Form.List name={['scale', 'indicators']}>
          {(fields, { remove }) => (
            <div className="sub-list">
              <div className="sub-list-head">
                <span>指标名称</span>
                <span>满分</span>
                <span>权重（不填则按满分）</span>
              </div>
              {fields.map((field, i) => (
                <div key={field.key} className="sub-list-row">
                  <Form.Item name={[field.name, 'label']} rules={zodRule(IndicatorSchema.shape.label, '请填写指标名称')}>
                    <Input placeholder={`指标 ${i + 1}，如：工作措施`} aria-label={`第 ${i + 1} 项指标名称`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'maxPoints']} rules={zodRule(IndicatorSchema.shape.maxPoints, '请填写满分')}>
                    <InputNumber min={0.01} max={1000} style={{ width: '100%' }} aria-label={`第 ${i + 1} 项指标满分`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'weight']}>
                    <InputNumber min={0.01} max={1000} style={{ width: '100%' }} placeholder="同满分" aria-label={`第 ${i + 1} 项指标权重`} />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(i)} disabled={fields.length <= 1} aria-label={`删除第 ${i + 1} 项指标`} />
                </div>
              ))}
              <Space>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => {
                    const cur = (form.getFieldValue(['scale', 'indicators']) as Indicator[] | undefined) ?? [];
                    form.setFieldValue(['scale', 'indicators'], [...cur, { key: nextKey('i', cur.map((x) => x.key)), label: '', maxPoints: 20, weight: null }]);
                  }}
                  disabled={fields.length >= 20}
                >
                  添加指标
                </Button>
                <span className="muted">各项满分合计 {total} 分；每张选票的得分折算为百分制。</span>
              </Space>
            </div>
          )}
        </Form.List>
      ) : (
        <Space size={16} className="inline-fields">
          <Form.Item name={['scale', 'min']} label="最低分">
            <InputNumber min={0} max={1000} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name={['scale', 'max']} label="最高分">
            <InputNumber min={0} max={1000} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name={['scale', 'step']} label="计分单位">
            <InputNumber min={0.01} max={1000} style={{ width: 100 }} />
          </Form.Item>
        </Space>
      )}
      <Form.Item name="aggregation" label="计分方法">
        <Radio.Group options={AGGREGATIONS.map((a) => ({ value: a, label: AGGREGATION_LABEL[a] }))} />
      </Form.Item>
      <Form.List name="grades">
        {(fields, { remove }) => (
          <Form.Item label="等次分数线" extra="得分达到某等次的分数线即评为该等次，从高到低判断">
            <div className="grade-list">
              {fields.map((field, i) => (
                <Space.Compact key={field.key} className="grade-item">
                  <Form.Item name={[field.name, 'label']} noStyle rules={zodRule(GradeBandSchema.shape.label, '请填写等次名称')}>
                    <Input style={{ width: 72 }} aria-label={`第 ${i + 1} 个等次名称`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'min']} noStyle>
                    <InputNumber min={0} max={1000} style={{ width: 96 }} prefix="≥" aria-label={`第 ${i + 1} 个等次分数线`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label={`删除第 ${i + 1} 个等次`} />
                </Space.Compact>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  const cur = (form.getFieldValue('grades') as GradeBand[] | undefined) ?? [];
                  form.setFieldValue('grades', [...cur, { key: nextKey('g', cur.map((g) => g.key)), label: '', min: 0 }]);
                }}
                disabled={fields.length >= 10}
              >
                添加等次
              </Button>
              <Button type="link" onClick={() => form.setFieldValue('grades', DEFAULT_GRADE_BANDS)}>
                恢复默认（优秀 ≥ 90，良好 ≥ 80，一般 ≥ 60，较差）
              </Button>
            </div>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item label="分类别评议" extra="常委会组成人员、人大代表、服务对象等分别打分，按权重合成总分；每张选票须注明评议人类别">
        <Space align="start" orientation="vertical" style={{ width: '100%' }}>
          <Form.Item name="useGroups" valuePropName="checked" noStyle>
            <Switch
              aria-label="分类别评议"
              onChange={(on) => {
                const cur = (form.getFieldValue('groups') as RaterGroup[] | undefined) ?? [];
                if (on && cur.length === 0) form.setFieldValue('groups', SUGGESTED_RATER_GROUPS.map((g, i) => ({ ...g, weight: i === 0 ? 50 : 25 })));
              }}
            />
          </Form.Item>
          {useGroups ? (
            <Form.List name="groups">
              {(fields, { remove }) => (
                <div className="grade-list">
                  {fields.map((field, i) => (
                    <Space.Compact key={field.key} className="grade-item">
                      <Form.Item name={[field.name, 'label']} noStyle rules={zodRule(RaterGroupSchema.shape.label, '请填写类别名称')}>
                        <Input style={{ width: 170 }} aria-label={`第 ${i + 1} 个评议人类别`} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'weight']} noStyle>
                        <InputNumber min={0.01} max={1000} style={{ width: 110 }} prefix="权重" aria-label={`第 ${i + 1} 个类别权重`} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label={`删除第 ${i + 1} 个类别`} />
                    </Space.Compact>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => {
                      const cur = (form.getFieldValue('groups') as RaterGroup[] | undefined) ?? [];
                      form.setFieldValue('groups', [...cur, { key: nextKey('r', cur.map((g) => g.key)), label: '', weight: 1 }]);
                    }}
                    disabled={fields.length >= 6}
                  >
                    添加类别
                  </Button>
                </div>
              )}
            </Form.List>
          ) : null}
        </Space>
      </Form.Item>
    </>
  );
}
