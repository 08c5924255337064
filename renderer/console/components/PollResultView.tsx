import { Alert, Card, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SealedResult } from '../../../shared/api/poll-schemas.js';
import {
  DENOMINATOR_UNIT,
  type DecisionTargetResult,
  type PollResult,
  type SatisfactionTargetResult,
  type ScoringTargetResult,
  type SelectionTargetResult,
  type Verdict,
} from '../../../shared/domain/polls/index.js';
import { PaperReconciliation } from './PollPaperStatus.js';
import { PollResultChart } from './PollResultChart.js';

const VERDICT_COLOR: Record<string, string> = {
  satisfied: 'green',
  basically: 'blue',
  unsatisfied: 'red',
  adopted: 'green',
  rejected: 'red',
  selected: 'green',
  runoff: 'orange',
  not_selected: 'default',
  // Default grade bands; bands a locality adds get the neutral colour.
  excellent: 'green',
  good: 'blue',
  fair: 'orange',
  poor: 'red',
};

export function VerdictTag({ verdict, color }: { verdict: Verdict | null; color?: string }) {
  if (!verdict) return <span className="muted">不评定</span>;
  return (
    <Tag color={color ?? VERDICT_COLOR[verdict.key] ?? 'default'} variant="solid" className="verdict-tag" data-testid="verdict">
      {verdict.label}
    </Tag>
  );
}

function Count({ count, rate }: { count: number; rate?: string }) {
  return (
    <span className="count-cell">
      <b>{count}</b>
      {rate !== undefined ? <span className="count-rate">{rate}</span> : null}
    </span>
  );
}

function rowIssues(t: { unfilled: number; invalid: number }) {
  if (t.unfilled === 0 && t.invalid === 0) return <span className="muted">—</span>;
  return (
    <span className="row-issues">
      {t.unfilled > 0 ? <span>未填 {t.unfilled}</span> : null}
      {t.invalid > 0 ? <span>无效 {t.invalid}</span> : null}
    </span>
  );
}

function SatisfactionTable({ targets }: { targets: SatisfactionTargetResult[] }) {
  const options = targets[0]?.options ?? [];
  const columns: ColumnsType<SatisfactionTargetResult> = [
    { title: '序号', key: 'no', width: 56, align: 'center', render: (_v, _t, i) => i + 1 },
    { title: '测评对象', dataIndex: 'label', key: 'label', render: (v: string) => <span className="result-target">{v}</span> },
    ...options.map((o) => ({
      title: `${o.label}（票 / 比例）`,
      key: o.key,
      align: 'right' as const,
      render: (_v: unknown, t: SatisfactionTargetResult) => {
        const x = t.options.find((y) => y.key === o.key)!;
        return <Count count={x.count} rate={x.rate.text} />;
      },
    })),
    { title: '满意率', key: 'rate', align: 'right', width: 96, render: (_v, t) => t.satisfactionRate.text },
    { title: '计票基数', key: 'den', align: 'right', width: 100, render: (_v, t) => `${t.denominator.value}` },
    { title: '未填 / 无效', key: 'rows', width: 110, render: (_v, t) => rowIssues(t) },
    { title: '评定结果', key: 'verdict', width: 110, align: 'center', render: (_v, t) => <VerdictTag verdict={t.verdict} /> },
    { title: '排名', key: 'rank', width: 64, align: 'center', render: (_v, t) => t.rank ?? '—' },
  ];
  return <Table rowKey="key" size="middle" columns={columns} dataSource={targets} pagination={false} bordered className="result-table" data-testid="result-table" />;
}

