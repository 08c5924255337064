import { CheckCircleFilled, CloseCircleFilled, PlusCircleOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Space, Table, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type KeyboardEvent } from 'react';
import type { Output } from '../../../shared/api/contract.js';
import { LIMITS } from '../../../shared/api/schemas.js';
import type { PlanImportRow } from '../../../shared/api/supervision-schemas.js';
import { PLAN_KIND_LABEL } from '../../../shared/domain/supervision/labels.js';
import { desk, fileToBase64 } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';

type Preview = Output<'plan.importPreview'>;

type Stage =
  | { name: 'edit' }
  | { name: 'checking' }
  | { name: 'preview'; source: string; preview: Preview }
  | { name: 'committing'; source: string; preview: Preview };

const EXAMPLE_HEAD = ['监督方式', '监督事项', '监督对象', '牵头委员会', '计划月份', '备注'];
const EXAMPLE: readonly string[][] = [
  ['专项工作报告', '听取和审议市人民政府关于优化营商环境工作情况的报告', '市发展和改革委员会、市市场监督管理局', '财政经济工作委员会', '4月', ''],
  ['满意度测评', '对市教育局、市卫生健康委员会的工作进行满意度测评', '市教育局、市卫生健康委员会', '教育科学文化卫生工作委员会', '10月', '结合专项工作报告'],
];

