import { Alert, Spin } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import type { PollResult } from '../../../shared/domain/polls/index.js';
import { inRankingOrder } from '../../lib/ranking.js';

/** Colours that keep their meaning on every chart: favourable green, unfavourable red. */
const OPTION_COLOR: Record<string, string> = {
  satisfied: '#389e0d',
  basically: '#4f86c6',
  unsatisfied: '#cf1322',
  for: '#389e0d',
  against: '#cf1322',
  abstain: '#a0a7b4',
};
const REST_COLOR = '#e3e6eb';
const STATE_COLOR: Record<string, string> = { selected: '#389e0d', runoff: '#d48806', not_selected: '#a0a7b4' };

const axisLabel = { fontSize: 13, color: '#333', width: 190, overflow: 'truncate' as const };

/**
 * One stacked horizontal bar per target (options), or one bar per target (scores, votes),
 * top to bottom in the order of the table: the ranking's where the result ranks.
 */
export function chartOption(result: PollResult): EChartsCoreOption {
  const base = {
    animation: false,
    textStyle: { fontFamily: '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 12, right: 36, top: 36, bottom: 8, containLabel: true },
  };
  if (result.kind === 'satisfaction' || result.kind === 'decision' || result.kind === 'appointment') {
    // Category axes draw bottom up: reversed, the first target stands at the top.
    const ordered = result.kind === 'satisfaction' && result.tally === 2 ? inRankingOrder(result.targets, result.ranking) : result.targets;
    const targets = [...ordered].reverse();
    const options = result.targets[0]?.options ?? [];
    const series = options.map((o) => ({
      name: o.label,
      type: 'bar',
      stack: 'all',
      barMaxWidth: 30,
      itemStyle: { color: OPTION_COLOR[o.key] ?? '#888' },
      label: { show: true, color: '#fff', fontWeight: 600, formatter: (p: { value: number }) => (p.value > 0 ? String(p.value) : '') },
      data: targets.map((t) => t.options.find((x) => x.key === o.key)?.count ?? 0),
    }));
    const rest = targets.map((t) => t.unfilled + t.invalid);
    if (rest.some((n) => n > 0)) {
      series.push({
        name: '未填或无效',
        type: 'bar',
        stack: 'all',
        barMaxWidth: 30,
        itemStyle: { color: REST_COLOR },
        label: { show: true, color: '#555', fontWeight: 400, formatter: (p: { value: number }) => (p.value > 0 ? String(p.value) : '') },
        data: rest,
      });
    }
    return {
      ...base,
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
      xAxis: { type: 'value', minInterval: 1, name: '票', nameGap: 6 },
      yAxis: { type: 'category', data: targets.map((t) => t.label), axisLabel },
      series,
    };
  }
  if (result.kind === 'scoring') {
    const targets = inRankingOrder(result.targets, result.ranking).reverse();
    return {
      ...base,
      grid: { ...base.grid, top: 12 },
      xAxis: { type: 'value', min: 0, max: 100, name: '分', nameGap: 6 },
      yAxis: { type: 'category', data: targets.map((t) => t.label), axisLabel },
      series: [
        {
          type: 'bar',
          name: '得分',
          barMaxWidth: 26,
          itemStyle: { color: '#1d4f91' },
          label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => targets[p.dataIndex]?.score?.text ?? '—' },
          data: targets.map((t) => t.score?.value ?? 0),
        },
      ],
    };
  }
  const targets = inRankingOrder(result.targets, result.ranking).reverse();
  return {
    ...base,
    grid: { ...base.grid, top: 12 },
    xAxis: { type: 'value', minInterval: 1, name: '票', nameGap: 6 },
    yAxis: { type: 'category', data: targets.map((t) => t.label), axisLabel },
    series: [
      {
        type: 'bar',
        name: '得票',
        barMaxWidth: 26,
        label: { show: true, position: 'right' },
        data: targets.map((t) => ({ value: t.votes, itemStyle: { color: (t.state && STATE_COLOR[t.state]) ?? '#888' } })),
      },
    ],
  };
}

/** ECharts is loaded only when a result is shown, so it does not slow the console's start. */
export function PollResultChart({ result }: { result: PollResult }) {
  const el = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const rows = result.targets.length;
  const height = Math.max(160, rows * 46 + 64);

  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: EChartsCoreOption): void; resize(): void; dispose(): void } | null = null;
    let observer: ResizeObserver | null = null;
    import('../lib/echarts.js')
      .then(({ echarts }) => {
        if (disposed || !el.current) return;
        chart = echarts.init(el.current, null, { renderer: 'svg' });
        chart.setOption(chartOption(result));
        observer = new ResizeObserver(() => chart?.resize());
        observer.observe(el.current);
        setState('ready');
      })
      .catch((err: unknown) => {
        console.error('chart failed to load', err);
        if (!disposed) setState('failed');
      });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [result]);

  if (state === 'failed') return <Alert type="warning" showIcon title="图表未能加载；上表中的数字不受影响。" />;
  return (
    <div className="result-chart-wrap">
      {state === 'loading' ? <Spin className="result-chart-spin" /> : null}
      <div ref={el} className="result-chart" style={{ height }} data-testid="result-chart" role="img" aria-label="表决结果图表" />
    </div>
  );
}
