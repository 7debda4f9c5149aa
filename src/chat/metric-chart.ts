import type { Config } from '../config/schema.js';
import type { SeriesPoint as StorePoint, Stat } from '../store/buckets.js';
import type { Store } from '../store/store.js';
import type { ChartThreshold, SeriesPoint, TimeChartSpec, TimeSeries } from '../charts/spec.js';

/** What an owner can chart; the words are the ones `/chart` accepts. */
export const CHART_METRICS = ['hashrate', 'temp', 'power', 'efficiency', 'fan'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

export interface ChartedMiner {
  name: string;
  minerId: number | null;
}

const fromStat = (ts: number, stat: Stat): SeriesPoint => ({ ts, avg: stat.avg, min: stat.min, max: stat.max });
const fromValue = (ts: number, value: number | null): SeriesPoint => ({ ts, avg: value });

/** J/TH per point from the averages; no reading when the miner was not hashing. */
function efficiencyPoint(p: StorePoint): SeriesPoint {
  const hashrate = p.hashrateGhs.avg;
  const power = p.powerW.avg;
  return fromValue(p.ts, hashrate && hashrate > 0 && power !== null ? power / (hashrate / 1000) : null);
}

function seriesForOneMiner(metric: ChartMetric, points: StorePoint[]): TimeSeries[] {
  switch (metric) {
    case 'hashrate':
      return [
        { label: 'Hashrate', points: points.map((p) => fromStat(p.ts, p.hashrateGhs)), band: true },
        { label: 'Expected', points: points.map((p) => fromValue(p.ts, p.expectedHashrateGhs)), dashed: true },
      ];
    case 'temp':
      return [
        { label: 'Chip', points: points.map((p) => fromStat(p.ts, p.chipTempC)), band: true },
        { label: 'VR', points: points.map((p) => fromStat(p.ts, p.vrTempC)), band: true },
      ];
    case 'power':
      return [{ label: 'Power', points: points.map((p) => fromStat(p.ts, p.powerW)), band: true }];
    case 'efficiency':
      return [{ label: 'Efficiency', points: points.map(efficiencyPoint) }];
    case 'fan':
      return [{ label: 'Fan', points: points.map((p) => fromValue(p.ts, p.fanPct)) }];
  }
}

function fleetSeries(metric: ChartMetric, perMiner: Array<{ name: string; points: StorePoint[] }>): TimeSeries[] {
  return perMiner.map(({ name, points }) => {
    const [first] = seriesForOneMiner(metric, points);
    return { label: name, points: first?.points ?? [] };
  });
}

const Y_LABELS: Record<ChartMetric, string> = {
  hashrate: 'Hashrate (GH/s)',
  temp: 'Temperature (°C)',
  power: 'Power (W)',
  efficiency: 'Efficiency (J/TH)',
  fan: 'Fan (%)',
};

const TITLES: Record<ChartMetric, string> = {
  hashrate: 'hashrate',
  temp: 'temperatures',
  power: 'power',
  efficiency: 'efficiency',
  fan: 'fan',
};

function thresholds(metric: ChartMetric, limits: Config['limits']): ChartThreshold[] {
  if (metric !== 'temp') return [];
  return [
    { value: limits.chipTempWarnC, label: `chip warning ${limits.chipTempWarnC} °C`, color: '#e69f00' },
    { value: limits.chipTempCritC, label: `chip critical ${limits.chipTempCritC} °C`, color: '#d55e00' },
  ];
}

/**
 * Builds a chart of one miner, or of several (the fleet: one line per miner), over a range ending now. The store picks
 * the resolution (raw, minute or hour rollups) that keeps the chart fast; the renderer downsamples to the pixels.
 */
export function buildMetricChart(input: {
  store: Store;
  config: Config;
  metric: ChartMetric;
  miners: ChartedMiner[];
  fleet: boolean;
  rangeLabel: string;
  fromMs: number;
  toMs: number;
}): TimeChartSpec {
  const { store, config, metric, fromMs, toMs } = input;
  const perMiner = input.miners.map((m) => ({
    name: m.name,
    points: m.minerId === null ? [] : store.series.readSeries({ minerId: m.minerId, fromMs, toMs }).points,
  }));
  const only = perMiner[0];
  const series = input.fleet || !only ? fleetSeries(metric, perMiner) : seriesForOneMiner(metric, only.points);
  const who = input.fleet ? 'Fleet' : (only?.name ?? '?');
  return {
    title: `${who} ${TITLES[metric]}, last ${input.rangeLabel}`,
    yLabel: Y_LABELS[metric],
    fromMs,
    toMs,
    timezone: config.timezone,
    theme: config.chat.theme,
    series,
    thresholds: thresholds(metric, config.limits),
    ...(metric === 'fan' ? { yMin: 0, yMax: 100 } : {}),
  };
}
