import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EChartsCoreOption } from 'echarts/core';

/**
 * Report charts without a browser: ECharts renders the chart to SVG on the server side
 * (`ssr: true`), resvg (compiled to WebAssembly, so no native module on any platform)
 * rasterizes it to a PNG at 200 dpi for the DOCX. The SVG goes to the print view.
 *
 * Sizes are millimetres on paper. The SVG is laid out in CSS pixels (96 per inch), so a chart
 * printed at the width it was rendered for shows its text at the point sizes below: render at
 * the size it is printed at (the text block of a 公文 is 156 mm wide).
 *
 * resvg sees no system fonts: a CJK font is looked up once (fontconfig on Linux, the Fonts
 * folder on Windows, known files on macOS), read, and handed to every render. Without one the
 * chart still renders, without its text, and the result carries a warning.
 */

/** One row of figures: one value per category, in the categories' order. */
export type ChartSeries = {
  name: string;
  values: number[];
  /** A CSS colour; by default from the series name (满意, 基本满意, 优秀, …) or a restrained palette. */
  color?: string;
  /** The text printed for each value, when it must read exactly as elsewhere in the report ("92.31%"). */
  labels?: string[];
};

export type ChartSpec =
  | {
      /**
       * A figure per category (e.g. the 满意率 of each 被测评单位), categories in the order given
       * (top to bottom when horizontal). Each bar carries its value at its end. Several series
       * stand side by side, or on top of each other with `stacked`.
       */
      kind: 'bars';
      title?: string;
      categories: string[];
      series: ChartSeries[];
      stacked?: boolean;
      /** Values are percentages: the axis runs 0–100 %, labels read "92.31%". */
      percent?: boolean;
      /** Bars run left to right with the category names on the left: use it for long names. Default: columns. */
      horizontal?: boolean;
    }
  | {
      /**
       * How the votes of one rating split, per category: one stacked horizontal bar per target,
       * one segment per band (满意 / 基本满意 / 不满意, or the grade bands of a score), each
       * segment labelled with its count. Zero counts draw nothing.
       */
      kind: 'distribution';
      title?: string;
      categories: string[];
      /** The bands in reading order; `values` are counts per category. */
      bands: ChartSeries[];
    };

export type ChartSize = {
  widthMm: number;
  /** Omitted: as tall as the categories need. */
  heightMm?: number;
};

export type ChartFonts = {
  /** Font files (TTF, OTF or TTC collections) to draw the text with; [] draws no text at all. */
  files: string[];
  /** The family to ask for; without it the first face of the first file is used. */
  family?: string;
};

export type RenderedChart = {
  svg: string;
  png: Buffer;
  widthPx: number;
  heightPx: number;
  /** The size the chart was laid out for (the height is computed when it was not given). */
  widthMm: number;
  heightMm: number;
  /** Problems worth telling the user, in Chinese: no CJK font, a chart too short for its rows. */
  warnings: string[];
};

/** Print resolution of the PNG. */
const PNG_DPI = 200;
const PX_PER_MM = PNG_DPI / 25.4;
const CSS_PX_PER_MM = 96 / 25.4;

/** Text sizes in CSS px (0.75 pt each): 14 px = 10.5 pt (五号), 12 px = 9 pt (小五), 16 px = 12 pt (小四). */
const FONT = { label: 14, axis: 12, title: 16 } as const;
/** Line height of wrapped names. */
const LINE = 16;
const PAD = 8;
/** Gap between an axis line and its labels, and between a bar end and its value. */
const LABEL_GAP = 6;
const INK = '#262626';
const INK_SOFT = '#595959';
const GRID_LINE = '#e0e0e0';

/**
 * Restrained colours for print: the app's verdict colours, darker or lighter so that they also
 * differ when printed in grey (dark green, light blue, amber, dark red).
 */
