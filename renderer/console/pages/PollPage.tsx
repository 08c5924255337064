import {
  BranchesOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  DesktopOutlined,
  EditOutlined,
  PlayCircleOutlined,
  RedoOutlined,
  SafetyCertificateOutlined,
  SoundOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Progress, Result, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { PollDetail, PollId, PollSummary } from '../../../shared/api/poll-schemas.js';
import { VOTE_KIND_LABEL } from '../../../shared/domain/labels.js';
import { allows, refusal, type PollAction } from '../../../shared/domain/polls/lifecycle.js';
import { desk } from '../../lib/desk-client.js';
import { openProjectorWindow } from '../../lib/projector-url.js';
import { describeScreen, useRoomScreen } from '../components/RoomScreenControl.js';
import { PageHeader } from '../components/PageHeader.js';
import { PollDefinitionSummary } from '../components/PollDefinitionSummary.js';
import { PollFormDrawer } from '../components/PollFormDrawer.js';
import { PollPaperEntry } from '../components/PollPaperEntry.js';
import { PollPaperHandOut } from '../components/PollPaperHandOut.js';
import { PollPaperStatus } from '../components/PollPaperStatus.js';
import { PollResultView } from '../components/PollResultView.js';
import { PollSelectionSeries } from '../components/PollSelectionSeries.js';
import { PollSubjects } from '../components/PollSubjects.js';
import { AnonymityTag, PollStatusTag } from '../components/PollTags.js';
import { errorText, notify, showError } from '../lib/notify.js';
import { roundLabel, seriesOf } from '../lib/polls.js';
import { navigate, routeHash } from '../router.js';
import { usePollStore } from '../stores/poll-store.js';
import '../polls.css';

type Busy = null | 'open' | 'close' | 'release' | 'newRound' | 'delete' | 'verify';

const SHORT_STATUS: Record<PollSummary['status'], string> = { draft: '草稿', open: '表决中', closed: '已结束', released: '已公布' };

/** Received / present in big type: while a poll is open this is all anyone may see. */
function PollProgress({ poll }: { poll: PollSummary }) {
  const percent = poll.present > 0 ? Math.min(100, (poll.received * 100) / poll.present) : 0;
  return (
    <Card className="content-card progress-card" data-testid="poll-progress">
      <div className="big-counts">
        <div className="big-count">
          <span className="big-number" data-testid="received">
            {poll.received}
          </span>
          <span className="big-caption">已收到选票</span>
        </div>
        <span className="big-slash">/</span>
        <div className="big-count">
          <span className="big-number is-muted" data-testid="present">
            {poll.present}
          </span>
          <span className="big-caption">出席人数</span>
        </div>
        <div className="progress-side">
          <Progress percent={percent} showInfo={false} strokeWidth={14} status="active" />
          <div className="progress-text" data-testid="progress-text">
            已收到 {poll.received} / {poll.present}
          </div>
          <div className="muted">
            表决进行中，只显示收到的票数，结束表决后才计票。{poll.autoClose ? '出席人员都已投票或领票、发出的纸质选票都已收回录入后，将自动结束。' : ''}
          </div>
        </div>
      </div>
    </Card>
  );
}

/**
 * The clerk's live desk: present members entitled to vote who have neither voted on a device
 * nor been handed a paper sheet — names only, while the poll is open (docs/anonymity.md says
 * what this shows the clerk: when a name leaves the list, never what was chosen).
 */
function NotYetVoted({ members }: { members: readonly { memberId: number; name: string }[] }) {
  return (
    <Card className="content-card not-yet-card" size="small" data-testid="not-yet-voted" title={members.length > 0 ? `尚未投票（${members.length} 人）` : '出席人员都已投票或领取纸质选票'}>
      {members.length > 0 ? (
        <div className="not-yet-names">
          {members.map((m) => (
            <Tag key={m.memberId}>{m.name}</Tag>
          ))}
        </div>
      ) : (
        <span className="muted">只显示姓名，不显示任何人的选择；表决结束后本名单不再显示。</span>
      )}
    </Card>
  );
}

function RoundLinks({ poll, siblings }: { poll: PollSummary; siblings: PollSummary[] }) {
  const rounds = seriesOf(siblings, poll);
  if (rounds.length < 2) return null;
  return (
    <div className="round-links" data-testid="round-links">
      <span className="muted">各轮表决：</span>
      {rounds.map((p) =>
        p.id === poll.id ? (
          <Tag key={p.id} color="blue" className="round-link is-current">
            {roundLabel(p.round)} · 本页
          </Tag>
        ) : (
          <a
            key={p.id}
            href={routeHash({ name: 'poll', id: p.id })}
            className="round-link"
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'poll', id: p.id });
            }}
          >
            {roundLabel(p.round)}（{SHORT_STATUS[p.status]}）
          </a>
        ),
      )}
    </div>
  );
}

