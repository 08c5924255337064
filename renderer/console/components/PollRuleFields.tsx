import { Form, InputNumber, Select, Space, Switch, Tag } from 'antd';
import type { Quorum } from '../../../shared/domain/quorum.js';
import {
  DECISION_PRESETS,
  DecisionRuleSchema,
  DENOMINATOR_LABEL,
  DENOMINATORS,
  describeRule,
  isAdjusted,
  presetInfo,
  SATISFACTION_PRESETS,
  SatisfactionRuleSchema,
  shareText,
  type Denominator,
  type PollRule,
  type SatisfactionOption,
  type Threshold,
} from '../../../shared/domain/polls/index.js';

/** What the denominator is worth now, for the preview (returned and valid ballots are known only at the count). */
export function denominatorValue(kind: Denominator | undefined, quorum: Quorum | undefined): number | undefined {
  if (!quorum) return undefined;
  if (kind === 'all_members') return quorum.serving;
  if (kind === 'present') return quorum.present;
  return undefined;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A share of the denominator: 超过 / 不少于 and a fraction (1/2, 2/3) or, for rates, a
 * percentage (80%). Either way the stored form is num/den, so nothing is lost to rounding.
 */
export function ThresholdInput({
  value,
  onChange,
  percent,
  id,
  'aria-label': ariaLabel,
}: {
  value?: Threshold;
  onChange?: (t: Threshold) => void;
  percent?: boolean;
  id?: string;
  'aria-label'?: string;
}) {
  const t: Threshold = value ?? { num: 1, den: 2, inclusive: false };
  const set = (patch: Partial<Threshold>) => onChange?.({ ...t, ...patch });
  const compare = (
    <Select
      value={t.inclusive}
      onChange={(inclusive: boolean) => set({ inclusive })}
      style={{ width: 92 }}
      aria-label={`${ariaLabel ?? '比例'}：比较方式`}
      options={
        percent
          ? [
              { value: true, label: '不低于' },
              { value: false, label: '高于' },
            ]
          : [
              { value: false, label: '超过' },
              { value: true, label: '不少于' },
            ]
      }
    />
  );
  if (percent) {
    const pct = (t.num * 100) / t.den;
    return (
      <Space.Compact id={id}>
        {compare}
        <InputNumber
          value={Math.round(pct * 100) / 100}
          min={0.01}
          max={100}
          step={1}
          precision={2}
          style={{ width: 110 }}
          suffix="%"
          aria-label={`${ariaLabel ?? '比例'}：百分比`}
          onChange={(v) => {
            if (typeof v !== 'number') return;
            const num = Math.round(v * 100);
            const g = gcd(num, 10000);
            set({ num: num / g, den: 10000 / g });
          }}
        />
      </Space.Compact>
    );
  }
  return (
    <Space size={6} id={id} className="threshold-input">
      {compare}
      <InputNumber value={t.num} min={1} max={1000} precision={0} style={{ width: 72 }} onChange={(v) => typeof v === 'number' && set({ num: v })} aria-label={`${ariaLabel ?? '比例'}：分子`} />
      <span>/</span>
      <InputNumber value={t.den} min={1} max={1000} precision={0} style={{ width: 72 }} onChange={(v) => typeof v === 'number' && set({ den: v })} aria-label={`${ariaLabel ?? '比例'}：分母`} />
      <span className="muted">即{t.num <= t.den ? shareText(t) : '（超过全数）'}</span>
    </Space>
  );
}

const DENOMINATOR_OPTIONS = DENOMINATORS.map((d) => ({ value: d, label: DENOMINATOR_LABEL[d] }));

function presetOption(p: { key: string; name: string; practice: string }) {
  return { value: p.key, label: p.name, practice: p.practice };
}

function presetRender(option: { data: { label?: unknown; practice?: string } }) {
  return (
    <div className="preset-option">
      <div className="preset-name">{String(option.data.label)}</div>
      <div className="preset-practice">{option.data.practice}</div>
    </div>
  );
}

/**
 * The live rule text, exactly as it will be printed with the result. Named for what it
 * shows: a rating's 评定规则 (how the verdict is reached), a vote's 通过规则 (when it passes).
 */
export function RulePreview({ rule, quorum, labels }: { rule: unknown; quorum?: Quorum; labels?: Partial<Record<SatisfactionOption, string>> }) {
  const rating = Boolean(rule && typeof rule === 'object' && 'preset' in rule && SATISFACTION_PRESETS.some((p) => p.key === (rule as { preset: string }).preset));
  const schema = rating ? SatisfactionRuleSchema : DecisionRuleSchema;
  const head = rating ? '结果中印出的评定规则' : '结果中印出的通过规则';
  const parsed = schema.safeParse(rule);
  if (!parsed.success) {
    return (
      <div className="rule-preview is-error" data-testid="rule-preview">
        <div className="rule-preview-head">{head}</div>
        <div>参数有误：{parsed.error.issues[0]?.message}</div>
      </div>
    );
  }
  const r = parsed.data as PollRule;
  const info = presetInfo(r);
  const value = denominatorValue(r.denominator, quorum);
  return (
    <div className="rule-preview" data-testid="rule-preview">
      <div className="rule-preview-head">
        {head}：{info.name}
        {isAdjusted(r) ? <Tag color="orange">参数已调整</Tag> : null}
      </div>
      <div className="rule-preview-text">{describeRule(r, { value, labels })}</div>
      <div className="rule-preview-meta">
        依据：{info.practice}；计票基数：{DENOMINATOR_LABEL[r.denominator]}
        {value !== undefined ? `（现为 ${value} ${r.denominator === 'all_members' || r.denominator === 'present' ? '人' : '张'}）` : '（结束表决时确定）'}
      </div>
    </div>
  );
}

/** Preset and its parameters for a satisfaction rating. */
export function SatisfactionRuleFields({ quorum, labels }: { quorum?: Quorum; labels: Partial<Record<SatisfactionOption, string>> }) {
  const form = Form.useFormInstance();
  const rule = Form.useWatch('rule', { form, preserve: true }) as { preset?: string; basically?: Threshold | null } | undefined;
  const preset = rule?.preset;
  return (
    <>
      <Form.Item name={['rule', 'preset']} label="评定规则（预设）" extra="各地做法不同，选择本地采用的规则；参数可按本地规定调整">
        <Select options={SATISFACTION_PRESETS.map(presetOption)} optionRender={presetRender} aria-label="评定规则" data-testid="rule-preset" />
      </Form.Item>
      <div className="rule-params">
        <Form.Item name={['rule', 'denominator']} label="计票基数">
          <Select options={DENOMINATOR_OPTIONS} style={{ width: 180 }} aria-label="计票基数" />
        </Form.Item>
        {preset === 'majority_of_all_three_tier' || preset === 'unsatisfied_majority' ? (
          <Form.Item name={['rule', 'threshold']} label={preset === 'unsatisfied_majority' ? '不满意票须' : '满意票须'}>
            <ThresholdInput aria-label="比例" />
          </Form.Item>
        ) : null}
        {preset === 'unsatisfied_majority' ? (
          <Form.Item name={['rule', 'tie']} label="满意与基本满意票相等时">
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'basically', label: `评为${labels.basically ?? '基本满意'}` },
                { value: 'satisfied', label: `评为${labels.satisfied ?? '满意'}` },
              ]}
            />
          </Form.Item>
        ) : null}
        {preset === 'satisfaction_rate' ? (
          <>
            <Form.Item name={['rule', 'satisfied']} label={`满意率（评为${labels.satisfied ?? '满意'}）`}>
              <ThresholdInput percent aria-label="满意档" />
            </Form.Item>
            <Form.Item label={`设“${labels.basically ?? '基本满意'}”档`}>
              <Space>
                <Switch
                  checked={rule?.basically !== null && rule?.basically !== undefined}
                  onChange={(on) => form.setFieldValue(['rule', 'basically'], on ? { num: 3, den: 5, inclusive: true } : null)}
                  aria-label="设基本满意档"
                />
                {rule?.basically ? (
                  <Form.Item name={['rule', 'basically']} noStyle>
                    <ThresholdInput percent aria-label="基本满意档" />
                  </Form.Item>
                ) : null}
              </Space>
            </Form.Item>
          </>
        ) : null}
      </div>
      <RulePreview rule={rule} quorum={quorum} labels={labels} />
    </>
  );
}

/** Preset or custom share for decisions and appointments. */
export function DecisionRuleFields({ quorum }: { quorum?: Quorum }) {
  const form = Form.useFormInstance();
  const rule = Form.useWatch('rule', { form, preserve: true }) as unknown;
  return (
    <>
      <Form.Item name={['rule', 'preset']} label="通过规则">
        <Select options={DECISION_PRESETS.map(presetOption)} optionRender={presetRender} aria-label="通过规则" />
      </Form.Item>
      <div className="rule-params">
        <Form.Item name={['rule', 'denominator']} label="计票基数">
          <Select options={DENOMINATOR_OPTIONS} style={{ width: 180 }} aria-label="计票基数" />
        </Form.Item>
        <Form.Item name={['rule', 'threshold']} label="赞成票须">
          <ThresholdInput aria-label="通过比例" />
        </Form.Item>
      </div>
      <RulePreview rule={rule} quorum={quorum} />
    </>
  );
}
