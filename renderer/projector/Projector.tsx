import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { PollSummary, ProjectorState, SealedResult } from '../../shared/api/poll-schemas.js';
import { chineseNumber } from '../../shared/domain/format.js';
import { ANONYMITY_LABEL, POLL_KIND_LABEL } from '../../shared/domain/polls/labels.js';
import { desk, DeskError } from '../lib/desk-client.js';
import { buildBoard, sheetFacts, shortDigest, type Board, type BoardRow } from './board.js';

/**
 * The room screen. It only reads `projector.state`: while a poll is open it shows the
 * number of ballots received and members present, never a tally; the result appears
 * only once the chair has released it (the core enforces both, this page just draws).
 */

/** Fallback for a missed push event (a reconnecting socket, a sleeping laptop). */
const POLL_INTERVAL_MS = 5000;
/** Targets per column above which the result board splits into two columns. */
const SINGLE_COLUMN_MAX = 10;
/** Board type size in rem (1rem = 1% of the 16:9 frame): start from rows, shrink to fit. */
const BOARD_FONT_MAX = 3.2;
const BOARD_FONT_MIN = 0.8;
const boardFontFor = (rows: number) => Math.min(BOARD_FONT_MAX, Math.max(BOARD_FONT_MIN, 17 / (rows + 1)));

type Failure = { code: string; message: string };

function useProjectorState(): { state: ProjectorState | null; failure: Failure | null } {
  const [state, setState] = useState<ProjectorState | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let disposed = false;
    let inFlight = false;
    let again = false;
    // Ballot entry fires an event per sheet: coalesce them into at most one extra fetch.
    const load = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        do {
          again = false;
          const next = await desk.call('projector.state', {});
          if (disposed) return;
          setState(next);
          setFailure(null);
        } while (again);
      } catch (err) {
        if (disposed) return;
        setFailure(err instanceof DeskError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: String(err) });
      } finally {
        inFlight = false;
      }
    };
    void load();
    const refresh = () => void load();
    const offs = [
      desk.on('projector.changed', refresh),
      desk.on('poll.updated', refresh),
      desk.onConnection((c) => {
        if (c === 'connected') refresh();
      }),
    ];
    const timer = window.setInterval(refresh, POLL_INTERVAL_MS);
    return () => {
      disposed = true;
      window.clearInterval(timer);
      for (const off of offs) off();
    };
  }, []);

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
  } else if (!state.poll) {
    body = <Idle now={now} meetingTitle={state.meetingTitle} />;
  } else {
    body = <PollScreen state={state} poll={state.poll} now={now} />;
  }

  return (
    <div className={`screen${pointerIdle ? ' pointer-idle' : ''}`} onDoubleClick={toggleFullscreen}>
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

function Idle({ now, meetingTitle }: { now: Date; meetingTitle: string | null }) {
  return (
    <main className="centre idle">
      <div className="idle-title">{meetingTitle ?? '常委会会务'}</div>
      <div className="idle-wait">请稍候</div>
      <div className="idle-clock">{clockText(now)}</div>
      <div className="idle-date">{dateText(now)}</div>
    </main>
  );
}

function PollScreen({ state, poll, now }: { state: ProjectorState; poll: PollSummary; now: Date }) {
  const released = poll.status === 'released' && state.result !== null;
  return (
    <div className={`poll${released ? ' poll-result' : ''}`}>
      <header className="topbar">
        <div className="topbar-meeting">{state.meetingTitle}</div>
        <div className="topbar-clock">{clockText(now)}</div>
      </header>
      <TitleBlock agendaTitle={state.agendaTitle} poll={poll} compact={released} />
      {released ? <ResultView sealed={state.result!} /> : <Progress poll={poll} />}
    </div>
  );
}

function TitleBlock({ agendaTitle, poll, compact }: { agendaTitle: string | null; poll: PollSummary; compact: boolean }) {
  const showAgenda = agendaTitle && agendaTitle.trim() !== poll.title.trim();
  return (
    <section className={`title-block${compact ? ' compact' : ''}`}>
      {showAgenda && <div className="agenda-title">{agendaTitle}</div>}
      <h1 className="poll-title">{poll.title}</h1>
      <div className="tags">
        <span className="tag">{POLL_KIND_LABEL[poll.kind]}</span>
        {poll.round > 1 && <span className="tag tag-round">第{chineseNumber(poll.round)}轮</span>}
        <span className={`tag${poll.anonymous ? '' : ' tag-named'}`}>{poll.anonymous ? ANONYMITY_LABEL.anonymous : ANONYMITY_LABEL.named}</span>
      </div>
    </section>
  );
}

/** Before the result: counts of ballots and members only, never how anyone voted. */
function Progress({ poll }: { poll: PollSummary }) {
  if (poll.status === 'draft') {
    return (
      <main className="stage">
        <div className="stage-headline">即将开始表决</div>
        <div className="stage-sub">请稍候</div>
      </main>
    );
  }
  if (poll.status === 'open') {
    return (
      <main className="stage">
        <div className="stage-headline live">
          <span className="live-dot" aria-hidden="true" />
          正在表决
        </div>
        <div className="counts">
          <div className="count" data-testid="received">
            <span className="count-label">已收到</span> <span className="count-num">{poll.received}</span> <span className="count-unit">票</span>
          </div>
          <div className="count-sep" aria-hidden="true" />
          <div className="count" data-testid="present">
            <span className="count-label">出席</span> <span className="count-num">{poll.present}</span> <span className="count-unit">人</span>
          </div>
        </div>
      </main>
    );
  }
  return (
    <main className="stage">
      <div className="stage-headline long">表决已结束，等待公布结果</div>
      <div className="stage-sub">
        共收到 <span className="stage-num">{poll.received}</span> 票　出席 <span className="stage-num">{poll.present}</span> 人
      </div>
    </main>
  );
}

/**
 * The largest board type, up to `maxRem`, at which nothing is cut off: long names, a rule
 * text that wraps, or twenty targets on a 4:3 projector all shrink the type, never the content.
 */
function useFitFont(ref: RefObject<HTMLElement | null>, maxRem: number, contentKey: string): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const overflows = () => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    const fit = () => {
      let size = maxRem;
      el.style.fontSize = `${size}rem`;
      while (size > BOARD_FONT_MIN && overflows()) {
        size = Math.max(BOARD_FONT_MIN, size * 0.95);
        el.style.fontSize = `${size}rem`;
      }
    };
    fit();
    // The box itself is sized by the window and the footer, not by its type: no feedback loop.
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, maxRem, contentKey]);
}

