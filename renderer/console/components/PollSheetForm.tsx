import { CheckOutlined } from '@ant-design/icons';
import { InputNumber, Select, Tag } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import {
  BallotPayloadSchema,
  ballotRows,
  inspectBallot,
  type BallotInspection,
  type PollDefinition,
} from '../../../shared/domain/polls/index.js';
import { choiceOptions, type SheetPayload } from '../lib/polls.js';

/**
 * One paper sheet as the clerk types it. Choice sheets are a grid driven by the keyboard:
 * a digit marks that option on the focused row and moves on, Shift+digit adds a second
 * mark (an over-marked paper is entered as it is), 0 or Backspace clears the row, ↑/↓
 * move, Enter on the last row or Ctrl+Enter anywhere hands the sheet in.
 */
export interface SheetFormProps {
  def: PollDefinition;
  value: SheetPayload;
  onChange: (value: SheetPayload) => void;
  onSubmit: () => void;
  /** Take the keyboard focus when mounted (remount with a new key for every sheet). */
  autoFocus?: boolean;
  disabled?: boolean;
  /** Prefix for element ids, so two forms on one screen do not clash. */
  idPrefix: string;
}

export function PollSheetForm(props: SheetFormProps) {
  switch (props.def.kind) {
    case 'satisfaction':
    case 'decision':
    case 'appointment':
      return <ChoiceSheet {...props} />;
    case 'selection':
      return <SelectionSheet {...props} />;
    case 'scoring':
      return <ScoringSheet {...props} />;
  }
}

/** What the typed sheet will count as: this sheet only, never a running tally. */
export function inspectSheet(def: PollDefinition, value: SheetPayload): BallotInspection | { state: 'malformed'; reason: string; rows: [] } {
  const parsed = BallotPayloadSchema.safeParse(value);
  if (!parsed.success) return { state: 'malformed', reason: parsed.error.issues[0]?.message ?? '内容无效', rows: [] };
  return inspectBallot(def, parsed.data);
}

export function SheetVerdict({ def, value }: { def: PollDefinition; value: SheetPayload }) {
  const ins = inspectSheet(def, value);
  const partial = ins.state === 'valid' ? ins.rows.filter((r) => r.state !== 'counted') : [];
  const unfilled = partial.filter((r) => r.state === 'unfilled').length;
  const invalid = partial.filter((r) => r.state === 'invalid').length;
  let tag;
  if (ins.state === 'valid') tag = <Tag color="green">有效票</Tag>;
  else if (ins.state === 'blank') tag = <Tag color="default">空白票（计为无效）</Tag>;
  else tag = <Tag color="red">无效票：{ins.reason}</Tag>;
  return (
    <div className="sheet-verdict" data-testid="sheet-verdict" aria-live="polite">
      <span className="muted">这张选票将计为：</span>
      {tag}
      {def.kind !== 'selection' && (unfilled > 0 || invalid > 0) ? (
        <span className="muted">
          {[unfilled > 0 ? `${unfilled} 个对象未填` : '', invalid > 0 ? `${invalid} 个对象${def.kind === 'scoring' ? '评分无效' : '多选'}，该对象不计` : '']
            .filter(Boolean)
            .join('，')}
        </span>
      ) : null}
    </div>
  );
}

function useFocusOnMount(ref: RefObject<HTMLElement | null>, autoFocus: boolean | undefined) {
  useEffect(() => {
    if (autoFocus) ref.current?.focus({ preventScroll: true });
  }, [ref, autoFocus]);
}

/** Keeps the latest value for handlers that fire faster than React re-renders. */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

function digitOf(e: KeyboardEvent): number | null {
  const m = /^(?:Digit|Numpad)(\d)$/.exec(e.code);
  return m ? Number(m[1]) : null;
}

