import { Fragment, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { PollSummary, ProjectorMeeting, ProjectorState, SealedResult } from '../../shared/api/poll-schemas.js';
import { chineseNumber } from '../../shared/domain/format.js';
import { ANONYMITY_LABEL, POLL_KIND_LABEL } from '../../shared/domain/polls/labels.js';
import { QUORUM_LABEL } from '../../shared/domain/quorum.js';
import { DeskError } from '../lib/desk-client.js';
import { followProjectorState } from '../lib/projector-state.js';
import { buildBoard, sheetFacts, shortDigest, type Board, type BoardFigure, type BoardRow } from './board.js';
import { wrapName } from './phrases.js';

/**
 * The room screen (会场大屏). It only reads `projector.state` and draws one of four views:
 * waiting, the meeting's title (会标), the agenda with the item under way, or a poll. While a
 * poll is open it shows 应到 / 实到 / 已投, never a tally; the result appears only once the
 * chair has released it (the core enforces both, this page just draws).
 */

/** Fallback for a missed push event (a reconnecting socket, a sleeping laptop). */
const POLL_INTERVAL_MS = 5000;
/** Targets per column above which the result board splits into two columns. */
const SINGLE_COLUMN_MAX = 10;
/** Board type size in rem (1rem = 1% of the 16:9 frame): start from rows, shrink to fit. */
const BOARD_FONT_MAX = 3.2;
/** Smallest board type: 1.3% of the frame is 17 px at 1280×720, still legible from the back of a room. */
const BOARD_FONT_MIN = 1.3;
/** The floor of the fitting loop: reached only when no layout fits at the minimum (not at 16:9 with 20 targets). */
const FONT_LAST_RESORT = 0.9;
const boardFontFor = (rows: number) => Math.min(BOARD_FONT_MAX, Math.max(BOARD_FONT_MIN, 17 / (rows + 1)));

type Failure = { code: string; message: string };

function useProjectorState(): { state: ProjectorState | null; failure: Failure | null } {
  const [state, setState] = useState<ProjectorState | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  useEffect(
    () =>
      followProjectorState(
        (next) => {
          setState(next);
          setFailure(null);
        },
        (err) => setFailure(err instanceof DeskError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: String(err) }),
        POLL_INTERVAL_MS,
      ),
    [],
  );
  return { state, failure };
}

function useNow(stepMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), stepMs);
    return () => window.clearInterval(timer);
  }, [stepMs]);
  return now;
}

/** Hide the pointer when nobody moves the mouse: it is noise on a wall-sized screen. */
function useIdlePointer(ms: number): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let timer = window.setTimeout(() => setIdle(true), ms);
    const onMove = () => {
      setIdle(false);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setIdle(true), ms);
    };
    window.addEventListener('mousemove', onMove);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('mousemove', onMove);
    };
  }, [ms]);
  return idle;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const clockText = (d: Date) => `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const dateText = (d: Date) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日　星期${WEEKDAYS[d.getDay()]}`;

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen().catch(() => undefined);
}

export function Projector() {
  const { state, failure } = useProjectorState();
  const now = useNow(1000);
  const pointerIdle = useIdlePointer(3000);

  let body;
  if (!state) {
    body = <Notice failure={failure} />;
  } else if (state.view === 'poll' && state.poll) {
    body = <PollScreen state={state} poll={state.poll} now={now} />;
  } else if (state.view === 'agenda' && state.meeting) {
    body = <AgendaScreen state={state} meeting={state.meeting} now={now} />;
  } else if (state.meeting) {
    body = <TitleScreen state={state} meeting={state.meeting} />;
  } else {
    body = <Idle now={now} committee={state.committee} />;
  }

  return (
    <div className={`screen${pointerIdle ? ' pointer-idle' : ''}`} data-view={state?.view ?? 'connecting'} onDoubleClick={toggleFullscreen}>
      {body}
      {/* A stale screen must say so: the room would otherwise trust old numbers. */}
      {state && failure && (
        <div className="link-lost" role="status">
          {failure.code === 'UNAUTHORIZED' ? failure.message : '与会务服务的连接中断，正在重试…'}
        </div>
      )}
    </div>
  );
}

function Notice({ failure }: { failure: Failure | null }) {
  const text = !failure
    ? '正在连接会务服务…'
    : failure.code === 'UNAUTHORIZED'
      ? '投影页面缺少访问凭据，请在控制台中点击“打开投影”重新打开本页面。'
      : '暂时无法连接会务服务，正在重试…';
  return (
    <main className="centre">
      <div className="brand">常委会会务</div>
      <div className="notice">{text}</div>
    </main>
  );
}