function ResultView({ sealed }: { sealed: SealedResult }) {
  const result = sealed.result;
  const board = buildBoard(result);
  const columns = board.rows.length > SINGLE_COLUMN_MAX ? 2 : 1;
  const perColumn = Math.ceil(board.rows.length / columns);
  const chunks = Array.from({ length: columns }, (_, i) => board.rows.slice(i * perColumn, (i + 1) * perColumn));
  const boardsRef = useRef<HTMLDivElement>(null);
  useFitFont(boardsRef, boardFontFor(perColumn), sealed.digest);
  return (
    <main className="result">
      {board.notice && (
        <div className="result-notice" data-testid="no-ballots">
          {board.notice}
        </div>
      )}
      {board.summary && <div className="result-summary">{board.summary}</div>}
      <div className={`boards boards-${columns}`} ref={boardsRef}>
        {board.rows.length === 1 ? (
          <SingleTarget board={board} row={board.rows[0]!} />
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
  const template = `auto max-content minmax(4em, 1fr) ${board.columns.map(() => 'auto').join(' ')} auto`;
  return (
    <div className="board" role="table" style={{ gridTemplateColumns: template }}>
      <div className="board-head" role="row">
        <span role="columnheader" className="c-index">
          {board.indexHeader}
        </span>
        <span role="columnheader">对象</span>
        <span role="columnheader" />
        {board.columns.map((c) => (
          <span role="columnheader" key={c.key} className="c-num">
            {board.legend && <i className={`swatch tone-${c.tone}`} />}
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
        <span className="target-label">{row.label}</span>
        {row.note && <span className="target-note">{row.note}</span>}
      </span>
      <span role="cell" className="c-bar">
        <Bar row={row} />
      </span>
      {row.cells.map((cell, i) => (
        <span role="cell" key={board.columns[i]?.key ?? i} className="c-num">
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

/** One motion or one person: the figures and the verdict as large as the screen allows. */
function SingleTarget({ board, row }: { board: Board; row: BoardRow }) {
  return (
    <div className="board-row single" role="group" data-target={row.key}>
      <div className="c-label single-label">
        <span className="target-label">{row.label}</span>
        {row.note && <span className="target-note">{row.note}</span>}
      </div>
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

function Bar({ row }: { row: BoardRow }) {
  return (
    <span className="bar" aria-hidden="true">
      {row.segments.map((s) => (
        <span key={s.key} className={`bar-seg tone-${s.tone}`} style={{ width: `${(s.fraction * 100).toFixed(3)}%` }}>
          {/* Counts inside a segment only where they fit; the numbers columns carry them anyway. */}
          {s.fraction >= 0.07 && s.text !== '0' ? s.text : ''}
        </span>
      ))}
    </span>
  );
}
