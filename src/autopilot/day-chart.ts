/**
 * One miner's day as the autopilot sees it: chip and VR temperature and the fan on one 0–100 scale, the owner's
 * limits as lines, and every change the autopilot made as a marked instant ("625→600").
 */
import type { ChartMarker, ChartThreshold, TimeChartSpec } from '../charts/spec.js';
import type { Store } from '../store/store.js';
import type { DecisionRecord } from './repository.js';
import type { AutopilotLimits } from './types.js';

const MARKED: ReadonlySet<string> = new Set(['up', 'down', 'start', 'recover', 'restart', 'pause', 'resume']);
const mhz = (v: number | null): string => (v === null ? '?' : String(Math.round(v * 100) / 100));

export function markerOf(decision: DecisionRecord): ChartMarker | null {
  if (!MARKED.has(decision.kind)) return null;
  if (decision.kind === 'restart') return { ts: decision.ts, label: 'restart', color: '#d55e00' };
  if (decision.kind === 'pause' || decision.kind === 'resume') return { ts: decision.ts, label: decision.kind, color: '#999999' };
  if (decision.kind === 'start' || decision.kind === 'recover') return { ts: decision.ts, label: `${decision.kind} ${mhz(decision.toMhz)}`, color: '#0072b2' };
  const color = decision.kind === 'up' ? '#009e73' : '#d55e00';
  return { ts: decision.ts, label: `${mhz(decision.fromMhz)}→${mhz(decision.toMhz)}`, color };
}

export function autopilotDayChart(input: {
  store: Store;
  miner: { name: string; minerId: number | null };
  limits: AutopilotLimits;
  decisions: readonly DecisionRecord[];
  fromMs: number;
  toMs: number;
  timezone: string;
  theme: 'light' | 'dark';
}): TimeChartSpec {
  const { store, miner, limits } = input;
  const points = miner.minerId === null ? [] : store.series.readSeries({ minerId: miner.minerId, fromMs: input.fromMs, toMs: input.toMs }).points;
  const thresholds: ChartThreshold[] = [
    { value: limits.chipTargetC, label: `chip target ${limits.chipTargetC} °C`, color: '#e69f00' },
    { value: limits.vrMaxC, label: `VR max ${limits.vrMaxC} °C`, color: '#cc79a7' },
  ];
  if (limits.fanMaxPct < 100) thresholds.push({ value: limits.fanMaxPct, label: `fan cap ${limits.fanMaxPct} %`, color: '#56b4e9' });
  const changes = input.decisions.filter((d) => d.ts >= input.fromMs && d.ts <= input.toMs);
  return {
    title: `${miner.name}: the autopilot's day`,
    subtitle: `${changes.filter((d) => d.kind === 'up' || d.kind === 'down').length} changes marked; lines are the limits it keeps`,
    yLabel: '°C / fan %',
    fromMs: input.fromMs,
    toMs: input.toMs,
    timezone: input.timezone,
    theme: input.theme,
    series: [
      { label: 'Chip °C', points: points.map((p) => ({ ts: p.ts, avg: p.chipTempC.avg, min: p.chipTempC.min, max: p.chipTempC.max })), band: true },
      { label: 'VR °C', points: points.map((p) => ({ ts: p.ts, avg: p.vrTempC.avg })) },
      { label: 'Fan %', points: points.map((p) => ({ ts: p.ts, avg: p.fanPct })) },
    ],
    thresholds,
    markers: changes.flatMap((d) => markerOf(d) ?? []),
    yMin: 0,
    yMax: 100,
  };
}