/**
 * A name that wraps between its phrases (shared phrases.ts), and inside a long phrase between
 * its words. Digit / Latin runs and the last two characters (with their punctuation) never
 * break: no line is ever a single character. (Phrases are not inline blocks: those would put
 * spaces into the accessible name of a heading.)
 */
export function PhraseText({ text, className }: { text: string; className?: string }) {
  const parts = wrapName(text);
  return (
    <span className={`phrase-text${className ? ` ${className}` : ''}`}>
      {parts.map((words, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {words.map((pieces, j) => (
            <Fragment key={j}>
              {j > 0 && <wbr />}
              {pieces.map((p, k) =>
                p.nobr ? (
                  <span className="nobr" key={k}>
                    {p.text}
                  </span>
                ) : (
                  <Fragment key={k}>{p.text}</Fragment>
                ),
              )}
            </Fragment>
          ))}
        </Fragment>
      ))}
    </span>
  );
}

function Idle({ now, committee }: { now: Date; committee: string | null }) {
  return (
    <main className="centre idle">
      <div className="idle-title">{committee ? <PhraseText text={committee} /> : '常委会会务'}</div>
      <div className="idle-wait">请稍候</div>
      <div className="idle-clock">{clockText(now)}</div>
      <div className="idle-date">{dateText(now)}</div>
    </main>
  );
}

/** 应到 / 实到 of the meeting now (sign-ins move it), and whether it may be held. */
function Attendance({ attendance }: { attendance: ProjectorState['attendance'] }) {
  if (!attendance || attendance.serving === 0) return null;
  return (
    <div className="attendance" data-testid="attendance">
      <span className="att">
        <span className="att-label">应到</span>
        <span className="att-num">{attendance.serving}</span>
        <span className="att-unit">人</span>
      </span>
      <span className="att">
        <span className="att-label">实到</span>
        <span className="att-num">{attendance.present}</span>
        <span className="att-unit">人</span>
      </span>
      {attendance.present > 0 && <span className={`att-quorum${attendance.met ? ' met' : ''}`}>{attendance.met ? QUORUM_LABEL.met : QUORUM_LABEL.notMet}</span>}
    </div>
  );
}

/** The meeting's title (会标): the committee and term, the meeting, the date and the place. */
function TitleScreen({ state, meeting }: { state: ProjectorState; meeting: ProjectorMeeting }) {
  return (
    <main className="banner" data-testid="banner">
      <h1 className="banner-title">
        <PhraseText className="banner-line" text={meeting.banner[0]} />
        <span className="banner-line banner-number">{meeting.banner[1]}</span>
      </h1>
      <div className="banner-rule" aria-hidden="true" />
      <div className="banner-meta">
        <span>{meeting.dateText}</span>
        {meeting.place && <PhraseText text={meeting.place} />}
      </div>
      <Attendance attendance={state.attendance} />
    </main>
  );
}

function TopBar({ title, now }: { title: string | null; now: Date }) {
  return (
    <header className="topbar">
      <div className="topbar-meeting">{title}</div>
      <div className="topbar-clock">{clockText(now)}</div>
    </header>
  );
}

/** The agenda, the item under way marked; long lists shrink to fit, never scroll. */
function AgendaScreen({ state, meeting, now }: { state: ProjectorState; meeting: ProjectorMeeting; now: Date }) {
  const listRef = useRef<HTMLOListElement>(null);
  const maxRem = Math.min(3.4, Math.max(BOARD_FONT_MIN, 30 / (state.agenda.length + 3)));
  useFitFont(listRef, maxRem, state.agenda.map((a) => `${a.id}:${a.title}:${a.bodyName ?? ''}`).join('|') + String(state.currentItemId));
  return (
    <div className="agenda-screen">
      <TopBar title={meeting.title} now={now} />
      <h1 className="agenda-heading">会议议程</h1>
      {state.agenda.length === 0 ? (
        <main className="stage">
          <div className="stage-sub">议程尚未确定</div>
        </main>
      ) : (
        <ol className="agenda-list" ref={listRef}>
          {state.agenda.map((item) => {
            const current = item.id === state.currentItemId;
            return (
              <li key={item.id} className={`agenda-item${current ? ' current' : ''}`} data-testid="agenda-item" aria-current={current ? 'step' : undefined}>
                <span className="agenda-pos">{chineseNumber(item.position)}、</span>
                <span className="agenda-text">
                  <PhraseText className="agenda-item-title" text={item.title} />
                  {item.bodyName && <span className="agenda-body">汇报单位：{item.bodyName}</span>}
                </span>
                <span className="agenda-flag">{current && <span className="agenda-now">正在进行</span>}</span>
              </li>
            );
          })}
        </ol>
      )}
      <footer className="agenda-footer">
        <Attendance attendance={state.attendance} />
      </footer>
    </div>
  );
}

