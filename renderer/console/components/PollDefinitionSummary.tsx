import { Descriptions, Tag } from 'antd';
import { memo } from 'react';
import {
  AGGREGATION_LABEL,
  ballotRows,
  describeRule,
  isAdjusted,
  PARTIAL_SHEET_LABEL,
  presetInfo,
  type PollDefinition,
  type SatisfactionOption,
} from '../../../shared/domain/polls/index.js';
import { chineseNumber } from '../../../shared/domain/format.js';
import { choiceOptions, ROW_NOUN } from '../lib/polls.js';
import { denominatorValue } from './PollRuleFields.js';

/** What the poll asks and how it will be counted, as the clerk set it up. */
export const PollDefinitionSummary = memo(function PollDefinitionSummary({
  definition: d,
  autoClose,
  doubleEntry,
  serving,
  present,
}: {
  definition: PollDefinition;
  autoClose: boolean;
  doubleEntry: boolean;
  /** Known member counts, for the rule text (全体组成人员（29人）). */
  serving?: number;
  present?: number;
}) {
  const quorum = serving === undefined ? undefined : { serving, present: present ?? 0, required: 0, met: true };
  const rows = d.kind === 'scoring' || d.kind === 'selection' ? d.targets : ballotRows(d);
  const items = [
    {
      key: 'targets',
      label: d.kind === 'decision' ? ROW_NOUN.decision : `${d.kind === 'appointment' && d.combined ? '合并表决' : ROW_NOUN[d.kind]}（${rows.length}）`,
      span: 2,
      children: (
        <ol className="summary-targets">
          {rows.map((t) => (
            <li key={t.key}>{t.label}</li>
          ))}
        </ol>
      ),
    },
  ];
  if (d.kind === 'appointment' && d.combined) {
    items.push({ key: 'persons', label: '合并表决的人选', span: 2, children: <span>{d.targets.map((t) => t.label).join('、')}</span> });
  }
  const opts = choiceOptions(d);
  if (opts.length > 0) {
    items.push({
      key: 'options',
      label: '选项',
      span: 2,
      children: (
        <span>
          {opts.map((o) => (
            <Tag key={o.key}>{o.label}</Tag>
          ))}
        </span>
      ),
    });
  }
  if (d.kind === 'satisfaction' || d.kind === 'decision' || d.kind === 'appointment') {
    const info = presetInfo(d.rule);
    const labels = d.kind === 'satisfaction' ? (Object.fromEntries(d.options.map((o) => [o.key, o.label])) as Partial<Record<SatisfactionOption, string>>) : undefined;
    items.push({
      key: 'rule',
      label: '评定规则',
      span: 2,
      children: (
        <div>
          <div>
            <b>{info.name}</b>
            {isAdjusted(d.rule) ? <span className="rule-adjusted">（参数已调整）</span> : null}
          </div>
          <div className="rule-preview-text">{describeRule(d.rule, { value: denominatorValue(d.rule.denominator, quorum), labels })}</div>
        </div>
      ),
    });
  }
  if (d.kind === 'scoring') {
    items.push(
      {
        key: 'scale',
        label: '评分方式',
        span: 1,
        children: (
          <span>
            {d.scale.mode === 'single'
              ? `直接打总分（${d.scale.min}–${d.scale.max} 分）`
              : `分项指标：${d.scale.indicators.map((i) => `${i.label}（${i.maxPoints} 分）`).join('、')}`}
          </span>
        ),
      },
      { key: 'agg', label: '计分方法', span: 1, children: <span>{AGGREGATION_LABEL[d.aggregation]}</span> },
      { key: 'grades', label: '等次', span: 2, children: <span>{d.grades.map((g) => `${g.label} ≥ ${g.min}`).join('，')}</span> },
    );
    if (d.groups.length > 0) items.push({ key: 'groups', label: '评议人类别', span: 2, children: <span>{d.groups.map((g) => `${g.label}（权重 ${g.weight}）`).join('，')}</span> });
  }
  if (d.kind === 'selection' && d.runoff) {
    items.push({
      key: 'runoff',
      label: '另行投票',
      span: 2,
      children: (
        <span data-testid="runoff-note">
          本轮只列第{chineseNumber(d.runoff.round)}轮得票相同的 {d.targets.length} 个项目，决定剩余的 {d.maxChoices} 个名额；第{chineseNumber(d.runoff.round)}轮已入选的项目不变
        </span>
      ),
    });
  }
  if (d.kind === 'selection') {
    items.push({
      key: 'seats',
      label: '应选数',
      span: 2,
      children: (
        <span>
          每张选票最多选 {d.maxChoices} 项，至少选 {d.minChoices} 项；多选的选票作废{d.requireMajority ? '；入选还须得票超过有效票半数' : ''}
        </span>
      ),
    });
  }
  if (d.kind !== 'decision' && d.kind !== 'selection') {
    items.push({ key: 'partial', label: '个别对象未填或多选', span: 2, children: <span>{PARTIAL_SHEET_LABEL[d.partialSheet]}</span> });
  }
  items.push({
    key: 'settings',
    label: '投票与录入',
    span: 2,
    children: (
      <span>
        {autoClose ? '全部出席人员投票后自动结束' : '由工作人员结束表决'}；{doubleEntry ? '纸质选票双人录入' : '纸质选票单人录入（可抽查复核）'}
      </span>
    ),
  });
  return <Descriptions size="small" column={2} bordered items={items} className="definition-summary" />;
});
