import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderChart, type ChartSpec } from '../../electron/core/reports/charts.js';

/** 被测评单位 with the long names real sheets have; the last two need wrapping at 150 mm. */
const TARGETS = [
  '市住房和城乡建设局',
  '市发展和改革委员会',
  '市教育局',
  '市人力资源和社会保障局',
  '市自然资源和规划局',
  '市生态环境局',
  '市交通运输局',
  '市卫生健康委员会',
  '市市场监督管理局',
  '市农业农村局',
  '市文化广电和旅游局',
  '市应急管理局',
  '市医疗保障局',
  '市民政局',
  '市公安局',
  '市水利局',
  '市商务局',
  '市中级人民法院',
  '市城市管理综合行政执法局（市城市管理局）',
  '市退役军人事务局暨市拥军优属工作领导小组办公室',
];

const WIDTH_MM = 150;
const PNG_WIDTH = Math.round((WIDTH_MM / 25.4) * 200);
/** The left fifth of the chart, where only category names are drawn. */
const STRIP = Math.round(PNG_WIDTH * 0.2);

function rates(n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round((100 - ((i * 37) % 23) - i * 0.37) * 100) / 100);
}

/** 满意 / 基本满意 / 不满意 counts of `voters` ballots per target, with zeros and single votes. */
function counts(n: number, voters: number): [number, number, number][] {
  return Array.from({ length: n }, (_, i) => {
    const no = i % 5 === 3 ? 0 : i % 3;
    const basic = (i * 7) % 9;
    return [voters - no - basic, basic, no];
  });
}

function rateSpec(n: number): ChartSpec & { kind: 'bars' } {
  return { kind: 'bars', horizontal: true, percent: true, categories: TARGETS.slice(0, n), series: [{ name: '满意率', values: rates(n) }] };
}

function distributionSpec(n: number, voters: number): ChartSpec & { kind: 'distribution' } {
  const c = counts(n, voters);
  return {
    kind: 'distribution',
    categories: TARGETS.slice(0, n),
    bands: [
      { name: '满意', values: c.map((x) => x[0]) },
      { name: '基本满意', values: c.map((x) => x[1]) },
      { name: '不满意', values: c.map((x) => x[2]) },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// PNG and SVG readers, independent of the code under test.

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(png: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  expect(png.subarray(0, 8).equals(SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png.readUInt8(24), colorType: png.readUInt8(25) };
}

/** RGB of every pixel (8-bit RGB or RGBA, non-interlaced: what resvg writes). */
function decode(png: Buffer): { width: number; height: number; rgb: (x: number, y: number) => [number, number, number] } {
  const { width, height, bitDepth, colorType } = ihdr(png);
  expect(bitDepth).toBe(8);
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  expect(channels).toBeGreaterThan(0);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predicted === undefined) throw new Error(`PNG filter ${filter}`);
      out[y * stride + i] = (x + predicted) & 0xff;
    }
  }
  return { width, height, rgb: (x, y) => [out[y * stride + x * channels]!, out[y * stride + x * channels + 1]!, out[y * stride + x * channels + 2]!] };
}

/** Pixels that are clearly not background or a light grid line: in all, and left of `stripEnd`. */
function ink(png: Buffer, stripEnd: number): { all: number; strip: number } {
  const image = decode(png);
  let all = 0;
  let strip = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const [r, g, b] = image.rgb(x, y);
      if (Math.min(r, g, b) >= 200) continue;
      all++;
      if (x < stripEnd) strip++;
    }
  }
  return { all, strip };
}