function PollScreen({ state, poll, now }: { state: ProjectorState; poll: PollSummary; now: Date }) {
  const released = poll.status === 'released' && state.result !== null;
  return (
    <div className={`poll${released ? ' poll-result' : ''}`}>
      <TopBar title={state.meetingTitle} now={now} />
      <TitleBlock agendaTitle={state.agendaTitle} poll={poll} compact={released} />
      {released ? <ResultView sealed={state.result!} /> : <Progress poll={poll} />}
    </div>
  );
}

function TitleBlock({ agendaTitle, poll, compact }: { agendaTitle: string | null; poll: PollSummary; compact: boolean }) {
  const showAgenda = agendaTitle && agendaTitle.trim() !== poll.title.trim();
  return (
    <section className={`title-block${compact ? ' compact' : ''}`}>
      {showAgenda && (
        <div className="agenda-title">
          <PhraseText text={agendaTitle} />
        </div>
      )}
      <h1 className="poll-title">
        <PhraseText text={poll.title} />
      </h1>
      <div className="tags">
        <span className="tag">{POLL_KIND_LABEL[poll.kind]}</span>
        {poll.round > 1 && <span className="tag tag-round">第{chineseNumber(poll.round)}轮</span>}
        <span className={`tag${poll.anonymous ? '' : ' tag-named'}`}>{poll.anonymous ? ANONYMITY_LABEL.anonymous : ANONYMITY_LABEL.named}</span>
      </div>
    </section>
  );
}

/** What the room calls the poll while it runs: 测评, 评议, 表决, 票决 (the end of its kind's label). */
const pollVerb = (kind: PollSummary['kind']) => Array.from(POLL_KIND_LABEL[kind]).slice(-2).join('');

/** Before the result: counts of ballots and members only, never how anyone voted. */
function Progress({ poll }: { poll: PollSummary }) {
  const verb = pollVerb(poll.kind);
  if (poll.status === 'draft') {
    return (
      <main className="stage">
        <div className="stage-headline">即将开始{verb}</div>
        <div className="stage-sub">请稍候</div>
      </main>
    );
  }
  if (poll.status === 'open') {
    return (
      <main className="stage">
        <div className="stage-headline live">
          <span className="live-dot" aria-hidden="true" />
          正在{verb}
        </div>
        <div className="counts">
          <Count testId="serving" label="应到" value={poll.serving} unit="人" />
          <div className="count-sep" aria-hidden="true" />
          <Count testId="present" label="实到" value={poll.present} unit="人" />
          <div className="count-sep" aria-hidden="true" />
          <Count testId="received" label="已投" value={poll.received} unit="票" strong />
        </div>
      </main>
    );
  }
  return (
    <main className="stage">
      <div className="stage-headline long">{verb}已结束，等待公布结果</div>
      <div className="stage-sub">
        应到 <span className="stage-num">{poll.serving}</span> 人　实到 <span className="stage-num">{poll.present}</span> 人　已投 <span className="stage-num">{poll.received}</span> 票
      </div>
    </main>
  );
}

function Count({ testId, label, value, unit, strong }: { testId: string; label: string; value: number; unit: string; strong?: boolean }) {
  return (
    <div className={`count${strong ? ' strong' : ''}`} data-testid={testId}>
      <span className="count-label">{label}</span> <span className="count-num">{value}</span> <span className="count-unit">{unit}</span>
    </div>
  );
}

/**
 * The largest type, up to `maxRem`, at which nothing is cut off: long names, a rule text that
 * wraps, or twenty targets on a 720p projector shrink the type, never the content. Each
 * layout in `layouts` (set as data-fit, most generous first) is tried: the first that fits at
 * `maxRem` is kept, else the one that fits the largest type (names wrapped narrower, figures
 * stacked over their rates), so that the numbers stay as large as the screen allows.
 */
