/**
 * The voter app: sign in with a credential, wait for a poll, fill in the sheet, review it,
 * send it (retrying safely), show the receipt, and check it against the published list.
 * The screen is derived from a small model; it is rebuilt only when what it shows changes,
 * so a background refresh never disturbs a half-filled sheet.
 */
import type { z } from 'zod';
import type { ReceiptList, VoterState } from '../../shared/api/voter-protocol.js';
import type { PollDefinition } from '../../shared/domain/polls/definition.js';
import { chineseDate } from '../../shared/domain/format.js';
import { VOTE_KIND_LABEL } from '../../shared/domain/labels.js';
import { ApiError, backoff, memberMessage, request, retryable, sleep } from './api.js';
import { formatCode, isCode, newReceipt, normalizeCode, receiptGroups } from './codes.js';
import { h, mount, type Child } from './dom.js';
import { startLive, type Live, type LiveEvent } from './live.js';
import { check, emptyDraft, payload, progress, review, type Draft } from './sheet.js';
import { sheetView } from './sheet-view.js';
import * as store from './store.js';

type Receipts = z.infer<typeof ReceiptList>;
/** How often a device whose member has not signed in asks again (no event says so). */
const SIGN_IN_RECHECK_MS = 10_000;

type Screen = 'signin' | 'loading' | 'waiting' | 'sheet' | 'review' | 'sending' | 'voted' | 'closed' | 'paper' | 'unentitled';

interface Notice {
  text: string;
  kind: 'error' | 'info';
}

interface ReceiptCheck {
  pollId: number;
  loading: boolean;
  result: Receipts | null;
  error: string | null;
}

const NET_LOST = '网络连接中断，正在重试…';
/** Polling: every 5 s while the socket is down, every 15 s while it is up (a missed event costs at most that). */
const POLL_DOWN_MS = 5_000;
const POLL_UP_MS = 15_000;

const INSTRUCTIONS: Record<PollDefinition['kind'], string> = {
  satisfaction: '请对每个对象选择一项。再点一次可取消。',
  decision: '请选择赞成、反对或弃权。再点一次可取消。',
  appointment: '请对每位人选选择赞成、反对或弃权。再点一次可取消。',
  scoring: '请为每个对象填写分数。',
  selection: '请勾选您赞成的项目。',
};

export class App {
  private code: string | null = null;
  private state: VoterState | null = null;
  private phase: 'sheet' | 'review' = 'sheet';
  private draft: Draft = emptyDraft();
  private draftPoll: number | null = null;
  private sending = false;
  private netDown = false;
  private notice: Notice | null = null;
  private signinMessage: string | null = null;
  private signinPrefill = '';
  private signingIn = false;
  private receiptCheck: ReceiptCheck | null = null;
  private signInTimer: number | null = null;
  private live: Live | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private fetching = false;
  private fetchAgain = false;
  private renderedKey = '';
  /** Updated in place while the sheet is being filled. */
  private progressEl: HTMLElement | null = null;
  private sheetErrors: HTMLElement | null = null;

  private readonly header: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly main: HTMLElement;

  constructor(root: HTMLElement) {
    this.header = h('header', { class: 'top' });
    this.banner = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite', hidden: true }, NET_LOST);
    this.main = h('main', { class: 'wrap' });
    mount(root, this.header, this.banner, this.main);
  }

