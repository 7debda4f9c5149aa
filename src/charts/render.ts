import type { ChartConfiguration, ChartDataset, LegendItem, Plugin } from 'chart.js';
import { renderChartPng } from './canvas.js';
import { breakLongGaps, downsampleMinMax, typicalIntervalMs } from './downsample.js';
import { markerPlugin } from './markers.js';
import { backgroundPlugin, messagePlugin, thresholdPlugin } from './plugins.js';
import type { ResolvedThreshold } from './plugins.js';
import { DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH, DEFAULT_EMPTY_MESSAGE } from './spec.js';
import type { SeriesPoint, TimeChartSpec, TimeSeries } from './spec.js';
import { axisOptions, chartStyle, headerOptions } from './style.js';
import type { ChartStyle } from './style.js';
import { chartTheme, withAlpha } from './themes.js';
import type { ChartTheme } from './themes.js';
import { buildTimeAxis } from './time-axis.js';

export interface RenderTimeChartOptions {
  /**
   * Min/max decimation to ~2 points per pixel before chart.js sees the data (default true). Off only to measure
   * what it saves: 17,280 points per series straight into chart.js.
   */
  downsample?: boolean;
}

/** chart.js data with `parsing: false`: x is epoch ms, y null breaks the line. */
type XY = { x: number; y: number | null };

/** More than this many typical intervals without a reading is drawn as a gap (a few missed polls are not). */
const GAP_INTERVALS = 4;
/** ~1 tick per this many pixels keeps "Mon 12" labels at a 22 px font apart. */
const PIXELS_PER_TIME_TICK = 130;

/**
 * A line chart over time as PNG: local-time axis in `spec.timezone`, one line per series (dashed for expected
 * values), optional min–max bands and threshold lines. A range without any reading gives an image that says so.
 */
export async function renderTimeChart(spec: TimeChartSpec, options: RenderTimeChartOptions = {}): Promise<Buffer> {
  const width = spec.width ?? DEFAULT_CHART_WIDTH;
  const height = spec.height ?? DEFAULT_CHART_HEIGHT;
  const theme = chartTheme(spec.theme);
  const style = chartStyle({ width, height });
  // The plot area is the image minus the y axis and padding; 1 bucket per pixel gives ~2 points per pixel.
  const plotWidth = Math.max(50, Math.round(width - 150 * style.scale));
  const toMs = Math.max(spec.toMs, spec.fromMs + 1);

  const allLines = spec.series.map((series, index) => ({
    series,
    color: series.color ?? theme.series[index % theme.series.length] ?? theme.text,
    points: pointsToPlot(series, spec.fromMs, toMs, options.downsample === false ? null : plotWidth),
  }));
  const withData = allLines.filter((line) => line.points.some((point) => point.avg !== null));
  const hasData = withData.length > 0;
  // A series without a reading (the VR sensor a Supra does not have) would only put an empty entry in the legend.
  const lines = hasData ? withData : allLines;

  const datasets: Array<ChartDataset<'line', XY[]>> = lines.map(({ series, color, points }) => ({
    label: series.label,
    data: points.map((point) => ({ x: point.ts, y: point.avg })),
    borderColor: color,
    backgroundColor: color,
    borderWidth: style.lineWidth,
    borderDash: series.dashed === true ? style.dash : [],
    pointRadius: 0,
    fill: false,
    spanGaps: false,
    // Dashed reference lines (expected hashrate) go on top: under a noisy measured line they would vanish.
    order: series.dashed === true ? 0 : 1,
  }));
  // Band edges come after every line so that the fill's '-1' (previous dataset) finds its lower edge.
  for (const { series, color, points } of lines) {
    if (series.band !== true) continue;
    datasets.push(
      bandEdge(points.map((point) => ({ x: point.ts, y: point.avg === null ? null : (point.min ?? point.avg) })), false, color, theme),
      bandEdge(points.map((point) => ({ x: point.ts, y: point.avg === null ? null : (point.max ?? point.avg) })), true, color, theme),
    );
  }

  const thresholds = resolveThresholdColours(spec.thresholds ?? [], lines.map((line) => line.color), theme);
  const axis = buildTimeAxis({
    fromMs: spec.fromMs,
    toMs,
    timezone: spec.timezone,
    maxTicks: Math.max(2, Math.floor(plotWidth / (PIXELS_PER_TIME_TICK * style.scale))),
  });

  const plugins: Plugin<'line'>[] = [backgroundPlugin(theme.background)];
  if (hasData && thresholds.length > 0) {
    plugins.push(thresholdPlugin(thresholds, { ...style, background: theme.background }));
  }
  if (hasData && spec.markers && spec.markers.length > 0) {
    const markers = spec.markers.map((m) => ({ ...m, color: m.color ?? theme.mutedText }));
    plugins.push(markerPlugin(markers, { labelCss: style.labelCss, lineWidth: style.lineWidth, background: theme.background }));
  }
  if (!hasData) {
    plugins.push(messagePlugin(spec.emptyMessage ?? DEFAULT_EMPTY_MESSAGE, { messageCss: style.messageCss, color: theme.mutedText }));
  }

  const xAxis = axisOptions(axis.rangeLabel, theme, style);
  const yAxis = axisOptions(spec.yLabel, theme, style);
  const yRange = paddedRange(lines, thresholds);
  const config: ChartConfiguration<'line', XY[]> = {
    type: 'line',
    data: { datasets: hasData ? datasets : [] },
    options: {
      parsing: false,
      normalized: true,
      locale: 'en-US',
      layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
      plugins: {
        ...headerOptions(spec, theme, style),
        legend: legendOptions(lines.length, theme, style, hasData),
      },
      scales: {
        x: {
          type: 'linear',
          min: spec.fromMs,
          max: toMs,
          ...xAxis,
          // Our ticks replace chart.js's "nice numbers", which are round in epoch ms, not in local time.
          afterBuildTicks: (scale) => {
            scale.ticks = axis.ticks.map((value) => ({ value }));
          },
          ticks: { ...xAxis.ticks, autoSkip: true, autoSkipPadding: 12, callback: (value) => axis.label(Number(value)) },
        },
        y: {
          type: 'linear',
          min: spec.yMin,
          max: spec.yMax,
          suggestedMin: yRange?.low,
          suggestedMax: yRange?.high,
          ...yAxis,
          ticks: { ...yAxis.ticks, maxTicksLimit: 7, display: hasData },
        },
      },
    },
    plugins,
  };
  return renderChartPng(config, { width, height });
}