const GOOD = '#3b7d3f';
const FAIR = '#7ba6d6';
const MIDDLING = '#d9a441';
const POOR = '#b8322a';
const NEUTRAL = '#a6a6a6';
const BAND_COLORS: Record<string, string> = {
  满意: GOOD,
  优秀: GOOD,
  称职: GOOD,
  基本满意: FAIR,
  良好: FAIR,
  基本称职: FAIR,
  一般: MIDDLING,
  合格: MIDDLING,
  不满意: POOR,
  较差: POOR,
  差: POOR,
  不合格: POOR,
  不称职: POOR,
  弃权: NEUTRAL,
  未表态: NEUTRAL,
};
/** Bands of other names, best first, by how many there are: the worst is always red. */
const BANDS_BY_COUNT: Record<number, string[]> = {
  2: [GOOD, POOR],
  3: [GOOD, FAIR, POOR],
  4: [GOOD, FAIR, MIDDLING, POOR],
  5: [GOOD, FAIR, MIDDLING, '#d9773a', POOR],
  6: [GOOD, '#8dbb86', FAIR, MIDDLING, '#d9773a', POOR],
};
/** Series without a colour of their own: navy first (the app's 满意率 blue), then quieter tones. */
const PALETTE = ['#1d4f91', FAIR, MIDDLING, GOOD, '#8c6bb1', POOR, '#6b6b6b', '#4f9a94', '#c17d4a', NEUTRAL];

// ---------------------------------------------------------------------------------------------
// Engine: ECharts and resvg, loaded on first use (neither is needed to start the app).

type Engine = Pick<typeof import('./chart-engine.js'), 'echarts' | 'Resvg'>;

let engine: Promise<Engine> | undefined;

function loadEngine(): Promise<Engine> {
  engine ??= (async () => {
    const { echarts, initWasm, Resvg } = await import('./chart-engine.js');
    // Resolved from this module in the sources, from the bundle in dist/ (main.cjs gets a real
    // import.meta.url from its banner). Inside app.asar, Electron's readFileSync reads the archive.
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm'));
    try {
      await initWasm(wasm);
    } catch (err) {
      // The package keeps its state per process; another copy of this module may have started it.
      if (!(err instanceof Error && err.message.includes('Already initialized'))) throw err;
    }
    return { echarts, Resvg };
  })();
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}

// ---------------------------------------------------------------------------------------------
// Fonts

type LoadedFonts = { buffers: Uint8Array[]; family: string | undefined };

/** Windows: 微软雅黑, 黑体, 等线, then 宋体. */
const WINDOWS_FONTS: [string, string][] = [
  ['msyh.ttc', 'Microsoft YaHei'],
  ['msyh.ttf', 'Microsoft YaHei'],
  ['simhei.ttf', 'SimHei'],
  ['Deng.ttf', 'DengXian'],
  ['simsun.ttc', 'SimSun'],
];
const MAC_FONTS: [string, string][] = [
  ['/System/Library/Fonts/PingFang.ttc', 'PingFang SC'],
  ['/System/Library/Fonts/STHeiti Medium.ttc', 'Heiti SC'],
  ['/System/Library/Fonts/STHeiti Light.ttc', 'Heiti SC'],
  ['/System/Library/Fonts/Hiragino Sans GB.ttc', 'Hiragino Sans GB'],
  ['/Library/Fonts/Arial Unicode.ttf', 'Arial Unicode MS'],
];
/** Linux without fontconfig's fc-match: where distributions put Noto Sans CJK and WenQuanYi. */
const LINUX_FONTS: [string, string][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'Noto Sans CJK SC'],
  ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', 'Noto Sans CJK SC'],
  ['/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', 'Noto Sans CJK SC'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf', 'Noto Sans CJK SC'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYi Micro Hei'],
  ['/usr/share/fonts/wqy-microhei/wqy-microhei.ttc', 'WenQuanYi Micro Hei'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYi Zen Hei'],
];

