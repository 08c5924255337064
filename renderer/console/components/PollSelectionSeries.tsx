import { BranchesOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { PollSummary, SealedResult } from '../../../shared/api/poll-schemas.js';
import { allows, POLL_STATUS_LABEL } from '../../../shared/domain/polls/lifecycle.js';
import type { SelectionResult, SelectionTargetResult } from '../../../shared/domain/polls/result.js';
import type { SelectionOutcome, SelectionWinner } from '../../../shared/domain/polls/tally-selection.js';
import { roundLabel } from '../lib/polls.js';
import { inRankingOrder } from '../../lib/ranking.js';
import { navigate, routeHash } from '../router.js';
import { VerdictTag } from './PollResultView.js';

function RoundLink({ poll, current }: { poll: PollSummary; current: boolean }) {
  if (current) return <span>{roundLabel(poll.round)}</span>;
  return (
    <a
      href={routeHash({ name: 'poll', id: poll.id })}
      onClick={(e) => {
        e.preventDefault();
        navigate({ name: 'poll', id: poll.id });
      }}
    >
      {roundLabel(poll.round)}
    </a>
  );
}

/** What a round was: the full vote, or the run-off of a tie (the summary says which round it settles). */
function roundCaption(p: PollSummary, r: SelectionResult): string {
  const n = r.targets.length;
  const seats = r.selection.seats;
  return p.runoffOfRound !== null ? `另行投票：${n} 个得票相同的项目争 ${seats} 个名额` : `${n} 个候选项目，应选 ${seats} 项`;
}

/** One sealed round, small: rank, project, votes, what it decided. */
function RoundTable({ result }: { result: SelectionResult }) {
  const columns: ColumnsType<SelectionTargetResult> = [
    { title: '名次', key: 'rank', width: 52, align: 'center', render: (_v, t) => t.rank ?? '—' },
    { title: '项目', dataIndex: 'label', key: 'label' },
    { title: '得票', key: 'votes', width: 60, align: 'right', render: (_v, t) => <b>{t.votes}</b> },
    {
      title: '本轮结果',
      key: 'state',
      width: 170,
      render: (_v, t) => <VerdictTag verdict={t.state === null ? null : { key: t.state, label: t.stateLabel ?? t.state }} empty="—" />,
    },
  ];
  return <Table rowKey="key" size="small" columns={columns} dataSource={inRankingOrder(result.targets, result.ranking)} pagination={false} className="round-table" />;
}

/**
 * A selection series on its poll page: one final list of what was selected (with the round that
 * decided each), the tie still to settle and vacant seats, and each round's result beside it.
 */
export function PollSelectionSeries({
  pollId,
  rounds,
  results,
  outcome,
  onRunoff,
  runoffBusy,
}: {
  pollId: number;
  /** Every round of the series, oldest first. */
  rounds: PollSummary[];
  results: Record<number, SealedResult>;
  outcome: SelectionOutcome | null;
  /** Start the run-off as the next round after the round with this poll id (the latest). */
  onRunoff: (fromPollId: number) => void;
  runoffBusy: boolean;
}) {
  if (!outcome) return null;
  const tie = outcome.tie;
  // The run-off of the tie once it is set up and not yet sealed; a sealed one that leaves the tie standing received no ballot.
  const runoff = tie ? rounds.find((p) => p.round > tie.round && !allows(p.status, 'result')) : undefined;
  const fruitless = tie ? rounds.filter((p) => p.round > tie.round && allows(p.status, 'result')) : [];
  // The next run-off is made from the latest round: from the tied round itself, or as a copy of a run-off that decided nothing.
  const from = rounds.at(-1);
  const winnerColumns: ColumnsType<SelectionWinner> = [
    { title: '序号', key: 'no', width: 56, align: 'center', render: (_v, _w, i) => i + 1 },
    { title: '入选项目', dataIndex: 'label', key: 'label', render: (v: string) => <span className="result-target">{v}</span> },
    { title: '得票', key: 'votes', width: 70, align: 'right', render: (_v, w) => `${w.votes}票` },
    {
      title: '确定于',
      key: 'round',
      width: 150,
      render: (_v, w) => {
        const p = rounds.find((x) => x.round === w.round);
        const label = w.round > 1 ? `${roundLabel(w.round)}（另行投票）` : roundLabel(w.round);
        return p && p.id !== pollId ? <RoundLink poll={p} current={false} /> : label;
      },
    },
  ];
  const pending = tie ? tie.seats : 0;
  return (
    <div className="series-layout">
      <Card
        className="content-card outcome-card"
        size="small"
        title={
          <span>
            <TrophyOutlined /> 最终入选项目
          </span>
        }
        data-testid="selection-outcome"
      >
        <div className="outcome-summary" data-testid="outcome-summary">
          应选 <b>{outcome.seats}</b> 项，已确定 <b>{outcome.filled}</b> 项
          {pending > 0 ? <span className="is-warn">，{pending} 个名额待另行投票</span> : null}
          {outcome.vacantSeats > 0 ? <span className="is-warn">，空缺 {outcome.vacantSeats} 个名额</span> : null}
          {pending === 0 && outcome.vacantSeats === 0 && outcome.filled === outcome.seats ? <Tag color="green">已全部确定</Tag> : null}
        </div>
        {outcome.winners.length > 0 ? (
          <Table rowKey="key" size="small" columns={winnerColumns} dataSource={outcome.winners} pagination={false} bordered className="outcome-table" data-testid="outcome-winners" />
        ) : (
          <div className="muted">尚未确定入选项目。</div>
        )}
        {tie ? (
          <Alert
            type="warning"
            showIcon
            className="outcome-tie"
            data-testid="outcome-tie"
            title={`${roundLabel(tie.round)}在入选线上得票相同：${tie.candidates.map((c) => `${c.label}（${c.votes}票）`).join('、')}，争剩余 ${tie.seats} 个名额，须另行投票。`}
            description={
              runoff ? (
                <span>
                  另行投票已建立：
                  <RoundLink poll={runoff} current={runoff.id === pollId} />（{POLL_STATUS_LABEL[runoff.status]}）
                </span>
              ) : fruitless.length > 0 ? (
                `${fruitless.map((p) => roundLabel(p.round)).join('、')}另行投票未收到选票，没有决定名额，须再次另行投票。`
              ) : (
                '另行投票只列得票相同的项目，每张选票最多选的项数等于剩余名额。'
              )
            }
            action={
              !runoff && from ? (
                <Button type="primary" icon={<BranchesOutlined />} loading={runoffBusy} onClick={() => onRunoff(from.id)} data-testid="start-runoff">
                  {fruitless.length > 0 ? '再次另行投票' : '发起另行投票'}
                </Button>
              ) : undefined
            }
          />
        ) : null}
      </Card>
      {rounds.length > 1 ? (
        <Card className="content-card rounds-card" size="small" title="各轮票决结果" data-testid="selection-rounds">
          {rounds.map((p) => {
            const sealed = results[p.id];
            const r = sealed?.result.kind === 'selection' ? sealed.result : null;
            return (
              <section key={p.id} className="round-section" data-testid="round-section">
                <div className="round-section-head">
                  <b>
                    <RoundLink poll={p} current={p.id === pollId} />
                  </b>
                  {r ? <span className="muted">{roundCaption(p, r)}</span> : <span className="muted">{POLL_STATUS_LABEL[p.status]}，结束后显示结果</span>}
                  {p.id === pollId ? <Tag color="blue">本页</Tag> : null}
                </div>
                {r ? <RoundTable result={r} /> : null}
              </section>
            );
          })}
        </Card>
      ) : null}
    </div>
  );
}
