import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Space, Spin, Table, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Output } from '../../../shared/api/contract.js';
import { LIMITS, type ImportRow, type Term } from '../../../shared/api/schemas.js';
import { desk, fileToBase64, newJobId } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';
import { fileSize } from '../lib/papers.js';

type Preview = Output<'member.importPreview'>;

const TEMPLATE_HEADERS = ['姓名', '职务', '状态', '座次', '备注'];

/** A CSV template Excel opens correctly (UTF-8 with BOM). */
function downloadTemplate(): void {
  const lines = [TEMPLATE_HEADERS.join(','), '张三,主任,在任,1,', '李四,副主任,在任,2,', '王五,委员,在任,10,驻会'];
  const blob = new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = '组成人员导入模板.csv';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Stage =
  | { name: 'choose' }
  | { name: 'working'; fileName: string; uploaded: number; parsed: { phase: string; done: number; total: number } | null }
  | { name: 'preview'; fileName: string; preview: Preview }
  | { name: 'committing'; fileName: string; preview: Preview };

export function MemberImportModal({ term, onClose, onImported }: { term: Term; onClose: () => void; onImported: (created: number) => void }) {
  const [stage, setStage] = useState<Stage>({ name: 'choose' });
  const jobRef = useRef<string | null>(null);

  // The server reports parsing progress for our job id while the preview call runs.
  useEffect(
    () =>
      desk.on('job.progressed', (p) => {
        if (p.jobId !== jobRef.current) return;
        setStage((s) => (s.name === 'working' ? { ...s, uploaded: 1, parsed: { phase: p.phase, done: p.done, total: p.total } } : s));
      }),
    [],
  );

  const choose = async (file: File) => {
    const lower = file.name.toLowerCase();
    if (!lower.endsWith('.xlsx') && !lower.endsWith('.csv')) {
      notify.error(`“${file.name}”不是 Excel（.xlsx）或 CSV 文件，请另存为这两种格式之一后再导入`);
      return;
    }
    if (file.size > LIMITS.importFileBytes) {
      notify.error(`“${file.name}”有 ${fileSize(file.size)}，超过 5 MB 的上限。组成人员名单通常很小，请检查是否选错了文件`);
      return;
    }
    const jobId = newJobId();
    jobRef.current = jobId;
    setStage({ name: 'working', fileName: file.name, uploaded: 0, parsed: null });
    try {
      const contentBase64 = await fileToBase64(file);
      const preview = await desk.callWithProgress('member.importPreview', { termId: term.id, fileName: file.name, contentBase64, jobId }, (f) =>
        setStage((s) => (s.name === 'working' ? { ...s, uploaded: f } : s)),
      );
      setStage({ name: 'preview', fileName: file.name, preview });
    } catch (err) {
      showError(err);
      setStage({ name: 'choose' });
    } finally {
      jobRef.current = null;
    }
  };

  const commit = async () => {
    if (stage.name !== 'preview') return;
    const rows = stage.preview.rows.flatMap((r) => (r.fields && r.errors.length === 0 ? [r.fields] : []));
    setStage({ name: 'committing', fileName: stage.fileName, preview: stage.preview });
    try {
      const { created } = await desk.call('member.importCommit', { termId: term.id, rows });
      notify.success(`已导入 ${created} 名组成人员`);
      onImported(created);
    } catch (err) {
      showError(err);
      setStage({ name: 'preview', fileName: stage.fileName, preview: stage.preview });
    }
  };

  const preview = stage.name === 'preview' || stage.name === 'committing' ? stage.preview : null;

  const columns = useMemo<ColumnsType<ImportRow>>(() => {
    if (!preview) return [];
    const headers: string[] = [];
    for (const row of preview.rows) for (const key of Object.keys(row.raw)) if (!headers.includes(key)) headers.push(key);
    return [
      { title: '行号', dataIndex: 'line', width: 64, align: 'center' },
      ...headers.map((h) => ({
        title: h,
        key: `raw:${h}`,
        ellipsis: true,
        render: (_v: unknown, row: ImportRow) => row.raw[h] ?? '',
      })),
      {
        title: '检查结果',
        key: 'result',
        width: 320,
        render: (_v: unknown, row: ImportRow) =>
          row.errors.length === 0 ? (
            <span className="import-ok">
              <CheckCircleFilled /> 可导入
            </span>
          ) : (
            <ul className="import-errors">
              {row.errors.map((e, i) => (
                <li key={i}>
                  <CloseCircleFilled /> {e}
                </li>
              ))}
            </ul>
          ),
      },
    ];
  }, [preview]);

  const validCount = preview ? preview.validCount : 0;
  const errorCount = preview ? preview.errorCount : 0;

  const footer =
    stage.name === 'preview' || stage.name === 'committing' ? (
      <Space>
        <Button onClick={() => setStage({ name: 'choose' })} disabled={stage.name === 'committing'}>
          重新选择文件
        </Button>
        <Button onClick={onClose} disabled={stage.name === 'committing'}>
          取消
        </Button>
        <Button type="primary" disabled={validCount === 0} loading={stage.name === 'committing'} onClick={commit} data-testid="import-commit">
          导入 {validCount} 行
        </Button>
      </Space>
    ) : (
      <Button onClick={onClose}>取消</Button>
    );

  return (
    <Modal
      open
      title={`导入组成人员（${term.name}）`}
      width={preview ? 1100 : 640}
      footer={footer}
      onCancel={stage.name === 'committing' || stage.name === 'working' ? undefined : onClose}
      closable={stage.name !== 'committing' && stage.name !== 'working'}
      mask={{ closable: false }}
    >
      {stage.name === 'choose' ? (
        <>
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void choose(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击选择文件，或将文件拖到此处</p>
            <p className="ant-upload-hint">支持 Excel（.xlsx）和 CSV 文件，不超过 5 MB。第一行为表头：姓名、职务、状态、座次、备注。</p>
          </Upload.Dragger>
          <div className="import-help">
            <Typography.Text type="secondary">职务填写 主任 / 副主任 / 秘书长 / 委员；状态填写 在任 / 离任（不填视为在任）；座次为从 1 开始的整数。导入前会先预览每一行的检查结果，不会直接写入。</Typography.Text>
            <Button type="link" icon={<DownloadOutlined />} onClick={downloadTemplate}>
              下载导入模板
            </Button>
          </div>
        </>
      ) : null}

      {stage.name === 'working' ? (
        <div className="import-working" aria-live="polite">
          <div className="import-file">{stage.fileName}</div>
          {desk.uploadProgress || stage.parsed ? (
            <>
              <Progress
                percent={stage.parsed ? Math.round(50 + (50 * stage.parsed.done) / Math.max(stage.parsed.total, 1)) : Math.round(stage.uploaded * 50)}
                status="active"
              />
              <div className="import-phase">
                {stage.parsed ? `${stage.parsed.phase || '正在检查'}：${stage.parsed.done} / ${stage.parsed.total}…` : stage.uploaded < 1 ? `正在上传 ${Math.round(stage.uploaded * 100)}%…` : '正在读取文件…'}
              </div>
            </>
          ) : (
            <Spin tip="正在读取和检查文件…">
              <div style={{ height: 64 }} />
            </Spin>
          )}
        </div>
      ) : null}

      {preview ? (
        <>
          <Alert
            type={errorCount > 0 ? 'warning' : 'success'}
            showIcon
            className="import-summary"
            title={
              <span data-testid="import-summary">
                文件“{stage.name !== 'choose' && stage.name !== 'working' ? stage.fileName : ''}”共 {preview.rows.length} 行：可导入 <b>{validCount}</b> 行，有错误 <b>{errorCount}</b> 行
              </span>
            }
            description={errorCount > 0 ? '有错误的行（红色标出）不会导入。可以先导入其余各行，再修改文件中出错的行后单独导入；或修改后重新选择文件。' : '所有行均可导入，请核对后点击“导入”。'}
          />
          <Table<ImportRow>
            rowKey="line"
            size="small"
            columns={columns}
            dataSource={preview.rows}
            rowClassName={(row) => (row.errors.length > 0 ? 'import-row-error' : '')}
            pagination={preview.rows.length > 100 ? { pageSize: 100, showSizeChanger: false, showTotal: (t) => `共 ${t} 行` } : false}
            scroll={{ y: 420 }}
          />
        </>
      ) : null}
    </Modal>
  );
}