function DecisionTable({ targets, combined }: { targets: DecisionTargetResult[]; combined: boolean }) {
  const options = targets[0]?.options ?? [];
  const columns: ColumnsType<DecisionTargetResult> = [
    { title: '序号', key: 'no', width: 56, align: 'center', render: (_v, _t, i) => i + 1 },
    {
      title: combined ? '合并表决' : '表决事项 / 人选',
      key: 'label',
      render: (_v, t) => (
        <div>
          <span className="result-target">{t.label}</span>
          {t.persons.length > 0 ? <div className="muted persons">{t.persons.map((p) => p.label).join('、')}</div> : null}
        </div>
      ),
    },
    ...options.map((o) => ({
      title: `${o.label}（票 / 比例）`,
      key: o.key,
      align: 'right' as const,
      render: (_v: unknown, t: DecisionTargetResult) => {
        const x = t.options.find((y) => y.key === o.key)!;
        return <Count count={x.count} rate={x.rate.text} />;
      },
    })),
    { title: '计票基数', key: 'den', align: 'right', width: 100, render: (_v, t) => t.denominator.value },
    { title: '通过需赞成', key: 'req', align: 'right', width: 110, render: (_v, t) => `${t.required} 票` },
    { title: '未填 / 无效', key: 'rows', width: 110, render: (_v, t) => rowIssues(t) },
    { title: '表决结果', key: 'verdict', width: 110, align: 'center', render: (_v, t) => <VerdictTag verdict={t.verdict} /> },
  ];
  return <Table rowKey="key" size="middle" columns={columns} dataSource={targets} pagination={false} bordered className="result-table" data-testid="result-table" />;
}

function ScoringTable({ result }: { result: Extract<PollResult, { kind: 'scoring' }> }) {
  const targets = [...result.targets].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const indicatorCols = result.targets[0]?.indicators ?? [];
  const groupCols = result.targets[0]?.groups ?? [];
  const columns: ColumnsType<ScoringTargetResult> = [
    { title: '名次', key: 'rank', width: 60, align: 'center', render: (_v, t) => t.rank ?? '—' },
    { title: '评分对象', dataIndex: 'label', key: 'label', render: (v: string) => <span className="result-target">{v}</span> },
    { title: '得分', key: 'score', align: 'right', width: 90, render: (_v, t) => <b className="score">{t.score?.text ?? '—'}</b> },
    {
      title: '等次',
      key: 'grade',
      width: 90,
      align: 'center',
      render: (_v, t) => <VerdictTag verdict={t.grade} color={VERDICT_COLOR[t.grade?.key ?? ''] ?? 'geekblue'} />,
    },
    { title: '平均分', key: 'mean', align: 'right', width: 84, render: (_v, t) => t.stats.mean?.text ?? '—' },
    { title: '去掉最高最低', key: 'trim', align: 'right', width: 110, render: (_v, t) => t.stats.trimmedMean?.text ?? '—' },
    { title: '最高 / 最低', key: 'range', align: 'right', width: 110, render: (_v, t) => (t.stats.max ? `${t.stats.max.text} / ${t.stats.min?.text}` : '—') },
    ...indicatorCols.map((ind, i) => ({
      title: `${ind.label}（${ind.maxPoints}）`,
      key: `ind-${ind.key}`,
      align: 'right' as const,
      render: (_v: unknown, t: ScoringTargetResult) => t.indicators[i]?.mean?.text ?? '—',
    })),
    ...groupCols.map((g, i) => ({
      title: `${g.label}（权重 ${g.weight}）`,
      key: `grp-${g.key}`,
      align: 'right' as const,
      render: (_v: unknown, t: ScoringTargetResult) => t.groups[i]?.score?.text ?? '—',
    })),
    { title: '有效评分', key: 'n', align: 'right', width: 84, render: (_v, t) => t.stats.counted },
    { title: '未填 / 无效', key: 'rows', width: 110, render: (_v, t) => rowIssues(t) },
  ];
  return <Table rowKey="key" size="middle" columns={columns} dataSource={targets} pagination={false} bordered className="result-table" data-testid="result-table" scroll={{ x: 'max-content' }} />;
}