/** The CJK sans font fontconfig prefers for Simplified Chinese, if it has one. */
function fcMatch(): Promise<[string, string] | null> {
  return new Promise((resolve) => {
    execFile('fc-match', ['-f', '%{file}\n%{family[0]}\n%{lang}', 'sans-serif:lang=zh-cn'], { timeout: 5000, encoding: 'utf8' }, (err, stdout) => {
      if (err) return resolve(null);
      const [file, family, langs] = stdout.split('\n');
      // fc-match always answers; without a CJK font the answer is DejaVu Sans or the like.
      const covers = (langs ?? '').split('|').includes('zh-cn');
      resolve(file && family && covers ? [file, family] : null);
    });
  });
}

async function firstReadable(candidates: [string, string][]): Promise<LoadedFonts | null> {
  for (const [file, family] of candidates) {
    try {
      return { buffers: [await readFile(file)], family };
    } catch {
      // Not on this machine: try the next one.
    }
  }
  return null;
}

async function findCjkFont(): Promise<LoadedFonts | null> {
  if (process.platform === 'win32') {
    // The system folder, then fonts installed for this user only.
    const dirs = [path.join(process.env.WINDIR ?? process.env.SystemRoot ?? 'C:\\Windows', 'Fonts')];
    if (process.env.LOCALAPPDATA) dirs.push(path.join(process.env.LOCALAPPDATA, 'Microsoft', 'Windows', 'Fonts'));
    return firstReadable(WINDOWS_FONTS.flatMap(([file, family]) => dirs.map((dir): [string, string] => [path.join(dir, file), family])));
  }
  if (process.platform === 'darwin') return firstReadable(MAC_FONTS);
  const matched = await fcMatch();
  return (matched && (await firstReadable([matched]))) ?? firstReadable(LINUX_FONTS);
}

/** The system's CJK font, looked up and read once (10–20 MB, kept for the next chart). */
let systemFonts: Promise<LoadedFonts | null> | undefined;

async function loadFonts(explicit: ChartFonts | undefined): Promise<LoadedFonts | null> {
  if (explicit) {
    if (explicit.files.length === 0) return null;
    const buffers = await Promise.all(explicit.files.map((file) => readFile(file)));
    return { buffers, family: explicit.family };
  }
  systemFonts ??= findCjkFont();
  return systemFonts;
}

// ---------------------------------------------------------------------------------------------
// Layout

/**
 * Width of a line of text as ECharts estimates it without a canvas: CJK characters one em,
 * ASCII narrower. Slightly generous for the digits of CJK fonts, so nothing is clipped.
 */
function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) em += ch === ' ' ? 0.3 : ch === '.' || ch === ',' || ch === ':' ? 0.3 : ch === '%' ? 0.9 : /[A-Z]/.test(ch) ? 0.68 : 0.58;
    else em += 1;
  }
  return Math.ceil(em * fontSize);
}

/** Greedy lines of at most `width`, character by character (how ECharts breaks CJK text). */
function fill(text: string, fontSize: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && textWidth(line + ch, fontSize) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  return [...lines, line];
}

/**
 * A category name in lines no wider than `width`, never shortened: a parenthesised tail gets a
 * line of its own when the rest fits (市城市管理综合行政执法局 / （市城市管理局）); otherwise
 * the lines are of about equal length instead of a full line and a single character.
 */
function wrapName(text: string, fontSize: number, width: number): string[] {
  if (textWidth(text, fontSize) <= width) return [text];
  const paren = text.search(/[（(]/);
  if (paren > 0 && textWidth(text.slice(0, paren), fontSize) <= width) {
    return [text.slice(0, paren), ...wrapName(text.slice(paren), fontSize, width)];
  }
  const greedy = fill(text, fontSize, width);
  for (let limit = Math.ceil(textWidth(text, fontSize) / greedy.length); limit < width; limit += Math.ceil(fontSize / 2)) {
    const balanced = fill(text, fontSize, limit);
    if (balanced.length <= greedy.length) return balanced;
  }
  return greedy;
}

/** The next round number at or above `x` for an axis end (30, 40, 50, 60, 80, 100, …). */
function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((f) => f * power >= x - 1e-9) ?? 10;
  return step * power;
}

