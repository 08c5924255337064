import { ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { PollDetail } from '../../../shared/api/poll-schemas.js';
import type { AgendaItem, Meeting } from '../../../shared/api/schemas.js';
import { VOTE_KIND_LABEL, VOTE_KINDS } from '../../../shared/domain/labels.js';
import {
  DEFAULT_GRADE_BANDS,
  DEFAULT_SATISFACTION_OPTIONS,
  decisionPreset,
  PARTIAL_SHEET_LABEL,
  PARTIAL_SHEET_POLICIES,
  PollDefinitionSchema,
  SATISFACTION_OPTION_LABEL,
  satisfactionPreset,
  SATISFACTION_PRESETS,
  SatisfactionPollSchema,
  TargetSchema,
  type Aggregation,
  type DecisionRule,
  type GradeBand,
  type Indicator,
  type PartialSheetPolicy,
  type PollDefinition,
  type PollDefinitionInput,
  type PollKind,
  type RaterGroup,
  type SatisfactionOption,
  type SatisfactionRule,
  type Target,
} from '../../../shared/domain/polls/index.js';
import { desk, DeskError } from '../../lib/desk-client.js';
import { zodRule } from '../lib/form.js';
import { notify, showError } from '../lib/notify.js';
import { newPollLabel, ROW_NOUN, roundLabel } from '../lib/polls.js';
import { useBodyStore } from '../stores/body-store.js';
import { DecisionRuleFields, SatisfactionRuleFields } from './PollRuleFields.js';
import { PollScoringFields } from './PollScoringFields.js';
import { PollTargetsField } from './PollTargetsField.js';

/** The form mirrors the definition's shape, so the schema's issue paths name its fields. */
export interface PollFormValues {
  kind: PollKind;
  title: string;
  anonymous: boolean;
  targets: Target[];
  /** All three options; 基本满意 is left out of the definition unless `useBasically`. */
  options: { key: SatisfactionOption; label: string }[];
  useBasically: boolean;
  rule: SatisfactionRule | DecisionRule;
  partialSheet: PartialSheetPolicy;
  combined: boolean;
  combinedLabel: string;
  scale: { mode: 'single' | 'indicators'; min: number; max: number; step: number; indicators: Indicator[] };
  aggregation: Aggregation;
  grades: GradeBand[];
  useGroups: boolean;
  groups: RaterGroup[];
  maxChoices: number | null;
  minChoices: number;
  requireMajority: boolean;
  autoClose: boolean;
  doubleEntry: boolean;
}

const isSatisfactionRule = (rule: { preset: string } | undefined): rule is SatisfactionRule => SATISFACTION_PRESETS.some((p) => p.key === rule?.preset);

function defaultRule(kind: PollKind): SatisfactionRule | DecisionRule {
  return kind === 'satisfaction' ? satisfactionPreset('majority_of_all_three_tier') : decisionPreset('majority_of_all');
}

/** What the form needs of the agenda item: defaults for the title, the targets and the kind. */
type ItemInfo = Pick<AgendaItem, 'id' | 'title' | 'bodyName' | 'voteKind'>;

function defaultTargets(kind: PollKind, item: ItemInfo): Target[] {
  if (kind === 'decision') return [{ key: 't1', label: item.title }];
  if ((kind === 'satisfaction' || kind === 'scoring') && item.bodyName) return [{ key: 't1', label: item.bodyName }];
  return [];
}

function initialValues(item: ItemInfo, poll: PollDetail | null): PollFormValues {
  const kind: PollKind = poll?.kind ?? item.voteKind ?? 'satisfaction';
  const base: PollFormValues = {
    kind,
    title: item.title,
    anonymous: true,
    targets: defaultTargets(kind, item),
    options: DEFAULT_SATISFACTION_OPTIONS.map((o) => ({ ...o })),
    useBasically: true,
    rule: defaultRule(kind),
    partialSheet: 'count_filled',
    combined: false,
    combinedLabel: '全部人选（合并表决）',
    scale: { mode: 'single', min: 0, max: 100, step: 1, indicators: [{ key: 'i1', label: '', maxPoints: 20, weight: null }] },
    aggregation: 'mean',
    grades: DEFAULT_GRADE_BANDS.map((g) => ({ ...g })),
    useGroups: false,
    groups: [],
    maxChoices: null,
    minChoices: 1,
    requireMajority: false,
    autoClose: poll?.autoClose ?? false,
    doubleEntry: poll?.doubleEntry ?? false,
  };
  if (!poll) return base;
  const d: PollDefinition = poll.definition;
  const v: PollFormValues = { ...base, title: d.title, anonymous: d.anonymous, targets: d.targets.map((t) => ({ ...t })) };
  switch (d.kind) {
    case 'satisfaction':
      return {
        ...v,
        options: base.options.map((o) => d.options.find((x) => x.key === o.key) ?? o),
        useBasically: d.options.some((o) => o.key === 'basically'),
        rule: d.rule,
        partialSheet: d.partialSheet,
      };
    case 'decision':
      return { ...v, rule: d.rule };
    case 'appointment':
      return { ...v, rule: d.rule, combined: d.combined, combinedLabel: d.combinedLabel, partialSheet: d.partialSheet };
    case 'scoring':
      return {
        ...v,
        scale:
          d.scale.mode === 'single'
            ? { ...base.scale, mode: 'single', min: d.scale.min, max: d.scale.max, step: d.scale.step }
            : { ...base.scale, mode: 'indicators', step: d.scale.step, indicators: d.scale.indicators },
        aggregation: d.aggregation,
        grades: d.grades,
        useGroups: d.groups.length > 0,
        groups: d.groups,
        partialSheet: d.partialSheet,
      };
    case 'selection':
      return { ...v, maxChoices: d.maxChoices, minChoices: d.minChoices, requireMajority: d.requireMajority };
  }
}

export function buildDefinition(v: PollFormValues): PollDefinitionInput {
  const common = { title: v.title, anonymous: v.anonymous, targets: v.targets.map((t) => ({ key: t.key, label: t.label })) };
  switch (v.kind) {
    case 'satisfaction':
      return {
        kind: 'satisfaction',
        ...common,
        options: v.options.filter((o) => o.key !== 'basically' || v.useBasically),
        rule: v.rule as SatisfactionRule,
        partialSheet: v.partialSheet,
      };
    case 'decision':
      return { kind: 'decision', ...common, targets: common.targets.slice(0, 1), rule: v.rule as DecisionRule };
    case 'appointment':
      return { kind: 'appointment', ...common, combined: v.combined, combinedLabel: v.combinedLabel, rule: v.rule as DecisionRule, partialSheet: v.partialSheet };
    case 'scoring':
      return {
        kind: 'scoring',
        ...common,
        scale:
          v.scale.mode === 'single'
            ? { mode: 'single', min: v.scale.min, max: v.scale.max, step: v.scale.step }
            : { mode: 'indicators', step: v.scale.step, indicators: v.scale.indicators.map((i) => ({ ...i, weight: i.weight ?? null })) },
        aggregation: v.aggregation,
        grades: v.grades,
        groups: v.useGroups ? v.groups : [],
        partialSheet: v.partialSheet,
      };
    case 'selection':
      return {
        kind: 'selection',
        ...common,
        maxChoices: v.maxChoices ?? 0,
        minChoices: v.minChoices,
        requireMajority: v.requireMajority,
      };
  }
}

type Path = (string | number)[];
interface Issue {
  path: Path;
  message: string;
}

const TARGET_NOUN: Record<PollKind, string> = ROW_NOUN;

/**
 * Where an issue of the definition goes in the form. Thresholds are edited as one field,
 * and 基本满意 may be absent from the definition's options, so those paths are rewritten.
 */
function fieldName(path: Path, v: PollFormValues): Path {
  const [head, ...rest] = path;
  if (head === 'rule' && (rest[0] === 'threshold' || rest[0] === 'satisfied' || rest[0] === 'basically')) return ['rule', rest[0]];
  if (head === 'options' && typeof rest[0] === 'number') {
    const defOptions = v.options.filter((o) => o.key !== 'basically' || v.useBasically);
    const key = defOptions[rest[0]]?.key;
    const index = v.options.findIndex((o) => o.key === key);
    return ['options', index < 0 ? rest[0] : index, ...rest.slice(1)];
  }
  return path;
}

function issueLabel(path: Path, v: PollFormValues): string {
  const [head, i] = path;
  if (head === 'targets' && typeof i === 'number') return `第 ${i + 1} 个${TARGET_NOUN[v.kind]}：`;
  if (head === 'scale' && path[1] === 'indicators' && typeof path[2] === 'number') return `第 ${path[2] + 1} 项指标：`;
  if (head === 'grades' && typeof i === 'number') return `第 ${i + 1} 个等次：`;
  if (head === 'groups' && typeof i === 'number') return `第 ${i + 1} 个评议人类别：`;
  return '';
}

const fromDotted = (p: string): Path =>
  p
    .split('.')
    .filter(Boolean)
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));

