import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Tooltip, type FormInstance } from 'antd';
import { useEffect, useRef } from 'react';
import type { Body, BodyId } from '../../../shared/api/schemas.js';
import { OpinionFields, type OpinionDetail, type ProblemId } from '../../../shared/api/supervision-schemas.js';
import { optionalZodRule, zodRule } from '../lib/form.js';

export interface ProblemValue {
  /** Kept when editing, so the problem keeps its rectification history. */
  id?: ProblemId;
  text: string;
  bodyId: BodyId | null;
}

export interface OpinionFormValues {
  title: string;
  leadBodyId: BodyId | null;
  bodyIds: BodyId[];
  assessment: string;
  problems: ProblemValue[];
  recommendations: string;
  copyTo: string[];
}

/** Field names for mapping the server's issues (`fields.problems.2.text` → problems). */
export const OPINION_FORM_FIELDS = ['title', 'leadBodyId', 'bodyIds', 'assessment', 'problems', 'recommendations', 'copyTo'] as const;

export const COPY_TO_SUGGESTIONS = ['抄报市委', '抄送市人民政府', '抄送市委组织部', '抄送市纪委监委'];

export function valuesOfDetail(d: OpinionDetail): OpinionFormValues {
  return {
    title: d.title,
    leadBodyId: d.leadBodyId,
    bodyIds: d.bodies.map((b) => b.id),
    assessment: d.assessment,
    problems: d.problemList.map((p) => ({ id: p.id, text: p.text, bodyId: p.bodyId })),
    recommendations: d.recommendations,
    copyTo: d.copyTo,
  };
}

/** The contract's fields from the form's values (empty problem rows dropped). */
export function fieldsOfValues(v: OpinionFormValues): OpinionFields {
  return {
    title: v.title,
    leadBodyId: v.leadBodyId ?? null,
    bodyIds: v.bodyIds ?? [],
    assessment: v.assessment ?? '',
    problems: (v.problems ?? [])
      .filter((p) => p.text?.trim())
      .map((p) => ({ ...(p.id ? { id: p.id } : {}), text: p.text, bodyId: p.bodyId as BodyId })),
    recommendations: v.recommendations ?? '',
    copyTo: (v.copyTo ?? []).map((c) => c.trim()).filter(Boolean),
  };
}

/**
 * "关于<agenda title>的审议意见", in the usual wording: "听取和审议市人民政府关于X工作情况的报告"
 * becomes "关于市人民政府X工作情况报告的审议意见". Any other title that says 关于 keeps what
 * follows its first 关于, so the title never says it twice: "听取和审议市人民政府关于2025年度市级
 * 预算执行和其他财政收支的审计工作报告" becomes "关于2025年度市级预算执行和其他财政收支的审计工作报告的审议意见".
 */
export function defaultOpinionTitle(agendaTitle: string): string {
  const t = agendaTitle.trim().replace(/^(听取和审议|听取并审议|听取|审议)/, '');
  const m = /^(.*?)关于(.+?)的((?:专项工作|工作|情况|执行情况|整改情况)?报告)$/.exec(t);
  if (m) return `关于${m[1]}${m[2]}${m[3]}的审议意见`;
  const after = t.slice(t.indexOf('关于') + '关于'.length).trim();
  if (t.includes('关于') && after !== '') return `关于${after}的审议意见`;
  return `关于${t}的审议意见`;
}

function focusProblem(prefix: string, index: number) {
  // After React has rendered the new order.
  window.requestAnimationFrame(() => {
    const el = document.getElementById(`${prefix}-problem-${index}`) as HTMLTextAreaElement | null;
    el?.focus();
  });
}

/**
 * The fields of a review opinion, shared by the draft page and the edit form. The parent
 * owns the <Form>; `idPrefix` keeps element ids unique when two forms could coexist.
 */
