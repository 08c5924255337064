import { Alert, Card, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SealedResult } from '../../../shared/api/poll-schemas.js';
import {
  DENOMINATOR_UNIT,
  type AppointmentResult,
  type DecisionResult,
  type DecisionTargetResult,
  type PollResult,
  type SatisfactionTargetResult,
  type ScoringTargetResult,
  type SelectionTargetResult,
  type Verdict,
} from '../../../shared/domain/polls/index.js';
import { NO_BALLOTS_WARNING as NO_BALLOTS } from '../../../shared/domain/polls/tally-common.js';
import { decisionCounts } from '../../../shared/domain/polls/decision-counts.js';
import { inRankingOrder } from '../../lib/ranking.js';
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

/** A verdict, or `empty` (不评定; — when the poll received no ballot). */
export function VerdictTag({ verdict, color, empty = '不评定' }: { verdict: Verdict | null; color?: string; empty?: string }) {
  if (!verdict) return <span className="muted">{empty}</span>;
  const c = color ?? VERDICT_COLOR[verdict.key] ?? 'default';
  // A solid default tag is black: a verdict without a colour (未入选) stays quiet instead.
  return (
    <Tag color={c} variant={c === 'default' ? 'outlined' : 'solid'} className="verdict-tag" data-testid="verdict">
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

function SatisfactionTable({ result }: { result: Extract<PollResult, { kind: 'satisfaction' }> }) {
  const options = result.targets[0]?.options ?? [];
  // Version 2 lists targets in the order of its ranking (verdict first); version 1 kept the sheet's order.
  const ranked = result.tally === 2;
  const targets = ranked ? inRankingOrder(result.targets, result.ranking) : result.targets;
  const empty = result.noBallots ? '—' : '不评定';
  const columns: ColumnsType<SatisfactionTargetResult> = [
    ranked
      ? { title: '名次', key: 'rank', width: 60, align: 'center', render: (_v, t) => t.rank ?? '—' }
      : { title: '序号', key: 'no', width: 56, align: 'center', render: (_v, _t, i) => i + 1 },
    { title: '测评对象', dataIndex: 'label', key: 'label', render: (v: string) => <span className="result-target">{v}</span> },
    ...options.map((o) => ({
      title: (
        <span className="result-option-head">
          {o.label}
          <span className="result-option-unit">票数 · 比例</span>
        </span>
      ),
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
    { title: '评定结果', key: 'verdict', width: 110, align: 'center', render: (_v, t) => <VerdictTag verdict={t.verdict} empty={empty} /> },
    ...(ranked ? [] : [{ title: '排名', key: 'rank', width: 64, align: 'center' as const, render: (_v: unknown, t: SatisfactionTargetResult) => t.rank ?? '—' }]),
  ];
  return <Table rowKey="key" size="middle" columns={columns} dataSource={targets} pagination={false} bordered className="result-table" data-testid="result-table" />;
}

function DecisionTable({ result, combined, persons }: { result: DecisionResult | AppointmentResult; combined: boolean; persons: boolean }) {
  const targets = result.targets;
  const options = targets[0]?.options ?? [];
  const columns: ColumnsType<DecisionTargetResult> = [
    { title: '序号', key: 'no', width: 56, align: 'center', render: (_v, _t, i) => i + 1 },
    {
      title: combined ? '合并表决' : persons ? '人选' : '表决事项',
      key: 'label',
      render: (_v, t) => (
        <div>
          <span className="result-target">{t.label}</span>
          {t.persons.length > 0 ? <div className="muted persons">{t.persons.map((p) => p.label).join('、')}</div> : null}
        </div>
      ),
    },
    ...options.map((o) => ({
      title: (
        <span className="result-option-head">
          {o.label}
          <span className="result-option-unit">票数 · 比例</span>
        </span>
      ),
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
    {
      title: <Tooltip title="表决开始时出席、有表决权，但对本项没有按赞成、反对或弃权的人数（含未投票、空白票和未填）。会场大屏显示同一数字。">未按</Tooltip>,
      key: 'notVoted',
      width: 72,
      align: 'right',
      render: (_v, t) => <span data-testid={`not-voted-${t.key}`}>{decisionCounts(result, t).notVoted} 人</span>,
    },
    { title: '表决结果', key: 'verdict', width: 110, align: 'center', render: (_v, t) => <VerdictTag verdict={t.verdict} /> },
  ];
  return <Table rowKey="key" size="middle" columns={columns} dataSource={targets} pagination={false} bordered className="result-table" data-testid="result-table" />;
}

function ScoringTable({ result }: { result: Extract<PollResult, { kind: 'scoring' }> }) {
  const targets = inRankingOrder(result.targets, result.ranking);
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
      render: (_v, t) => <VerdictTag verdict={t.grade} color={VERDICT_COLOR[t.grade?.key ?? ''] ?? 'geekblue'} empty={result.noBallots ? '—' : '不评定'} />,
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
  const targets = inRankingOrder(result.targets, result.ranking);
  const columns: ColumnsType<SelectionTargetResult> = [
    { title: '名次', key: 'rank', width: 60, align: 'center', render: (_v, t) => t.rank ?? '—' },
    { title: '候选项目', dataIndex: 'label', key: 'label', render: (v: string) => <span className="result-target">{v}</span> },
    { title: '得票', key: 'votes', align: 'right', width: 90, render: (_v, t) => <b>{t.votes}</b> },
    { title: '得票率（占有效票）', key: 'rate', align: 'right', width: 150, render: (_v, t) => t.rate.text },
    { title: '过半数', key: 'maj', align: 'center', width: 80, render: (_v, t) => (t.majority ? '是' : '否') },
    {
      title: '结果',
      key: 'state',
      width: 200,
      render: (_v, t) => <VerdictTag verdict={t.state === null ? null : { key: t.state, label: t.stateLabel ?? t.state }} empty="—" />,
    },
  ];
  const s = result.selection;
  return (
    <>
      <div className="selection-summary" data-testid="selection-summary">
        {result.noBallots ? (
          <>
            应选 <b>{s.seats}</b> 项，<span className="is-warn">未收到选票，本轮没有确定入选项目</span>
          </>
        ) : (
          <>
            应选 <b>{s.seats}</b> 项，入选 <b>{s.selected}</b> 项
            {s.runoffSeats > 0 ? (
              <span className="is-warn">
                ，{s.runoffCandidates} 个项目得票相同争 {s.runoffSeats} 个名额，需另行投票
              </span>
            ) : null}
            {s.vacantSeats > 0 ? <span className="is-warn">，空缺 {s.vacantSeats} 项</span> : null}
          </>
        )}
      </div>
      <Table rowKey="key" size="middle" columns={columns} dataSource={targets} pagination={false} bordered className="result-table" data-testid="result-table" />
    </>
  );
}

/** 应到 / 实到, then how the sheets came back: version 2 says it line by line, version 1 in the old five figures. */
export function SheetReconciliation({ result }: { result: PollResult }) {
  const s = result.sheets;
  const lines: { key: string; label: string; count: number | null; tone?: 'ok' | 'bad' | 'warn' }[] = s.reconciliation
    ? s.reconciliation.map((l) => ({
        key: l.key,
        label: l.label,
        count: l.count,
        tone: l.key === 'valid' ? 'ok' : l.key === 'invalid' && l.count > 0 ? 'bad' : l.key === 'paper_not_returned' && l.count > 0 ? 'warn' : undefined,
      }))
    : [
        { key: 'issued', label: '发出选票', count: s.issued },
        { key: 'returned', label: '收回选票', count: s.returned },
        { key: 'valid', label: '有效票', count: s.valid, tone: 'ok' },
        { key: 'invalid', label: '无效票', count: s.invalid, tone: s.invalid > 0 ? 'bad' : undefined },
        { key: 'blank', label: '其中空白票', count: s.blank },
      ];
  return (
    <div className="recon recon-result" data-testid="reconciliation">
      <div className="recon-people" title="全体组成人员" data-testid="recon-serving">
        <span className="recon-label">应到（人）</span>
        <b>{s.serving}</b>
      </div>
      <div className="recon-people" title="表决开始时出席的组成人员：有权参加本项表决" data-testid="recon-present">
        <span className="recon-label">实到（人）</span>
        <b>{s.present}</b>
      </div>
      {lines.map((l) => (
        <div key={l.key} className={l.tone ? `recon-${l.tone}` : undefined} data-testid={`recon-${l.key}`}>
          <span className="recon-label">{l.label}</span>
          <b>{l.count ?? '—'}</b>
        </div>
      ))}
    </div>
  );
}

/**
 * The sealed result: first what needs attention (no ballots, quorum lost while open …), then
 * the sheets as the tellers read them out, then per target figures and verdicts with the rule,
 * its denominator and, for rankings, the order they follow.
 */
export function PollResultView({ sealed }: { sealed: SealedResult }) {
  const r = sealed.result;
  const values = [...new Set(r.targets.map((t) => ('denominator' in t ? (t as { denominator: { value: number } }).denominator.value : null)))].filter(
    (v): v is number => v !== null,
  );
  const unit = DENOMINATOR_UNIT[r.denominator.kind];
  // 未收到选票 gets its own banner; the other warnings are listed beside it.
  const warnings = r.noBallots ? r.warnings.filter((w) => w !== NO_BALLOTS) : r.warnings;
  const ranking = r.kind !== 'decision' && r.kind !== 'appointment' && r.ranking.length > 1;
  return (
    <div className="result-view" data-testid="result-view">
      {r.noBallots ? (
        <Alert
          type="error"
          showIcon
          className="result-banner"
          data-testid="no-ballots"
          title={NO_BALLOTS}
          description={
            r.kind === 'decision' || r.kind === 'appointment'
              ? '本项表决没有收到任何选票。表决按全体组成人员计算，赞成票为0，未通过。'
              : r.kind === 'selection'
                ? '本项表决没有收到任何选票，没有确定任何入选项目。'
                : '本项表决没有收到任何选票，不作评定，也不排名次。'
          }
        />
      ) : null}
      {warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="result-banner"
          data-testid="result-warnings"
          title="请注意"
          description={
            <ul>
              {warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Card className="content-card" size="small" title="选票清点">
        <SheetReconciliation result={r} />
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
      <Card className="content-card" size="small" title="计票结果">
        <div className="rule-box">
          <div className="rule-name">
            {r.rule.name}
            {r.rule.adjusted ? <span className="rule-adjusted">（参数已调整）</span> : null}
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
          </div>
          {ranking && r.sortKey ? (
            <div className="rule-sort" data-testid="sort-key">
              排序：{r.sortKey}
            </div>
          ) : null}
        </div>
        {r.kind === 'satisfaction' ? <SatisfactionTable result={r} /> : null}
        {r.kind === 'decision' ? <DecisionTable result={r} combined={false} persons={false} /> : null}
        {r.kind === 'appointment' ? <DecisionTable result={r} combined={r.combined} persons /> : null}
        {r.kind === 'scoring' ? <ScoringTable result={r} /> : null}
        {r.kind === 'selection' ? <SelectionTable result={r} /> : null}
        {r.noBallots ? null : <PollResultChart result={r} />}
      </Card>
    </div>
  );
}
