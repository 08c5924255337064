import { ExclamationCircleFilled } from '@ant-design/icons';
import { Button, Card, InputNumber, Modal, Popconfirm, Space } from 'antd';
import { useRef, useState } from 'react';
import type { PaperSheet, PaperStatus, PollDetail } from '../../../shared/api/poll-schemas.js';
import { ballotRows, type PollDefinition } from '../../../shared/domain/polls/index.js';
import { desk } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';
import { emptySheet, ROW_NOUN, rowText, type SheetPayload } from '../lib/polls.js';
import { usePollStore } from '../stores/poll-store.js';
import { PollSheetForm, SheetVerdict } from './PollSheetForm.js';

const CHIP_TITLE: Record<PaperSheet['state'], string> = {
  counted: '已计入',
  awaiting_second: '待第二遍录入',
  mismatch: '两遍不一致',
};

/** Status of the paper sheets of an open poll: counts, sheet chips, withdrawing, mismatches. */
export function PollPaperStatus({ poll, paper, onSecondPass }: { poll: PollDetail; paper: PaperStatus; onSecondPass: (sheetNo: number) => void }) {
  const setPaper = usePollStore((s) => s.setPaper);
  const [withdrawNo, setWithdrawNo] = useState<number | null>(null);
  const [pickedNo, setPickedNo] = useState<number | null>(null);
  const picked = paper.sheets.find((x) => x.sheetNo === pickedNo) ?? null;
  const [resolving, setResolving] = useState<PaperSheet | null>(null);
  const mismatches = paper.sheets.filter((s) => s.state === 'mismatch');

  const withdraw = async (sheetNo: number) => {
    try {
      setPaper(await desk.call('paperBallot.remove', { pollId: poll.id, sheetNo }));
      notify.success(`已撤回第 ${sheetNo} 张，可以重新录入`);
      setWithdrawNo(null);
      setPickedNo(null);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <>
      <Card className="content-card paper-status" title="纸质选票核对" size="small">
        <div className="paper-counts">
          <span>
            已录入 <b data-testid="paper-entered">{paper.entered}</b>
          </span>
          <span>
            已计入 <b data-testid="paper-counted">{paper.counted}</b>
          </span>
          <span className={paper.awaitingSecond > 0 ? 'is-warn' : ''}>
            待第二遍 <b>{paper.awaitingSecond}</b>
          </span>
          <span className={paper.mismatches > 0 ? 'is-bad' : ''}>
            不一致 <b data-testid="paper-mismatches">{paper.mismatches}</b>
          </span>
        </div>
        {paper.sheets.length > 0 ? (
          <div className="sheet-chips" aria-label="已录入的选票：点编号可复核或撤回">
            {paper.sheets.map((s) => (
              <button
                key={s.sheetNo}
                type="button"
                className={`sheet-chip chip-${s.state}${picked?.sheetNo === s.sheetNo ? ' is-picked' : ''}`}
                title={`第 ${s.sheetNo} 张：${CHIP_TITLE[s.state]}`}
                aria-label={`第 ${s.sheetNo} 张：${CHIP_TITLE[s.state]}`}
                aria-pressed={picked?.sheetNo === s.sheetNo}
                onClick={() => setPickedNo(picked?.sheetNo === s.sheetNo ? null : s.sheetNo)}
              >
                {s.sheetNo}
              </button>
            ))}
          </div>
        ) : null}
        {picked ? (
          <div className="chip-actions">
            <span>
              第 {picked.sheetNo} 张：{CHIP_TITLE[picked.state]}
            </span>
            <Space size={6}>
              {picked.state === 'mismatch' ? (
                <Button size="small" type="primary" onClick={() => setResolving(picked)}>
                  核对裁定
                </Button>
              ) : null}
              {picked.state !== 'mismatch' && (!paper.doubleEntry || picked.state === 'awaiting_second') ? (
                <Button
                  size="small"
                  onClick={() => {
                    onSecondPass(picked.sheetNo);
                    setPickedNo(null);
                  }}
                >
                  第二遍录入此张
                </Button>
              ) : null}
              <Popconfirm
                title={`撤回第 ${picked.sheetNo} 张？`}
                description="撤回后该张不计入，可重新录入。"
                okText="撤回"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => withdraw(picked.sheetNo)}
              >
                <Button size="small" danger>
                  撤回
                </Button>
              </Popconfirm>
            </Space>
          </div>
        ) : null}
        <div className="withdraw-row">
          <span>撤回第</span>
          <InputNumber min={1} max={100000} precision={0} value={withdrawNo} onChange={(v) => setWithdrawNo(typeof v === 'number' ? v : null)} style={{ width: 90 }} aria-label="撤回的选票编号" />
          <span>张</span>
          <Popconfirm
            title={`撤回第 ${withdrawNo ?? ''} 张？`}
            description="录错时先撤回，再重新录入该张。"
            okText="撤回"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            disabled={withdrawNo === null}
            onConfirm={() => (withdrawNo !== null ? withdraw(withdrawNo) : undefined)}
          >
            <Button danger disabled={withdrawNo === null}>
              撤回
            </Button>
          </Popconfirm>
        </div>
      </Card>
      {mismatches.length > 0 ? (
        <Card
          className="content-card mismatch-card"
          size="small"
          title={
            <span className="mismatch-title">
              <ExclamationCircleFilled /> 两遍录入不一致（{mismatches.length} 张）：对照纸质选票裁定后才计入
            </span>
          }
          data-testid="mismatches"
        >
          {mismatches.map((s) => (
            <div key={s.sheetNo} className="mismatch-item" data-testid="mismatch-item">
              <div className="mismatch-head">
                <b>第 {s.sheetNo} 张</b>
                <Button type="primary" size="small" onClick={() => setResolving(s)}>
                  按纸质选票裁定
                </Button>
              </div>
              <EntryComparison def={poll.definition} sheet={s} />
            </div>
          ))}
        </Card>
      ) : null}
      {resolving ? <ResolveModal poll={poll} sheet={resolving} onClose={() => setResolving(null)} /> : null}
    </>
  );
}