/** The text of every <text> element, in document order. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  );
}

/** A name is on the chart when its lines, in order, are consecutive text elements. */
function hasName(all: string[], name: string): boolean {
  for (let i = 0; i < all.length; i++) {
    let joined = '';
    for (let j = i; j < all.length && joined.length < name.length; j++) {
      joined += all[j];
      if (joined === name) return true;
      if (!name.startsWith(joined)) break;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

describe('report charts', () => {
  for (const n of [9, 20]) {
    it(`draws the 满意率 of ${n} targets as horizontal bars, every name and figure on it`, async () => {
      const spec = rateSpec(n);
      const chart = await renderChart(spec, { widthMm: WIDTH_MM });
      expect(chart.warnings).toEqual([]);

      const header = ihdr(chart.png);
      expect(header.width).toBe(PNG_WIDTH);
      expect(chart.widthPx).toBe(PNG_WIDTH);
      expect(header.height).toBe(chart.heightPx);
      expect(Math.abs(chart.heightPx - (chart.heightMm / 25.4) * 200)).toBeLessThan(2);
      // Tall enough for every row: about 7 mm a target.
      expect(chart.heightMm).toBeGreaterThan(n * 7);

      const all = texts(chart.svg);
      for (const name of spec.categories) expect(hasName(all, name), name).toBe(true);
      for (const value of spec.series[0]!.values) expect(all).toContain(`${value.toFixed(2)}%`);
      expect(all.some((t) => t.includes('…') || t.includes('...'))).toBe(false);
      // The long names are wrapped, not shortened.
      if (n === 20) expect(all).toContain('（市城市管理局）');

      // Bars and text are drawn; the left strip holds nothing but the (Chinese) names.
      const drawn = ink(chart.png, STRIP);
      expect(drawn.all).toBeGreaterThan(PNG_WIDTH * 100);
      expect(drawn.strip).toBeGreaterThan(2000);
    });

    it(`draws the 满意 / 基本满意 / 不满意 split of ${n} targets as stacked bars with every count`, async () => {
      const spec = distributionSpec(n, n === 9 ? 29 : 60);
      const chart = await renderChart(spec, { widthMm: WIDTH_MM });
      expect(chart.warnings).toEqual([]);
      expect(ihdr(chart.png)).toMatchObject({ width: PNG_WIDTH, height: chart.heightPx });

      const all = texts(chart.svg);
      for (const name of spec.categories) expect(hasName(all, name), name).toBe(true);
      for (const band of ['满意', '基本满意', '不满意']) expect(all).toContain(band);
      // Every count that is not zero is printed once, inside its segment or after the bar;
      // zeros draw nothing. The distribution has no value axis, so no other numbers.
      const numbers = all.map((t) => t.trim()).filter((t) => /^\d+$/.test(t)).sort();
      const expected = spec.bands.flatMap((b) => b.values.filter((v) => v > 0).map(String)).sort();
      expect(numbers).toEqual(expected);

      const drawn = ink(chart.png, STRIP);
      expect(drawn.all).toBeGreaterThan(PNG_WIDTH * 100);
      expect(drawn.strip).toBeGreaterThan(2000);
    });
  }

  it('gives the same SVG and PNG for the same chart', async () => {
    const a = await renderChart(distributionSpec(9, 29), { widthMm: WIDTH_MM, heightMm: 90 });
    await renderChart(rateSpec(20), { widthMm: WIDTH_MM });
    const b = await renderChart(distributionSpec(9, 29), { widthMm: WIDTH_MM, heightMm: 90 });
    expect(b.svg).toBe(a.svg);
    expect(b.png.equals(a.png)).toBe(true);
    expect(a.heightPx).toBe(Math.round((90 / 25.4) * 200));
  });

  it('prints the labels it is given, as the report prints the rates', async () => {
    const spec = rateSpec(9);
    const labels = spec.series[0]!.values.map((v, i) => (i === 0 ? '100%' : `${v.toFixed(1)}%`));
    const chart = await renderChart({ ...spec, series: [{ ...spec.series[0]!, labels }] }, { widthMm: WIDTH_MM });
    const all = texts(chart.svg);
    for (const label of labels) expect(all).toContain(label);
  });

  it('says when the given height is too short for the rows', async () => {
    const chart = await renderChart(rateSpec(20), { widthMm: WIDTH_MM, heightMm: 80 });
    expect(chart.heightPx).toBe(Math.round((80 / 25.4) * 200));
    expect(chart.warnings.join()).toContain('图表高度不足');
  });

  it('still draws the chart without a CJK font, without its text, and says so', async () => {
    const spec = rateSpec(9);
    const chart = await renderChart(spec, { widthMm: WIDTH_MM }, { fonts: { files: [] } });
    expect(chart.warnings.join()).toContain('未找到中文字体');
    expect(ihdr(chart.png).width).toBe(PNG_WIDTH);
    // The SVG still has the text (the print view has fonts); the PNG has the bars only.
    expect(hasName(texts(chart.svg), spec.categories[0]!)).toBe(true);
    const drawn = ink(chart.png, STRIP);
    expect(drawn.all).toBeGreaterThan(PNG_WIDTH * 100);
    expect(drawn.strip).toBe(0);
  });

  it('refuses figures that do not match the categories', async () => {
    const spec = rateSpec(9);
    await expect(renderChart({ ...spec, series: [{ name: '满意率', values: [90] }] }, { widthMm: WIDTH_MM })).rejects.toThrow(/values for 9 categories/);
    await expect(renderChart({ ...spec, categories: [], series: [] }, { widthMm: WIDTH_MM })).rejects.toThrow(/category/);
    await expect(renderChart(spec, { widthMm: 0 })).rejects.toThrow(/size/);
  });
});