function SelectionTable({ result }: { result: Extract<PollResult, { kind: 'selection' }> }) {
  const targets = [...result.targets].sort((a, b) => a.rank - b.rank);
  const columns: ColumnsType<SelectionTargetResult> = [
    { title: '名次', dataIndex: 'rank', key: 'rank', width: 60, align: 'center' },
    { title: '候选项目', dataIndex: 'label', key: 'label', render: (v: string) => <span className="result-target">{v}</span> },
    { title: '得票', key: 'votes', align: 'right', width: 90, render: (_v, t) => <b>{t.votes}</b> },
    { title: '得票率（占有效票）', key: 'rate', align: 'right', width: 150, render: (_v, t) => t.rate.text },
    { title: '过半数', key: 'maj', align: 'center', width: 80, render: (_v, t) => (t.majority ? '是' : '否') },
    { title: '结果', key: 'state', width: 200, render: (_v, t) => <VerdictTag verdict={{ key: t.state, label: t.stateLabel }} /> },
  ];
  const s = result.selection;
  return (
    <>
      <div className="selection-summary">
        应选 <b>{s.seats}</b> 项，入选 <b>{s.selected}</b> 项
        {s.runoffSeats > 0 ? (
          <span className="is-warn">
            ，{s.runoffCandidates} 个项目得票相同争 {s.runoffSeats} 个名额，需另行投票
          </span>
        ) : null}
        {s.vacantSeats > 0 ? <span className="is-warn">，空缺 {s.vacantSeats} 项</span> : null}
      </div>
      <Table rowKey="key" size="middle" columns={columns} dataSource={targets} pagination={false} bordered className="result-table" data-testid="result-table" />
    </>
  );
}

/** The sealed result: per target figures and verdicts, the rule and its denominator, the sheets. */
export function PollResultView({ sealed }: { sealed: SealedResult }) {
  const r = sealed.result;
  const values = [...new Set(r.targets.map((t) => ('denominator' in t ? (t as { denominator: { value: number } }).denominator.value : null)))].filter(
    (v): v is number => v !== null,
  );
  const unit = DENOMINATOR_UNIT[r.denominator.kind];
  return (
    <div className="result-view" data-testid="result-view">
      <Card className="content-card" size="small" title="计票结果">
        <div className="rule-box">
          <div className="rule-name">
            {r.rule.name}
            {r.rule.adjusted ? <span className="rule-adjusted">（参数已调整）</span> : null}
            <span className="rule-practice">依据：{r.rule.practice}</span>
          </div>
          <div className="rule-text" data-testid="rule-text">
            {r.rule.text}
          </div>
          <div className="rule-den">
            计票基数：<b>{r.denominator.label}</b>
            {values.length === 1 ? (
              <b>
                （{values[0]}
                {unit}）
              </b>
            ) : values.length > 1 ? (
              <span className="muted">（各对象分别计算，见下表）</span>
            ) : null}
            <span className="muted">
              　在任 {r.sheets.serving} 人，出席 {r.sheets.present} 人，收回选票 {r.sheets.returned} 张，有效票 {r.sheets.valid} 张
            </span>
          </div>
        </div>
        {r.warnings.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            className="result-warnings"
            title="请注意"
            description={
              <ul>
                {r.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            }
          />
        ) : null}
        {r.kind === 'satisfaction' ? <SatisfactionTable targets={r.targets} /> : null}
        {r.kind === 'decision' ? <DecisionTable targets={r.targets} combined={false} /> : null}
        {r.kind === 'appointment' ? <DecisionTable targets={r.targets} combined={r.combined} /> : null}
        {r.kind === 'scoring' ? <ScoringTable result={r} /> : null}
        {r.kind === 'selection' ? <SelectionTable result={r} /> : null}
        <PollResultChart result={r} />
      </Card>
      <Card className="content-card" size="small" title="选票清点">
        <PaperReconciliation issued={r.sheets.issued} entered={r.sheets.returned} sheets={r.sheets} />
        {r.invalidReasons.length > 0 ? (
          <div className="invalid-reasons">
            无效票原因：
            {r.invalidReasons.map((x) => (
              <span key={x.reason}>
                {x.reason} <b>{x.count}</b> 张
              </span>
            ))}
          </div>
        ) : null}
      </Card>
    </div>
  );
}