function ChoiceSheet({ def, value, onChange, onSubmit, autoFocus, disabled, idPrefix }: SheetFormProps) {
  const rows = ballotRows(def);
  const options = choiceOptions(def);
  const [row, setRowState] = useState(0);
  const grid = useRef<HTMLDivElement>(null);
  const latest = useLatest({ value, row });
  useFocusOnMount(grid, autoFocus);

  useEffect(() => {
    grid.current?.querySelector(`[data-row="${row}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [row]);

  const marksOf = (v: SheetPayload): Record<string, string[]> => ('marks' in v ? v.marks : {});
  const setRow = (r: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, r));
    latest.current = { ...latest.current, row: next };
    setRowState(next);
  };
  const setMarks = (key: string, ms: string[]) => {
    const v = latest.current.value;
    const next = { ...v, marks: { ...marksOf(v), [key]: ms } } as SheetPayload;
    latest.current = { ...latest.current, value: next };
    onChange(next);
  };
  const mark = (r: number, option: string, add: boolean) => {
    const key = rows[r]!.key;
    const current = marksOf(latest.current.value)[key] ?? [];
    if (add) setMarks(key, current.includes(option) ? current.filter((m) => m !== option) : [...current, option]);
    else setMarks(key, current.length === 1 && current[0] === option ? [] : [option]);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (disabled || e.altKey || e.metaKey) return;
    const r = latest.current.row;
    const digit = digitOf(e);
    if (digit !== null && !e.ctrlKey) {
      e.preventDefault();
      if (digit === 0) {
        setMarks(rows[r]!.key, []);
        return;
      }
      const option = options[digit - 1];
      if (!option) return;
      if (e.shiftKey) {
        mark(r, option.key, true);
      } else {
        setMarks(rows[r]!.key, [option.key]);
        if (r < rows.length - 1) setRow(r + 1);
      }
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setRow(r + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setRow(r - 1);
        break;
      case 'Home':
        e.preventDefault();
        setRow(0);
        break;
      case 'End':
        e.preventDefault();
        setRow(rows.length - 1);
        break;
      case 'Backspace':
      case 'Delete':
        e.preventDefault();
        setMarks(rows[r]!.key, []);
        break;
      case 'Enter':
        e.preventDefault();
        if (e.ctrlKey || r === rows.length - 1) onSubmit();
        else setRow(r + 1);
        break;
    }
  };

  const marks = marksOf(value);
  const rowId = (i: number) => `${idPrefix}-row-${i}`;
  return (
    <div
      ref={grid}
      className={disabled ? 'sheet-grid is-disabled' : 'sheet-grid'}
      tabIndex={disabled ? -1 : 0}
      role="group"
      aria-label="选票内容：数字键选择，Shift+数字键再加一个标记，0 或退格清除，回车提交"
      aria-activedescendant={rowId(row)}
      onKeyDown={onKeyDown}
      data-testid="sheet-grid"
    >
      {rows.map((t, i) => {
        const ms = marks[t.key] ?? [];
        const over = ms.length > 1;
        return (
          <div
            key={t.key}
            id={rowId(i)}
            role="group"
            data-row={i}
            aria-current={i === row ? 'true' : undefined}
            aria-label={`${i + 1}. ${t.label}`}
            className={['sheet-row', i === row ? 'is-focused' : '', over ? 'is-over' : '', ms.length === 0 ? 'is-empty' : ''].join(' ')}
            onMouseDown={() => setRow(i)}
          >
            <span className="sheet-row-no">{i + 1}</span>
            <span className="sheet-row-label">{t.label}</span>
            <span className="sheet-options">
              {options.map((o, k) => {
                const on = ms.includes(o.key);
                return (
                  <button
                    key={o.key}
                    type="button"
                    tabIndex={-1}
                    aria-pressed={on}
                    disabled={disabled}
                    className={`sheet-opt opt-${o.key}${on ? ' is-on' : ''}`}
                    onClick={(e: MouseEvent) => {
                      mark(i, o.key, e.shiftKey);
                      grid.current?.focus({ preventScroll: true });
                    }}
                  >
                    <kbd>{k + 1}</kbd>
                    {o.label}
                    {on ? <CheckOutlined className="sheet-opt-check" /> : null}
                  </button>
                );
              })}
            </span>
            <span className="sheet-row-state">{over ? <Tag color="red" title="同一对象选择了多个选项，该对象不计">多选无效</Tag> : ms.length === 0 ? <span className="muted">未填</span> : null}</span>
          </div>
        );
      })}
    </div>
  );
}

function SelectionSheet({ def, value, onChange, onSubmit, autoFocus, disabled, idPrefix }: SheetFormProps) {
  const [row, setRowState] = useState(0);
  const grid = useRef<HTMLDivElement>(null);
  const latest = useLatest({ value, row });
  useFocusOnMount(grid, autoFocus);
  const rows = def.targets;
  const maxChoices = def.kind === 'selection' ? def.maxChoices : 0;
  const chosenOf = (v: SheetPayload): string[] => ('chosen' in v ? v.chosen : []);
  const setRow = (r: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, r));
    latest.current = { ...latest.current, row: next };
    setRowState(next);
  };
  const toggle = (r: number) => {
    const key = rows[r]!.key;
    const cur = chosenOf(latest.current.value);
    const next = { kind: 'selection', chosen: cur.includes(key) ? cur.filter((k) => k !== key) : [...cur, key] } as SheetPayload;
    latest.current = { ...latest.current, value: next };
    onChange(next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (disabled || e.altKey || e.metaKey) return;
    const r = latest.current.row;
    const digit = digitOf(e);
    if ((digit === 1 || e.key === ' ') && !e.ctrlKey) {
      e.preventDefault();
      toggle(r);
      if (digit === 1 && r < rows.length - 1) setRow(r + 1);
      return;
    }
    if (digit === 0 && !e.ctrlKey) {
      e.preventDefault();
      if (r < rows.length - 1) setRow(r + 1);
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setRow(r + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setRow(r - 1);
        break;
      case 'Enter':
        e.preventDefault();
        if (e.ctrlKey || r === rows.length - 1) onSubmit();
        else setRow(r + 1);
        break;
    }
  };
  const chosen = chosenOf(value);
  const over = chosen.length > maxChoices;
  return (
    <div>
      <div className={over ? 'selection-count is-over' : 'selection-count'}>
        已选 <b>{chosen.length}</b> 项 / 应选 {maxChoices} 项{over ? '：超过应选数，按规定为废票' : ''}
      </div>
      <div
        ref={grid}
        className={disabled ? 'sheet-grid is-disabled' : 'sheet-grid'}
        tabIndex={disabled ? -1 : 0}
        role="group"
        aria-label="选票内容：1 或空格勾选并下移，0 跳过，回车提交"
        aria-activedescendant={`${idPrefix}-row-${row}`}
        onKeyDown={onKeyDown}
        data-testid="sheet-grid"
      >
        {rows.map((t, i) => {
          const on = chosen.includes(t.key);
          return (
            <div
              key={t.key}
              id={`${idPrefix}-row-${i}`}
              role="group"
              data-row={i}
              aria-current={i === row ? 'true' : undefined}
              aria-label={`${i + 1}. ${t.label}`}
              className={['sheet-row', i === row ? 'is-focused' : ''].join(' ')}
              onMouseDown={() => setRow(i)}
            >
              <span className="sheet-row-no">{i + 1}</span>
              <span className="sheet-row-label">{t.label}</span>
              <span className="sheet-options">
                <button
                  type="button"
                  tabIndex={-1}
                  aria-pressed={on}
                  disabled={disabled}
                  className={`sheet-opt opt-for${on ? ' is-on' : ''}`}
                  onClick={() => {
                    toggle(i);
                    grid.current?.focus({ preventScroll: true });
                  }}
                >
                  <kbd>1</kbd>选{on ? <CheckOutlined className="sheet-opt-check" /> : null}
                </button>
              </span>
              <span className="sheet-row-state" />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** What is wrong with one typed score, in the clerk's words, or null: off the scale, or off its step. */
export function scoreError(v: number | null | undefined, lo: number, hi: number, step: number): string | null {
  if (v === null || v === undefined) return null;
  const hv = Math.round(v * 100);
  if (hv < Math.round(lo * 100) || hv > Math.round(hi * 100)) return `超出范围：应在 ${lo}–${hi} 分之间`;
  const hs = Math.round(step * 100);
  if (hs > 0 && (hv - Math.round(lo * 100)) % hs !== 0) return step === 1 ? '应为整数' : `应为 ${step} 分的整数倍`;
  return null;
}

/**
 * Every typed score a paper sheet cannot carry, in sheet order. A score off the scale is a
 * typing slip far more often than what the member wrote, so the sheet is not handed in with
 * one: the clerk corrects it against the paper (or clears it, if the paper says so).
 */
export function sheetScoreErrors(def: PollDefinition, value: SheetPayload): { target: string; indicator: string | null; label: string; error: string }[] {
  if (def.kind !== 'scoring' || value.kind !== 'scoring') return [];
  const out: { target: string; indicator: string | null; label: string; error: string }[] = [];
  const scale = def.scale;
  for (const t of def.targets) {
    const v = (value.scores ?? {})[t.key];
    if (scale.mode === 'single') {
      const e = scoreError(typeof v === 'number' ? v : null, scale.min, scale.max, scale.step);
      if (e) out.push({ target: t.key, indicator: null, label: t.label, error: e });
    } else {
      for (const ind of scale.indicators) {
        const x = v && typeof v === 'object' ? v[ind.key] : null;
        const e = scoreError(x, 0, ind.maxPoints, scale.step);
        if (e) out.push({ target: t.key, indicator: ind.key, label: `${t.label} ${ind.label}`, error: e });
      }
    }
  }
  return out;
}

function ScoringSheet({ def, value, onChange, onSubmit, autoFocus, disabled }: SheetFormProps) {
  const box = useRef<HTMLDivElement>(null);
  const latest = useLatest(value);
  useEffect(() => {
    if (autoFocus) box.current?.querySelector<HTMLElement>('input')?.focus({ preventScroll: true });
  }, [autoFocus]);
  if (def.kind !== 'scoring' || value.kind !== 'scoring') return null;
  const scale = def.scale;
  const scores = value.scores ?? {};
  const update = (patch: (v: Extract<SheetPayload, { kind: 'scoring' }>) => Extract<SheetPayload, { kind: 'scoring' }>) => {
    const cur = latest.current;
    if (cur.kind !== 'scoring') return;
    const next = patch(cur);
    latest.current = next;
    onChange(next);
  };
  const setScore = (target: string, indicator: string | null, v: number | null) =>
    update((cur) => {
      const s = { ...(cur.scores ?? {}) };
      if (indicator === null) s[target] = v;
      else s[target] = { ...((s[target] as Record<string, number | null> | null) ?? {}), [indicator]: v };
      return { ...cur, scores: s };
    });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (disabled || e.key !== 'Enter') return;
    e.preventDefault();
    const inputs = [...(box.current?.querySelectorAll<HTMLInputElement>('input:not([type=search])') ?? [])];
    const at = inputs.indexOf(e.target as HTMLInputElement);
    if (e.ctrlKey || at === inputs.length - 1) {
      // Let the number input commit its text first.
      (e.target as HTMLInputElement).blur();
      window.setTimeout(onSubmit, 0);
    } else {
      inputs[at + 1]?.focus();
      inputs[at + 1]?.select();
    }
  };
  const range = scale.mode === 'single' ? `${scale.min}–${scale.max}` : '';
  return (
    <div ref={box} className="scoring-sheet" onKeyDown={onKeyDown} data-testid="sheet-grid">
      {def.groups.length > 0 ? (
        <div className="scoring-group">
          <span>评议人类别：</span>
          <Select
            style={{ width: 220 }}
            value={value.group ?? null}
            onChange={(g: string | null) => update((cur) => ({ ...cur, group: g }))}
            options={def.groups.map((g) => ({ value: g.key, label: g.label }))}
            placeholder="请选择"
            aria-label="评议人类别"
            disabled={disabled}
          />
        </div>
      ) : null}
      <table className="scoring-table">
        <thead>
          <tr>
            <th>序号</th>
            <th>对象</th>
            {scale.mode === 'single' ? (
              <th>得分（{range}）</th>
            ) : (
              scale.indicators.map((ind) => (
                <th key={ind.key}>
                  {ind.label}（满分 {ind.maxPoints}）
                </th>
              ))
            )}
          </tr>
        </thead>
        <tbody>
          {def.targets.map((t, i) => (
            <tr key={t.key}>
              <td className="sheet-row-no">{i + 1}</td>
              <td className="sheet-row-label">{t.label}</td>
              {scale.mode === 'single' ? (
                <ScoreCell
                  value={(scores[t.key] as number | null | undefined) ?? null}
                  onChange={(v) => setScore(t.key, null, v)}
                  lo={scale.min}
                  hi={scale.max}
                  step={scale.step}
                  width={120}
                  disabled={disabled}
                  label={`${t.label} 得分`}
                />
              ) : (
                scale.indicators.map((ind) => (
                  <ScoreCell
                    key={ind.key}
                    value={((scores[t.key] as Record<string, number | null> | null | undefined) ?? {})[ind.key] ?? null}
                    onChange={(v) => setScore(t.key, ind.key, v)}
                    lo={0}
                    hi={ind.maxPoints}
                    step={scale.step}
                    width={96}
                    disabled={disabled}
                    label={`${t.label} ${ind.label}`}
                  />
                ))
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One score box; a score off the scale is marked red with the reason under it, where the clerk is looking. */
function ScoreCell({ value, onChange, lo, hi, step, width, disabled, label }: {
  value: number | null;
  onChange: (v: number | null) => void;
  lo: number;
  hi: number;
  step: number;
  width: number;
  disabled?: boolean;
  label: string;
}) {
  const error = scoreError(value, lo, hi, step);
  return (
    <td className={error ? 'score-cell has-error' : 'score-cell'}>
      <InputNumber
        value={value}
        onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        style={{ width }}
        disabled={disabled}
        status={error ? 'error' : undefined}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        data-score-error={error ? 'true' : undefined}
      />
      {error ? (
        <div className="score-cell-error" role="alert" data-testid="score-error">
          {error}
        </div>
      ) : null}
    </td>
  );
}
