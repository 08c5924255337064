import { ArrowLeftOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { MeetingId } from '../../../shared/api/schemas.js';
import type { OpinionId } from '../../../shared/api/supervision-schemas.js';
import { chineseDate } from '../../../shared/domain/format.js';
import { reportInfo, type ReportKind } from '../../../shared/domain/reports/catalog.js';
import { tablePointSize, type DocBlock, type HeadingLevel, type OfficialDoc } from '../../../shared/domain/reports/official-doc.js';
import { desk } from '../../lib/desk-client.js';
import { errorText, notify } from '../lib/notify.js';
import { navigate } from '../router.js';
import '../print.css';
import { safeFileName } from '../../../shared/domain/reports/file-name.js';

/**
 * The print view of an official document (公文): the `OfficialDoc` the core builds for the DOCX,
 * laid out in HTML and CSS per GB/T 9704-2012 (see print.css) and printed with the browser's
 * own dialog, or saved as PDF by the desktop app. It mirrors the DOCX writer
 * (electron/core/reports/docx.ts) block for block, so the two read the same.
 *
 * On screen the document stands on white A4 sheets (one per explicit page break); the
 * browser paginates it when printing. While the view is open the body carries BODY_CLASS and
 * print.css hides everything else, as the sign-in cards do.
 */

export interface PrintPageRequest {
  report: ReportKind;
  meetingId?: number;
  year?: number;
  opinionId?: number;
}

const BODY_CLASS = 'doc-printing';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; doc: OfficialDoc };

