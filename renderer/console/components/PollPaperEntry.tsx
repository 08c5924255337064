import { CheckCircleFilled, LoadingOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, InputNumber, Segmented, type GetRef } from 'antd';
import { memo, useEffect, useRef, useState } from 'react';
import type { PaperSheet, PollId } from '../../../shared/api/poll-schemas.js';
import type { PollDefinition } from '../../../shared/domain/polls/index.js';
import { desk } from '../../lib/desk-client.js';
import { errorText, notify } from '../lib/notify.js';
import { emptySheet, type SheetPayload } from '../lib/polls.js';
import { usePollStore } from '../stores/poll-store.js';
import { PollSheetForm, sheetScoreErrors, SheetVerdict } from './PollSheetForm.js';

type Pass = 1 | 2;

function KeyboardHint({ kind }: { kind: PollDefinition['kind'] }) {
  if (kind === 'scoring') {
    return (
      <p className="keyboard-hint toolbar-hint">
        输入分数后按 <kbd>Enter</kbd> 到下一格，最后一格按 <kbd>Enter</kbd> 或任意处 <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 提交；未打分的格子留空
      </p>
    );
  }
  if (kind === 'selection') {
    return (
      <p className="keyboard-hint toolbar-hint">
        <kbd>1</kbd> 勾选并下移　<kbd>空格</kbd> 勾选/取消　<kbd>0</kbd> 不选并下移　<kbd>↑</kbd>
        <kbd>↓</kbd> 移动　最后一行按 <kbd>Enter</kbd> 或任意处 <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 提交；多选的选票照录，按规定作废
      </p>
    );
  }
  return (
    <p className="keyboard-hint toolbar-hint">
      <kbd>1</kbd>
      <kbd>2</kbd>
      <kbd>3</kbd> 选择并下移　<kbd>Shift</kbd>+数字 再加一个标记（多选照录）　<kbd>0</kbd>/<kbd>退格</kbd> 清除　<kbd>↑</kbd>
      <kbd>↓</kbd> 移动　最后一行按 <kbd>Enter</kbd> 或任意处 <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 提交
    </p>
  );
}

const SHEET_STATE_TEXT: Record<PaperSheet['state'], string> = {
  counted: '已计入',
  awaiting_second: '待第二遍录入',
  mismatch: '两遍不一致，待核对',
};

/**
 * Entering paper sheets, one after another, by keyboard. A sheet is handed in and the form
 * is cleared at once so the clerk can go on typing; the calls run one at a time behind it.
 * Mount it with key={poll.id}: the definition cannot change while the poll is open.
 */
