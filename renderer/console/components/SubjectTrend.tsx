import { Alert } from 'antd';
import { LineChart } from 'echarts/charts';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { chineseDate } from '../../../shared/domain/format.js';
import { echarts } from '../lib/echarts.js';
import { ratingFigure, type SubjectRating } from './SubjectRatings.js';

echarts.use([LineChart]);

const VERDICT_DOT: Record<string, string> = { 满意: '#389e0d', 基本满意: '#4f86c6', 不满意: '#cf1322', 优秀: '#389e0d', 良好: '#4f86c6', 一般: '#d48806', 较差: '#cf1322' };

/** The date on the axis, as everywhere else: 2024年3月5日 (echarts hides labels that would overlap). */
function axisDate(iso: string): string {
  return chineseDate(iso);
}

function series(name: string, points: { i: number; r: SubjectRating }[], count: number, color: string, unit: string) {
  const data: ({ value: number; itemStyle: { color: string } } | null)[] = Array.from({ length: count }, () => null);
  for (const { i, r } of points) {
    const value = ratingFigure(r).value!;
    data[i] = { value, itemStyle: { color: (r.verdict && VERDICT_DOT[r.verdict]) ?? color } };
  }
  return {
    name,
    type: 'line',
    connectNulls: true,
    symbol: 'circle',
    symbolSize: 9,
    lineStyle: { color, width: 2 },
    itemStyle: { color },
    label: { show: true, position: 'top', fontSize: 12, color: '#333', formatter: (p: { value: number }) => `${p.value}${unit}` },
    data,
  };
}

/**
 * Satisfaction rate and score over the years, oldest on the left; each point coloured by its
 * verdict. Both figures sit on a 0–100 scale, so they share one axis.
 */
export function trendOption(ratings: SubjectRating[]): EChartsCoreOption {
  const rows = [...ratings].sort((a, b) => (a.date === b.date ? a.round - b.round : a.date < b.date ? -1 : 1));
  const indexed = rows.map((r, i) => ({ i, r }));
  const rates = indexed.filter((x) => x.r.kind === 'satisfaction');
  const scores = indexed.filter((x) => x.r.kind === 'scoring');
  const values = rows.map((r) => ratingFigure(r).value!);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const all = [...(rates.length > 0 ? [series('满意率（%）', rates, rows.length, '#1d4f91', '%')] : []), ...(scores.length > 0 ? [series('得分', scores, rows.length, '#8c5cc7', '')] : [])];
  return {
    animation: false,
    textStyle: { fontFamily: '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif' },
    legend: all.length > 1 ? { top: 0, right: 0, itemWidth: 14, itemHeight: 8 } : undefined,
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        if (!r) return '';
        const figure = ratingFigure(r).text + (r.kind === 'scoring' ? ' 分' : '');
        return `${chineseDate(r.date)}<br/>${r.meetingTitle}<br/>${r.agendaTitle}<br/><b>${r.verdict ?? ''} ${figure}</b>`;
      },
    },
    grid: { left: 8, right: 24, top: 28, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => axisDate(r.date)), axisTick: { alignWithLabel: true } },
    // Steps of 20 from below the lowest point: the axis reads 20, 40 … 100 rather than 30, 40 ….
    yAxis: { type: 'value', min: Math.max(0, Math.floor((low - 5) / 20) * 20), max: Math.max(100, Math.ceil(high / 20) * 20), interval: high > 100 ? undefined : 20 },
    series: all,
  };
}

/** A compact line of the subject's ratings over time, above the table. */
export function SubjectTrend({ ratings }: { ratings: SubjectRating[] }) {
  const el = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!el.current) return;
    let chart: ReturnType<typeof echarts.init> | null = null;
    let observer: ResizeObserver | null = null;
    try {
      chart = echarts.init(el.current, null, { renderer: 'svg' });
      chart.setOption(trendOption(ratings));
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(el.current);
    } catch (err) {
      console.error('trend chart failed', err);
      setFailed(true);
    }
    return () => {
      observer?.disconnect();
      chart?.dispose();
    };
  }, [ratings]);

  if (failed) return <Alert type="warning" showIcon title="趋势图未能显示；下表中的数字不受影响。" />;
  return <div ref={el} className="subject-trend" data-testid="subject-trend" role="img" aria-label="历年测评结果趋势图" />;
}