function useFitFont(ref: RefObject<HTMLElement | null>, maxRem: number, contentKey: string, layouts: readonly string[] = ONE_LAYOUT): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const overflows = () => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    const largest = (layout: string) => {
      el.dataset.fit = layout;
      let size = maxRem;
      el.style.fontSize = `${size}rem`;
      while (size > FONT_LAST_RESORT && overflows()) {
        size = Math.max(FONT_LAST_RESORT, size * 0.96);
        el.style.fontSize = `${size}rem`;
      }
      return size;
    };
    const fit = () => {
      let best = { layout: layouts[0] ?? '', size: -1 };
      for (const layout of layouts) {
        const size = largest(layout);
        if (size > best.size * 1.02) best = { layout, size };
        if (size >= maxRem) break;
      }
      el.dataset.fit = best.layout;
      el.style.fontSize = `${best.size}rem`;
    };
    fit();
    // The box itself is sized by the window and the footer, not by its type: no feedback loop.
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, maxRem, contentKey, layouts]);
}

const ONE_LAYOUT = [''] as const;
/** Kinds whose rows have few figures beside the bar: their names may take more of the row (projector.css: .wide-label). */
const WIDE_LABEL_KINDS = new Set<string>(['selection', 'appointment']);
/** Board layouts, most generous first (projector.css: .boards[data-fit]). */
const BOARD_LAYOUTS = ['', 'narrow', 'stacked'] as const;

function ResultView({ sealed }: { sealed: SealedResult }) {
  const result = sealed.result;
  const board = buildBoard(result);
  const columns = board.rows.length > SINGLE_COLUMN_MAX ? 2 : 1;
  const perColumn = Math.ceil(board.rows.length / columns);
  const chunks = Array.from({ length: columns }, (_, i) => board.rows.slice(i * perColumn, (i + 1) * perColumn));
  const boardsRef = useRef<HTMLDivElement>(null);
  useFitFont(boardsRef, boardFontFor(perColumn), sealed.digest, BOARD_LAYOUTS);
  return (
    <main className="result">
      {board.notice && (
        <div className="result-notice" data-testid="no-ballots">
          {board.notice}
        </div>
      )}
      {board.summary && <div className="result-summary">{board.summary}</div>}
      {board.figures.length > 0 && board.rows.length > 1 && <Figures figures={board.figures} compact />}
      <div className={`boards boards-${columns}${WIDE_LABEL_KINDS.has(result.kind) ? ' wide-label' : ''}`} ref={boardsRef}>
        {board.rows.length === 1 ? (
          board.figures.length > 0 ? (
            <SingleDecision board={board} row={board.rows[0]!} />
          ) : (
            <SingleTarget board={board} row={board.rows[0]!} />
          )
        ) : (
          chunks.map((rows, i) => <BoardTable key={i} board={board} rows={rows} />)
        )}
      </div>
      <footer className="result-footer">
        <div className="rule">
          <span className="foot-label">计票规则</span>
          <span className="rule-text">{result.rule.text}</span>
        </div>
        {board.sortKey && (
          <div className="rule" data-testid="sort-key">
            <span className="foot-label">排序</span>
            <span className="sort-text">{board.sortKey}</span>
          </div>
        )}
        <div className="facts">
          <span className="fact">
            <span className="foot-label">计票基数</span>
            <span className="fact-value">{board.denominator}</span>
          </span>
          {sheetFacts(result.sheets).map((f) => (
            <span className="fact" key={f.label}>
              <span className="foot-label">{f.label}</span>
              <span className="fact-value">{f.value}</span>
            </span>
          ))}
          <span className="fact digest">
            <span className="foot-label">校验码</span>
            <span className="fact-value mono" data-testid="digest">
              {shortDigest(sealed.digest)}
            </span>
          </span>
        </div>
      </footer>
    </main>
  );
}

function BoardTable({ board, rows }: { board: Board; rows: BoardRow[] }) {
  const template = `auto max-content minmax(var(--bar-min), 1fr) ${board.columns.map(() => 'auto').join(' ')} auto`;
  return (
    <div className="board" role="table" style={{ gridTemplateColumns: template }}>
      <div className="board-head" role="row">
        <span role="columnheader" className="c-index">
          {board.indexHeader}
        </span>
        <span role="columnheader">对象</span>
        <span role="columnheader" />
        {board.columns.map((c) => (
          <span role="columnheader" key={c.key} className={`c-num${c.inBar ? '' : ' c-aside'}`}>
            {board.legend && c.inBar && <i className={`swatch tone-${c.tone}`} />}
            {c.label}
          </span>
        ))}
        <span role="columnheader" className="c-verdict">
          {board.verdictHeader}
        </span>
      </div>
      {rows.map((row) => (
        <BoardLine key={row.key} board={board} row={row} />
      ))}
    </div>
  );
}