export function PollFormDrawer({
  meeting,
  item,
  poll,
  onClose,
  onSaved,
}: {
  meeting: Meeting;
  item: ItemInfo;
  poll: PollDetail | null;
  onClose: () => void;
  onSaved: (poll: PollDetail) => void;
}) {
  const [form] = Form.useForm<PollFormValues>();
  const { modal } = App.useApp();
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);
  useEffect(() => {
    if (!bodiesLoaded) void loadBodies();
  }, [bodiesLoaded, loadBodies]);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const initial = useMemo(() => initialValues(item, poll), [item, poll]);
  const runoff = poll?.definition.kind === 'selection' ? (poll.definition.runoff ?? null) : null;
  const kind = (Form.useWatch('kind', form) as PollKind | undefined) ?? initial.kind;
  // Kept outside the form: choosing 记名 must wait for the confirmation before it takes effect.
  const [anonymous, setAnonymous] = useState(initial.anonymous);
  const options = (Form.useWatch('options', { form, preserve: true }) as PollFormValues['options'] | undefined) ?? initial.options;
  const useBasically = (Form.useWatch('useBasically', form) as boolean | undefined) ?? initial.useBasically;
  const combined = Form.useWatch('combined', form) as boolean | undefined;
  const labels = Object.fromEntries(options.map((o) => [o.key, o.label || SATISFACTION_OPTION_LABEL[o.key]])) as Record<SatisfactionOption, string>;

  const applyIssues = (issues: Issue[], v: PollFormValues) => {
    const byField = new Map<string, { name: Path; errors: string[] }>();
    for (const issue of issues) {
      const name = fieldName(issue.path, v);
      const id = JSON.stringify(name);
      const entry = byField.get(id) ?? { name, errors: [] };
      entry.errors.push(issue.message);
      byField.set(id, entry);
    }
    form.setFields([...byField.values()].filter((f) => f.name.length > 0).map((f) => ({ name: f.name as never, errors: f.errors })));
    setProblems(issues.map((i) => `${issueLabel(i.path, v)}${i.message}`));
  };

  const chooseAnonymity = (value: boolean) => {
    if (value) {
      setAnonymous(true);
      return;
    }
    modal.confirm({
      title: '改为记名表决？',
      icon: <ExclamationCircleFilled style={{ color: '#cf1322' }} />,
      content: '记名表决会把每位组成人员的选择与本人对应记录，并在各处标明“记名”。表决开始后不能再改回无记名。除非会议决定记名表决，请保持无记名。',
      okText: '确认改为记名',
      okButtonProps: { danger: true },
      cancelText: '保持无记名',
      onOk: () => setAnonymous(false),
    });
  };

  const submit = async () => {
    setProblems([]);
    try {
      await form.validateFields();
    } catch {
      setProblems(['请先修改标红的内容']);
      return;
    }
    const v = { ...(form.getFieldsValue(true) as PollFormValues), anonymous };
    const built = buildDefinition(v);
    // The form has no field for it: a run-off stays the run-off of its tie.
    const definition = built.kind === 'selection' && runoff ? { ...built, runoff } : built;
    const parsed = PollDefinitionSchema.safeParse(definition);
    if (!parsed.success) {
      applyIssues(
        parsed.error.issues.map((i) => ({ path: i.path.filter((p): p is string | number => typeof p !== 'symbol'), message: i.message })),
        v,
      );
      return;
    }
    setSaving(true);
    try {
      const settings = { autoClose: v.autoClose, doubleEntry: v.doubleEntry };
      const saved = poll
        ? await desk.call('poll.update', { id: poll.id, definition, ...settings })
        : await desk.call('poll.create', { agendaItemId: item.id, definition, ...settings });
      notify.success(poll ? '已保存表决内容' : `已${newPollLabel(v.kind)}：${saved.title}`);
      onSaved(saved);
    } catch (err) {
      if (err instanceof DeskError && err.issues.length > 0) {
        const issues = err.issues.map((i) => {
          const path = fromDotted(i.path);
          return { path: path[0] === 'definition' ? path.slice(1) : path, message: i.message };
        });
        applyIssues(issues, v);
        if (err.code !== 'VALIDATION') notify.error(err.message);
      } else {
        showError(err);
      }
    } finally {
      setSaving(false);
    }
  };

  const onValuesChange = (changed: Partial<PollFormValues>) => {
    if (problems.length > 0) setProblems([]);
    if (changed.kind) {
      const k = changed.kind;
      const targets = (form.getFieldValue('targets') as Target[] | undefined) ?? [];
      form.setFieldValue('rule', defaultRule(k));
      if (k === 'decision' && targets.length !== 1) form.setFieldValue('targets', [{ key: 't1', label: targets[0]?.label ?? item.title }]);
      else if (targets.length === 0) form.setFieldValue('targets', defaultTargets(k, item));
    }
    const preset = (changed.rule as { preset?: string } | undefined)?.preset;
    if (preset) {
      // A new preset starts from its own parameters; otherwise the old ones would silently carry over.
      form.setFieldValue('rule', isSatisfactionRule({ preset }) ? satisfactionPreset(preset as SatisfactionRule['preset']) : decisionPreset(preset as DecisionRule['preset']));
    }
  };

  const satisfactionRuleOk = kind === 'satisfaction' && isSatisfactionRule(form.getFieldValue('rule') as { preset: string } | undefined);

  return (
    <Drawer
      open
      size={920}
      title={poll ? `编辑表决：${poll.title}` : `${newPollLabel(kind)}：${item.title}`}
      onClose={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      className="poll-form-drawer"
      footer={
        <div className="drawer-footer">
          {anonymous ? (
            <span className="muted">无记名表决：选票不记录投票人</span>
          ) : (
            <span className="named-warning">
              <ExclamationCircleFilled /> 记名表决
            </span>
          )}
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" loading={saving} onClick={submit} data-testid="poll-form-submit">
              {poll ? '保存' : newPollLabel(kind)}
            </Button>
          </Space>
        </div>
      }
    >
      <Form<PollFormValues> form={form} layout="vertical" initialValues={initial} onValuesChange={onValuesChange} className="poll-form">
        {problems.length > 0 ? (
          <Alert
            type="error"
            showIcon
            className="form-problems"
            title={problems.length === 1 ? problems[0] : `有 ${problems.length} 处需要修改`}
            description={problems.length > 1 ? <ul>{problems.map((p, i) => <li key={i}>{p}</li>)}</ul> : undefined}
          />
        ) : null}
        <h3 className="form-section">基本信息</h3>
        <Form.Item name="kind" label="表决方式">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            disabled={poll !== null}
            options={VOTE_KINDS.map((k) => ({ value: k, label: VOTE_KIND_LABEL[k] }))}
            aria-label="表决方式"
          />
        </Form.Item>
        <Form.Item name="title" label="表决名称（印在选票和结果上）" rules={zodRule(SatisfactionPollSchema.shape.title, '请填写表决名称')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={200} />
        </Form.Item>
        <Form.Item label="投票方式" required>
          <Radio.Group
            onChange={(e) => chooseAnonymity(e.target.value as boolean)}
            value={anonymous}
            aria-label="投票方式"
            options={[
              { value: true, label: '无记名（默认）' },
              { value: false, label: '记名' },
            ]}
          />
          {!anonymous ? (
            <Alert
              type="error"
              showIcon
              className="named-alert"
              title="记名表决"
              description="每位组成人员的选择将与本人对应记录，结果和投影上均标明“记名”。"
              action={
                <Button size="small" onClick={() => chooseAnonymity(true)}>
                  改回无记名
                </Button>
              }
            />
          ) : null}
        </Form.Item>

        <h3 className="form-section">{kind === 'decision' ? '表决事项' : TARGET_NOUN[kind]}</h3>
        {kind === 'decision' ? (
          <Form.Item name={['targets', 0, 'label']} label="表决事项（议案名称）" rules={zodRule(TargetSchema.shape.label, '请填写表决事项')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={100} />
          </Form.Item>
        ) : runoff ? (
          // A run-off's candidates and seats come from the tie it settles (poll.newRound); only wording and settings are edited.
          <Alert
            type="info"
            showIcon
            className="runoff-locked"
            title={`另行投票：候选项目和名额由${roundLabel(runoff.round)}的结果确定，不能修改`}
            description={
              <ol className="summary-targets">
                {initial.targets.map((t) => (
                  <li key={t.key}>{t.label}</li>
                ))}
              </ol>
            }
          />
        ) : (
          <PollTargetsField
            noun={TARGET_NOUN[kind]}
            bodies={bodies}
            source={kind === 'appointment' ? 'appointees' : kind === 'selection' ? null : 'bodies'}
            placeholder={kind === 'appointment' ? '如：张三（市教育局局长）' : kind === 'selection' ? '如：城区老旧小区改造' : '如：市教育局'}
          />
        )}
        {kind === 'appointment' ? (
          <Space align="start" size={24} className="inline-fields">
            <Form.Item name="combined" label="合并表决" valuePropName="checked" extra="经会议决定，可对全部人选一并表决">
              <Switch aria-label="合并表决" />
            </Form.Item>
            {combined ? (
              <Form.Item name="combinedLabel" label="合并表决在选票上的名称" rules={zodRule(TargetSchema.shape.label, '请填写名称')}>
                <Input style={{ width: 320 }} maxLength={100} />
              </Form.Item>
            ) : null}
          </Space>
        ) : null}
        <h3 className="form-section">{kind === 'scoring' ? '评分与等次' : kind === 'selection' ? '应选数' : '选项与评定规则'}</h3>
        {kind === 'selection' ? (
          <Space align="start" size={24} className="inline-fields">
            <Form.Item name="maxChoices" label="应选数（每张选票最多选）" rules={[{ required: true, message: '请填写应选数' }]}>
              <InputNumber min={1} max={60} precision={0} style={{ width: 120 }} suffix="项" disabled={runoff !== null} />
            </Form.Item>
            <Form.Item name="minChoices" label="最少须选">
              <InputNumber min={1} max={60} precision={0} style={{ width: 120 }} suffix="项" disabled={runoff !== null} />
            </Form.Item>
            <Form.Item name="requireMajority" label="入选还须得票过有效票半数" valuePropName="checked">
              <Switch disabled={runoff !== null} />
            </Form.Item>
          </Space>
        ) : null}

        {kind === 'satisfaction' ? (
          <>
            <Form.Item label="选项（印在选票上的文字，可修改）">
              <Space wrap>
                {options.map((o, i) => (
                  <Form.Item key={o.key} name={['options', i, 'label']} noStyle>
                    <Input style={{ width: 120 }} maxLength={20} disabled={o.key === 'basically' && !useBasically} aria-label={`选项 ${i + 1}`} />
                  </Form.Item>
                ))}
                <Form.Item name="useBasically" valuePropName="checked" noStyle>
                  <Checkbox>设“{labels.basically}”档</Checkbox>
                </Form.Item>
              </Space>
            </Form.Item>
            {satisfactionRuleOk ? <SatisfactionRuleFields quorum={meeting.quorum} labels={labels} /> : null}
          </>
        ) : null}
        {kind === 'decision' || kind === 'appointment' ? <DecisionRuleFields quorum={meeting.quorum} /> : null}
        {kind === 'scoring' ? <PollScoringFields /> : null}
        {kind !== 'decision' && kind !== 'selection' ? (
          <Form.Item name="partialSheet" label="多个对象的选票有个别未填或多选时">
            <Select options={PARTIAL_SHEET_POLICIES.map((p) => ({ value: p, label: PARTIAL_SHEET_LABEL[p] }))} style={{ maxWidth: 480 }} />
          </Form.Item>
        ) : null}

        <h3 className="form-section">投票与录入</h3>
        <Form.Item name="autoClose" valuePropName="checked" className="compact-item">
          <Checkbox>全部出席人员投票后自动结束</Checkbox>
        </Form.Item>
        <Form.Item name="doubleEntry" valuePropName="checked" className="compact-item" extra="每张纸质选票由两人分别录入，两遍一致才计入；不勾选时也可以抽查复核">
          <Checkbox>纸质选票双人录入</Checkbox>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
