/**
 * What a chart shows, as plain data. Commands build these from store rows; the renderers never read the database.
 */

export type ChartThemeName = 'light' | 'dark';

/**
 * One reading, or one rollup row. `avg` is what the line follows; `min`/`max` (rollup rows carry them) bound the
 * shaded band. `avg: null` is a gap: the miner was offline or sent no reading, and the line must break there.
 */
export interface SeriesPoint {
  ts: number;
  avg: number | null;
  min?: number | null;
  max?: number | null;
}

export interface TimeSeries {
  /** Legend text, e.g. "Hashrate" or "Expected". */
  label: string;
  /** Points in time order. */
  points: SeriesPoint[];
  /** CSS colour; the theme's next series colour when absent. */
  color?: string;
  /** Drawn dashed: used for the expected hashrate of the configured frequency. */
  dashed?: boolean;
  /** Shade between each point's min and max (rollup rows), behind the line. */
  band?: boolean;
}

/** A labelled horizontal line, e.g. 70 °C warning and 75 °C critical on a chip temperature chart. */
export interface ChartThreshold {
  value: number;
  label: string;
  color?: string;
}

/** A labelled instant, drawn as a vertical line: e.g. an autopilot change "625→600". */
export interface ChartMarker {
  ts: number;
  label: string;
  color?: string;
}

export interface TimeChartSpec {
  title: string;
  subtitle?: string;
  /** Axis title with its unit, e.g. "Hashrate (GH/s)". */
  yLabel: string;
  fromMs: number;
  toMs: number;
  /** IANA zone the owner lives in (config `timezone`): the time axis shows local wall-clock times. */
  timezone: string;
  theme: ChartThemeName;
  /** Pixels; 1000 × 500 reads well on a phone in Telegram and Discord. */
  width?: number;
  height?: number;
  series: TimeSeries[];
  thresholds?: ChartThreshold[];
  markers?: ChartMarker[];
  yMin?: number;
  yMax?: number;
  /** Shown instead of lines when no series has a reading in the range. */
  emptyMessage?: string;
}

/** One benchmark result: a frequency/voltage point that was measured. */
export interface ScatterPoint {
  /** Efficiency in J/TH (lower is better). */
  x: number;
  /** Hashrate in GH/s (higher is better). */
  y: number;
  /** E.g. "525 MHz / 1150 mV"; printed next to points on the Pareto front. */
  label?: string;
  /** False when the point failed its limits (too hot, unstable, errors); drawn as a grey cross. */
  passed: boolean;
}

export interface ScatterChartSpec {
  title: string;
  subtitle?: string;
  /** Defaults to "Efficiency (J/TH)". */
  xLabel?: string;
  /** Defaults to "Hashrate (GH/s)". */
  yLabel?: string;
  theme: ChartThemeName;
  width?: number;
  height?: number;
  points: ScatterPoint[];
  /** The Pareto front of the passing points; computed with `paretoFront` when absent. */
  front?: ScatterPoint[];
  /** The benchmark's pick: marked on its own and labelled with its own settings. */
  pick?: ScatterPoint;
  emptyMessage?: string;
}

export const DEFAULT_CHART_WIDTH = 1000;
export const DEFAULT_CHART_HEIGHT = 500;
export const DEFAULT_EMPTY_MESSAGE = 'No data for this range yet';
