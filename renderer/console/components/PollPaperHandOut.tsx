import { Alert, Button, Card, Checkbox, Empty, Input, Popconfirm } from 'antd';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PaperStatus, PollDetail, RollEntry } from '../../../shared/api/poll-schemas.js';
import type { MemberId } from '../../../shared/api/schemas.js';
import { paperAnonymityNotice } from '../../../shared/domain/polls/lifecycle.js';
import { desk } from '../../lib/desk-client.js';
import { notify, showError } from '../lib/notify.js';
import { usePollStore } from '../stores/poll-store.js';

/** 发出 / 收回（已录入） / 未收回: sheets handed out against sheets entered. Names only, never a choice. */
export function HandOutCounts({ paper }: { paper: PaperStatus }) {
  const missing = Math.max(0, paper.handedOut - paper.entered);
  return (
    <div className="recon recon-3" data-testid="handout-counts">
      <div>
        <span className="recon-label">发出</span>
        <b data-testid="paper-handed-out">{paper.handedOut}</b>
      </div>
      <div>
        <span className="recon-label">收回（已录入）</span>
        <b data-testid="paper-returned">{paper.entered}</b>
      </div>
      <div className={missing > 0 ? 'recon-warn' : 'recon-ok'}>
        <span className="recon-label">未收回</span>
        <b data-testid="paper-not-returned">{missing}</b>
      </div>
    </div>
  );
}

/**
 * Handing paper sheets to named members of an open poll, and taking back a sheet that came
 * back unused. The roll keeps who holds a sheet, never which one; a member holding a sheet
 * cannot vote on a device, and a member who voted on a device is not offered one.
 *
 * Keyboard: type in the filter to narrow the list, ↓ into the list, ↑ ↓ between names,
 * 空格 to tick, Enter in the filter ticks the only (or first) match, Ctrl+Enter hands out.
 */