function Digest({ digest }: { digest: string }) {
  return (
    <span className="digest" data-testid="digest">
      校验码{' '}
      <Typography.Text className="mono" copyable={{ text: digest, tooltips: ['复制完整校验码', '已复制'] }} title={digest}>
        {digest.slice(0, 16)}…
      </Typography.Text>
    </span>
  );
}

export function PollPage({ id }: { id: number }) {
  const { modal } = App.useApp();
  const poll = usePollStore((s) => (s.pollId === id ? s.poll : null));
  const missing = usePollStore((s) => s.pollId === id && s.pollMissing);
  const meeting = usePollStore((s) => (s.poll?.id === id ? s.meeting : null));
  const siblings = usePollStore((s) => (s.pollId === id ? s.siblings : []));
  const result = usePollStore((s) => (s.pollId === id ? s.result : null));
  const paper = usePollStore((s) => (s.pollId === id ? s.paper : null));
  const roundResults = usePollStore((s) => (s.pollId === id ? s.roundResults : null));
  const outcome = usePollStore((s) => (s.pollId === id ? s.outcome : null));
  const allNotices = usePollStore((s) => s.notices);
  const dismissNotice = usePollStore((s) => s.dismissNotice);
  const openPoll = usePollStore((s) => s.openPoll);
  const loadPolls = usePollStore((s) => s.loadPolls);
  // Another poll of the meeting still open: this one cannot start, and the page says so before the click.
  const otherOpen = usePollStore((s) => (meeting && s.listMeetingId === meeting.id ? (s.polls.find((p) => p.status === 'open' && p.id !== id) ?? null) : null));
  const meetingId = meeting?.id;
  useEffect(() => {
    if (meetingId !== undefined) void loadPolls(meetingId);
  }, [meetingId, loadPolls]);
  const reloadPoll = usePollStore((s) => s.reloadPoll);
  const [busy, setBusy] = useState<Busy>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [pass, setPass] = useState<1 | 2>(1);
  const [secondNo, setSecondNo] = useState<number | null>(null);

  // A refusal (no quorum, unsettled sheets) stays on screen until something changes that may cure it.
  const cure = `${poll?.status}|${poll?.received}|${paper?.mismatches}|${paper?.awaitingSecond}|${meeting?.quorum.present}`;
  useEffect(() => setActionError(null), [cure]);

  useEffect(() => {
    openPoll(id as PollId);
    setActionError(null);
    setPass(1);
    setSecondNo(null);
  }, [id, openPoll]);

  if (missing) {
    return (
      <Result
        status="404"
        title="找不到这项表决"
        subTitle="表决可能已被删除（草稿可以删除），或链接有误。"
        extra={
          <Button type="primary" onClick={() => navigate({ name: 'meetings' })}>
            返回会议列表
          </Button>
        }
      />
    );
  }
  if (!poll) {
    return (
      <>
        <PageHeader crumbs={[{ title: '会议', route: { name: 'meetings' } }, { title: '表决' }]} title="　" />
        <Card className="content-card">
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      </>
    );
  }

  const run = async (what: Exclude<Busy, null>, action: () => Promise<void>) => {
    setBusy(what);
    setActionError(null);
    try {
      await action();
    } catch (err) {
      // Shown on the page rather than as a toast: the reason (quorum, unsettled sheets) says what to do next.
      setActionError(errorText(err));
      window.scrollTo({ top: 0, behavior: 'smooth' });
    } finally {
      setBusy(null);
    }
  };

  const start = () =>
    modal.confirm({
      title: `开始表决：${poll.title}？`,
      content: (
        <div>
          <p>
            开始后表决内容不能再修改；出席人数按开始时的 <b>{meeting?.quorum.present ?? poll.present}</b> 人计。
          </p>
          {!poll.anonymous ? <p className="named-warning">这是记名表决。</p> : null}
        </div>
      ),
      okText: '开始表决',
      cancelText: '取消',
      onOk: () =>
        run('open', async () => {
          await desk.call('poll.open', { id: poll.id });
          notify.success('表决已开始');
          await reloadPoll();
        }),
    });

  const close = () => {
    const pending = paper ? paper.awaitingSecond + paper.mismatches : 0;
    const outstanding = paper ? Math.max(0, paper.handedOut - paper.entered) : 0;
    modal.confirm({
      title: '结束表决并计票？',
      content: (
        <div>
          <p>
            已收到 <b>{poll.received}</b> 张选票，出席 <b>{poll.present}</b> 人。结束后立即计票并封存，不能再录入、修改或撤回选票。
          </p>
          {pending > 0 ? <p className="named-warning">还有 {pending} 张纸质选票未核对一致，须先处理完才能结束。</p> : null}
          {outstanding > 0 ? (
            <p className="named-warning">
              发出的纸质选票还有 {outstanding} 张未收回录入（发出 {paper!.handedOut} 张，已录入 {paper!.entered} 张）。结束后不能再录入，清点中记为未收回。
            </p>
          ) : null}
        </div>
      ),
      okText: '结束表决',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () =>
        run('close', async () => {
          await desk.call('poll.close', { id: poll.id });
          notify.success('表决已结束，结果已封存');
          await reloadPoll();
        }),
    });
  };

  const release = () =>
    modal.confirm({
      title: '公布结果？',
      content: '公布后投影屏幕将显示本次表决的结果。',
      okText: '公布结果',
      cancelText: '取消',
      onOk: () =>
        run('release', async () => {
          await desk.call('poll.release', { id: poll.id });
          notify.success('结果已公布');
          await reloadPoll();
        }),
    });

  /** A new round of `from` (this poll unless given): after a tie at a selection's cut-off, the core makes it the run-off. */
  const newRound = (from: PollSummary = poll) => {
    const tied = usePollStore.getState().roundResults[from.id]?.result ?? (from.id === poll.id ? result?.result : undefined);
    const tie = tied?.kind === 'selection' && tied.selection.runoffSeats > 0 ? tied : null;
    const names = tie ? tie.targets.filter((t) => t.state === 'runoff').map((t) => t.label) : [];
    modal.confirm({
      title: tie ? `发起另行投票（${roundLabel(latest.round + 1)}）？` : '另行表决（新一轮）？',
      content: tie ? (
        <div>
          <p>
            将新建“{roundLabel(latest.round + 1)}”另行投票（草稿）：只列{roundLabel(from.round)}得票相同的 {names.length} 个项目（{names.join('、')}），争剩余{' '}
            <b>{tie.selection.runoffSeats}</b> 个名额，每张选票最多选 {tie.selection.runoffSeats} 项。
          </p>
          <p>{roundLabel(from.round)}已入选的项目不变，最终入选项目由各轮结果合并得出。</p>
        </div>
      ) : (
        `将新建“${roundLabel(latest.round + 1)}”表决（草稿），内容与本轮相同，可以修改后开始。本轮结果保持不变，与新一轮并列显示。`
      ),
      okText: tie ? '新建另行投票' : '新建下一轮',
      cancelText: '取消',
      onOk: () =>
        run('newRound', async () => {
          const next = await desk.call('poll.newRound', { id: from.id });
          notify.success(tie ? `已新建${roundLabel(next.round)}另行投票` : `已新建${roundLabel(next.round)}`);
          navigate({ name: 'poll', id: next.id });
        }),
    });
  };

  const remove = () =>
    run('delete', async () => {
      await desk.call('poll.delete', { id: poll.id });
      notify.success('已删除表决草稿');
      navigate({ name: 'meeting', id: poll.meetingId, tab: 'polls' });
    });

  const verify = () =>
    run('verify', async () => {
      const v = await desk.call('poll.verify', { id: poll.id });
      const content = (
        <div>
          <p>{v.message}</p>
          <p className="mono digest-full">封存时：{v.digest}</p>
          <p className="mono digest-full">重新计算：{v.recomputed}</p>
        </div>
      );
      if (v.ok) modal.success({ title: '核验通过', content, okText: '知道了', width: 640 });
      else modal.error({ title: '核验未通过', content, okText: '知道了', width: 640 });
    });

  const projector = () => {
    const opened = openProjectorWindow();
    void desk.call('projector.show', { show: 'poll', pollId: poll.id }).catch(showError);
    if (!opened) {
      notify.info(desk.transport === 'electron' ? '投影屏幕已切换到本表决；如投影窗口未打开，请用菜单“视图 → 打开投影窗口”' : '浏览器阻止了弹出窗口，请允许本页面打开新窗口后重试');
    }
  };

  // Every button follows the lifecycle table the core refuses by (shared/domain/polls/lifecycle.ts).
  const can = (action: PollAction) => allows(poll.status, action);
  const sealed = can('result');
  const openBlocked = !meeting
    ? null
    : meeting.status === 'closed'
      ? '会议已闭会，不能开始表决'
      : otherOpen
        ? `“${otherOpen.title}”正在表决，请先结束它再开始本项`
        : !meeting.quorum.met
          ? '未达法定人数，请先在会议的“出席”中登记'
          : null;
  const series = seriesOf(siblings, poll);
  const latest = series.at(-1) ?? poll;
  // A new round is made from the latest round only: another from an older one would stand beside it unrelated.
  const newerRound = latest.round > poll.round ? latest : null;
  const runoffDue = result?.result.kind === 'selection' && result.result.selection.runoffSeats > 0;
  // A run-off that settled its tie leaves nothing to repeat: a copy would claim a tie that no longer stands.
  const settledRunoff = poll.definition.kind === 'selection' && poll.definition.runoff !== undefined && outcome !== null && outcome.tie === null;
  const newRoundRefusal =
    refusal(poll.status, 'newRound', poll.title) ??
    (meeting?.status === 'closed' ? '会议已闭会，不能再另行表决' : null) ??
    (newerRound
      ? `已有${roundLabel(newerRound.round)}（${SHORT_STATUS[newerRound.status]}），请在最新一轮上操作`
      : settledRunoff
        ? '另行投票已决定剩余名额，最终入选项目见本页；如需重新票决，请另行新建表决'
        : null);
  const actions = (
    <Space wrap>
      <Button icon={<DesktopOutlined />} onClick={projector}>
        打开投影
      </Button>
      {/* Edit and new round stay in view when refused: the refusal says what to do instead. */}
      <Tooltip title={refusal(poll.status, 'edit', poll.title)}>
        <Button icon={<EditOutlined />} disabled={!can('edit')} onClick={() => setEditing(true)} data-testid="edit-poll">
          编辑
        </Button>
      </Tooltip>
      {can('delete') ? (
        <Popconfirm title="删除这项表决草稿？" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={remove}>
          <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'}>
            删除
          </Button>
        </Popconfirm>
      ) : null}
      {can('open') ? (
        // Why it cannot start is said before the click (and below for the quorum); the server refuses too.
        <Tooltip title={openBlocked ?? undefined}>
          <Button type="primary" icon={<PlayCircleOutlined />} loading={busy === 'open'} disabled={openBlocked !== null} onClick={start} data-testid="open-poll">
            开始表决
          </Button>
        </Tooltip>
      ) : null}
      {can('close') ? (
        <Button type="primary" danger icon={<StopOutlined />} loading={busy === 'close'} onClick={close}>
          结束表决
        </Button>
      ) : null}
      {can('verify') ? (
        <Button icon={<SafetyCertificateOutlined />} loading={busy === 'verify'} onClick={verify}>
          核验
        </Button>
      ) : null}
      {/* A draft is edited rather than repeated. */}
      {!can('edit') ? (
        <Tooltip title={newRoundRefusal}>
          <Button
            icon={runoffDue ? <BranchesOutlined /> : <RedoOutlined />}
            loading={busy === 'newRound'}
            disabled={newRoundRefusal !== null}
            onClick={() => newRound()}
            data-testid="new-round"
          >
            {runoffDue ? '另行投票（得票相同的项目）' : '另行表决（新一轮）'}
          </Button>
        </Tooltip>
      ) : null}
      {can('release') ? (
        <Button type="primary" icon={<SoundOutlined />} loading={busy === 'release'} onClick={release}>
          公布结果
        </Button>
      ) : null}
    </Space>
  );

  const notices = allNotices.filter((n) => n.pollId === poll.id);
  const seriesCard = (
    <PollSelectionSeries
      pollId={poll.id}
      rounds={series}
      results={roundResults ?? {}}
      outcome={outcome}
      runoffBusy={busy === 'newRound'}
      onRunoff={(fromId) => {
        const from = series.find((p) => p.id === fromId);
        if (from) newRound(from);
      }}
    />
  );
  const meetingTitle = meeting?.title ?? '会议';
  return (
    <div className="poll-page">
      <PageHeader
        crumbs={[
          { title: '会议', route: { name: 'meetings' } },
          { title: meetingTitle, route: { name: 'meeting', id: poll.meetingId, tab: 'polls' } },
          { title: '表决', route: { name: 'meeting', id: poll.meetingId, tab: 'polls' } },
          { title: `${poll.title}（${roundLabel(poll.round)}）` },
        ]}
        title={
          <span className="poll-heading">
            <span data-testid="poll-title">{poll.title}</span>
            <Tag className="round-tag" data-testid="poll-round">
              {roundLabel(poll.round)}
            </Tag>
          </span>
        }
        extra={actions}
      >
        <div className="poll-subhead">
          <PollStatusTag status={poll.status} large />
          <AnonymityTag anonymous={poll.anonymous} />
          <Tag color="purple">{VOTE_KIND_LABEL[poll.kind]}</Tag>
          <span className="poll-agenda">
            {meetingTitle} · 议程：{poll.agendaTitle}
          </span>
          {result ? <Digest digest={result.digest} /> : null}
        </div>
        <RoundLinks poll={poll} siblings={siblings} />
      </PageHeader>
      {!poll.anonymous ? (
        <Alert type="error" showIcon className="named-banner" title="记名表决" description="本表决为记名表决：每位组成人员的选择与本人对应记录。" />
      ) : null}
      {actionError ? <Alert type="error" showIcon closable={{ onClose: () => setActionError(null) }} className="action-error" title={actionError} data-testid="action-error" /> : null}
      {notices.map((n) => (
        <Alert
          key={n.id}
          type="error"
          showIcon
          className="action-error"
          title="请工作人员处理"
          description={n.message}
          closable={{ onClose: () => dismissNotice(n.id) }}
          data-testid="poll-notice"
        />
      ))}

      {poll.status !== 'draft' ? <RoomScreenLocked pollId={poll.id} onShow={projector} /> : null}
      {can('edit') ? <DraftBody poll={poll} quorum={meeting?.quorum} otherOpen={otherOpen} closed={meeting?.status === 'closed'} /> : null}
      {poll.kind === 'selection' && !sealed ? seriesCard : null}
      {can('paper') ? (
        <>
          <PollProgress poll={poll} />
          {paper ? <NotYetVoted members={paper.eligible} /> : null}
          <div className="entry-layout">
            <div className="entry-main">
              <PollPaperEntry
                key={poll.id}
                pollId={poll.id}
                def={poll.definition}
                doubleEntry={poll.doubleEntry}
                pass={pass}
                onPassChange={setPass}
                secondSheetNo={secondNo}
                onSecondSheetNo={setSecondNo}
              />
            </div>
            <div className="entry-side">
              {paper ? <PollPaperHandOut key={poll.id} poll={poll} paper={paper} /> : null}
              {paper ? (
                <PollPaperStatus
                  key={poll.id}
                  poll={poll}
                  paper={paper}
                  onSecondPass={(no) => {
                    setPass(2);
                    setSecondNo(no);
                  }}
                />
              ) : (
                <Skeleton active />
              )}
            </div>
          </div>
        </>
      ) : null}
      {sealed ? (
        result ? (
          <>
            {poll.status === 'closed' ? (
              <Alert
                type="info"
                showIcon
                icon={<CheckCircleOutlined />}
                className="action-error"
                title="表决已结束，结果已封存，尚未公布：投影屏幕暂不显示结果。核对无误后请点“公布结果”。"
              />
            ) : null}
            {poll.kind === 'selection' ? seriesCard : null}
            <PollResultView sealed={result} />
          </>
        ) : (
          <Card className="content-card">
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        )
      ) : null}
      {!can('edit') ? (
        <Card className="content-card" size="small" title="表决内容">
          <PollDefinitionSummary definition={poll.definition} autoClose={poll.autoClose} doubleEntry={poll.doubleEntry} serving={poll.serving} present={poll.present} />
        </Card>
      ) : null}
      {poll.kind === 'satisfaction' || poll.kind === 'scoring' ? <PollSubjects pollId={poll.id} /> : null}
      {editing && meeting ? (
        <PollFormDrawer
          meeting={meeting}
          item={{ id: poll.agendaItemId, title: poll.agendaTitle, bodyName: null, voteKind: poll.kind }}
          poll={poll}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void reloadPoll();
          }}
        />
      ) : null}
    </div>
  );
}