/** The series' points inside the range, with long silences turned into gaps, decimated to `plotWidth` buckets. */
function pointsToPlot(series: TimeSeries, fromMs: number, toMs: number, plotWidth: number | null): readonly SeriesPoint[] {
  let points: readonly SeriesPoint[] = series.points;
  if (!isInTimeOrder(points)) points = [...points].sort((a, b) => a.ts - b.ts);
  points = points.filter((point) => point.ts >= fromMs && point.ts <= toMs && (point.avg === null || Number.isFinite(point.avg)));
  const interval = typicalIntervalMs(points);
  if (interval !== null && interval > 0) points = breakLongGaps(points, GAP_INTERVALS * interval);
  return plotWidth === null ? points : downsampleMinMax(points, plotWidth);
}

/**
 * The values' range plus 5 % each side, so a line does not run along the frame. Thresholds count as values: the
 * owner wants to see how far 55 °C is from the 70 °C warning. Never below zero for data that never is (hashrate,
 * power), where a "-500 GH/s" tick would look like a bug.
 */
function paddedRange(
  lines: ReadonlyArray<{ series: TimeSeries; points: readonly SeriesPoint[] }>,
  thresholds: readonly ResolvedThreshold[],
): { low: number; high: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const { series, points } of lines) {
    for (const point of points) {
      if (point.avg === null) continue;
      min = Math.min(min, point.avg, series.band === true ? (point.min ?? point.avg) : point.avg);
      max = Math.max(max, point.avg, series.band === true ? (point.max ?? point.avg) : point.avg);
    }
  }
  for (const threshold of thresholds) {
    min = Math.min(min, threshold.value);
    max = Math.max(max, threshold.value);
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  const pad = 0.05 * (max - min || Math.abs(max) || 1);
  return { low: min >= 0 ? Math.max(0, min - pad) : min - pad, high: max + pad };
}

function isInTimeOrder(points: readonly SeriesPoint[]): boolean {
  for (let i = 1; i < points.length; i++) {
    if ((points[i]?.ts ?? 0) < (points[i - 1]?.ts ?? 0)) return false;
  }
  return true;
}

function bandEdge(data: XY[], isUpper: boolean, color: string, theme: ChartTheme): ChartDataset<'line', XY[]> {
  return {
    label: '',
    data,
    borderWidth: 0,
    pointRadius: 0,
    spanGaps: false,
    order: 2,
    backgroundColor: withAlpha(color, theme.bandAlpha),
    // The upper edge fills down to the lower edge, the dataset just before it.
    fill: isUpper ? '-1' : false,
  };
}

function legendOptions(lineCount: number, theme: ChartTheme, style: ChartStyle, hasData: boolean) {
  return {
    display: hasData && lineCount > 1,
    position: 'top' as const,
    labels: {
      color: theme.text,
      font: style.legendFont,
      boxWidth: Math.round(44 * style.scale),
      boxHeight: Math.max(2, Math.round(4 * style.scale)),
      padding: Math.round(18 * style.scale),
      // Band edges are drawing aids, not series the owner needs a key for.
      filter: (item: LegendItem) => (item.datasetIndex ?? 0) < lineCount,
      // Keep the order the series were given in, not the drawing order.
      sort: (a: LegendItem, b: LegendItem) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
    },
  };
}

/**
 * A threshold line's colour never repeats a series' colour in the same chart (a dashed orange line would read as the
 * VR series): each takes its theme default, or the first spare colour that no series and no other threshold uses.
 */
export function resolveThresholdColours(
  thresholds: ReadonlyArray<{ value: number; label: string; color?: string }>,
  seriesColours: readonly string[],
  theme: ChartTheme,
): ResolvedThreshold[] {
  const taken = new Set(seriesColours.map((c) => c.toLowerCase()));
  return thresholds.map((threshold, index) => {
    const preferred = threshold.color ?? theme.thresholds[Math.min(index, theme.thresholds.length - 1)] ?? theme.text;
    const color = [preferred, ...theme.spareThresholds].find((c) => !taken.has(c.toLowerCase())) ?? preferred;
    taken.add(color.toLowerCase());
    return { ...threshold, color };
  });
}