/** Half the height of the ink of a label of `lines` lines, from its centre. */
function inkHalf(lines: number): number {
  return (lines * LINE - (LINE - FONT.label)) / 2;
}

function formatValue(value: number, percent: boolean): string {
  if (percent) return `${value.toFixed(2)}%`;
  return String(Math.round(value * 100) / 100);
}

/** Readable text on a coloured segment: white on dark fills, near-black on light ones. */
function textOn(color: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return '#ffffff';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h!, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.3 ? INK : '#ffffff';
}

type Normalized = {
  title: string | undefined;
  categories: string[];
  series: { name: string; values: number[]; labels: string[]; color: string }[];
  stacked: boolean;
  percent: boolean;
  horizontal: boolean;
  /** Distribution: every segment is labelled and the value axis is not drawn. */
  counts: boolean;
  legend: boolean;
};

function normalize(spec: ChartSpec): Normalized {
  const rows = spec.kind === 'bars' ? spec.series : spec.bands;
  const percent = spec.kind === 'bars' && spec.percent === true;
  if (spec.categories.length === 0) throw new Error('a chart needs at least one category');
  if (rows.length === 0) throw new Error('a chart needs at least one series');
  const series = rows.map((s, i) => {
    if (s.values.length !== spec.categories.length) {
      throw new Error(`series "${s.name}" has ${s.values.length} values for ${spec.categories.length} categories`);
    }
    if (s.labels && s.labels.length !== s.values.length) throw new Error(`series "${s.name}" has ${s.labels.length} labels for ${s.values.length} values`);
    if (!s.values.every((v) => Number.isFinite(v) && v >= 0)) throw new Error(`series "${s.name}" has a value that is negative or not a number`);
    return {
      name: s.name,
      values: s.values,
      labels: s.labels ?? s.values.map((v) => formatValue(v, percent)),
      color: s.color ?? BAND_COLORS[s.name] ?? (spec.kind === 'distribution' ? BANDS_BY_COUNT[rows.length]?.[i] : undefined) ?? PALETTE[i % PALETTE.length]!,
    };
  });
  if (spec.kind === 'distribution') {
    return { title: spec.title, categories: spec.categories, series, stacked: true, percent: false, horizontal: true, counts: true, legend: true };
  }
  return {
    title: spec.title,
    categories: spec.categories,
    series,
    stacked: spec.stacked === true,
    percent,
    horizontal: spec.horizontal === true,
    counts: false,
    legend: series.length > 1,
  };
}

/** Rows of the legend when its items are laid out left to right within `width`. */
function legendRows(names: string[], width: number): number {
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const w = 14 + 5 + textWidth(name, FONT.label) + 16;
    if (used + w > width && used > 0) {
      rows += 1;
      used = 0;
    }
    used += w;
  }
  return rows;
}

type Layout = { option: EChartsCoreOption; heightPx: number; warnings: string[] };

/**
 * Where each value's label goes. Plain bars carry theirs at the bar end. A stacked segment too
 * small for its label leaves it to the end of the stack, after a swatch of the segment's colour
 * (■ 1), so no figure is dropped and none spills over a neighbour.
 */
type Placement = { inside: boolean[][]; trailing: { text: string; band: number }[][] };

const SWATCH = 9;
/** Between two labels after a bar. */
const TRAIL_GAP = 12;
const BAR_MAX = { horizontal: 28, vertical: 36 } as const;
/** Share of a category's band that a single or stacked bar fills (ECharts' barCategoryGap is the rest). */
const BAR_FILL = 0.62;

function place(n: Normalized, fits: (value: number, label: string) => boolean): Placement {
  if (!n.stacked) return { inside: n.series.map((s) => s.values.map(() => false)), trailing: n.categories.map(() => []) };
  const inside = n.series.map((s) => s.values.map((v, c) => v > 0 && fits(v, s.labels[c]!)));
  const trailing = n.categories.map((_, c) => n.series.flatMap((s, i) => (s.values[c]! > 0 && !inside[i]![c] ? [{ text: s.labels[c]!, band: i }] : [])));
  return { inside, trailing };
}