export function OpinionFormFields<V extends OpinionFormValues>({ form: owner, bodies, idPrefix = 'opinion' }: { form: FormInstance<V>; bodies: Body[]; idPrefix?: string }) {
  // The parent's form may carry more fields (the draft's 起草人); these are the shared ones.
  const form = owner as unknown as FormInstance<OpinionFormValues>;
  const chosen = Form.useWatch('bodyIds', form) ?? [];
  const chosenKey = chosen.join(',');
  const lead = Form.useWatch('leadBodyId', form);
  const committees = bodies.filter((b) => b.kind === 'committee' && b.active);
  // The lead named already (taken from the plan, or kept from before) stays offered even when it
  // is not an active working committee, so the select shows its name rather than a number.
  const leadKept = lead ? bodies.find((b) => b.id === lead && !committees.includes(b)) : undefined;
  const leadOptions = [...committees, ...(leadKept ? [leadKept] : [])].map((b) => ({ value: b.id, label: b.active ? b.name : `${b.name}（已停用）` }));
  const handlerOptions = bodies
    .filter((b) => b.active || chosen.includes(b.id))
    .sort((a, b) => Number(a.kind === 'committee') - Number(b.kind === 'committee'))
    .map((b) => ({ value: b.id, label: b.active ? b.name : `${b.name}（已停用）` }));
  const problemBodyOptions = chosen.map((id) => ({ value: id, label: bodies.find((b) => b.id === id)?.name ?? `单位 ${id}` }));
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;

  // A problem's body must be one of the 承办单位: when the choice changes, fix the rows that fell out.
  useEffect(() => {
    const ids = chosenRef.current;
    const problems = (form.getFieldValue('problems') as ProblemValue[] | undefined) ?? [];
    let changed = false;
    const next = problems.map((p) => {
      if (p && (p.bodyId === null || p.bodyId === undefined || !ids.includes(p.bodyId))) {
        const bodyId = ids.length === 1 ? ids[0]! : null;
        if (bodyId !== (p.bodyId ?? null)) {
          changed = true;
          return { ...p, bodyId };
        }
      }
      return p;
    });
    if (changed) form.setFieldValue('problems', next);
  }, [chosenKey, form]);

  const newProblem = (after?: number): ProblemValue => {
    const problems = (form.getFieldValue('problems') as ProblemValue[] | undefined) ?? [];
    const neighbour = after !== undefined ? problems[after] : problems[problems.length - 1];
    const ids = chosenRef.current;
    return { text: '', bodyId: neighbour?.bodyId && ids.includes(neighbour.bodyId) ? neighbour.bodyId : (ids[0] ?? null) };
  };

  return (
    <>
      <Form.Item name="title" label="标题" rules={zodRule(OpinionFields.shape.title, '请填写审议意见标题')}>
        <Input maxLength={200} />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="leadBodyId" label="牵头委员会" extra={committees.length === 0 ? '还没有类型为“人大专门委员会 / 工作机构”的单位，可在“汇报单位”中添加' : undefined}>
          <Select allowClear placeholder="选择牵头的专门委员会或工作机构" showSearch={{ optionFilterProp: 'label' }} options={leadOptions} />
        </Form.Item>
        <Form.Item name="bodyIds" label="承办单位" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个承办单位' }]}>
          <Select mode="multiple" placeholder="选择一个或多个承办单位" showSearch={{ optionFilterProp: 'label' }} options={handlerOptions} />
        </Form.Item>
      </div>
      <Form.Item name="assessment" label="总体评价" rules={optionalZodRule(OpinionFields.shape.assessment)}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={8000} placeholder="对工作的总体评价，例如：常委会组成人员认为，市人民政府高度重视……" />
      </Form.Item>
      <Form.List name="problems">
        {(fields, { add, remove, move }) => (
          <div className="problem-editor">
            <div className="problem-editor-head">
              <span className="problem-editor-title">问题清单</span>
              <span className="muted problem-editor-hint">
                每条一个问题，并指定责任单位。在问题框中按 <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 在其后新增一条，<kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> 调整顺序。
              </span>
            </div>
            {fields.length === 0 ? <div className="problem-empty muted">还没有问题。点击下方“添加问题”，或从右侧审议发言中选取。</div> : null}
            <ol className="problem-edit-list">
              {fields.map((field, index) => (
                <li key={field.key} className="problem-edit-row" data-testid="problem-edit-row">
                  <span className="problem-no">{index + 1}.</span>
                  <div className="problem-edit-main">
                    <Form.Item name={[field.name, 'id']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'text']} rules={[{ required: true, whitespace: true, message: '请填写问题，或删除这一条' }]} className="problem-edit-text">
                      <Input.TextArea
                        id={`${idPrefix}-problem-${index}`}
                        autoSize={{ minRows: 2, maxRows: 8 }}
                        maxLength={2000}
                        aria-label={`问题 ${index + 1}`}
                        placeholder="问题表述"
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                            e.preventDefault();
                            add(newProblem(index), index + 1);
                            focusProblem(idPrefix, index + 1);
                          } else if (e.altKey && e.key === 'ArrowUp' && index > 0) {
                            e.preventDefault();
                            move(index, index - 1);
                            focusProblem(idPrefix, index - 1);
                          } else if (e.altKey && e.key === 'ArrowDown' && index < fields.length - 1) {
                            e.preventDefault();
                            move(index, index + 1);
                            focusProblem(idPrefix, index + 1);
                          }
                        }}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'bodyId']} rules={[{ required: true, message: '请选择责任单位' }]} className="problem-edit-body">
                      <Select
                        placeholder={chosen.length === 0 ? '先选择承办单位' : '责任单位'}
                        options={problemBodyOptions}
                        aria-label={`问题 ${index + 1} 的责任单位`}
                        notFoundContent="请先在上方选择承办单位"
                      />
                    </Form.Item>
                  </div>
                  <div className="problem-edit-actions">
                    <Tooltip title="上移（Alt+↑）">
                      <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={`上移第 ${index + 1} 条`} />
                    </Tooltip>
                    <Tooltip title="下移（Alt+↓）">
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowDownOutlined />}
                        disabled={index === fields.length - 1}
                        onClick={() => move(index, index + 1)}
                        aria-label={`下移第 ${index + 1} 条`}
                      />
                    </Tooltip>
                    <Tooltip title="删除这一条">
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => {
                          remove(index);
                          if (fields.length > 1) focusProblem(idPrefix, Math.max(0, index - 1));
                        }}
                        aria-label={`删除第 ${index + 1} 条`}
                      />
                    </Tooltip>
                  </div>
                </li>
              ))}
            </ol>
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              block
              onClick={() => {
                add(newProblem());
                focusProblem(idPrefix, fields.length);
              }}
            >
              添加问题
            </Button>
          </div>
        )}
      </Form.List>
      <Form.Item name="recommendations" label="意见建议" rules={optionalZodRule(OpinionFields.shape.recommendations)}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={8000} placeholder="针对问题提出的意见和建议" />
      </Form.Item>
      <Form.Item name="copyTo" label="抄报抄送" extra="可直接输入其他单位，回车确认">
        <Select mode="tags" placeholder="例如：抄报市委" options={COPY_TO_SUGGESTIONS.map((v) => ({ value: v, label: v }))} tokenSeparators={['，', ',', '、']} />
      </Form.Item>
    </>
  );
}