  start(): void {
    const fromLink = this.codeFromFragment();
    const code = fromLink ?? store.loadCode();
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.refresh();
    });
    window.addEventListener('online', () => void this.refresh());
    // Scanning another card on a signed-in device changes only the fragment: no reload.
    window.addEventListener('hashchange', () => {
      const next = this.codeFromFragment();
      if (!next || next === this.code) return;
      this.signOut(null, true);
      this.begin(next);
    });
    if (code && isCode(code)) this.begin(code);
    else {
      if (fromLink === null && code) store.forgetCode();
      this.render();
    }
  }

  /** `#c=CODE` from a scanned card: taken, then removed from the address bar (others can see the screen). */
  private codeFromFragment(): string | null {
    const m = /[#&]c=([^&]*)/.exec(window.location.hash);
    if (!m) return null;
    try {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    } catch {
      window.location.hash = '';
    }
    let raw = m[1]!;
    try {
      raw = decodeURIComponent(raw);
    } catch {
      // keep as is
    }
    const code = normalizeCode(raw);
    if (!isCode(code)) {
      this.signinMessage = '二维码中的登录码无效，请手动输入签到卡上的登录码。';
      return null;
    }
    return code;
  }

  // ---- session ----------------------------------------------------------------------

  private begin(code: string, state: VoterState | null = null): void {
    this.code = code;
    store.saveCode(code);
    this.state = state;
    if (state) this.applyState(state);
    this.signinMessage = null;
    this.signinPrefill = '';
    this.live = startLive(
      code,
      (e) => this.onEvent(e),
      () => this.schedulePoll(),
      () => void this.refresh(),
    );
    this.schedulePoll();
    const pending = store.loadPending(code);
    // A ballot that was sent but not acknowledged before a reload: send it again, unchanged.
    if (pending) void this.send(pending);
    if (!state) void this.refresh();
    this.render();
  }

  /** Back to sign-in. An unsent ballot is dropped unless the member is only switching cards (it is sent when they return). */
  private signOut(message: string | null, keepPending = false): void {
    if (this.live) this.live.stop();
    this.live = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.code && !keepPending) store.clearPending(this.code);
    this.signinPrefill = message && this.code ? formatCode(this.code) : '';
    this.code = null;
    this.state = null;
    this.sending = false;
    this.notice = null;
    this.receiptCheck = null;
    this.draftPoll = null;
    this.signinMessage = message;
    store.forgetCode();
    this.setNet(false);
    this.render();
  }

  private onEvent(e: LiveEvent): void {
    // Progress of the poll already shown changes nothing on a device; refetching on every
    // ballot would make each device pay for every other device's vote.
    if (e.event === 'poll.progress' && this.state && this.state.poll && this.state.poll.id === e.pollId) return;
    void this.refresh();
  }

  private schedulePoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (!this.code) return;
    const base = this.live && this.live.up ? POLL_UP_MS : POLL_DOWN_MS;
    this.pollTimer = setTimeout(
      () => {
        void this.refresh();
        this.schedulePoll();
      },
      Math.round(base * (0.8 + Math.random() * 0.4)),
    );
  }

  private setNet(down: boolean): void {
    if (this.netDown === down) return;
    this.netDown = down;
    this.banner.hidden = !down;
  }

  private async refresh(): Promise<void> {
    const code = this.code;
    if (!code) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    try {
      const s = await request<VoterState>('GET', '/v1/state', code);
      if (this.code !== code) return;
      if (!this.sending) this.setNet(false);
      this.applyState(s);
      this.render();
      // Signing in at the desk sends the device no event: look again now and then until it shows.
      if (!s.signedIn && this.signInTimer === null) {
        this.signInTimer = window.setTimeout(() => {
          this.signInTimer = null;
          void this.refresh();
        }, SIGN_IN_RECHECK_MS);
      }
    } catch (err) {
      if (this.code !== code) return;
      if (err instanceof ApiError && (err.code === 'UNAUTHORIZED' || err.code === 'REVOKED')) {
        this.signOut(err.message);
        return;
      }
      // Rate limited: the next tick tries again. Anything else is a connection problem.
      if (!(err instanceof ApiError && err.code === 'RATE_LIMITED')) {
        this.setNet(true);
        this.render();
      }
    } finally {
      this.fetching = false;
      if (this.fetchAgain) {
        this.fetchAgain = false;
        void this.refresh();
      }
    }
  }

  private applyState(s: VoterState): void {
    this.state = s;
    const poll = s.poll;
    if (poll && poll.id !== this.draftPoll) {
      // A new poll (or a new round): a clean sheet.
      if (this.draftPoll !== null) this.notice = null;
      this.draftPoll = poll.id;
      this.draft = emptyDraft();
      this.phase = 'sheet';
      this.receiptCheck = null;
    }
  }

  // ---- voting -----------------------------------------------------------------------

  /** The list of what blocks the review step; empty hides it. */
  private showSheetErrors(errors: string[]): void {
    const box = this.sheetErrors;
    if (!box) return;
    box.hidden = errors.length === 0;
    if (errors.length > 0) mount(box, h('strong', null, '请先改正以下问题：'), h('ul', null, errors.map((e) => h('li', null, e))));
  }

  private submitSheet(): void {
    const poll = this.state && this.state.poll;
    if (!poll) return;
    const c = check(poll.definition, this.draft);
    if (c.errors.length > 0) {
      this.showSheetErrors(c.errors);
      if (this.sheetErrors) this.sheetErrors.scrollIntoView();
      return;
    }
    this.notice = null;
    this.phase = 'review';
    this.render();
  }

  private confirm(): void {
    const code = this.code;
    const poll = this.state && this.state.poll;
    if (!code || !poll || this.sending) return;
    // One receipt per poll and device, chosen before the first send and kept: every retry
    // carries it, which is what lets the host recognise a retry.
    const known = store.loadReceipt(code, poll.id);
    const receipt = known ? known.receipt : newReceipt();
    if (!known) store.saveReceipt(code, poll.id, { receipt, ok: false });
    const pending: store.PendingBallot = { pollId: poll.id, receipt, ballot: payload(poll.definition, this.draft) };
    store.savePending(code, pending);
    void this.send(pending);
  }

  private async send(p: store.PendingBallot): Promise<void> {
    const code = this.code;
    if (!code || this.sending) return;
    this.sending = true;
    this.notice = null;
    this.render();
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await request<{ receipt: string; pollId: number }>('POST', '/v1/ballots', code, p);
        if (this.code !== code) return;
        store.saveReceipt(code, p.pollId, { receipt: res.receipt, ok: true });
        store.clearPending(code);
        this.sending = false;
        this.notice = null;
        this.setNet(false);
        if (this.state && this.state.poll && this.state.poll.id === p.pollId) this.state.voted = true;
        this.render();
        void this.refresh();
        return;
      } catch (err) {
        if (this.code !== code) return;
        if (retryable(err)) {
          // The same request again: if the first one did get in, the host answers it as a replay.
          const limited = err instanceof ApiError && err.code === 'RATE_LIMITED';
          if (limited) this.notice = { text: (err as ApiError).message, kind: 'info' };
          else this.setNet(true);
          this.render();
          await sleep(limited && (err as ApiError).retryAfter > 0 ? (err as ApiError).retryAfter * 1000 : backoff(attempt));
          if (this.code !== code) return;
          continue;
        }
        const e = err as ApiError;
        store.clearPending(code);
        // Refusals that say this receipt's ballot is not in the box: the next send draws a new
        // receipt (one the host had already seen would otherwise be refused on every try). After
        // a close, a revoked card or a change of attendance the first send may have got in
        // unheard, so the receipt is kept to check.
        if (e.code === 'BAD_REQUEST' || e.code === 'INVALID_BALLOT' || e.code === 'ALREADY_VOTED' || e.code === 'NOT_ENTITLED') store.forgetReceipt(code, p.pollId);
        this.sending = false;
        this.setNet(false);
        if (e.code === 'UNAUTHORIZED' || e.code === 'REVOKED') {
          this.signOut(e.message);
          return;
        }
        if (e.code === 'POLL_CLOSED') {
          this.notice = { text: `${e.message}如果您的选票在结束前已经送达，可在下面核对回执。`, kind: 'error' };
        } else if ((e.code === 'PAPER_SHEET' || e.code === 'NOT_ENTITLED') && this.state) {
          // The screen for it says the same thing plainly; the refresh below confirms it.
          if (e.code === 'PAPER_SHEET') this.state.paperSheet = true;
          else this.state.entitled = false;
          this.notice = null;
        } else {
          this.notice = { text: memberMessage(e), kind: 'error' };
        }
        this.phase = 'sheet';
        this.renderedKey = '';
        this.render();
        void this.refresh();
        return;
      }
    }
  }

  private async checkReceipts(pollId: number): Promise<void> {
    const code = this.code;
    if (!code) return;
    this.receiptCheck = { pollId, loading: true, result: null, error: null };
    this.render();
    try {
      const list = await request<Receipts>('GET', `/v1/receipts?pollId=${pollId}`, code);
      this.receiptCheck = { pollId, loading: false, result: list, error: null };
    } catch (err) {
      this.receiptCheck = { pollId, loading: false, result: null, error: memberMessage(err) };
    }
    if (this.code === code) this.render();
  }

  private async signIn(input: HTMLInputElement, error: HTMLElement, button: HTMLButtonElement): Promise<void> {
    const code = normalizeCode(input.value);
    if (!isCode(code)) {
      error.textContent = code.length !== 8 ? '登录码应为 8 位，请核对签到卡。' : '登录码只含数字 2–9 和字母（没有 0、1、I、O），请核对。';
      input.focus();
      return;
    }
    if (this.signingIn) return;
    this.signingIn = true;
    button.disabled = true;
    button.textContent = '正在登录…';
    error.textContent = '';
    try {
      const s = await request<VoterState>('GET', '/v1/state', code);
      this.signingIn = false;
      this.begin(code, s);
    } catch (err) {
      this.signingIn = false;
      button.disabled = false;
      button.textContent = '登录';
      error.textContent = err instanceof ApiError ? memberMessage(err) : '无法连接投票服务，请确认已连接会场的无线网络，然后重试。';
    }
  }

  // ---- rendering --------------------------------------------------------------------

  private screen(): Screen {
    if (!this.code) return 'signin';
    if (this.sending) return 'sending';
    const s = this.state;
    if (!s) return 'loading';
    if (!s.poll) return 'waiting';
    if (s.poll.status !== 'open') return 'closed';
    if (s.voted) return 'voted';
    // A member holding a paper sheet votes on it; one who signed in after the poll opened votes in the next one.
    if (s.paperSheet) return 'paper';
    if (!s.entitled) return 'unentitled';
    return this.phase;
  }

  render(): void {
    const screen = this.screen();
    const s = this.state;
    const poll = s && s.poll;
    const rc = this.receiptCheck;
    const key = [
      screen,
      poll ? `${poll.id}:${poll.status}:${s!.voted}:${s!.entitled}:${s!.paperSheet}:${s!.signedIn}` : `-:${s ? s.signedIn : ''}`,
      this.notice ? this.notice.text : '',
      this.signinMessage ?? '',
      rc ? `${rc.pollId}:${rc.loading}:${rc.error ?? ''}:${rc.result ? rc.result.receipts.length : -1}` : '',
      s ? `${s.meeting.title}:${s.member.name}` : '',
    ].join('|');
    if (key === this.renderedKey) return;
    const screenChanged = this.renderedKey.split('|')[0] !== screen || this.renderedKey.split('|')[1] !== key.split('|')[1];
    this.renderedKey = key;
    this.progressEl = null;
    this.sheetErrors = null;
    this.renderHeader();
    mount(this.main, this.view(screen));
    document.body.className = `screen-${screen}`;
    if (screenChanged) window.scrollTo(0, 0);
  }

  private renderHeader(): void {
    const s = this.state;
    if (!this.code || !s) {
      mount(this.header, h('div', { class: 'top-inner' }, h('div', { class: 'top-title' }, '常委会电子表决')));
      return;
    }
    const canLeave = !this.sending;
    mount(
      this.header,
      h(
        'div',
        { class: 'top-inner' },
        h('div', { class: 'top-title' }, s.meeting.title),
        h(
          'div',
          { class: 'top-member' },
          h('span', { class: 'top-name' }, s.member.name),
          canLeave
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link-btn',
                  onclick: () => {
                    if (window.confirm('退出后需要重新扫码或输入登录码。确定退出吗？')) this.signOut(null);
                  },
                },
                '退出',
              )
            : null,
        ),
      ),
    );
  }

  private view(screen: Screen): Child {
    switch (screen) {
      case 'signin':
        return this.signinView();
      case 'loading':
        return h('div', { class: 'center-card' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('p', { class: 'big-text' }, '正在连接投票服务…'));
      case 'waiting':
        return this.waitingView();
      case 'sheet':
        return this.sheetScreen();
      case 'review':
        return this.reviewScreen();
      case 'sending':
        return h(
          'div',
          { class: 'center-card' },
          h('div', { class: 'spinner', 'aria-hidden': 'true' }),
          h('h1', { class: 'big-title' }, '正在提交选票…'),
          h('p', { class: 'muted' }, '请不要关闭本页面。网络中断时会自动重试，不会重复计票。'),
          this.noticeView(),
        );
      case 'voted':
        return this.votedView();
      case 'paper':
        return this.standAsideView('请使用纸质选票', '您已领取纸质选票，请在纸质选票上填写，交给工作人员。');
      case 'unentitled':
        return this.state && !this.state.signedIn
          ? this.standAsideView('您还没有签到', '请到签到台刷签到卡，或请工作人员登记。本项表决开始时未签到的，不能参加本项表决；签到后，下一项表决开始即可投票。')
          : this.standAsideView('本项表决不能投票', '本项表决开始时您尚未签到，不能参加本项表决；下一项表决开始后即可投票。');
      case 'closed':
        return this.closedView();
    }
  }

  private noticeView(): Child {
    const n = this.notice;
    return n ? h('div', { class: `notice notice-${n.kind}`, role: 'alert' }, n.text) : null;
  }

  private signinView(): HTMLElement {
    const error = h('div', { class: 'field-error', role: 'alert', 'aria-live': 'assertive' });
    const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '登录');
    const input = h('input', {
      id: 'code',
      class: 'code-input',
      type: 'text',
      autocomplete: 'off',
      autocapitalize: 'characters',
      autocorrect: 'off',
      spellcheck: 'false',
      maxlength: 12,
      placeholder: 'XXXX-XXXX',
      'aria-describedby': 'code-hint',
      value: this.signinPrefill,
      oninput: () => {
        // Shown as XXXX-XXXX, upper case, whatever was typed in between.
        const raw = normalizeCode(input.value).replace(/[^0-9A-Z]/g, '').slice(0, 8);
        const shown = raw.length > 4 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : raw;
        if (input.value !== shown) input.value = shown;
        error.textContent = '';
      },
    });
    const form = h(
      'form',
      {
        class: 'signin-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.signIn(input, error, button);
        },
      },
      h('label', { for: 'code', class: 'field-label' }, '登录码'),
      input,
      error,
      button,
    );
    return h(
      'div',
      { class: 'signin' },
      h('h1', { class: 'big-title' }, '常委会电子表决'),
      h('p', { class: 'lead' }, '请扫描签到卡上的二维码，或输入卡上的 8 位登录码。'),
      this.signinMessage ? h('div', { class: 'notice notice-error', role: 'alert' }, this.signinMessage) : null,
      form,
      h('p', { class: 'muted', id: 'code-hint' }, '登录码由数字和字母组成，大小写均可，不必输入短横线。遇到问题请向会务工作人员求助。'),
    );
  }

  private waitingView(): HTMLElement {
    const s = this.state!;
    return h(
      'div',
      { class: 'center-card' },
      h('p', { class: 'muted' }, `${s.member.name}，您好`),
      h('h1', { class: 'big-title' }, '当前没有正在进行的表决'),
      s.signedIn
        ? h('p', { class: 'muted' }, '表决开始后，选票会自动出现在这里，无需刷新页面。')
        : h('p', { class: 'notice notice-info', 'data-testid': 'not-signed-in' }, '您还没有签到。请到签到台刷签到卡，或请工作人员登记；签到后开始的表决即可在这里投票。'),
      h('p', { class: 'meta' }, [chineseDate(s.meeting.date), s.meeting.place].filter(Boolean).join(' · ')),
    );
  }

  private pollHead(p: NonNullable<VoterState['poll']>, subtitle?: string): HTMLElement {
    const def = p.definition;
    return h(
      'div',
      { class: 'poll-head' },
      h(
        'div',
        { class: 'tags' },
        h('span', { class: 'tag' }, VOTE_KIND_LABEL[def.kind]),
        h('span', { class: 'tag' }, def.anonymous ? '无记名' : '记名'),
        p.round > 1 ? h('span', { class: 'tag' }, `第${p.round}轮`) : null,
      ),
      h('h1', { class: 'poll-title' }, def.title),
      p.agendaTitle && p.agendaTitle !== def.title ? h('p', { class: 'poll-agenda' }, p.agendaTitle) : null,
      subtitle ? h('p', { class: 'poll-sub' }, subtitle) : null,
    );
  }

  private progressText(def: PollDefinition): string {
    const pr = progress(def, this.draft);
    if (def.kind === 'selection') return `已选 ${pr.done} / 最多 ${pr.total} 项`;
    return `已${def.kind === 'scoring' ? '评分' : '选择'} ${pr.done} / ${pr.total} 项`;
  }

  private sheetScreen(): Child {
    const p = this.state!.poll!;
    const def = p.definition;
    this.progressEl = h('div', { class: 'bar-status', 'aria-live': 'polite' }, this.progressText(def));
    this.sheetErrors = h('div', { class: 'notice notice-error sheet-errors', role: 'alert', hidden: true });
    let sub = INSTRUCTIONS[def.kind];
    if (def.kind === 'selection') sub = `请勾选您赞成的项目，最多选 ${def.maxChoices} 项${def.minChoices > 1 ? `，至少选 ${def.minChoices} 项` : ''}。`;
    if (def.kind === 'scoring' && def.scale.mode === 'single') sub = `请为每个对象填写 ${def.scale.min}–${def.scale.max} 分。`;
    if (def.kind === 'scoring' && def.scale.mode === 'indicators') sub = '请按指标为每个对象填写得分。';
    const changed = () => {
      if (this.progressEl) this.progressEl.textContent = this.progressText(def);
      // Once shown, the list follows the corrections.
      if (this.sheetErrors && !this.sheetErrors.hidden) this.showSheetErrors(check(def, this.draft).errors);
    };
    return [
      this.pollHead(p, sub),
      this.noticeView(),
      this.sheetErrors,
      sheetView(def, this.draft, changed),
      h(
        'div',
        { class: 'bar' },
        h('div', { class: 'bar-inner' }, this.progressEl, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.submitSheet() }, '提交选票')),
      ),
    ];
  }

  private reviewScreen(): Child {
    const p = this.state!.poll!;
    const def = p.definition;
    const c = check(def, this.draft);
    const lines = review(def, this.draft);
    return [
      h('div', { class: 'poll-head' }, h('h1', { class: 'poll-title' }, '请核对您的选票'), h('p', { class: 'poll-sub' }, def.title)),
      this.noticeView(),
      c.warnings.map((w) => h('div', { class: 'notice notice-warn', role: 'alert' }, w)),
      def.kind === 'selection' && lines.length === 0 ? null : h(
        'ol',
        { class: 'review' },
        lines.map((l) =>
          h(
            'li',
            { class: l.missing ? 'review-row review-missing' : 'review-row' },
            h('span', { class: 'review-label' }, l.label),
            h('span', { class: `review-value${l.option ? ` val-${l.option}` : ''}` }, l.value),
          ),
        ),
      ),
      h('p', { class: 'muted review-note' }, '确认后选票即投出，不能再修改。'),
      h(
        'div',
        { class: 'bar' },
        h(
          'div',
          { class: 'bar-inner bar-two' },
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              onclick: () => {
                this.phase = 'sheet';
                this.render();
              },
            },
            '返回修改',
          ),
          h('button', { type: 'button', class: 'btn btn-primary', onclick: () => this.confirm() }, '确认投票'),
        ),
      ),
    ];
  }

  private receiptCode(receipt: string): HTMLElement {
    return h(
      'div',
      { class: 'receipt', 'aria-label': `回执码 ${receipt.split('').join(' ')}`, 'data-receipt': receipt },
      // Pairs of groups wrap as a unit: two lines of two on a phone, one line on a tablet.
      [0, 2].map((k) =>
        h(
          'span',
          { class: 'receipt-pair' },
          receiptGroups(receipt)
            .slice(k, k + 2)
            .map((g) => h('span', { class: 'receipt-group' }, g)),
        ),
      ),
    );
  }

  private votedView(): HTMLElement {
    const s = this.state!;
    const p = s.poll!;
    const mine = this.code ? store.loadReceipt(this.code, p.id) : null;
    // An unacknowledged receipt may not be the ballot in the box (e.g. refused as a second ballot).
    if (!mine || !mine.ok) {
      return h(
        'div',
        { class: 'center-card' },
        h('div', { class: 'done-mark', 'aria-hidden': 'true' }, '✓'),
        h('h1', { class: 'big-title' }, '您已投过票'),
        h('p', { class: 'muted' }, `“${p.definition.title}”已收到您的选票。本设备没有这次的回执码（可能是在其他设备上投的票）。`),
      );
    }
    return h(
      'div',
      { class: 'center-card' },
      h('div', { class: 'done-mark', 'aria-hidden': 'true' }, '✓'),
      h('h1', { class: 'big-title' }, '投票成功'),
      h('p', { class: 'muted' }, p.definition.title),
      h('p', { class: 'receipt-caption' }, '您的回执码'),
      this.receiptCode(mine.receipt),
      h('p', { class: 'receipt-note' }, '请记下回执码，表决结束后可核对'),
      h('p', { class: 'muted small' }, '回执码只用于核对您的选票是否计入，不显示您的选择。'),
    );
  }

  /** An open poll this device does not vote in, and why: no sheet is shown. */
  private standAsideView(title: string, text: string): HTMLElement {
    const p = this.state!.poll!;
    return h(
      'div',
      { class: 'center-card stand-aside' },
      h('h1', { class: 'big-title' }, title),
      h('p', { class: 'lead' }, text),
      h('p', { class: 'muted' }, p.definition.title),
    );
  }

  private closedView(): HTMLElement {
    const s = this.state!;
    const p = s.poll!;
    const mine = this.code ? store.loadReceipt(this.code, p.id) : null;
    const rc = this.receiptCheck && this.receiptCheck.pollId === p.id ? this.receiptCheck : null;
    const canCheck = s.voted || mine !== null;
    let checkOut: Child = null;
    if (rc && rc.loading) checkOut = h('p', { class: 'muted' }, '正在获取回执列表…');
    else if (rc && rc.error) checkOut = h('div', { class: 'notice notice-error', role: 'alert' }, rc.error);
    else if (rc && rc.result) {
      const list = rc.result.receipts;
      const found = mine ? list.indexOf(mine.receipt) >= 0 : null;
      checkOut = h(
        'div',
        { class: 'check-out' },
        found === true ? h('div', { class: 'check-ok', role: 'status' }, '✓ 已计入', h('span', { class: 'check-sub' }, '您的回执码在已计入的回执列表中。')) : null,
        found === false
          ? h('div', { class: 'check-missing', role: 'alert' }, '✗ 未找到', h('span', { class: 'check-sub' }, '您的回执码不在已计入的回执列表中，请向会务工作人员反映。'))
          : null,
        found === null ? h('p', { class: 'muted' }, '本设备没有这次表决的回执码。') : null,
        h(
          'details',
          { class: 'receipt-list' },
          h('summary', null, `查看全部回执码（${list.length} 个电子回执，共 ${rc.result.ballotCount} 张选票）`),
          h(
            'ul',
            { class: 'receipt-items' },
            list.map((r) => h('li', { class: mine && r === mine.receipt ? 'mine' : null }, receiptGroups(r).join(' '))),
          ),
        ),
      );
    }
    return h(
      'div',
      { class: 'center-card' },
      this.noticeView(),
      h('h1', { class: 'big-title' }, '表决已结束'),
      h('p', { class: 'muted' }, p.definition.title),
      h('p', { class: 'lead' }, p.status === 'released' ? '结果已公布，请以会场公布的结果为准。' : '请等待主持人宣布结果。'),
      mine ? h('p', { class: 'receipt-caption' }, mine.ok ? '您的回执码' : '本设备的回执码（提交结果未确认）') : null,
      mine ? this.receiptCode(mine.receipt) : null,
      // Checking a receipt means something only to a member who voted on a device: one who
      // did not vote, or voted on paper (no receipt), is told why there is nothing to check.
      canCheck
        ? h(
            'button',
            { type: 'button', class: 'btn btn-primary btn-block', disabled: rc !== null && rc.loading, onclick: () => void this.checkReceipts(p.id) },
            rc && rc.result ? '重新核对' : '核对回执',
          )
        : h('p', { class: 'muted', 'data-testid': 'no-receipt' }, s.paperSheet ? '您本项使用纸质选票，纸质选票没有回执码。' : '您没有参加本项表决，没有需要核对的回执。'),
      canCheck ? checkOut : null,
    );
  }
}
