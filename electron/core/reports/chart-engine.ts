/**
 * What charts.ts draws with, in a module of its own so that it is loaded with import() on the
 * first chart and not when the app starts; named imports keep the bundles to the parts of
 * ECharts a bar chart needs (the whole of it would add 3 MB to host.mjs).
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export { echarts, initWasm, Resvg };
