import { DeleteOutlined, EditOutlined, FileTextOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Popconfirm, Result, Skeleton, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { HandlingReport, OpinionDetail, OpinionId } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import type { OpinionEventKind } from '../../../shared/domain/supervision/labels.js';
import { desk, DeskError } from '../../lib/desk-client.js';
import { OpinionEditModal } from '../components/OpinionEditModal.js';
import { OpinionFileList, OpinionUploadButton } from '../components/OpinionFiles.js';
import { OpinionReportModal } from '../components/OpinionReportModal.js';
import { OpinionStepModal, stepLabel, type StepKind } from '../components/OpinionStepModal.js';
import { DeadlineCell, OpinionStatusTag, RectificationTag, RouteLink, VerdictText } from '../components/OpinionTags.js';
import { OpinionTimeline } from '../components/OpinionTimeline.js';
import { PageHeader } from '../components/PageHeader.js';
import { errorText, notify, showError } from '../lib/notify.js';
import { useReloadOn } from '../lib/reload-queue.js';
import { navigate } from '../router.js';
import { useBodyStore } from '../stores/body-store.js';
import '../opinions.css';

type Dialog = { kind: 'step'; step: StepKind } | { kind: 'report' } | { kind: 'edit' } | null;

/** The button for each step a clerk may record; the report has its own wording. */
function actionLabel(kind: OpinionEventKind): string {
  return kind === 'reported' ? '登记处理情况报告' : stepLabel(kind);
}

/** The steps that move the opinion forward in the ordinary course: shown as the primary button. */
const FORWARD: readonly OpinionEventKind[] = ['approved', 'sent', 'reported', 'rehearing', 'closed', 'reassigned'];

function Paragraphs({ text, empty }: { text: string; empty: string }) {
  if (!text.trim()) return <span className="muted">{empty}</span>;
  return <div className="opinion-text">{text}</div>;
}

function ReportBlock({ report, detail, onChanged }: { report: HandlingReport; detail: OpinionDetail; onChanged: (d: OpinionDetail) => void }) {
  const problems = new Map(detail.problemList.map((p) => [p.id, p]));
  const paperFiles = report.files.filter((f) => f.problemId === null);
  return (
    <div className="report-block" data-testid="report">
      <div className="report-block-head">
        <span className="report-round">第 {report.round} 次报告</span>
        <span className="muted">收到于 {chineseDate(report.receivedOn)}</span>
      </div>
      {report.summary ? <div className="opinion-text report-summary">{report.summary}</div> : null}
      <Table
        size="small"
        rowKey="problemId"
        pagination={false}
        className="report-rect-table"
        dataSource={report.rectifications}
        columns={[
          { title: '问题', key: 'problem', width: '34%', render: (_v, r) => <span className="report-problem-cell">{r.position}. {problems.get(r.problemId)?.text ?? ''}</span> },
          { title: '整改措施', dataIndex: 'measures', render: (m: string) => (m ? <span className="pre-wrap">{m}</span> : <span className="muted">未填写</span>) },
          { title: '状态', dataIndex: 'status', width: 96, render: (s: HandlingReport['rectifications'][number]['status']) => <RectificationTag status={s} /> },
          {
            title: '佐证材料',
            key: 'evidence',
            width: 220,
            render: (_v, r) => (
              <div className="evidence-cell">
                <OpinionFileList files={report.files.filter((f) => f.problemId === r.problemId)} />
                <OpinionUploadButton opinionId={detail.id} reportId={report.id} problemId={r.problemId} label="上传" onDone={onChanged} />
              </div>
            ),
          },
        ]}
      />
      <div className="report-papers">
        <span className="report-papers-label">报告原件：</span>
        <OpinionFileList files={paperFiles} empty="未上传" />
        <OpinionUploadButton opinionId={detail.id} reportId={report.id} problemId={null} label="上传报告材料" onDone={onChanged} />
      </div>
    </div>
  );
}

export function OpinionPage({ id }: { id: number }) {
  const [detail, setDetail] = useState<OpinionDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [deleting, setDeleting] = useState(false);
  const bodies = useBodyStore((s) => s.bodies);
  const bodiesLoaded = useBodyStore((s) => s.loaded);
  const loadBodies = useBodyStore((s) => s.load);

  const load = useCallback(async () => {
    try {
      const d = await desk.call('opinion.get', { id: id as OpinionId });
      setDetail(d);
      setMissing(false);
      setLoadError(null);
    } catch (err) {
      if (err instanceof DeskError && err.code === 'NOT_FOUND') setMissing(true);
      else setLoadError(errorText(err));
    }
  }, [id]);

  useEffect(() => {
    setDetail(null);
    setMissing(false);
    setDialog(null);
    void load();
  }, [load]);
  useEffect(() => {
    if (!bodiesLoaded) void loadBodies();
  }, [bodiesLoaded, loadBodies]);

  useReloadOn('opinion-page', ['opinion', 'agenda', 'body', 'meeting', 'settings'], load);

  const crumbs = [{ title: '审议意见台账', route: { name: 'opinions' } as const }];

  if (missing) {
    return (
      <Result
        status="404"
        title="找不到这份审议意见"
        subTitle="审议意见可能已被删除（草稿可以删除），或链接有误。"
        extra={
          <Button type="primary" onClick={() => navigate({ name: 'opinions' })}>
            返回审议意见台账
          </Button>
        }
      />
    );
  }
  if (!detail) {
    return (
      <>
        <PageHeader crumbs={[...crumbs, { title: '审议意见' }]} title="　" />
        {loadError ? (
          <Alert type="error" showIcon title={loadError} action={<Button onClick={() => void load()}>重试</Button>} />
        ) : (
          <Card className="content-card">
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )}
      </>
    );
  }

  const d = detail;
  const saved = (next: OpinionDetail) => {
    setDialog(null);
    setDetail(next);
  };
  const remove = async () => {
    setDeleting(true);
    try {
      await desk.call('opinion.delete', { id: d.id });
      notify.success('已删除审议意见草稿');
      navigate({ name: 'opinions' });
    } catch (err) {
      showError(err);
    } finally {
      setDeleting(false);
    }
  };
  const open = (kind: OpinionEventKind) => {
    if (kind === 'reported') setDialog({ kind: 'report' });
    else if (kind !== 'drafted' && kind !== 'rated') setDialog({ kind: 'step', step: kind });
  };
  const primary = d.available.find((k) => FORWARD.includes(k));
  const looksBad = d.status === 'unsatisfied' || d.status === 'escalated';
  const opinionFiles = d.files.filter((f) => f.reportId === null);

  const actions =
    d.available.length > 0 ? (
      <div className="opinion-actions" data-testid="opinion-actions">
        {d.available.map((k) => (
          <Button key={k} type={k === primary ? 'primary' : 'default'} icon={k === 'reported' ? <FileTextOutlined /> : undefined} onClick={() => open(k)}>
            {actionLabel(k)}
          </Button>
        ))}
      </div>
    ) : null;

  return (
    <>
      <PageHeader
        crumbs={[...crumbs, { title: d.title }]}
        title={d.title}
        extra={
          <>
            {/* The documents of this opinion, in the print view (导出 is on 报告导出). */}
            <Button icon={<PrinterOutlined />} onClick={() => navigate({ name: 'print', request: { report: 'opinion-letter', opinionId: d.id } })} data-testid="opinion-print-letter">
              审议意见书
            </Button>
            {d.reports.length > 0 ? (
              <Button icon={<PrinterOutlined />} onClick={() => navigate({ name: 'print', request: { report: 'handling-summary', opinionId: d.id } })}>
                办理情况汇总
              </Button>
            ) : null}
            {d.status === 'draft' ? (
              <>
                <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit' })}>
                  编辑
                </Button>
                <Popconfirm title="删除这份审议意见草稿？" description="删除后不能恢复。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={remove}>
                  <Button danger icon={<DeleteOutlined />} loading={deleting}>
                    删除
                  </Button>
                </Popconfirm>
              </>
            ) : null}
          </>
        }
      />
      <Card className="content-card opinion-head">
        <dl className="opinion-facts">
          <div>
            <dt>状态</dt>
            <dd>
              <OpinionStatusTag status={d.status} testId="opinion-status" />
            </dd>
          </div>
          <div>
            <dt>{d.urgency.dueWhat === 'draft' ? '整理时限' : d.urgency.dueWhat === 'send' ? '交办时限' : '报告期限'}</dt>
            <dd>
              <DeadlineCell row={d} />
            </dd>
          </div>
          {d.sentOn ? (
            <div>
              <dt>交办日期</dt>
              <dd>{chineseDate(d.sentOn)}</dd>
            </div>
          ) : null}
          <div>
            <dt>测评</dt>
            <dd>
              <VerdictText verdict={d.lastVerdict} />
              {d.unsatisfied > 0 ? <span className="ledger-unsatisfied inline">（累计不满意 {d.unsatisfied} 次）</span> : null}
              {d.escalation.interviews > 0 ? <span className="muted"> · 约谈 {d.escalation.interviews} 次</span> : null}
            </dd>
          </div>
          <div className="is-wide">
            <dt>来源</dt>
            <dd className="wrap">
              <RouteLink route={{ name: 'meeting', id: d.meetingId, tab: 'agenda' }}>{d.meetingTitle}</RouteLink>
              <span className="muted">（{chineseDate(d.meetingDate)}）</span>
              <span className="fact-sep">·</span>
              <RouteLink route={{ name: 'meeting', id: d.meetingId, tab: 'agenda' }} className="agenda-link">
                {d.agendaTitle}
              </RouteLink>
            </dd>
          </div>
          <div>
            <dt>承办单位</dt>
            <dd className="wrap opinion-bodies">
              {d.bodies.map((b) => (
                <RouteLink key={b.id} route={{ name: 'subject', kind: 'body', id: b.id }}>
                  {b.name}
                </RouteLink>
              ))}
            </dd>
          </div>
          <div>
            <dt>牵头委员会</dt>
            <dd>
              {d.leadBodyId && d.leadBodyName ? <RouteLink route={{ name: 'subject', kind: 'body', id: d.leadBodyId }}>{d.leadBodyName}</RouteLink> : <span className="muted">未指定</span>}
            </dd>
          </div>
          <div>
            <dt>抄报抄送</dt>
            <dd className="wrap">{d.copyTo.length > 0 ? d.copyTo.map((c) => <Tag key={c}>{c}</Tag>) : <span className="muted">无</span>}</dd>
          </div>
          {d.rehearing ? (
            <div className="is-wide">
              <dt>再次审议</dt>
              <dd className="wrap">
                <RouteLink route={{ name: 'meeting', id: d.rehearing.meetingId, tab: 'agenda' }}>{d.rehearing.meetingTitle}</RouteLink>
                <span className="muted">（{chineseDate(d.rehearing.date)}）</span>
                <span className="fact-sep">·</span>
                {d.rehearing.title}
              </dd>
            </div>
          ) : null}
        </dl>
      </Card>
      {d.suggestion ? (
        <Alert
          className="opinion-suggestion"
          type={looksBad ? 'warning' : 'info'}
          showIcon
          title={<span data-testid="opinion-suggestion">下一步：{d.suggestion}</span>}
          action={actions}
        />
      ) : (
        actions && <div className="opinion-suggestion">{actions}</div>
      )}
      <div className="opinion-layout">
        <div className="opinion-main">
          <Card className="content-card" title="总体评价">
            <Paragraphs text={d.assessment} empty="未填写总体评价" />
          </Card>
          <Card className="content-card" title={`问题清单（${d.problemList.length}）`}>
            {d.problemList.length === 0 ? (
              <span className="muted">没有列出问题</span>
            ) : (
              <ol className="problem-list">
                {d.problemList.map((p) => (
                  <li key={p.id} className="problem-row" data-testid="problem-row">
                    <span className="problem-no">{p.position}.</span>
                    <div className="problem-main">
                      <div className="problem-text">{p.text}</div>
                      <div className="problem-meta">
                        <RouteLink route={{ name: 'subject', kind: 'body', id: p.bodyId }} className="problem-body-name">
                          {p.bodyName}
                        </RouteLink>
                        {d.reports.length > 0 ? <RectificationTag status={p.status} /> : null}
                      </div>
                      {p.measures ? (
                        <div className="problem-measures">
                          <span className="tl-key">整改措施</span>
                          {p.measures}
                        </div>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </Card>
          <Card className="content-card" title="意见建议">
            <Paragraphs text={d.recommendations} empty="未填写意见建议" />
          </Card>
          <Card className="content-card" title={`研究处理情况报告（${d.reports.length}）`}>
            {d.reports.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d.status === 'sent' ? '承办单位尚未报送研究处理情况报告' : '还没有研究处理情况报告'} />
            ) : (
              d.reports.map((r) => <ReportBlock key={r.id} report={r} detail={d} onChanged={setDetail} />)
            )}
          </Card>
          <Card className="content-card" title="附件" extra={<OpinionUploadButton opinionId={d.id} reportId={null} problemId={null} label="上传附件" onDone={setDetail} />}>
            <OpinionFileList files={opinionFiles} empty="没有附件（审议意见正式文本、交办函等可在此上传）" />
          </Card>
        </div>
        <Card className="content-card opinion-side" title="办理经过">
          <OpinionTimeline events={d.events} />
        </Card>
      </div>
      {dialog?.kind === 'step' ? <OpinionStepModal kind={dialog.step} detail={d} onClose={() => setDialog(null)} onSaved={saved} /> : null}
      {dialog?.kind === 'report' ? <OpinionReportModal detail={d} onClose={() => setDialog(null)} onSaved={saved} /> : null}
      {dialog?.kind === 'edit' ? <OpinionEditModal detail={d} bodies={bodies} onClose={() => setDialog(null)} onSaved={saved} /> : null}
    </>
  );
}
