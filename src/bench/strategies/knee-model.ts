/**
 * The two models smart search leans on, both fitted to this run's own measurements:
 *
 * - the knee line: the lowest stable core voltage rises about linearly with frequency (Vmin(f); community V/F
 *   calculators use the same line, e.g. xr1140's V ≈ 0.58·f + 717 mV for the BM1370);
 * - CMOS power: P = idle + k_dyn·V²·f + k_static·V, linear in its three coefficients, so least squares fits it.
 *
 * Together they predict the J/TH each frequency would reach at its knee, which tells the search where to look next and
 * which frequencies cannot beat the best so far. Every prediction is checked by a measurement before it counts.
 */
import type { OperatingPoint } from '../types.js';

export interface Knee {
  frequencyMhz: number;
  /** The lowest voltage found stable at this frequency (to the search's resolution). */
  voltageMv: number;
  /** The voltage floor itself was stable: the real knee lies at or below it. */
  atFloor: boolean;
}

/** Used until two knees are known: a typical slope of the knee line (0.6–1.0 mV/MHz across BM13xx chips). */
export const PRIOR_KNEE_SLOPE_MV_PER_MHZ = 0.75;

export type KneeLine = (frequencyMhz: number) => number;

export function fitKneeLine(knees: readonly Knee[]): KneeLine | null {
  const real = knees.filter((k) => !k.atFloor);
  const frequencies = new Set(real.map((k) => k.frequencyMhz));
  if (real.length >= 2 && frequencies.size >= 2) {
    const n = real.length;
    const mf = real.reduce((s, k) => s + k.frequencyMhz, 0) / n;
    const mv = real.reduce((s, k) => s + k.voltageMv, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const k of real) {
      sxy += (k.frequencyMhz - mf) * (k.voltageMv - mv);
      sxx += (k.frequencyMhz - mf) ** 2;
    }
    // A flat or falling fit is noise from knees close together: the physics says the line rises.
    const slope = sxy / sxx > 0 ? sxy / sxx : PRIOR_KNEE_SLOPE_MV_PER_MHZ;
    return (f) => mv + slope * (f - mf);
  }
  // One real knee, or only floors (whose knee is somewhere below): a line through the highest with the prior slope.
  const anchor = (real.length > 0 ? real : [...knees]).sort((a, b) => b.frequencyMhz - a.frequencyMhz)[0];
  if (!anchor) return null;
  return (f) => anchor.voltageMv + PRIOR_KNEE_SLOPE_MV_PER_MHZ * (f - anchor.frequencyMhz);
}

export interface PowerSample {
  point: OperatingPoint;
  powerW: number;
}

export type PowerModel = (point: OperatingPoint) => number;

/** Solves a small dense linear system by Gaussian elimination with partial pivoting; null when singular. */
function solve(matrix: number[][], vector: number[]): number[] | null {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = row;
    const pivotRow = a[pivot];
    const colRow = a[col];
    if (!pivotRow || !colRow || Math.abs(pivotRow[col] ?? 0) < 1e-12) return null;
    a[pivot] = colRow;
    a[col] = pivotRow;
    for (let row = 0; row < n; row++) {
      const target = a[row];
      if (row === col || !target) continue;
      const factor = (target[col] ?? 0) / (pivotRow[col] ?? 1);
      for (let k = col; k <= n; k++) target[k] = (target[k] ?? 0) - factor * (pivotRow[k] ?? 0);
    }
  }
  return a.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

function leastSquares(rows: number[][], targets: number[]): number[] | null {
  const width = rows[0]?.length ?? 0;
  const normal = Array.from({ length: width }, (_, i) => Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + (r[i] ?? 0) * (r[j] ?? 0), 0)));
  const rhs = Array.from({ length: width }, (_, i) => rows.reduce((s, r, k) => s + (r[i] ?? 0) * (targets[k] ?? 0), 0));
  return solve(normal, rhs);
}

const volts = (p: OperatingPoint): number => p.coreVoltageMv / 1000;

/**
 * Fits P = idle + k_dyn·V²·f + k_static·V; falls back to idle + k_dyn·V²·f, then to scaling the nearest measured
 * point by V²·f, when the points do not pin three coefficients down (too few, or all on one line).
 */
export function fitPowerModel(samples: readonly PowerSample[]): PowerModel | null {
  if (samples.length === 0) return null;
  const distinct = new Set(samples.map((s) => `${s.point.frequencyMhz}/${s.point.coreVoltageMv}`)).size;
  const targets = samples.map((s) => s.powerW);
  if (distinct >= 4) {
    const c = leastSquares(samples.map((s) => [1, volts(s.point) ** 2 * s.point.frequencyMhz, volts(s.point)]), targets);
    if (c && c.every((x) => x >= 0)) {
      const [idle = 0, dynamic = 0, staticPerV = 0] = c;
      return (p) => idle + dynamic * volts(p) ** 2 * p.frequencyMhz + staticPerV * volts(p);
    }
  }
  if (distinct >= 2) {
    const c = leastSquares(samples.map((s) => [1, volts(s.point) ** 2 * s.point.frequencyMhz]), targets);
    if (c && c.every((x) => x >= 0)) {
      const [idle = 0, dynamic = 0] = c;
      return (p) => idle + dynamic * volts(p) ** 2 * p.frequencyMhz;
    }
  }
  return (p) => {
    const load = volts(p) ** 2 * p.frequencyMhz;
    const nearest = [...samples].sort(
      (a, b) => Math.abs(volts(a.point) ** 2 * a.point.frequencyMhz - load) - Math.abs(volts(b.point) ** 2 * b.point.frequencyMhz - load),
    )[0];
    if (!nearest) return Number.NaN;
    return nearest.powerW * (load / (volts(nearest.point) ** 2 * nearest.point.frequencyMhz));
  };
}