function ResultCell({ row }: { row: PlanImportRow }) {
  if (row.errors.length > 0) {
    return (
      <ul className="import-errors" data-testid="plan-import-error">
        {row.errors.map((e, i) => (
          <li key={i}>
            <CloseCircleFilled /> {e}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div>
      <span className="import-ok">
        <CheckCircleFilled /> 可导入
      </span>
      {row.newBodies.length > 0 ? <div className="plan-import-new">将新建单位：{row.newBodies.join('、')}</div> : null}
    </div>
  );
}

const columns: ColumnsType<PlanImportRow> = [
  { title: '行', dataIndex: 'line', width: 52, align: 'center' },
  {
    title: '监督方式',
    key: 'kind',
    width: 120,
    render: (_v, row) => (row.fields ? PLAN_KIND_LABEL[row.fields.kind] : <span className="muted">—</span>),
  },
  {
    title: '监督事项',
    key: 'title',
    render: (_v, row) => (row.fields ? row.fields.title : <span className="muted plan-import-raw">{row.raw}</span>),
  },
  {
    title: '监督对象',
    key: 'subjects',
    width: 200,
    render: (_v, row) =>
      row.fields && row.fields.subjectNames.length > 0 ? (
        <span className="plan-import-names">
          {row.fields.subjectNames.map((n) => (
            <span key={n} className={row.newBodies.includes(n) ? 'plan-import-name is-new' : 'plan-import-name'} title={row.newBodies.includes(n) ? '将新建这个单位' : undefined}>
              {n}
            </span>
          ))}
        </span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    title: '牵头委员会',
    key: 'lead',
    width: 170,
    render: (_v, row) =>
      row.fields?.leadName ? (
        <span className={row.newBodies.includes(row.fields.leadName) ? 'plan-import-name is-new' : 'plan-import-name'}>{row.fields.leadName}</span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    title: '月份',
    key: 'month',
    width: 64,
    align: 'center',
    render: (_v, row) => (row.fields ? (row.fields.plannedMonth ? `${row.fields.plannedMonth}月` : <span className="muted">未定</span>) : null),
  },
  { title: '检查结果', key: 'result', width: 220, render: (_v, row) => <ResultCell row={row} /> },
];

/** "（第 3、21 行）": where the bad lines are, so the clerk need not scroll for them. */
function errorLines(preview: Preview): string {
  const lines = preview.rows.filter((r) => r.errors.length > 0).map((r) => r.line);
  if (lines.length === 0) return '';
  return `（第 ${lines.slice(0, 10).join('、')}${lines.length > 10 ? ' 等' : ''} 行）`;
}

/** Paste the year's plan copied from a spreadsheet or a Word table (or upload an XLSX), check every line, then save the good ones. */
export function PlanImportModal({ year, onClose, onImported }: { year: number; onClose: () => void; onImported: () => void }) {
  const [text, setText] = useState('');
  const [stage, setStage] = useState<Stage>({ name: 'edit' });

  const check = async (input: { text: string } | { fileName: string; contentBase64: string }, source: string) => {
    setStage({ name: 'checking' });
    try {
      const preview = await desk.call('plan.importPreview', { year, ...input });
      setStage({ name: 'preview', source, preview });
    } catch (err) {
      showError(err);
      setStage({ name: 'edit' });
    }
  };

  const checkText = () => {
    if (!text.trim()) {
      notify.warning('请先粘贴监督计划的内容，每行一项');
      return;
    }
    void check({ text }, '粘贴的内容');
  };

  const upload = async (file: File) => {
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      notify.error(`“${file.name}”不是 Excel（.xlsx）文件。请在 Excel 中另存为 .xlsx，或直接复制表格内容粘贴到上面的文本框`);
      return;
    }
    if (file.size > LIMITS.importFileBytes) {
      notify.error(`“${file.name}”超过 5 MB 的上限，请检查是否选错了文件`);
      return;
    }
    try {
      const contentBase64 = await fileToBase64(file);
      await check({ fileName: file.name, contentBase64 }, `文件“${file.name}”`);
    } catch (err) {
      showError(err);
    }
  };

  const commit = async () => {
    if (stage.name !== 'preview') return;
    const rows = stage.preview.rows.flatMap((r) => (r.fields && r.errors.length === 0 ? [r.fields] : []));
    setStage({ ...stage, name: 'committing' });
    try {
      const { created, bodiesCreated } = await desk.call('plan.importCommit', { year, rows });
      notify.success(bodiesCreated > 0 ? `已导入 ${created} 项监督事项，新建单位 ${bodiesCreated} 个` : `已导入 ${created} 项监督事项`);
      onImported();
      // The lines that could not be imported stay for correcting; the rest are saved and gone.
      const rejected = stage.preview.rows.filter((r) => r.errors.length > 0);
      if (rejected.length === 0) {
        onClose();
        return;
      }
      setText(rejected.map((r) => r.raw).join('\n'));
      setStage({ name: 'edit' });
      notify.warning(`还有 ${rejected.length} 行未导入，已留在文本框中，请改正后再检查`);
    } catch (err) {
      showError(err);
      setStage({ ...stage, name: 'preview' });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      checkText();
    }
  };

  const preview = stage.name === 'preview' || stage.name === 'committing' ? stage.preview : null;
  const busy = stage.name === 'checking' || stage.name === 'committing';

  const footer = preview ? (
    <Space>
      <Button onClick={() => setStage({ name: 'edit' })} disabled={busy}>
        返回修改
      </Button>
      <Button onClick={onClose} disabled={busy}>
        取消
      </Button>
      <Button type="primary" disabled={preview.validCount === 0} loading={stage.name === 'committing'} onClick={() => void commit()} data-testid="plan-import-commit">
        导入 {preview.validCount} 项
      </Button>
    </Space>
  ) : (
    <Space>
      <Button onClick={onClose} disabled={busy}>
        取消
      </Button>
      <Button type="primary" loading={stage.name === 'checking'} onClick={checkText} data-testid="plan-import-check">
        检查
      </Button>
    </Space>
  );

  return (
    <Modal
      open
      title={`粘贴导入监督计划（${year}年）`}
      width={preview ? 1180 : 820}
      footer={footer}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      mask={{ closable: false }}
    >
      {preview ? (
        <>
          <Alert
            type={preview.errorCount > 0 ? 'warning' : 'success'}
            showIcon
            className="import-summary"
            title={
              <span data-testid="plan-import-summary">
                {stage.name === 'preview' || stage.name === 'committing' ? stage.source : ''}共 {preview.rows.length} 行：可导入 <b>{preview.validCount}</b> 项，有错误{' '}
                <b>{preview.errorCount}</b> 行{errorLines(preview)}
              </span>
            }
            description={
              <>
                {preview.newBodies.length > 0 ? (
                  <div className="plan-import-new-all" data-testid="plan-import-new-bodies">
                    <PlusCircleOutlined /> 将新建单位：{preview.newBodies.join('、')}
                  </div>
                ) : null}
                <div>
                  {preview.errorCount > 0
                    ? '有错误的行（红色标出）不会导入。可以先导入其余各行，出错的行会留在文本框中，改正后再检查导入；也可以“返回修改”全部改好后再导入。'
                    : `所有行均可导入，将排在${year}年已有事项之后。请核对后点击“导入”。`}
                </div>
              </>
            }
          />
          <Table<PlanImportRow>
            rowKey="line"
            className="plan-import-table"
            size="small"
            columns={columns}
            dataSource={preview.rows}
            rowClassName={(row) => (row.errors.length > 0 ? 'import-row-error' : '')}
            pagination={preview.rows.length > 100 ? { pageSize: 100, showSizeChanger: false, showTotal: (t) => `共 ${t} 行` } : false}
            scroll={{ y: 440 }}
          />
        </>
      ) : (
        <div className="plan-import-edit">
          <Typography.Paragraph className="plan-import-help">
            {'从 Excel 或 Word 的计划表中选中各行复制，粘贴到下面，每行一项。各列依次为：'}
            <b>监督方式、监督事项、监督对象、牵头委员会、计划月份、备注</b>
            {'。带不带表头行均可，开头的序号列会自动略去；几个监督对象之间用“、”或“，”分隔；计划月份写“4月”或“4”，未定可留空；第一次出现的单位名称在导入时新建。'}
          </Typography.Paragraph>
          <table className="plan-import-example" aria-label="示例">
            <thead>
              <tr>
                {EXAMPLE_HEAD.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {EXAMPLE.map((row, i) => (
                <tr key={i}>
                  {row.map((c, j) => (
                    <td key={j}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="plan-import-example-line">
            手工录入时用“|”分隔各列，例如：<span className="plan-import-example-text">{EXAMPLE[0]!.join(' | ')}</span>
          </div>
          <Input.TextArea
            data-testid="plan-paste"
            aria-label="粘贴监督计划"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            rows={12}
            placeholder="在此粘贴，每行一项（Ctrl+Enter 检查）"
            className="plan-paste"
            disabled={busy}
            autoFocus
          />
          <div className="plan-import-file">
            <Upload
              accept=".xlsx"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              beforeUpload={(file) => {
                void upload(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <Button icon={<UploadOutlined />} disabled={busy}>
                上传 XLSX
              </Button>
            </Upload>
            <Typography.Text type="secondary">也可以上传 Excel 文件（.xlsx，第一个工作表，各列顺序同上），不超过 5 MB。检查后先预览，不会直接写入。</Typography.Text>
          </div>
        </div>
      )}
    </Modal>
  );
}
