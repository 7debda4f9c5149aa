/**
 * The statistics a benchmark point needs: means with honest 95 % confidence intervals for autocorrelated readings,
 * trimmed means (the classic sweep's), and the slope of a reading over time (adaptive settling).
 *
 * Consecutive miner readings are not independent: the firmware's hashrate is a counter window over a few seconds and
 * its noise wanders for tens of seconds, so a plain Student-t interval on n readings is far too narrow. With enough
 * readings we use batch means (readings grouped into batches longer than the correlation, the batch means treated as
 * independent); with few, an AR(1) effective sample size n·(1−ρ)/(1+ρ) from the lag-1 autocorrelation ρ.
 */

export interface Estimate {
  mean: number;
  /** Half-width of the 95 % confidence interval; Infinity when there is too little data to say. */
  halfWidth: number;
  low: number;
  high: number;
  /** Readings behind it. */
  n: number;
}

/** Two-sided 95 % Student-t quantiles (t at 0.975) by degrees of freedom. */
const T_975: ReadonlyArray<readonly [number, number]> = [
  [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365], [8, 2.306], [9, 2.262],
  [10, 2.228], [12, 2.179], [15, 2.131], [20, 2.086], [25, 2.06], [30, 2.042], [40, 2.021], [60, 2.0], [120, 1.98],
];
const Z_975 = 1.96;

/** t(0.975, dof) for any dof ≥ 1 (fractional dof from an effective sample size is interpolated in 1/dof). */
export function tQuantile975(dof: number): number {
  if (!(dof >= 1)) return Infinity;
  let previous = T_975[0];
  for (const entry of T_975) {
    if (dof === entry[0]) return entry[1];
    if (dof < entry[0] && previous) {
      const [d0, t0] = previous;
      const [d1, t1] = entry;
      const share = (1 / d0 - 1 / dof) / (1 / d0 - 1 / d1);
      return t0 + share * (t1 - t0);
    }
    previous = entry;
  }
  // Beyond 120 the quantile moves linearly in 1/dof towards the normal's.
  const last = T_975[T_975.length - 1];
  if (!last) return Z_975;
  return Z_975 + (last[1] - Z_975) * (last[0] / dof);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample variance (n − 1). */
export function variance(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return sum / (values.length - 1);
}

/**
 * Lag-1 autocorrelation, corrected for the downward bias of short series (Marriott & Pope: E[r] ≈ ρ − (1 + 4ρ)/n)
 * and clamped to [0, 0.95]: negative estimates from short series are noise, not anti-correlation.
 */
export function lag1Autocorrelation(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  const m = mean(values);
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] ?? m) - m;
    denominator += d * d;
    if (i > 0) numerator += d * ((values[i - 1] ?? m) - m);
  }
  if (denominator === 0) return 0;
  const raw = numerator / denominator;
  const corrected = (raw * n + 1) / (n - 4);
  return Math.min(0.95, Math.max(0, n > 4 ? corrected : raw));
}

function estimate(m: number, halfWidth: number, n: number): Estimate {
  return { mean: m, halfWidth, low: m - halfWidth, high: m + halfWidth, n };
}

/** Fewer batches than this and the batch means' own variance is too uncertain; the AR(1) route is used instead. */
const MIN_BATCHES = 5;
const MAX_BATCHES = 20;

/**
 * Mean of time-ordered readings with a 95 % confidence interval that accounts for their autocorrelation: batch means
 * when there are enough readings for ≥ 5 batches each longer than the correlation, an AR(1) effective sample size
 * otherwise.
 */
export function meanWithInterval(values: readonly number[]): Estimate {
  const n = values.length;
  const m = mean(values);
  if (n === 0) return estimate(Number.NaN, Infinity, 0);
  if (n === 1) return estimate(m, Infinity, 1);
  const rho = lag1Autocorrelation(values);
  // Integrated autocorrelation time of an AR(1) series, in readings: batches three times this long are close to
  // independent (twice covered the mean only ~91 % of the time in simulation).
  const correlationReadings = (1 + rho) / (1 - rho);
  const batchSize = rho === 0 ? 1 : Math.max(2, Math.ceil(3 * correlationReadings));
  const batches = Math.min(MAX_BATCHES, Math.floor(n / batchSize));
  if (batches >= MIN_BATCHES) return batchMeans(values, batches);
  const s2 = variance(values);
  const effectiveN = Math.max(1, (n * (1 - rho)) / (1 + rho));
  if (s2 === 0) return estimate(m, 0, n);
  const halfWidth = tQuantile975(effectiveN - 1) * Math.sqrt(s2 / effectiveN);
  return estimate(m, halfWidth, n);
}

/** Batch means with `batches` equal batches (the first readings that do not fill a batch are dropped, oldest first). */
export function batchMeans(values: readonly number[], batches: number): Estimate {
  const size = Math.floor(values.length / batches);
  const offset = values.length - size * batches;
  const means: number[] = [];
  for (let b = 0; b < batches; b++) means.push(mean(values.slice(offset + b * size, offset + (b + 1) * size)));
  const m = mean(means);
  const s2 = variance(means);
  const halfWidth = s2 === 0 ? 0 : tQuantile975(batches - 1) * Math.sqrt(s2 / batches);
  return estimate(m, halfWidth, values.length);
}

/** Mean after dropping the `dropLowest` smallest and `dropHighest` largest values (by value, not by time). */
export function trimmedMean(values: readonly number[], dropLowest: number, dropHighest: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const kept = sorted.slice(dropLowest, Math.max(dropLowest, sorted.length - dropHighest));
  return kept.length > 0 ? mean(kept) : mean(sorted);
}

/** Least-squares slope of y over x (per unit of x); 0 with fewer than two distinct x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  if (points.length < 2) return 0;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/** The interval of a ratio a/b of two independent positive estimates (first-order error propagation). */
export function ratioEstimate(numerator: Estimate, denominator: Estimate): Estimate {
  const m = numerator.mean / denominator.mean;
  const relative = Math.hypot(numerator.halfWidth / numerator.mean, denominator.halfWidth / denominator.mean);
  return estimate(m, Math.abs(m) * relative, Math.min(numerator.n, denominator.n));
}

/** An exact value as an estimate (no uncertainty), e.g. an expected hashrate. */
export function exact(value: number, n = 1): Estimate {
  return estimate(value, 0, n);
}