function BoardLine({ board, row }: { board: Board; row: BoardRow }) {
  return (
    <div className="board-row" role="row" data-target={row.key}>
      <span role="cell" className="c-index">
        {row.index}
      </span>
      <span role="cell" className="c-label">
        <PhraseText className="target-label" text={row.label} />
        {row.note && <span className="target-note">{row.note}</span>}
      </span>
      <span role="cell" className="c-bar">
        <Bar row={row} />
      </span>
      {row.cells.map((cell, i) => (
        <span role="cell" key={board.columns[i]?.key ?? i} className={`c-num${board.columns[i]?.inBar === false ? ' c-aside' : ''}`} data-column={board.columns[i]?.key}>
          <span className="num-main">{cell.main}</span>
          {cell.sub && <span className="num-sub">{cell.sub}</span>}
        </span>
      ))}
      <span role="cell" className="c-verdict">
        {row.verdict && <span className={`verdict tone-${row.verdict.tone}`}>{row.verdict.label}</span>}
      </span>
    </div>
  );
}

/**
 * One row as large as the screen allows: its name, what it got (`children`), the bar and the
 * verdict. SingleTarget and SingleDecision differ only in the middle.
 */
function SingleRow({ board, row, className, children }: { board: Board; row: BoardRow; className: string; children: ReactNode }) {
  return (
    <div className={`board-row ${className}`} role="group" data-target={row.key}>
      <div className="c-label single-label">
        <PhraseText className="target-label" text={row.label} />
        {row.note && <span className="target-note">{row.note}</span>}
      </div>
      {children}
      <div className="single-bar">
        <Bar row={row} />
      </div>
      {row.verdict && (
        <div className="single-verdict">
          <span className="single-verdict-label">{board.verdictHeader}</span>
          <span className={`verdict tone-${row.verdict.tone}`}>{row.verdict.label}</span>
        </div>
      )}
    </div>
  );
}

/** One motion or one person: the counts per option. */
function SingleTarget({ board, row }: { board: Board; row: BoardRow }) {
  return (
    <SingleRow board={board} row={row} className="single">
      <div className="single-options">
        {row.cells.map((cell, i) => {
          const column = board.columns[i];
          return (
            <div className="single-option c-num" key={column?.key ?? i}>
              <div className="single-option-label">
                {board.legend && column && <i className={`swatch tone-${column.tone}`} />}
                {column?.label}
              </div>
              <div className="num-main">{cell.main}</div>
              {cell.sub && <div className="num-sub">{cell.sub}</div>}
            </div>
          );
        })}
      </div>
    </SingleRow>
  );
}

/** 应到 29 人　实到 20 人　赞成 16 票 … as a row of big figures, the way meeting screens show a vote. */
function Figures({ figures, compact }: { figures: BoardFigure[]; compact?: boolean }) {
  return (
    <div className={`figures${compact ? ' compact' : ''}`} data-testid="figures">
      {figures.map((f) => (
        <div key={f.key} className={`figure${f.tone ? ` figure-${f.tone}` : ''}`} data-figure={f.key}>
          <span className="figure-label">{f.label}</span>
          <span className="figure-value">
            <span className="figure-num">{f.value}</span>
            <span className="figure-unit">{f.unit}</span>
          </span>
        </div>
      ))}
    </div>
  );
}

/** One motion (or one person, or a combined appointment): 应到 / 实到 / 赞成 / 反对 / 弃权 / 未按 as big figures. */
function SingleDecision({ board, row }: { board: Board; row: BoardRow }) {
  return (
    <SingleRow board={board} row={row} className="single decision">
      <Figures figures={board.figures} />
    </SingleRow>
  );
}

function Bar({ row }: { row: BoardRow }) {
  return (
    <span className="bar" aria-hidden="true">
      {row.segments.map((s) => (
        <span key={s.key} className={`bar-seg tone-${s.tone}`} style={{ width: `${(s.fraction * 100).toFixed(3)}%` }}>
          {/* A count inside its segment only where the segment is wide enough (a container query in
              projector.css hides it otherwise); the figures beside the bar always carry it. */}
          {s.fraction > 0 && s.text !== '0' && <span className="seg-text">{s.text}</span>}
        </span>
      ))}
    </span>
  );
}