/**
 * A locked room screen keeps what it shows when a poll opens: say so here, where the clerk
 * runs the vote, with the one click that puts this poll up.
 */
function RoomScreenLocked({ pollId, onShow }: { pollId: number; onShow: () => void }) {
  const { screen } = useRoomScreen();
  if (!screen || !screen.pinned || (screen.view === 'poll' && screen.poll?.id === pollId)) return null;
  return (
    <Alert
      type="info"
      showIcon
      className="action-error"
      data-testid="room-screen-locked"
      title={`会场大屏已锁定，正在显示${describeScreen(screen)}，不会自动切换到本项。`}
      action={
        <Button size="small" onClick={onShow}>
          在大屏显示本项
        </Button>
      }
    />
  );
}

function DraftBody({ poll, quorum, otherOpen, closed }: { poll: PollDetail; quorum?: { serving: number; present: number; required: number; met: boolean }; otherOpen: PollSummary | null; closed: boolean }) {
  return (
    <>
      {closed ? <Alert type="info" showIcon className="action-error" title="会议已闭会，本项不能再开始表决。" data-testid="poll-blocked" /> : null}
      {otherOpen && !closed ? (
        <Alert
          type="warning"
          showIcon
          className="action-error"
          data-testid="poll-blocked"
          title={`“${otherOpen.title}”正在表决。同一会议一次只进行一项表决，请先结束它，再开始本项。`}
          action={
            <Button size="small" onClick={() => navigate({ name: 'poll', id: otherOpen.id })}>
              转到正在进行的表决
            </Button>
          }
        />
      ) : null}
      {quorum && !closed && !otherOpen ? (
        <Alert
          type={quorum.met ? 'success' : 'warning'}
          showIcon
          className="action-error"
          title={
            quorum.met
              ? `已达法定人数：出席 ${quorum.present} 人，在任 ${quorum.serving} 人。可以开始表决。`
              : `未达法定人数：出席 ${quorum.present} 人，在任 ${quorum.serving} 人，需至少 ${quorum.required} 人出席才能开始表决。`
          }
        />
      ) : null}
      <Card className="content-card" size="small" title="表决内容（草稿，开始前可以修改）">
        <PollDefinitionSummary
          definition={poll.definition}
          autoClose={poll.autoClose}
          doubleEntry={poll.doubleEntry}
          serving={quorum?.serving}
          present={quorum?.present}
        />
      </Card>
    </>
  );
}
