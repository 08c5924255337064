import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, Modal, Radio, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { OpinionDetail, ProblemId, ReportId } from '../../../shared/api/supervision-schemas.js';
import { RECTIFICATION_STATUS_LABEL, RECTIFICATION_STATUSES, type RectificationStatus } from '../../../shared/domain/supervision/labels.js';
import { desk } from '../../lib/desk-client.js';
import { errorText, notify } from '../lib/notify.js';
import { defaultToday } from '../stores/opinion-store.js';
import { attachOpinionFile, fileProblem, OPINION_FILE_ACCEPT } from './OpinionFiles.js';
import { DATE_INPUT_FORMATS } from '../lib/form.js';

interface Values {
  on: Dayjs | null;
  actor: string;
  reason: string;
  summary: string;
  rect: { measures: string; status: RectificationStatus }[];
}

/** Files picked in the form, attached once the report is saved (they need its id). */
function FilePicker({ files, onChange, label }: { files: File[]; onChange: (files: File[]) => void; label: string }) {
  return (
    <div className="report-picker">
      <Upload
        accept={OPINION_FILE_ACCEPT}
        multiple
        showUploadList={false}
        beforeUpload={(file) => {
          const problem = fileProblem(file);
          if (problem) notify.error(problem);
          else onChange([...files, file]);
          return Upload.LIST_IGNORE;
        }}
      >
        <Button size="small" icon={<PaperClipOutlined />}>
          {label}
        </Button>
      </Upload>
      {files.map((f, i) => (
        <span key={`${f.name}-${i}`} className="report-picked">
          {f.name}
          <a
            href="#"
            aria-label={`移除 ${f.name}`}
            onClick={(e) => {
              e.preventDefault();
              onChange(files.filter((_x, k) => k !== i));
            }}
          >
            移除
          </a>
        </span>
      ))}
    </div>
  );
}

/**
 * 研究处理情况报告: date received, who sent it, a summary, and per problem the measures and
 * status (整改清单); the paper and evidence are uploaded right after the report is saved.
 */
export function OpinionReportModal({ detail, onClose, onSaved }: { detail: OpinionDetail; onClose: () => void; onSaved: (d: OpinionDetail) => void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [paper, setPaper] = useState<File[]>([]);
  const [evidence, setEvidence] = useState<Record<number, File[]>>({});
  const round = detail.reports.length + 1;

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    let saved: OpinionDetail;
    try {
      saved = await desk.call('opinion.report', {
        id: detail.id,
        report: {
          on: v.on!.format('YYYY-MM-DD'),
          actor: v.actor,
          reason: v.reason,
          summary: v.summary?.trim() ? v.summary : null,
          rectifications: detail.problemList.map((p, i) => ({ problemId: p.id, measures: v.rect[i]?.measures ?? '', status: v.rect[i]?.status ?? 'pending' })),
        },
      });
    } catch (err) {
      setError(errorText(err));
      setSaving(false);
      return;
    }
    // The report is saved: from here on a failed upload must not invite a second report.
    const report = saved.reports.reduce<(typeof saved.reports)[number] | null>((a, r) => (a === null || r.round > a.round ? r : a), null);
    const uploads: { file: File; problemId: ProblemId | null }[] = [
      ...paper.map((file) => ({ file, problemId: null })),
      ...detail.problemList.flatMap((p) => (evidence[p.id] ?? []).map((file) => ({ file, problemId: p.id }))),
    ];
    const failed: string[] = [];
    for (const u of uploads) {
      try {
        saved = await attachOpinionFile(detail.id, (report?.id ?? null) as ReportId | null, u.problemId, u.file);
      } catch (err) {
        failed.push(`“${u.file.name}”：${errorText(err)}`);
      }
    }
    setSaving(false);
    if (failed.length > 0) notify.error(`报告已登记，但有 ${failed.length} 个附件未能上传，请在报告下方补充上传。${failed.join('；')}`);
    else notify.success(uploads.length > 0 ? `已登记第 ${round} 次研究处理情况报告，并上传 ${uploads.length} 个附件` : `已登记第 ${round} 次研究处理情况报告`);
    onSaved(saved);
  };

  return (
    <Modal
      open
      title="登记研究处理情况报告"
      okText="登记报告"
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      width={960}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <div className="step-modal report-modal" data-testid="report-modal">
        <div className="step-subject muted">
          {detail.title} · 第 {round} 次报告
        </div>
        {error ? <Alert type="error" showIcon title={error} className="form-alert" data-testid="step-error" /> : null}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            on: dayjs(defaultToday()),
            actor: detail.bodies.map((b) => b.name).join('、'),
            reason: '承办单位报送研究处理情况报告',
            summary: '',
            rect: detail.problemList.map((p) => ({ measures: p.measures ?? '', status: p.status })),
          }}
          onValuesChange={() => setError(null)}
        >
          <div className="form-row form-row-3">
            <Form.Item name="on" label="收到日期" rules={[{ required: true, message: '请选择收到报告的日期' }]}>
              <DatePicker format={DATE_INPUT_FORMATS} style={{ width: '100%' }} allowClear={false} placeholder="选择日期" />
            </Form.Item>
            <Form.Item name="actor" label="报送单位" rules={[{ required: true, whitespace: true, message: '请填写报送单位' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="reason" label="事由" rules={[{ required: true, whitespace: true, message: '请填写事由' }]}>
              <Input maxLength={2000} />
            </Form.Item>
          </div>
          <Form.Item name="summary" label="报告摘要">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} placeholder="报告的主要内容，例如：已制定整改方案，明确责任分工和时间表……" />
          </Form.Item>
          <Form.Item label="报告原件">
            <FilePicker files={paper} onChange={setPaper} label="选择报告文件" />
          </Form.Item>
          <div className="report-rect-head">整改清单</div>
          {detail.problemList.length === 0 ? <div className="muted">这份审议意见没有列出问题。</div> : null}
          <ol className="report-rect-list">
            {detail.problemList.map((p, i) => (
              <li key={p.id} className="report-rect-row" data-testid="report-rect-row">
                <div className="report-rect-problem">
                  <span className="problem-no">{p.position}.</span>
                  <span className="report-rect-text">{p.text}</span>
                  <span className="problem-body-name">{p.bodyName}</span>
                </div>
                <div className="report-rect-fields">
                  <Form.Item name={['rect', i, 'measures']} className="report-rect-measures">
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} placeholder="整改措施" aria-label={`问题 ${p.position} 的整改措施`} />
                  </Form.Item>
                  <div className="report-rect-side">
                    <Form.Item name={['rect', i, 'status']} className="report-rect-status">
                      <Radio.Group optionType="button" size="small" aria-label={`问题 ${p.position} 的整改状态`}>
                        {RECTIFICATION_STATUSES.map((s) => (
                          <Radio.Button key={s} value={s}>
                            {RECTIFICATION_STATUS_LABEL[s]}
                          </Radio.Button>
                        ))}
                      </Radio.Group>
                    </Form.Item>
                    <FilePicker files={evidence[p.id] ?? []} onChange={(files) => setEvidence((e) => ({ ...e, [p.id]: files }))} label="佐证材料" />
                  </div>
                </div>
              </li>
            ))}
          </ol>
        </Form>
      </div>
    </Modal>
  );
}
