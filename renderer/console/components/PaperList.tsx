import { DeleteOutlined, FileExcelOutlined, FileImageOutlined, FileOutlined, FilePdfOutlined, FileWordOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Progress, Spin, Tooltip, Upload } from 'antd';
import { useState } from 'react';
import { LIMITS, type AgendaItem, type Paper } from '../../../shared/api/schemas.js';
import { desk, fileToBase64 } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';
import { fileSize, hasPaperExtension, openPaper, PAPER_ACCEPT } from '../lib/papers.js';

function PaperIcon({ name }: { name: string }) {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pdf') || lower.endsWith('.ofd')) return <FilePdfOutlined className="paper-icon pdf" />;
  if (lower.endsWith('.doc') || lower.endsWith('.docx') || lower.endsWith('.wps')) return <FileWordOutlined className="paper-icon word" />;
  if (lower.endsWith('.xls') || lower.endsWith('.xlsx')) return <FileExcelOutlined className="paper-icon excel" />;
  if (/\.(png|jpe?g)$/.test(lower)) return <FileImageOutlined className="paper-icon image" />;
  return <FileOutlined className="paper-icon" />;
}

/** The papers of one agenda item: open, delete, and attach with upload progress. */
export function PaperList({ item, onChanged }: { item: AgendaItem; onChanged: () => void }) {
  const [upload, setUpload] = useState<{ name: string; percent: number } | null>(null);

  const attach = async (file: File) => {
    if (!hasPaperExtension(file.name)) {
      notify.error(`“${file.name}”不是支持的文件类型，请上传 PDF、OFD、Word、WPS、Excel 或图片（PNG、JPG）`);
      return;
    }
    if (file.size > LIMITS.paperBytes) {
      notify.error(`“${file.name}”有 ${fileSize(file.size)}，超过 50 MB 的上限，请压缩或拆分后再上传`);
      return;
    }
    if (file.size === 0) {
      notify.error(`“${file.name}”是空文件，请检查后重新选择`);
      return;
    }
    setUpload({ name: file.name, percent: 0 });
    try {
      const contentBase64 = await fileToBase64(file);
      const paper = await desk.callWithProgress('paper.attach', { agendaItemId: item.id, fileName: file.name, contentBase64 }, (f) =>
        setUpload({ name: file.name, percent: Math.round(f * 100) }),
      );
      notify.success(`已添加会议文件“${paper.fileName}”`);
      onChanged();
    } catch (err) {
      showError(err);
    } finally {
      setUpload(null);
    }
  };

  const remove = async (paper: Paper) => {
    try {
      await desk.call('paper.delete', { id: paper.id });
      notify.success(`已删除“${paper.fileName}”`);
      onChanged();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div className="paper-list" data-testid={`papers-${item.id}`}>
      {item.papers.map((paper) => (
        <div className="paper-row" key={paper.id}>
          <PaperIcon name={paper.fileName} />
          <Tooltip title="打开文件">
            <a
              className="paper-name"
              href="#"
              onClick={(e) => {
                e.preventDefault();
                void openPaper(paper);
              }}
            >
              {paper.fileName}
            </a>
          </Tooltip>
          <span className="paper-meta">{fileSize(paper.size)}</span>
          <Tooltip title={<span className="mono sha-full">SHA-256：{paper.sha256}</span>} styles={{ root: { maxWidth: 640 }, container: { maxWidth: 640 } }}>
            <span className="paper-sha mono" aria-label={`SHA-256 ${paper.sha256}`}>
              {paper.sha256.slice(0, 8)}
            </span>
          </Tooltip>
          <Popconfirm title={`删除文件“${paper.fileName}”？`} description="删除后无法恢复，需要时请重新上传。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => remove(paper)}>
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除文件 ${paper.fileName}`} />
          </Popconfirm>
        </div>
      ))}
      {upload ? (
        <div className="paper-upload-progress" aria-live="polite">
          {desk.uploadProgress ? (
            <>
              <span className="paper-upload-name">
                {upload.percent >= 100 ? '正在保存' : '正在上传'} {upload.name}
              </span>
              <Progress percent={upload.percent} size="small" status="active" />
            </>
          ) : (
            <>
              <Spin size="small" />
              <span className="paper-upload-name">正在保存 {upload.name}</span>
            </>
          )}
        </div>
      ) : (
        <Upload
          accept={PAPER_ACCEPT}
          showUploadList={false}
          multiple={false}
          beforeUpload={(file) => {
            void attach(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <Button size="small" type="dashed" icon={<UploadOutlined />} aria-label={`为“${item.title}”添加会议文件`}>
            添加文件
          </Button>
        </Upload>
      )}
    </div>
  );
}