function trailWidth(items: { text: string }[], separate: boolean): number {
  const widths = items.map((x) => SWATCH + 4 + textWidth(x.text, FONT.label));
  if (widths.length === 0) return 0;
  return separate ? Math.max(...widths) : widths.reduce((a, b) => a + b + TRAIL_GAP, -TRAIL_GAP);
}

function layout(n: Normalized, widthPx: number, givenHeightPx: number | undefined, fontFamily: string): Layout {
  const warnings: string[] = [];
  const cats = n.categories.length;
  const legendTop = PAD + (n.title ? FONT.title + 12 : 0);
  const top = legendTop + (n.legend ? legendRows(n.series.map((s) => s.name), widthPx - 2 * PAD) * 22 + 6 : 0);

  // Value axis: percentages 0–100, counts up to the largest total (every segment is labelled,
  // so the axis itself is not drawn), stacked bars a round number above the largest total (the
  // scale must be known here to tell which segments hold their label), else ECharts' choice.
  const totals = n.categories.map((_, c) => n.series.reduce((sum, s) => sum + s.values[c]!, 0));
  const largest = n.stacked ? Math.max(...totals) : Math.max(...n.series.flatMap((s) => s.values));
  const axisMax = n.percent ? Math.max(largest, 100) : n.counts ? Math.max(largest, 1) : n.stacked ? niceCeil(largest) : undefined;
  const endLabelWidth = n.stacked ? 0 : Math.max(...n.series.flatMap((s) => s.labels.map((l) => textWidth(l, FONT.label))));

  if (n.horizontal) {
    const nameWidth = Math.min(Math.max(...n.categories.map((c) => textWidth(c, FONT.label))), Math.floor(widthPx * 0.4));
    const names = n.categories.map((c) => wrapName(c, FONT.label, nameWidth));
    const left = PAD + nameWidth + LABEL_GAP + 2;
    const bottom = n.counts ? PAD : PAD + FONT.axis + LABEL_GAP + 4;

    // The right margin holds the end labels; for stacks, the labels of small segments, which
    // depend on the plot width, which depends on the margin: repeat until it settles.
    let right = PAD + LABEL_GAP + Math.max(endLabelWidth, n.percent ? textWidth('100%', FONT.axis) / 2 : 0);
    let placement = place(n, () => false);
    for (let pass = 0, settled = false; !settled && pass < 10; pass++) {
      const scale = (widthPx - left - right) / (axisMax ?? largest);
      placement = place(n, (v, label) => v * scale >= textWidth(label, FONT.label) + 6);
      const wanted = Math.max(right, PAD + LABEL_GAP + Math.max(...placement.trailing.map((t) => trailWidth(t, false))));
      settled = wanted === right;
      right = wanted;
    }

    // Every category gets the same band: enough for its bars, and for the names of two
    // neighbours to clear each other (a wrapped name may reach into the gap beside its bar).
    const rowsOfBars = n.stacked ? 1 : n.series.length;
    let band = Math.max(28, rowsOfBars * (FONT.label + 4) + 10);
    for (let c = 0; c + 1 < cats; c++) band = Math.max(band, inkHalf(names[c]!.length) + inkHalf(names[c + 1]!.length) + 8);
    if (cats === 1) band = Math.max(band, 2 * inkHalf(names[0]!.length) + 8);
    const plotTop = top + Math.max(0, Math.ceil(inkHalf(names[0]!.length) - band / 2) + 2);
    const plotBottom = bottom + Math.max(0, Math.ceil(inkHalf(names[cats - 1]!.length) - band / 2) + 2);
    const needed = plotTop + plotBottom + band * cats;
    const heightPx = givenHeightPx ?? needed;
    if (heightPx < needed - 1) warnings.push(`图表高度不足：${cats}个项目至少需要${Math.ceil(needed / CSS_PX_PER_MM)}毫米高，文字可能重叠。`);

    return {
      heightPx,
      warnings,
      option: base(n, fontFamily, legendTop, {
        grid: { left, right, top: plotTop, bottom: plotBottom, outerBoundsMode: 'none' },
        yAxis: categoryAxis(n, names, nameWidth, true),
        xAxis: valueAxis(n, axisMax),
        series: seriesOf(n, placement, 'horizontal', false),
      }),
    };
  }

  // Vertical: names under the columns, wrapped to the column width.
  const left = PAD + (n.counts ? 0 : textWidth(n.percent ? '100%' : formatValue(axisMax ?? largest * 1.2, false), FONT.axis) + LABEL_GAP);
  const right = PAD + 4;
  const slot = (widthPx - left - right) / cats;
  if (slot < FONT.label * 3) warnings.push('项目较多或名称较长，竖排柱状图的名称只能逐字换行，建议改用横向条形图。');
  const nameWidth = Math.max(FONT.label, Math.floor(slot - 6));
  const names = n.categories.map((c) => wrapName(c, FONT.label, nameWidth));
  const bottom = PAD + Math.max(...names.map((l) => l.length)) * LINE + LABEL_GAP;
  const barWidth = Math.min(BAR_MAX.vertical, n.stacked || n.series.length === 1 ? slot * BAR_FILL : (slot * 0.75) / n.series.length);
  // Side-by-side columns too narrow for their figures get them turned upright.
  const rotate = !n.stacked && endLabelWidth > barWidth + 8;
  const minPlot = 120;
  let labelRoom = n.stacked ? 0 : rotate ? endLabelWidth + LABEL_GAP : LINE + 4;
  let heightPx = givenHeightPx ?? Math.max(top + labelRoom + bottom + minPlot, Math.round(widthPx * 0.5));
  let placement = place(n, () => false);
  for (let pass = 0, settled = false; !settled && n.stacked && pass < 10; pass++) {
    const scale = (heightPx - top - labelRoom - bottom) / (axisMax ?? largest);
    placement = place(n, (v, label) => v * scale >= FONT.label + 4 && textWidth(label, FONT.label) + 4 <= barWidth);
    const wanted = Math.max(labelRoom, ...placement.trailing.map((t) => t.length * LINE + (t.length > 0 ? LABEL_GAP : 0)));
    settled = wanted === labelRoom;
    labelRoom = wanted;
    if (givenHeightPx === undefined) heightPx = Math.max(heightPx, top + labelRoom + bottom + minPlot);
  }
  const trailWidest = Math.max(0, ...placement.trailing.map((t) => trailWidth(t, true)));
  if (trailWidest > slot) warnings.push('部分数值过小，标注在柱顶时可能与相邻标注重叠。');
  const needed = top + labelRoom + bottom + minPlot;
  if (heightPx < needed - 1) warnings.push(`图表高度不足：至少需要${Math.ceil(needed / CSS_PX_PER_MM)}毫米高。`);
  return {
    heightPx,
    warnings,
    option: base(n, fontFamily, legendTop, {
      grid: { left, right, top: top + labelRoom, bottom, outerBoundsMode: 'none' },
      xAxis: categoryAxis(n, names, nameWidth, false),
      yAxis: valueAxis(n, axisMax),
      series: seriesOf(n, placement, 'vertical', rotate),
    }),
  };
}