export function PrintPage({ request }: { request: PrintPageRequest }) {
  const { report, meetingId, year, opinionId } = request;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [saving, setSaving] = useState(false);
  const info = reportInfo(report);
  const bridge = window.desk;
  const canSavePdf = typeof bridge?.printToPdf === 'function';

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    desk
      .call('export.document', {
        report,
        ...(meetingId !== undefined ? { meetingId: meetingId as MeetingId } : {}),
        ...(year !== undefined ? { year } : {}),
        ...(opinionId !== undefined ? { opinionId: opinionId as OpinionId } : {}),
      })
      .then(
        (doc) => live && setLoad({ state: 'ready', doc }),
        (err: unknown) => live && setLoad({ state: 'failed', message: errorText(err) }),
      );
    return () => {
      live = false;
    };
  }, [report, meetingId, year, opinionId]);

  useEffect(() => {
    document.body.classList.add(BODY_CLASS);
    return () => document.body.classList.remove(BODY_CLASS);
  }, []);

  // The browser's "Save as PDF" names the file after the page title.
  const docTitle = load.state === 'ready' ? oneLine(load.doc.title) : null;
  useEffect(() => {
    if (!docTitle) return;
    const before = document.title;
    document.title = docTitle;
    return () => {
      document.title = before;
    };
  }, [docTitle]);

  const fonts = useMemo(() => fontReport(), []);

  const back = () => {
    if (window.history.length > 1) window.history.back();
    else navigate({ name: 'exports' });
  };

  const savePdf = async () => {
    if (!bridge?.printToPdf || load.state !== 'ready') return;
    setSaving(true);
    try {
      const saved = await bridge.printToPdf(pdfFileName(load.doc.title));
      if (saved) notify.success(`已另存为 PDF：${saved}`);
    } catch (err) {
      console.error(err);
      notify.error('未能另存为 PDF，请重试；也可以点“打印”，在打印机中选择“另存为 PDF”。');
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="doc-print" data-testid="print-view">
      <div className="doc-print-toolbar">
        <div className="doc-print-toolbar-row">
          <Button icon={<ArrowLeftOutlined />} onClick={back}>
            返回
          </Button>
          <div className="doc-print-name">
            {info.label}
            <span className="doc-print-meta">打印版式 · A4 · GB/T 9704</span>
          </div>
          {load.state !== 'failed' ? (
            <Button type="primary" icon={<PrinterOutlined />} disabled={load.state !== 'ready'} onClick={() => window.print()}>
              打印
            </Button>
          ) : null}
          {canSavePdf && load.state !== 'failed' ? (
            <Button icon={<FilePdfOutlined />} disabled={load.state !== 'ready'} loading={saving} onClick={() => void savePdf()}>
              另存为 PDF
            </Button>
          ) : null}
        </div>
        {load.state !== 'failed' ? (
          <>
            <div className="doc-print-fonts" data-testid="print-fonts">
              {fonts}
            </div>
            <div className="doc-print-hint">
              {desk.transport === 'http'
                ? '打印时在打印对话框中把“边距”设为“默认”、取消勾选“页眉和页脚”，版心和页码才符合公文格式。屏幕上只在分页符处分页，实际分页以打印预览为准。'
                : '屏幕上只在分页符处分页，实际分页以打印预览或另存的 PDF 为准。'}
            </div>
          </>
        ) : null}
      </div>
      {load.state === 'loading' ? <Spin size="large" className="doc-print-spin" /> : null}
      {load.state === 'failed' ? (
        <Result
          status="warning"
          title={`无法生成“${info.label}”的打印版式`}
          subTitle={load.message}
          extra={
            <Button type="primary" onClick={back}>
              返回
            </Button>
          }
        />
      ) : null}
      {load.state === 'ready' ? (
        <div className="doc-sheets">
          <OfficialDocument doc={load.doc} />
        </div>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The document

/** A length of `n` body characters (156 mm / 28), for indents that mirror the DOCX writer's. */
const chars = (n: number): string => `calc(var(--doc-char) * ${n})`;

/** Width in body characters: CJK and full-width forms count one, ASCII half (as the DOCX writer counts). */
function widthInChars(value: string): number {
  let n = 0;
  for (const ch of value) n += (ch.codePointAt(0) ?? 0) < 0x80 ? 0.5 : 1;
  return n;
}

function oneLine(title: string): string {
  return title
    .split('\n')
    .map((l) => l.trim())
    .join('');
}

function pdfFileName(title: string): string {
  return safeFileName(oneLine(title), 'pdf', '公文');
}

function OfficialDocument({ doc }: { doc: OfficialDoc }) {
  // One on-screen sheet per explicit page break; empty ones (a break at either end) are dropped.
  const sheets: Exclude<DocBlock, { kind: 'pageBreak' }>[][] = [[]];
  for (const block of doc.blocks) {
    if (block.kind === 'pageBreak') sheets.push([]);
    else sheets[sheets.length - 1]!.push(block);
  }
  const kept = sheets.filter((s, i) => i === 0 || s.length > 0);
  const titleLines = doc.title
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const last = kept.length - 1;

  return (
    <article className="doc-paper print-root" aria-label={oneLine(doc.title)}>
      {kept.map((blocks, i) => (
        <section className="doc-sheet" key={i}>
          {i === 0 ? (
            <>
              <h1 className="doc-title">
                {titleLines.map((line, j) => (
                  <span className="doc-title-line" key={j}>
                    {line}
                  </span>
                ))}
              </h1>
              {doc.addressee ? <p className="doc-addressee">{doc.addressee}</p> : null}
            </>
          ) : null}
          {blocks.map((block, j) => (
            <Block block={block} key={j} keepWithNext={i === last && j === blocks.length - 1} />
          ))}
          {i === last ? <Closing doc={doc} /> : null}
        </section>
      ))}
    </article>
  );
}

const HEADING_CLASS: Record<HeadingLevel, string> = { 1: 'doc-h1', 2: 'doc-h2', 3: 'doc-h3', 4: 'doc-h4' };

function Block({ block, keepWithNext }: { block: Exclude<DocBlock, { kind: 'pageBreak' }>; keepWithNext: boolean }) {
  const keep = keepWithNext ? ' doc-keep-next' : '';
  switch (block.kind) {
    case 'heading': {
      const Tag = (['h2', 'h3', 'h4', 'h5'] as const)[block.level - 1] ?? 'h5';
      return <Tag className={`doc-h ${HEADING_CLASS[block.level]}`}>{block.text}</Tag>;
    }
    case 'paragraph':
      return (
        <p className={`doc-p${keep}`}>
          {block.lead ? <span className={`doc-lead ${HEADING_CLASS[block.lead.level]}`}>{block.lead.text}</span> : null}
          {block.text}
        </p>
      );
    case 'table':
      return <DocTable block={block} />;
    case 'chart':
      return <DocChart block={block} />;
    case 'digest':
      return (
        <p className={`doc-digest${keep}`}>
          <span className="doc-digest-label">{block.label}：</span>
          <span className="doc-digest-value">{block.value}</span>
        </p>
      );
  }
}

function DocTable({ block }: { block: Extract<DocBlock, { kind: 'table' }> }) {
  const total = block.columns.reduce((sum, c) => sum + c.width, 0);
  // As the DOCX writer: 小四 up to four columns, 5号 beyond.
  const wide = tablePointSize(block.columns.length) < 12;
  return (
    <div className={`doc-table-block${wide ? ' doc-table-wide' : ''}`}>
      {block.caption ? <div className="doc-caption doc-table-caption">{block.caption}</div> : null}
      <table className="doc-table">
        <colgroup>
          {block.columns.map((c, i) => (
            <col key={i} style={{ width: `${((c.width / total) * 100).toFixed(3)}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {block.columns.map((c, i) => (
              <th key={i} scope="col">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {block.rows.map((row, r) => (
            <tr key={r}>
              {block.columns.map((c, i) => (
                <td key={i} className={`doc-align-${c.align}`}>
                  {row[i] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {block.notes.map((note, i) => (
        <p className="doc-table-note" key={i}>
          {note}
        </p>
      ))}
    </div>
  );
}

/** The text block is 156 mm wide; a wider chart is scaled down to it. */
const TEXT_WIDTH_MM = 156;

function DocChart({ block }: { block: Extract<DocBlock, { kind: 'chart' }> }) {
  const scale = Math.min(1, TEXT_WIDTH_MM / block.widthMm);
  const width = `${(block.widthMm * scale).toFixed(2)}mm`;
  const height = `${(block.heightMm * scale).toFixed(2)}mm`;
  // The SVG as an image, not inline markup: it prints as sharp, and an image cannot run anything.
  const src = block.svg.trim() ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(block.svg)}` : `data:image/png;base64,${block.png}`;
  return (
    <figure className="doc-chart">
      <img className="doc-chart-img" src={src} alt={block.caption} style={{ width, height }} />
      <figcaption className="doc-caption">{block.caption}</figcaption>
    </figure>
  );
}

/** 附件说明, signature, 附注 and 版记: kept together and with the last lines of the body. */
function Closing({ doc }: { doc: OfficialDoc }) {
  const office = doc.signature.office;
  const date = chineseDate(doc.signature.date);
  // GB/T 9704 7.3.5.1 (sealed): the date four characters in from the right, the office centred over it.
  const dateRight = 4;
  const officeRight = Math.max(0, dateRight + (widthInChars(date) - widthInChars(office)) / 2);
  const note = doc.note ? (/^[（(]/.test(doc.note) ? doc.note : `（${doc.note}）`) : null;
  return (
    <>
      <div className="doc-closing">
        {doc.attachments.length > 0 ? <Attachments names={doc.attachments} /> : null}
        <div className="doc-signature">
          <p style={{ paddingRight: chars(officeRight) }}>{office}</p>
          <p style={{ paddingRight: chars(dateRight) }}>{date}</p>
        </div>
        {note ? <p className="doc-p doc-note">{note}</p> : null}
      </div>
      {doc.record ? (
        <div className="doc-record">
          {doc.record.copyTo ? (
            <p className="doc-record-copy">
              <span className="doc-record-lead">抄送：</span>
              {doc.record.copyTo}
            </p>
          ) : null}
          <p className="doc-record-print">
            <span>{doc.record.printedBy}</span>
            <span>{chineseDate(doc.record.printedOn)}印发</span>
          </p>
        </div>
      ) : null}
    </>
  );
}

/**
 * 7.3.4: one blank line below the body, 「附件：」 two characters in; several attachments are
 * numbered 1. 2. … with wrapped lines aligned under the name's first character.
 */
function Attachments({ names }: { names: readonly string[] }) {
  const prefix = '附件：';
  const start = 2 + widthInChars(prefix);
  return (
    <div className="doc-attachments">
      {names.map((name, i) => {
        const numbered = names.length > 1 ? `${i + 1}.` : '';
        const left = start + widthInChars(numbered);
        const firstLineStart = i === 0 ? 2 : start;
        return (
          <p key={i} style={{ paddingLeft: chars(left), textIndent: chars(firstLineStart - left) }}>
            {(i === 0 ? prefix : '') + numbered + name}
          </p>
        );
      })}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Fonts

/**
 * The official fonts and what print.css falls back to, in the order of its font-family lists
 * (keep the two in step). The first family this browser has is the one that prints.
 */
const FONT_ROLES: readonly { role: string; official: string; families: readonly string[] }[] = [
  { role: '标题', official: '方正小标宋简体', families: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun'] },
  { role: '正文', official: '仿宋_GB2312', families: ['仿宋_GB2312', 'FangSong_GB2312', '仿宋', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC'] },
  { role: '一级标题', official: '黑体', families: ['黑体', 'SimHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC'] },
  { role: '二级标题', official: '楷体_GB2312', families: ['楷体_GB2312', 'KaiTi_GB2312', '楷体', 'KaiTi', 'STKaiti', 'Noto Serif CJK SC', 'Source Han Serif SC'] },
];

/** The first `count` aliases of each role are the official font under its other names. */
const OFFICIAL_ALIASES: Record<string, number> = { 方正小标宋简体: 4, 仿宋_GB2312: 2, 黑体: 2, 楷体_GB2312: 2 };

/**
 * Whether the browser has a font family: text set in it measures differently from the same
 * text in each generic family it would otherwise fall back to. System fonts need no loading,
 * so the answer is immediate.
 */
function hasFont(ctx: CanvasRenderingContext2D, family: string): boolean {
  const sample = 'mmmmmlli1I0O 公文字体测试，。';
  for (const generic of ['monospace', 'serif', 'sans-serif']) {
    ctx.font = `40px ${generic}`;
    const base = ctx.measureText(sample).width;
    ctx.font = `40px "${family}", ${generic}`;
    if (ctx.measureText(sample).width !== base) return true;
  }
  return false;
}

function fontReport(): string {
  const ctx = document.createElement('canvas').getContext('2d');
  const all = FONT_ROLES.map((r) => r.official).join('、');
  if (!ctx) return `字体：按公文标准字体（${all}）排版，本机未安装的以相近字体代替。`;
  const missing: string[] = [];
  const standIns = new Set<string>();
  for (const r of FONT_ROLES) {
    const used = r.families.findIndex((f) => hasFont(ctx, f));
    if (used >= 0 && used < (OFFICIAL_ALIASES[r.official] ?? 1)) continue;
    missing.push(r.official);
    standIns.add(used >= 0 ? r.families[used]! : '系统默认字体');
  }
  if (missing.length === 0) return `字体：本机已安装公文标准字体（${all}），按标准字体打印。`;
  return `字体：本机缺少 ${missing.join('、')}，打印时以 ${[...standIns].join('、')} 代替；安装公文字体后重新打开本页，即按标准字体打印。`;
}