export function PollPaperHandOut({ poll, paper }: { poll: PollDetail; paper: PaperStatus }) {
  const setPaper = usePollStore((s) => s.setPaper);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<Set<number>>(() => new Set());
  const [busy, setBusy] = useState<null | 'picked' | 'all' | number>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const notice = paperAnonymityNotice(paper.handedOut, poll.anonymous);

  const eligibleIds = useMemo(() => new Set<number>(paper.eligible.map((m) => m.memberId)), [paper.eligible]);
  // A name ticked a moment ago may have voted on a device since: only eligible names count.
  const chosen = paper.eligible.filter((m) => picked.has(m.memberId));
  const needle = filter.trim();
  const shown = needle ? paper.eligible.filter((m) => m.name.includes(needle)) : paper.eligible;
  // Taking one back would leave fewer sheets out than entered: the core refuses it too.
  const takeBackBlocked = paper.entered >= paper.handedOut;

  const toggle = (id: number, on?: boolean) =>
    setPicked((prev) => {
      const next = new Set([...prev].filter((x) => eligibleIds.has(x)));
      if (on ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  const handOut = async (members: RollEntry[], what: 'picked' | 'all') => {
    if (members.length === 0) return;
    setBusy(what);
    try {
      setPaper(await desk.call('paperBallot.handOut', { pollId: poll.id, memberIds: members.map((m) => m.memberId) }));
      notify.success(members.length === 1 ? `已向${members[0]!.name}发放纸质选票` : `已发放纸质选票 ${members.length} 张`);
      setPicked(new Set());
      setFilter('');
    } catch (err) {
      showError(err);
      void usePollStore.getState().reloadPaper();
    } finally {
      setBusy(null);
    }
  };

  const takeBack = async (m: RollEntry) => {
    setBusy(m.memberId);
    try {
      setPaper(await desk.call('paperBallot.takeBack', { pollId: poll.id, memberId: m.memberId as MemberId }));
      notify.success(`已收回${m.name}未使用的纸质选票`);
    } catch (err) {
      showError(err);
      void usePollStore.getState().reloadPaper();
    } finally {
      setBusy(null);
    }
  };

  const boxes = () => [...(listRef.current?.querySelectorAll<HTMLInputElement>('input[type=checkbox]') ?? [])];
  const onFilterKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void handOut(chosen, 'picked');
    } else if (e.key === 'Enter' && shown.length > 0) {
      e.preventDefault();
      toggle(shown[0]!.memberId, true);
      setFilter('');
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      boxes()[0]?.focus();
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = boxes();
    const at = all.indexOf(document.activeElement as HTMLInputElement);
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void handOut(chosen, 'picked');
    } else if (at >= 0 && (e.key === 'ArrowDown' || e.key === 'ArrowRight')) {
      e.preventDefault();
      all[Math.min(all.length - 1, at + 1)]?.focus();
    } else if (at >= 0 && (e.key === 'ArrowUp' || e.key === 'ArrowLeft')) {
      e.preventDefault();
      if (at === 0) listRef.current?.closest('.handout-card')?.querySelector<HTMLInputElement>('.handout-filter input')?.focus();
      else all[at - 1]?.focus();
    }
  };

  return (
    <Card className="content-card handout-card" size="small" title="纸质选票发放与收回" data-testid="handout-card">
      <HandOutCounts paper={paper} />
      <div className="handout-section">
        <div className="handout-head">
          <span>
            可领票（已签到、未投票、未领票）<b>{paper.eligible.length}</b> 人
          </span>
          <Popconfirm
            title={`向全部 ${paper.eligible.length} 人各发放一张纸质选票？`}
            description="领票的人员本项表决只能在纸质选票上填写，不能再用电子设备投票。"
            okText="全部发放"
            cancelText="取消"
            disabled={paper.eligible.length === 0}
            onConfirm={() => handOut(paper.eligible, 'all')}
          >
            <Button size="small" type="primary" disabled={paper.eligible.length === 0} loading={busy === 'all'} data-testid="handout-all">
              全部发放
            </Button>
          </Popconfirm>
        </div>
        {paper.eligible.length === 0 ? (
          <div className="muted handout-empty">{paper.handedOut > 0 ? '出席人员都已投票或领票。' : '出席人员都已在电子设备上投票。'}</div>
        ) : (
          <>
            <Input
              size="small"
              allowClear
              className="handout-filter"
              placeholder="输入姓名筛选，回车勾选，↓ 进入名单"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              onKeyDown={onFilterKey}
              aria-label="按姓名筛选可领票人员"
            />
            <div className="handout-list" ref={listRef} onKeyDown={onListKey} role="group" aria-label="可领票人员：勾选后发放" data-testid="handout-eligible">
              {shown.length === 0 ? <span className="muted">没有姓名包含“{needle}”的人员</span> : null}
              {shown.map((m) => (
                <Checkbox key={m.memberId} checked={picked.has(m.memberId)} onChange={(e) => toggle(m.memberId, e.target.checked)} className="handout-name">
                  {m.name}
                </Checkbox>
              ))}
            </div>
            <div className="handout-actions">
              <Button size="small" disabled={chosen.length === 0} loading={busy === 'picked'} onClick={() => void handOut(chosen, 'picked')} data-testid="handout-picked">
                发放给所选{chosen.length > 0 ? `（${chosen.length} 人）` : ''}
              </Button>
              {chosen.length > 0 ? (
                <Button size="small" type="link" onClick={() => setPicked(new Set())}>
                  清除勾选
                </Button>
              ) : null}
              <span className="muted small">
                <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 发放
              </span>
            </div>
          </>
        )}
      </div>
      <div className="handout-section">
        <div className="handout-head">
          <span>
            已领票 <b data-testid="holder-count">{paper.holders.length}</b> 人
          </span>
          {paper.handedOut > paper.holders.length ? <span className="muted small">另有 {paper.handedOut - paper.holders.length} 张未登记领票人</span> : null}
          {paper.holders.length > 0 && takeBackBlocked ? <span className="muted small">发出的选票都已录入，没有未使用的可收回</span> : null}
        </div>
        {notice ? <Alert type="warning" showIcon className="handout-notice" message={notice} data-testid="handout-lone-notice" /> : null}
        {paper.holders.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未发放纸质选票" className="handout-none" />
        ) : (
          <div className="holder-list" data-testid="handout-holders">
            {paper.holders.map((m) => (
              <span key={m.memberId} className="holder" data-testid="holder-row">
                <span className="holder-name">{m.name}</span>
                {takeBackBlocked ? null : (
                  <Popconfirm
                    title={`收回${m.name}未使用的纸质选票？`}
                    description="收回后可改用电子设备投票，也可以重新领票。"
                    okText="收回"
                    cancelText="取消"
                    onConfirm={() => takeBack(m)}
                  >
                    <Button size="small" type="link" loading={busy === m.memberId} aria-label={`收回${m.name}的纸质选票`}>
                      收回
                    </Button>
                  </Popconfirm>
                )}
              </span>
            ))}
          </div>
        )}
      </div>
    </Card>
  );
}