function seriesOf(n: Normalized, placement: Placement, direction: 'horizontal' | 'vertical', rotate: boolean): Record<string, unknown>[] {
  const horizontal = direction === 'horizontal';
  const common = {
    type: 'bar',
    stack: n.stacked ? 'all' : undefined,
    barMaxWidth: BAR_MAX[direction],
    barCategoryGap: n.stacked || n.series.length === 1 ? `${Math.round((1 - BAR_FILL) * 100)}%` : '25%',
    barGap: '12%',
    // A printed chart: no hover styles, no pointer cursor in the print view.
    emphasis: { disabled: true },
    silent: true,
  };
  const endLabel = { show: true, fontSize: FONT.label, color: INK, ...(horizontal ? { position: 'right', distance: LABEL_GAP } : rotate ? { position: 'top', rotate: 90, align: 'left', verticalAlign: 'middle', distance: LABEL_GAP } : { position: 'top', distance: 4 }) };
  const series: Record<string, unknown>[] = n.series.map((s, i) => ({
    ...common,
    name: s.name,
    itemStyle: n.stacked ? { color: s.color, borderColor: '#ffffff', borderWidth: 1 } : { color: s.color },
    label: n.stacked
      ? { show: true, position: 'inside', fontSize: FONT.label, color: textOn(s.color), formatter: (p: { dataIndex: number }) => (placement.inside[i]![p.dataIndex] ? s.labels[p.dataIndex]! : '') }
      : { ...endLabel, formatter: (p: { dataIndex: number }) => s.labels[p.dataIndex]! },
    data: s.values,
  }));
  if (placement.trailing.some((t) => t.length > 0)) {
    // A zero-length bar at the end of each stack carries the labels that did not fit.
    series.push({
      ...common,
      name: '',
      itemStyle: { color: 'transparent' },
      label: {
        show: true,
        fontSize: FONT.label,
        color: INK,
        lineHeight: LINE,
        ...(horizontal ? { position: 'right', distance: LABEL_GAP } : { position: 'top', distance: 4 }),
        // Above a column the topmost segment's label comes first, as the segments do.
        formatter: (p: { dataIndex: number }) => {
          const items = (placement.trailing[p.dataIndex] ?? []).map((t) => `{b${t.band}|} ${t.text}`);
          return horizontal ? items.join('{gap|}') : items.reverse().join('\n');
        },
        rich: {
          ...Object.fromEntries(n.series.map((s, i) => [`b${i}`, { width: SWATCH, height: SWATCH, backgroundColor: s.color, borderRadius: 1 }])),
          gap: { width: TRAIL_GAP },
        },
      },
      data: n.categories.map(() => 0),
    });
  }
  return series;
}