export const PollPaperEntry = memo(function PollPaperEntry({ pollId, def, doubleEntry, pass, onPassChange, secondSheetNo, onSecondSheetNo }: {
  pollId: PollId;
  def: PollDefinition;
  doubleEntry: boolean;
  pass: Pass;
  onPassChange: (pass: Pass) => void;
  /** The sheet number for a second pass; set from the status panel too. */
  secondSheetNo: number | null;
  onSecondSheetNo: (no: number | null) => void;
}) {
  const paper = usePollStore((s) => s.paper);
  const setPaper = usePollStore((s) => s.setPaper);
  const [payload, setPayloadState] = useState<SheetPayload>(() => emptySheet(def));
  const payloadRef = useRef(payload);
  const [serial, setSerial] = useState(0);
  const [firstNo, setFirstNo] = useState<number | null>(null);
  const [pending, setPending] = useState(0);
  const [last, setLast] = useState<{ no: number; pass: Pass; state: PaperSheet['state'] } | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const sheetNoInput = useRef<GetRef<typeof InputNumber>>(null);

  const [refused, setRefused] = useState<string | null>(null);
  const setPayload = (p: SheetPayload) => {
    payloadRef.current = p;
    setPayloadState(p);
  };
  const edit = (p: SheetPayload) => {
    setPayload(p);
    // Once corrected, the refusal goes away.
    if (refused !== null && sheetScoreErrors(def, p).length === 0) setRefused(null);
  };

  const gridRef = useRef<HTMLDivElement>(null);
  const sheetNoBox = useRef<HTMLLabelElement>(null);
  const focusGrid = () => {
    const grid = gridRef.current?.querySelector<HTMLElement>('[data-testid=sheet-grid]');
    // Choice grids take the focus themselves; a score sheet starts at its first box.
    (grid && grid.tabIndex >= 0 ? grid : grid?.querySelector<HTMLElement>('input'))?.focus();
  };

  // Second pass: ask for the sheet number first; a number picked in the status panel goes straight on to the sheet.
  useEffect(() => {
    if (pass !== 2) return;
    if (secondSheetNo === null) sheetNoInput.current?.focus();
    else if (!sheetNoBox.current?.contains(document.activeElement)) focusGrid();
  }, [pass, secondSheetNo]);

  const predictedNo = (paper?.nextSheetNo ?? 1) + pending;
  const sheetNo = pass === 1 ? (firstNo ?? predictedNo) : secondSheetNo;

  const submit = () => {
    const p = payloadRef.current;
    const thisPass = pass;
    const explicitNo = pass === 1 ? firstNo : secondSheetNo;
    if (thisPass === 2 && explicitNo === null) {
      setRefused('第二遍录入请先填写选票编号');
      sheetNoInput.current?.focus();
      return;
    }
    const bad = sheetScoreErrors(def, p);
    if (bad.length > 0) {
      // Not handed in: the red box says why, and the cursor goes to the first wrong score.
      setRefused(`这张选票有 ${bad.length} 处分数需要改正，未提交：${bad.map((b) => `${b.label}（${b.error}）`).join('、')}。`);
      gridRef.current?.querySelector<HTMLInputElement>('[data-score-error=true] input, input[data-score-error=true]')?.focus();
      return;
    }
    setRefused(null);
    const blank = emptySheet(def);
    setPayload(blank);
    setSerial((n) => n + 1);
    if (thisPass === 1) setFirstNo(null);
    else onSecondSheetNo(null);
    setPending((n) => n + 1);
    queue.current = queue.current.then(async () => {
      try {
        const out = await desk.call('paperBallot.enter', { pollId, pass: thisPass, sheetNo: explicitNo ?? undefined, payload: p });
        setPaper(out.status);
        setLast({ no: out.sheetNo, pass: thisPass, state: out.sheet.state });
        if (out.sheet.state === 'mismatch') notify.warning(`第 ${out.sheetNo} 张两遍录入不一致，已暂不计入；请对照纸质选票核对`);
      } catch (err) {
        notify.error(`${explicitNo !== null ? `第 ${explicitNo} 张` : '刚才这张'}选票未能录入：${errorText(err)}`);
        // Put it back if the clerk has not started on the next sheet.
        if (JSON.stringify(payloadRef.current) === JSON.stringify(blank)) {
          setPayload(p);
          setSerial((n) => n + 1);
          if (thisPass === 1) setFirstNo(explicitNo);
          else onSecondSheetNo(explicitNo);
        }
        void usePollStore.getState().reloadPaper();
      } finally {
        setPending((n) => n - 1);
      }
    });
  };

  const double = doubleEntry;
  return (
    <Card
      className="content-card paper-entry"
      title="纸质选票录入"
      extra={
        <Segmented<Pass>
          value={pass}
          onChange={onPassChange}
          options={[
            { value: 1, label: '第一遍录入' },
            { value: 2, label: double ? '第二遍录入' : '第二遍录入（抽查复核）' },
          ]}
          data-testid="entry-pass"
        />
      }
    >
      <div className="entry-head">
        <label className="entry-no" ref={sheetNoBox}>
          <span>选票编号</span>
          <InputNumber
            key={pass}
            ref={sheetNoInput}
            min={1}
            max={100000}
            precision={0}
            value={sheetNo}
            placeholder={pass === 2 ? '输入编号后回车' : undefined}
            onChange={(v) => (pass === 1 ? setFirstNo(typeof v === 'number' ? v : null) : onSecondSheetNo(typeof v === 'number' ? v : null))}
            onPressEnter={focusGrid}
            style={{ width: 120 }}
            aria-label="选票编号"
            data-testid="sheet-no"
          />
        </label>
        <span className="entry-help">
          {pass === 1 ? (
            <>编号自动顺延，可修改。请把编号写在纸质选票上，复核和撤回都按编号。</>
          ) : double ? (
            <>本表决要求双人录入：每张选票须由另一人再录一遍，两遍一致才计入。</>
          ) : (
            <>抽查复核：任选一张已录入的选票再录一遍；与第一遍不一致时该张暂不计入，待核对。</>
          )}
        </span>
      </div>
      {pass === 1 && paper && paper.entered + pending >= paper.handedOut ? (
        <Alert
          type="warning"
          showIcon
          className="entry-alert"
          data-testid="entry-handout-hint"
          title={
            paper.handedOut === 0
              ? '还没有发放纸质选票：先在“纸质选票发放与收回”中登记领票人，收回的选票才能录入。'
              : `发出的 ${paper.handedOut} 张纸质选票都已录入。如有漏登记的领票人，请先登记发放。`
          }
        />
      ) : null}
      <KeyboardHint kind={def.kind} />
      <div ref={gridRef}>
        <PollSheetForm key={serial} def={def} value={payload} onChange={edit} onSubmit={submit} autoFocus={serial > 0 || pass === 1} idPrefix="entry" />
      </div>
      {refused ? <Alert type="error" showIcon className="entry-alert" data-testid="entry-refused" title={refused} /> : null}
      <div className="entry-foot">
        <SheetVerdict def={def} value={payload} />
        <Button type="primary" onClick={submit} data-testid="sheet-submit">
          {sheetNo === null ? '提交' : `提交第 ${sheetNo} 张`}（{pass === 1 ? '第一遍' : '第二遍'}）
        </Button>
      </div>
      <div className="entry-last" aria-live="polite" data-testid="entry-last">
        {pending > 0 ? (
          <span>
            <LoadingOutlined /> 正在保存 {pending} 张…
          </span>
        ) : last ? (
          <span className={last.state === 'mismatch' ? 'entry-last-bad' : 'entry-last-ok'}>
            {last.state === 'mismatch' ? <WarningFilled /> : <CheckCircleFilled />} 第 {last.no} 张{last.pass === 2 ? '第二遍' : ''}已录入：{SHEET_STATE_TEXT[last.state]}
          </span>
        ) : (
          <span className="muted">尚未录入</span>
        )}
      </div>
    </Card>
  );
});
