import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import { renderChartPng } from './canvas.js';
import { paretoFront } from './pareto.js';
import { backgroundPlugin, messagePlugin, pointLabelPlugin } from './plugins.js';
import { DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH, DEFAULT_EMPTY_MESSAGE } from './spec.js';
import type { ScatterChartSpec } from './spec.js';
import { axisOptions, chartStyle, headerOptions } from './style.js';
import { chartTheme } from './themes.js';

type XY = { x: number; y: number };

/**
 * Benchmark results as PNG: efficiency (J/TH) across, hashrate (GH/s) up. Passing settings are dots, failed ones
 * grey crosses, and the Pareto front of the passing ones is a line with its settings printed next to it.
 */
export async function renderScatterChart(spec: ScatterChartSpec): Promise<Buffer> {
  const width = spec.width ?? DEFAULT_CHART_WIDTH;
  const height = spec.height ?? DEFAULT_CHART_HEIGHT;
  const theme = chartTheme(spec.theme);
  const style = chartStyle({ width, height });
  const points = spec.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  const front = [...(spec.front ?? paretoFront(points))].sort((a, b) => a.x - b.x);
  const passed = points.filter((point) => point.passed);
  const failed = points.filter((point) => !point.passed);
  const passColor = theme.series[0] ?? theme.text;
  const frontColor = theme.series[1] ?? theme.text;
  const markerRadius = Math.round(7 * style.scale);
  const xy = (list: readonly XY[]): XY[] => list.map(({ x, y }) => ({ x, y }));

  // Earlier datasets are drawn on top: the front over the dots, the dots over the crosses.
  const datasets: Array<ChartDataset<'scatter', XY[]>> = [];
  if (front.length > 0) {
    datasets.push({
      label: 'Pareto front',
      data: xy(front),
      showLine: true,
      borderColor: frontColor,
      backgroundColor: frontColor,
      borderWidth: style.lineWidth,
      pointRadius: markerRadius + 2,
      pointStyle: 'rectRot',
    });
  }
  if (passed.length > 0) {
    datasets.push({
      label: 'Passed',
      data: xy(passed),
      borderColor: passColor,
      backgroundColor: passColor,
      pointRadius: markerRadius,
      pointStyle: 'circle',
    });
  }
  if (failed.length > 0) {
    datasets.push({
      label: 'Failed limits',
      data: xy(failed),
      borderColor: theme.failed,
      backgroundColor: theme.failed,
      borderWidth: style.lineWidth,
      pointRadius: markerRadius + 1,
      pointStyle: 'crossRot',
    });
  }

  const hasData = points.length > 0 || front.length > 0;
  const plugins: Plugin<'scatter'>[] = [backgroundPlugin(theme.background)];
  const labels = front.flatMap((point) => (point.label === undefined ? [] : [{ x: point.x, y: point.y, text: point.label }]));
  if (labels.length > 0) {
    plugins.push(pointLabelPlugin(labels, { labelCss: style.labelCss, color: theme.text, background: theme.background }));
  }
  if (!hasData) {
    plugins.push(messagePlugin(spec.emptyMessage ?? DEFAULT_EMPTY_MESSAGE, { messageCss: style.messageCss, color: theme.mutedText }));
  }

  const xAxis = axisOptions(spec.xLabel ?? 'Efficiency (J/TH)', theme, style);
  const yAxis = axisOptions(spec.yLabel ?? 'Hashrate (GH/s)', theme, style);
  const config: ChartConfiguration<'scatter', XY[]> = {
    type: 'scatter',
    data: { datasets },
    options: {
      locale: 'en-US',
      layout: { padding: { left: 8, right: 20, top: 4, bottom: 4 } },
      plugins: {
        ...headerOptions(spec, theme, style),
        legend: {
          display: hasData,
          position: 'top',
          labels: {
            color: theme.text,
            font: style.legendFont,
            usePointStyle: true,
            padding: Math.round(18 * style.scale),
          },
        },
      },
      scales: {
        x: { type: 'linear', grace: '5%', ...xAxis, ticks: { ...xAxis.ticks, maxTicksLimit: 8, display: hasData } },
        y: { type: 'linear', grace: '5%', ...yAxis, ticks: { ...yAxis.ticks, maxTicksLimit: 7, display: hasData } },
      },
    },
    plugins,
  };
  return renderChartPng(config, { width, height });
}