/**
 * Category names, every one shown (ECharts would otherwise skip some when crowded) and wrapped
 * as `wrapName` decided; ECharts' own breaking stays on in case it measures a line wider, so
 * a name is never cut short.
 */
function categoryAxis(n: Normalized, names: string[][], width: number, horizontal: boolean): Record<string, unknown> {
  return {
    type: 'category',
    data: n.categories,
    // Horizontal: the first category on top.
    inverse: horizontal,
    axisTick: { show: false },
    // Stacks start at zero anyway, and the line would show between them as dashes.
    axisLine: { show: !n.stacked, lineStyle: { color: INK_SOFT } },
    axisLabel: {
      interval: 0,
      hideOverlap: false,
      fontSize: FONT.label,
      color: INK,
      margin: LABEL_GAP,
      lineHeight: LINE,
      width: width + 2,
      overflow: 'break',
      formatter: (_: string, index: number) => (names[index] ?? []).join('\n'),
    },
  };
}

function valueAxis(n: Normalized, max: number | undefined): Record<string, unknown> {
  return {
    type: 'value',
    min: 0,
    max,
    interval: n.percent && max === 100 ? 20 : undefined,
    show: !n.counts,
    axisLine: { show: false },
    axisTick: { show: false },
    splitLine: { show: !n.counts, lineStyle: { color: GRID_LINE } },
    axisLabel: { fontSize: FONT.axis, color: INK_SOFT, margin: LABEL_GAP, formatter: n.percent ? '{value}%' : undefined },
  };
}

