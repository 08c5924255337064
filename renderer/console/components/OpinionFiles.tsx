import { FileExcelOutlined, FileImageOutlined, FileOutlined, FilePdfOutlined, FileWordOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Upload } from 'antd';
import { useState } from 'react';
import { LIMITS } from '../../../shared/api/schemas.js';
import type { OpinionDetail, OpinionFile, OpinionId, ProblemId, ReportId } from '../../../shared/api/supervision-schemas.js';
import { desk, fileToBase64 } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';
import { fileSize, hasPaperExtension, PAPER_ACCEPT, showStoredFile } from '../lib/papers.js';

export { PAPER_ACCEPT as OPINION_FILE_ACCEPT };

function FileIcon({ name }: { name: string }) {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pdf') || lower.endsWith('.ofd')) return <FilePdfOutlined className="paper-icon pdf" />;
  if (lower.endsWith('.doc') || lower.endsWith('.docx') || lower.endsWith('.wps')) return <FileWordOutlined className="paper-icon word" />;
  if (lower.endsWith('.xls') || lower.endsWith('.xlsx')) return <FileExcelOutlined className="paper-icon excel" />;
  if (/\.(png|jpe?g)$/.test(lower)) return <FileImageOutlined className="paper-icon image" />;
  return <FileOutlined className="paper-icon" />;
}

const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

/**
 * In the desktop app the system viewer opens the file and `url` is null. In a browser the file
 * is fetched with the console credential (a plain window.open would lack it) and shown from a
 * blob URL, or downloaded when pop-ups are blocked.
 */
export async function openOpinionFile(file: OpinionFile): Promise<void> {
  try {
    const { url } = await desk.call('opinion.openFile', { id: file.id });
    const ext = file.fileName.toLowerCase().split('.').pop() ?? '';
    await showStoredFile(url, file.fileName, MIME[ext] ?? null);
  } catch (err) {
    showError(err);
  }
}

/** Why a file cannot be attached, in Chinese; null when it can. */
export function fileProblem(file: File): string | null {
  if (!hasPaperExtension(file.name)) return `“${file.name}”不是支持的文件类型，请上传 PDF、OFD、Word、WPS、Excel 或图片（PNG、JPG）`;
  if (file.size > LIMITS.paperBytes) return `“${file.name}”有 ${fileSize(file.size)}，超过 50 MB 的上限，请压缩或拆分后再上传`;
  if (file.size === 0) return `“${file.name}”是空文件，请检查后重新选择`;
  return null;
}

export async function attachOpinionFile(opinionId: OpinionId, reportId: ReportId | null, problemId: ProblemId | null, file: File): Promise<OpinionDetail> {
  const contentBase64 = await fileToBase64(file);
  return desk.callWithProgress('opinion.attachFile', { opinionId, reportId, problemId, fileName: file.name, contentBase64 });
}

export function OpinionFileList({ files, empty }: { files: OpinionFile[]; empty?: string }) {
  if (files.length === 0) return empty ? <span className="muted">{empty}</span> : null;
  return (
    <div className="paper-list opinion-files">
      {files.map((f) => (
        <div className="paper-row" key={f.id} data-testid="opinion-file">
          <FileIcon name={f.fileName} />
          <span className="paper-name" title={f.fileName}>
            {f.fileName}
          </span>
          <span className="paper-meta">{fileSize(f.size)}</span>
          <Button size="small" type="link" onClick={() => void openOpinionFile(f)}>
            打开
          </Button>
        </div>
      ))}
    </div>
  );
}

/** A button that attaches files right away (the report's paper, evidence, the opinion's own attachments). */
export function OpinionUploadButton({
  opinionId,
  reportId,
  problemId,
  label,
  onDone,
}: {
  opinionId: OpinionId;
  reportId: ReportId | null;
  problemId: ProblemId | null;
  label: string;
  onDone: (detail: OpinionDetail) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const attach = async (file: File) => {
    const problem = fileProblem(file);
    if (problem) {
      notify.error(problem);
      return;
    }
    setBusy(file.name);
    try {
      const detail = await attachOpinionFile(opinionId, reportId, problemId, file);
      notify.success(`已上传“${file.name}”`);
      onDone(detail);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Upload
      accept={PAPER_ACCEPT}
      showUploadList={false}
      multiple
      beforeUpload={(file) => {
        void attach(file);
        return Upload.LIST_IGNORE;
      }}
    >
      <Button size="small" icon={<PaperClipOutlined />} loading={busy !== null} title={busy ? `正在上传“${busy}”` : undefined}>
        {label}
      </Button>
    </Upload>
  );
}