function comparisonRows(def: PollDefinition) {
  return def.kind === 'scoring' || def.kind === 'selection' ? def.targets : ballotRows(def);
}

/** First and second entry side by side, rows that differ marked. */
export function EntryComparison({ def, sheet }: { def: PollDefinition; sheet: PaperSheet }) {
  const rows = comparisonRows(def);
  return (
    <table className="compare-table">
      <thead>
        <tr>
          <th>{def.kind === 'appointment' && def.combined ? '合并表决' : ROW_NOUN[def.kind]}</th>
          <th>第一遍</th>
          <th>第二遍</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const a = rowText(def, sheet.first, r.key);
          const b = rowText(def, sheet.second, r.key);
          return (
            <tr key={r.key} className={a !== b ? 'is-diff' : ''}>
              <td>{r.label}</td>
              <td>{a}</td>
              <td>{b}</td>
            </tr>
          );
        })}
        {def.kind === 'scoring' && def.groups.length > 0 ? (
          <tr>
            <td>评议人类别</td>
            <td>{sheet.first?.kind === 'scoring' ? (def.groups.find((g) => g.key === (sheet.first as { group?: string | null }).group)?.label ?? '未填') : '—'}</td>
            <td>{sheet.second?.kind === 'scoring' ? (def.groups.find((g) => g.key === (sheet.second as { group?: string | null }).group)?.label ?? '未填') : '—'}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

function ResolveModal({ poll, sheet, onClose }: { poll: PollDetail; sheet: PaperSheet; onClose: () => void }) {
  const def = poll.definition;
  const setPaper = usePollStore((s) => s.setPaper);
  const [value, setValueState] = useState<SheetPayload>(() => emptySheet(def));
  const valueRef = useRef(value);
  const setValue = (p: SheetPayload) => {
    valueRef.current = p;
    setValueState(p);
  };
  const [serial, setSerial] = useState(0);
  const [saving, setSaving] = useState(false);

  const resolve = async (payload: SheetPayload) => {
    setSaving(true);
    try {
      setPaper(await desk.call('paperBallot.resolve', { pollId: poll.id, sheetNo: sheet.sheetNo, payload }));
      notify.success(`第 ${sheet.sheetNo} 张已按纸质选票裁定并计入`);
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  const fill = (p: SheetPayload | null) => {
    if (!p) return;
    setValue(p);
    setSerial((n) => n + 1);
  };

  return (
    <Modal
      open
      width={820}
      title={`核对裁定第 ${sheet.sheetNo} 张：按纸质选票录入`}
      okText="按此裁定并计入"
      cancelText="取消"
      onOk={() => void resolve(valueRef.current)}
      confirmLoading={saving}
      onCancel={onClose}
      mask={{ closable: false }}
      className="resolve-modal"
    >
      <EntryComparison def={def} sheet={sheet} />
      <div className="resolve-fill">
        <span className="muted">对照纸质选票，在下面录入选票上实际的内容：</span>
        <Space>
          <Button size="small" onClick={() => fill(sheet.first)}>
            照第一遍填入
          </Button>
          <Button size="small" onClick={() => fill(sheet.second)}>
            照第二遍填入
          </Button>
        </Space>
      </div>
      <PollSheetForm key={serial} def={def} value={value} onChange={setValue} onSubmit={() => void resolve(valueRef.current)} autoFocus idPrefix="resolve" />
      <SheetVerdict def={def} value={value} />
    </Modal>
  );
}