function base(n: Normalized, fontFamily: string, legendTop: number, parts: Record<string, unknown>): EChartsCoreOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily, fontSize: FONT.label, color: INK },
    title: n.title ? { text: n.title, left: 'center', top: PAD, textStyle: { fontFamily, fontSize: FONT.title, fontWeight: 'normal', color: INK } } : undefined,
    legend: n.legend
      ? {
          top: legendTop,
          left: 'center',
          itemWidth: 14,
          itemHeight: 10,
          itemGap: 16,
          textStyle: { fontFamily, fontSize: FONT.label, color: INK },
          data: n.series.map((s) => s.name),
          selectedMode: false,
        }
      : undefined,
    ...parts,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Draws `spec` at `size` (mm): the SVG for the print view and a 200 dpi PNG for the DOCX.
 * `options.fonts` replaces the system's CJK font (tests pass `{ files: [] }` to have none).
 */
export async function renderChart(spec: ChartSpec, size: ChartSize, options: { fonts?: ChartFonts } = {}): Promise<RenderedChart> {
  if (!(size.widthMm > 0) || (size.heightMm !== undefined && !(size.heightMm > 0))) throw new Error('a chart needs a positive size');
  const [{ echarts, Resvg }, fonts] = await Promise.all([loadEngine(), loadFonts(options.fonts)]);
  const normalized = normalize(spec);
  // Whole PNG pixels at 200 dpi, so the PNG has exactly the proportions asked for; the SVG
  // gets the same size in CSS pixels (fractions allowed).
  const pngPx = (mm: number) => Math.round(mm * PX_PER_MM);
  const cssPx = (png: number) => png * (96 / PNG_DPI);
  const pngWidth = pngPx(size.widthMm);
  const widthPx = cssPx(pngWidth);
  const heightGiven = size.heightMm === undefined ? undefined : cssPx(pngPx(size.heightMm));
  // resvg takes the first family it has (the one loaded, else the first face it was given); a
  // browser showing the SVG in the print view, maybe on another machine, takes what it has.
  const family = [...new Set([fonts?.family, 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC'].filter((f) => f !== undefined))]
    // Single quotes: ECharts writes the list into a double-quoted style attribute as it is.
    .map((f) => `'${f.replace(/['"\\]/g, '')}'`)
    .concat('sans-serif')
    .join(', ');
  const laid = layout(normalized, widthPx, heightGiven, family);
  const { option, warnings } = laid;
  const pngHeight = Math.ceil(laid.heightPx / cssPx(1) - 1e-6);
  const heightPx = cssPx(pngHeight);
  if (!fonts) warnings.unshift('未找到中文字体，图表中的文字无法显示。请安装微软雅黑、黑体或 Noto Sans CJK 等中文字体。');

  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: widthPx, height: heightPx });
  let svg: string;
  try {
    chart.setOption(option);
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  svg = stableIds(svg);

  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: pngWidth },
    background: '#ffffff',
    font: { fontBuffers: fonts?.buffers ?? [], ...(fonts?.family ? { defaultFontFamily: fonts.family, sansSerifFamily: fonts.family } : {}) },
  });
  try {
    const image = resvg.render();
    try {
      const png = image.asPng();
      return {
        svg,
        png: Buffer.from(png.buffer, png.byteOffset, png.byteLength),
        widthPx: image.width,
        heightPx: image.height,
        widthMm: size.widthMm,
        heightMm: size.heightMm ?? Math.round((image.height / PX_PER_MM) * 10) / 10,
        warnings,
      };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * zrender numbers its ids and CSS classes per process, so the same chart came out different
 * each time. Number them in order of appearance and prefix them with a digest of the content:
 * the same chart gives the same SVG, and two charts inlined into one print page share no id.
 */
function stableIds(svg: string): string {
  const seen = new Map<string, number>();
  const neutral = svg.replace(/\bzr\d+-(cls-)?(\d+)?/g, (match, cls: string | undefined, k: string | undefined) => {
    if (!cls || k === undefined) return match.replace(/^zr\d+-/, 'zr-');
    if (!seen.has(k)) seen.set(k, seen.size);
    return `zr-cls-${seen.get(k)}`;
  });
  const tag = createHash('sha256').update(neutral).digest('hex').slice(0, 8);
  return neutral.replace(/\bzr-/g, `c${tag}-`);
}
