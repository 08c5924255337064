import { DownloadOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Form, Progress, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EventPayload, Output } from '../../../shared/api/contract.js';
import type { ExportRow } from '../../../shared/api/report-schemas.js';
import type { Meeting } from '../../../shared/api/schemas.js';
import type { OpinionRow, Settings } from '../../../shared/api/supervision-schemas.js';
import { defaultOffice, issuingOffice } from '../../../shared/domain/committee.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { FORMAT_LABEL, REPORTS, reportInfo, type ExportFormat, type ReportKind } from '../../../shared/domain/reports/catalog.js';
import { desk, DeskError } from '../../lib/desk-client.js';
import { CommitteeNameModal } from '../components/CommitteeNameModal.js';
import { PageHeader } from '../components/PageHeader.js';
import { notify, showError } from '../lib/notify.js';
import { fileSize } from '../lib/papers.js';
import { useReloadOn } from '../lib/reload-queue.js';
import { navigate } from '../router.js';
import { useTermStore } from '../stores/term-store.js';
import '../exports.css';

type Status = Output<'export.status'>;
type Progressed = EventPayload<'export.progressed'>;

/** Save a built file: the desktop app asks where; a browser downloads it under its own name. */
async function saveExport(row: Pick<ExportRow, 'id' | 'fileName'>): Promise<void> {
  const { url, savedTo } = await desk.call('export.save', { id: row.id });
  if (url === null) {
    if (savedTo) notify.success(`已保存到 ${savedTo}`);
    return;
  }
  const blob = await desk.fetchFile(url);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = row.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 60_000);
  notify.success(`已下载 ${row.fileName}`);
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${chineseDate(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * 报告导出: the documents and spreadsheets for the party committee, built from sealed results
 * and the ledger. Pick the report, what it covers and the format; the file is built with
 * progress and then saved (desktop) or downloaded (browser). Recent exports stay listed.
 */
export function ExportPage() {
  const [status, setStatus] = useState<Status | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [editingName, setEditingName] = useState(false);
  const [meetings, setMeetings] = useState<Meeting[]>([]);
  const [opinions, setOpinions] = useState<OpinionRow[]>([]);
  const [years, setYears] = useState<number[]>([]);
  const [recent, setRecent] = useState<ExportRow[]>([]);
  const [report, setReport] = useState<ReportKind>('results-notice');
  const [format, setFormat] = useState<ExportFormat>('docx');
  const [meetingId, setMeetingId] = useState<number | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const [opinionId, setOpinionId] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  /** Why the last start was refused, shown where the clerk looks (a toast fades). */
  const [refusal, setRefusal] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progressed | null>(null);
  /** The export this page started: saved as soon as it is built. */
  const mine = useRef<ExportRow | null>(null);
  /**
   * Progress events arrive on the push channel and the answer to export.start on another: a
   * small report can be built before its start is answered. The last event of each id waits here.
   */
  const seen = useRef(new Map<number, Progressed>());
  const terms = useTermStore((s) => s.terms);

  const loadRecent = useCallback(async () => {
    try {
      setRecent(await desk.call('export.list', {}));
    } catch (err) {
      showError(err);
    }
  }, []);

  const load = useCallback(async () => {
    try {
      const [st, se, ms, ops] = await Promise.all([
        desk.call('export.status', {}),
        desk.call('settings.get', {}),
        desk.call('meeting.list', { page: 1, pageSize: 200 }),
        desk.call('opinion.list', { status: 'all', overdue: false }),
      ]);
      setStatus(st);
      setSettings(se);
      setMeetings(ms.items);
      setOpinions(ops.items);
      const ys = [...new Set([...ms.years, ...ops.years, Number(ops.today.slice(0, 4))])].sort((a, b) => b - a);
      setYears(ys);
      setYear((y) => y ?? Number(ops.today.slice(0, 4)));
      // The latest meeting held so far, the one a clerk most likely reports on.
      setMeetingId((id) => id ?? (ms.items.find((m) => m.date <= ops.today) ?? ms.items[0])?.id ?? null);
      setOpinionId((id) => id ?? ops.items[0]?.id ?? null);
    } catch (err) {
      showError(err);
    }
    await loadRecent();
  }, [loadRecent]);

  useEffect(() => {
    void load();
  }, [load]);
  useReloadOn('exports', ['meeting', 'opinion', 'settings'], load);

  const onProgress = useCallback(
    (p: Progressed) => {
      if (mine.current?.id !== p.id) {
        seen.current.set(p.id, p);
        if (p.status !== 'building') void loadRecent();
        return;
      }
      setProgress(p);
      if (p.status === 'building') return;
      const row = mine.current;
      mine.current = null;
      void loadRecent();
      if (p.status === 'done') saveExport(row).catch(showError);
      else notify.error(p.error ?? '导出失败');
    },
    [loadRecent],
  );
  useEffect(() => desk.on('export.progressed', onProgress), [onProgress]);

  const info = reportInfo(report);
  useEffect(() => setRefusal(null), [report, meetingId, year, opinionId, format]);
  useEffect(() => {
    if (!info.formats.includes(format)) setFormat(info.formats[0]!);
  }, [info, format]);

  const scopeReady = info.scope === 'meeting' ? meetingId !== null : info.scope === 'year' ? year !== null : opinionId !== null;
  const request = () => ({
    report,
    ...(info.scope === 'meeting' ? { meetingId: meetingId! } : info.scope === 'year' ? { year: year! } : { opinionId: opinionId! }),
  });
  const building = progress?.status === 'building' || starting;

  const start = async () => {
    setStarting(true);
    setProgress(null);
    setRefusal(null);
    try {
      const row = await desk.call('export.start', { ...request(), format } as Parameters<typeof desk.call<'export.start'>>[1]);
      mine.current = row;
      setProgress({ id: row.id, status: 'building', percent: 10, step: '读取数据', error: null });
      const early = seen.current.get(row.id);
      seen.current.clear();
      if (early) onProgress(early);
      void loadRecent();
    } catch (err) {
      if (err instanceof DeskError && (err.code === 'STATE' || err.code === 'VALIDATION' || err.code === 'NOT_FOUND')) setRefusal(err.message);
      else showError(err);
    } finally {
      setStarting(false);
    }
  };

  const level = terms[0]?.level ?? 'city';
  const committee = settings?.committee ?? null;

  const columns: ColumnsType<ExportRow> = useMemo(
    () => [
      { title: '导出时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v) },
      { title: '报告', dataIndex: 'report', width: 170, render: (v: ReportKind) => reportInfo(v).label },
      { title: '文件', dataIndex: 'fileName', ellipsis: { showTitle: true } },
      { title: '大小', dataIndex: 'size', width: 90, render: (v: number | null) => (v === null ? '—' : fileSize(v)) },
      {
        title: '状态',
        dataIndex: 'status',
        width: 90,
        render: (v: ExportRow['status'], r) => (v === 'done' ? <Tag color="green">已完成</Tag> : v === 'building' ? <Tag color="blue">生成中</Tag> : <Tag color="red" title={r.error ?? ''}>失败</Tag>),
      },
      {
        title: '操作',
        width: 110,
        render: (_: unknown, r) =>
          r.status === 'done' ? (
            <Button size="small" icon={<DownloadOutlined />} onClick={() => saveExport(r).catch(showError)}>
              {status?.saveMode === 'dialog' ? '另存为' : '下载'}
            </Button>
          ) : null,
      },
    ],
    [status],
  );

  const meetingOptions = meetings.map((m) => ({ value: m.id, label: `${m.title}（${chineseDate(m.date)}）` }));
  const opinionOptions = opinions.map((o) => ({ value: o.id, label: `${o.title}（${o.statusLabel}）` }));

  return (
    <div className="page exports-page">
      <PageHeader crumbs={[{ title: '报告导出' }]} title="报告导出" />
      {status && !status.committeeSet ? (
        <Alert
          type="warning"
          showIcon
          className="exports-alert"
          title="尚未设置本机关名称"
          description="文件的标题、主送机关和落款要用到本机关名称；设置后会议名称、签到卡和会场大屏也会带上它。"
          action={
            <Button type="primary" onClick={() => setEditingName(true)}>
              设置本机关名称
            </Button>
          }
        />
      ) : null}
      <Card title="本机关名称" size="small" className="exports-card" extra={<Button size="small" icon={<EditOutlined />} onClick={() => setEditingName(true)}>{committee ? '修改' : '设置'}</Button>}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="全称">{committee?.fullName ?? '未设置'}</Descriptions.Item>
          <Descriptions.Item label="简称">{committee?.shortName ?? '未设置'}</Descriptions.Item>
          <Descriptions.Item label="发文署名">{issuingOffice(committee, level)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="导出报告" size="small" className="exports-card">
        <Form layout="horizontal" labelCol={{ flex: '96px' }} className="exports-form">
          <Form.Item label="报告">
            <Radio.Group value={report} onChange={(e) => setReport(e.target.value as ReportKind)} className="exports-reports">
              {REPORTS.map((r) => (
                <Radio key={r.kind} value={r.kind} data-testid={`report-${r.kind}`}>
                  {r.label}
                </Radio>
              ))}
            </Radio.Group>
            <div className="exports-description">{info.description}</div>
          </Form.Item>
          {info.scope === 'meeting' ? (
            <Form.Item label="会议">
              <Select value={meetingId} onChange={setMeetingId} options={meetingOptions} showSearch={{ optionFilterProp: 'label' }} style={{ maxWidth: 560 }} aria-label="会议" data-testid="export-meeting" placeholder="还没有会议：先在“会议”中建立会议" notFoundContent={<Empty description="还没有会议" />} />
            </Form.Item>
          ) : info.scope === 'year' ? (
            <Form.Item label="年度">
              <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: `${y}年` }))} style={{ width: 140 }} aria-label="年度" data-testid="export-year" />
            </Form.Item>
          ) : (
            <Form.Item label="审议意见">
              <Select value={opinionId} onChange={setOpinionId} options={opinionOptions} showSearch={{ optionFilterProp: 'label' }} style={{ maxWidth: 560 }} aria-label="审议意见" data-testid="export-opinion" placeholder="还没有审议意见" notFoundContent={<Empty description="还没有审议意见" />} />
            </Form.Item>
          )}
          <Form.Item label="格式">
            <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} options={info.formats.map((f) => ({ value: f, label: FORMAT_LABEL[f] }))} />
          </Form.Item>
          {format === 'docx' && status && !status.fonts.complete ? <Alert type="info" showIcon className="exports-fonts" title={status.fonts.message} /> : null}
          <Form.Item label=" " colon={false}>
            <Space>
              <Button type="primary" icon={<DownloadOutlined />} disabled={!scopeReady || building} loading={starting} onClick={() => void start()} data-testid="export-start">
                导出
              </Button>
              {info.document ? (
                <Button icon={<PrinterOutlined />} disabled={!scopeReady} onClick={() => navigate({ name: 'print', request: request() })} data-testid="export-print">
                  打印预览
                </Button>
              ) : null}
            </Space>
          </Form.Item>
          {refusal ? (
            <Form.Item label=" " colon={false}>
              <Alert type="warning" showIcon title={refusal} closable={{ onClose: () => setRefusal(null) }} style={{ maxWidth: 760 }} data-testid="export-refusal" />
            </Form.Item>
          ) : null}
          {progress ? (
            <Form.Item label="进度" data-testid="export-progress">
              <Progress percent={progress.percent} status={progress.status === 'failed' ? 'exception' : progress.status === 'done' ? 'success' : 'active'} style={{ maxWidth: 480 }} />
              <Typography.Text type={progress.status === 'failed' ? 'danger' : 'secondary'}>{progress.status === 'failed' ? progress.error : progress.status === 'done' ? '已生成' : `正在${progress.step}…`}</Typography.Text>
            </Form.Item>
          ) : null}
        </Form>
      </Card>
      <Card title="最近导出" size="small" className="exports-card">
        <Table<ExportRow> rowKey="id" size="small" columns={columns} dataSource={recent} pagination={false} locale={{ emptyText: '还没有导出过文件' }} data-testid="export-recent" />
        <div className="exports-note">导出的文件只含封存后的汇总结果、台账和计划，不含任何选票或个人的选择。文件保存在数据文件夹的 exports 目录中。</div>
      </Card>
      {editingName ? (
        <CommitteeNameModal
          current={committee}
          defaultOffice={defaultOffice(level)}
          onClose={(saved) => {
            setEditingName(false);
            if (saved) void load();
          }}
        />
      ) : null}
    </div>
  );
}
