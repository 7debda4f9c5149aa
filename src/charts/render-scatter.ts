import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import { renderChartPng } from './canvas.js';
import { paretoFront } from './pareto.js';
import { backgroundPlugin, messagePlugin, pointLabelPlugin } from './plugins.js';
import { DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH, DEFAULT_EMPTY_MESSAGE } from './spec.js';
import type { ScatterChartSpec } from './spec.js';
import { axisOptions, chartStyle, headerOptions } from './style.js';
import { chartTheme } from './themes.js';

type XY = { x: number; y: number };

/** Room around the points shown (share of their span, at least this share of the value itself). */
const AXIS_PAD_SHARE = 0.08;
const AXIS_PAD_MIN_SHARE = 0.01;
/** A failed point further than this many spans of the passing points (or 10 % of their value) is an outlier. */
const OUTLIER_SPANS = 1;

/** Rounded outwards to a round step of the span, so the axis ends on readable numbers. */
function roundedOut(lo: number, hi: number): { min: number; max: number } {
  const unit = 5 * 10 ** (Math.floor(Math.log10(Math.max(hi - lo, 1e-9))) - 1);
  return { min: Math.floor(lo / unit) * unit, max: Math.ceil(hi / unit) * unit };
}

/**
 * An axis range that fits the framing values (passing points, the pick) and the failed ones near them, with some room;
 * a failed outlier further out is clipped rather than squeezing everything else into a corner.
 */
function fittedRange(framing: readonly number[], failed: readonly number[]): { min: number; max: number } {
  const lo = Math.min(...framing);
  const hi = Math.max(...framing);
  const reach = Math.max(hi - lo, Math.abs(hi) * 0.1) * OUTLIER_SPANS;
  const near = failed.filter((v) => v >= lo - reach && v <= hi + reach);
  const all = [lo, hi, ...near];
  const [a, b] = [Math.min(...all), Math.max(...all)];
  const pad = Math.max((b - a) * AXIS_PAD_SHARE, Math.abs(b) * AXIS_PAD_MIN_SHARE);
  return roundedOut(a - pad, b + pad);
}

/**
 * Benchmark results as PNG: efficiency (J/TH) across, hashrate (GH/s) up. Passing settings are dots, failed ones
 * grey crosses, the Pareto front of the passing ones is a line with its settings printed next to it, and the pick is
 * a star labelled with its own settings. The axes fit the passing points and the pick: a failed point far out (an
 * undervolt at 300 J/TH) would otherwise squeeze every point that matters into a corner.
 */
export async function renderScatterChart(spec: ScatterChartSpec): Promise<Buffer> {
  const width = spec.width ?? DEFAULT_CHART_WIDTH;
  const height = spec.height ?? DEFAULT_CHART_HEIGHT;
  return renderChartPng(scatterChart(spec).config, { width, height });
}

export interface ScatterChart {
  config: ChartConfiguration<'scatter', XY[]>;
  /** The texts printed next to points: the pick's first. */
  labels: Array<{ x: number; y: number; text: string }>;
}

/** The chart.js configuration of a scatter chart (what renderScatterChart draws). */
export function scatterChart(spec: ScatterChartSpec): ScatterChart {
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
  const pick = spec.pick && Number.isFinite(spec.pick.x) && Number.isFinite(spec.pick.y) ? spec.pick : null;
  if (pick) {
    datasets.push({
      label: 'Pick',
      data: xy([pick]),
      borderColor: theme.text,
      backgroundColor: frontColor,
      borderWidth: style.lineWidth,
      pointRadius: markerRadius + 6,
      pointStyle: 'star',
    });
  }
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
  const labels = front.flatMap((point) => {
    if (point.label === undefined || (pick && point.x === pick.x && point.y === pick.y)) return [];
    return [{ x: point.x, y: point.y, text: point.label }];
  });
  if (pick?.label !== undefined) labels.unshift({ x: pick.x, y: pick.y, text: `pick: ${pick.label}` });
  if (labels.length > 0) {
    plugins.push(pointLabelPlugin(labels, { labelCss: style.labelCss, color: theme.text, background: theme.background }));
  }
  if (!hasData) {
    plugins.push(messagePlugin(spec.emptyMessage ?? DEFAULT_EMPTY_MESSAGE, { messageCss: style.messageCss, color: theme.mutedText }));
  }

  const xAxis = axisOptions(spec.xLabel ?? 'Efficiency (J/TH)', theme, style);
  const yAxis = axisOptions(spec.yLabel ?? 'Hashrate (GH/s)', theme, style);
  const framed = [...passed, ...front, ...(pick ? [pick] : [])];
  const xRange = framed.length > 0 && failed.length > 0 ? fittedRange(framed.map((p) => p.x), failed.map((p) => p.x)) : {};
  const yRange = framed.length > 0 && failed.length > 0 ? fittedRange(framed.map((p) => p.y), failed.map((p) => p.y)) : {};
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
        x: { type: 'linear', grace: '5%', ...xRange, ...xAxis, ticks: { ...xAxis.ticks, maxTicksLimit: 8, display: hasData } },
        y: { type: 'linear', grace: '5%', ...yRange, ...yAxis, ticks: { ...yAxis.ticks, maxTicksLimit: 7, display: hasData } },
      },
    },
    plugins,
  };
  return { config, labels };
}
