import type { SeriesPoint } from './spec.js';

/**
 * A simulated day of one miner's readings, deterministic for a given seed: reported hashrate wandering around the
 * expected value (AxeOS reports a short moving average, so a few % of noise), chip temperature following it, one
 * pool outage where hashrate drops to zero, and one stretch offline (no rows). For benchmarks, tests and the README
 * example chart; nothing in production reads it.
 */
export interface SimulatedDay {
  hashrateGhs: SeriesPoint[];
  expectedGhs: SeriesPoint[];
  chipTempC: SeriesPoint[];
}

export interface SimulatedDayOptions {
  fromMs: number;
  /** Default 24 h. */
  durationMs?: number;
  /** Default 5 s, the collector's default poll interval. */
  intervalMs?: number;
  /** Default 1200 GH/s, a Bitaxe Gamma at stock settings. */
  expectedGhs?: number;
  seed?: number;
  /** Leave out the offline stretch (default true). */
  offline?: boolean;
}

export function simulatedDay(options: SimulatedDayOptions): SimulatedDay {
  const duration = options.durationMs ?? 24 * 3_600_000;
  const interval = options.intervalMs ?? 5_000;
  const expected = options.expectedGhs ?? 1200;
  const random = mulberry32(options.seed ?? 42);
  const count = Math.floor(duration / interval);
  const outageStart = Math.floor(count * 0.38);
  const outageEnd = outageStart + Math.round(1_200_000 / interval);
  const offlineStart = Math.floor(count * 0.71);
  const offlineEnd = offlineStart + Math.round(2_400_000 / interval);

  const hashrateGhs: SeriesPoint[] = [];
  const chipTempC: SeriesPoint[] = [];
  let drift = 0;
  let wobble = 0;
  let temp = 58;
  for (let i = 0; i < count; i++) {
    const ts = options.fromMs + i * interval;
    if (options.offline !== false && i >= offlineStart && i < offlineEnd) continue;
    // Slow drift (share luck over tens of minutes) plus a faster wobble and a little sample noise.
    drift = drift * 0.999 + (random() - 0.5) * expected * 0.002;
    wobble = wobble * 0.97 + (random() - 0.5) * expected * 0.006;
    const inOutage = i >= outageStart && i < outageEnd;
    const noise = (random() - 0.5) * expected * 0.01;
    const hashrate = inOutage ? 0 : Math.max(0, expected * 0.985 + drift + wobble + noise);
    const dayWarmth = 3 * Math.sin((2 * Math.PI * i) / count - Math.PI / 2);
    const targetTemp = inOutage ? 50 : 58 + dayWarmth + hashrate / expected - 1;
    temp += (targetTemp - temp) * 0.02 + (random() - 0.5) * 0.3;
    hashrateGhs.push({ ts, avg: Math.round(hashrate * 10) / 10 });
    chipTempC.push({ ts, avg: Math.round(temp * 100) / 100 });
  }
  const expectedGhs: SeriesPoint[] = [
    { ts: options.fromMs, avg: expected },
    { ts: options.fromMs + duration, avg: expected },
  ];
  return { hashrateGhs, expectedGhs, chipTempC };
}

/** A tiny seeded PRNG (public-domain mulberry32), so every run draws the same "random" day. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
