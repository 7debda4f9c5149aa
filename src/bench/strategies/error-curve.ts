/**
 * Each device's own error curve, estimated from this run's probes. Below the knee the ASIC error rate climbs from the
 * silicon's floor along a logistic in the voltage deficit; how many mV make it climb by a factor e (its width) varies
 * from chip to chip (6–20 mV: owners' published curves). So the distance from a measured point to the owner's error
 * gate is read off that device's own curve, not a margin fixed for every chip:
 *
 *   logit(excess / 100) = a(f) − V / width, excess = errors − floor,
 *
 * with one width per device and one intercept per frequency, fitted by least squares over every probe whose excess is
 * measured well enough to say something. Without an error counter (NerdQAxe, ESP-Miner before 2.11) the errors are
 * the hashrate those lost nonces cost, 100 × (1 − hashrate / expected): much noisier, so only clearly short probes count.
 */
import type { Measurement, PointResult } from '../types.js';

/** The widths the search assumes before it has measured its own: the sharpest and the softest chips known. */
export const PRIOR_WIDTH_MV = { sharpest: 6, softest: 20 } as const;

export interface ErrorReading {
  /** Errors in % of nonces, measured or (no error counter) taken from the missing hashrate. */
  pct: number;
  /** The 95 % interval's half width. */
  halfWidth: number;
  /** From the error counter (precise) or from the hashrate (noisy). */
  counted: boolean;
}

/**
 * A hashrate mean over less than this says nothing about errors: the reading is ±5 % and correlated over tens of
 * seconds (nonce luck on ≤ 2.10), and a short series underestimates its own spread.
 */
export const HASHRATE_MIN_MEASURE_MS = 30_000;

export function errorReading(measurement: Measurement | null): ErrorReading | null {
  if (!measurement) return null;
  if (measurement.errorPct) return { pct: measurement.errorPct.mean, halfWidth: measurement.errorPct.halfWidth, counted: true };
  const ratio = measurement.hashrateRatio;
  if (!Number.isFinite(ratio.mean) || measurement.measureMs < HASHRATE_MIN_MEASURE_MS) return null;
  return { pct: Math.max(0, 100 * (1 - ratio.mean)), halfWidth: 100 * ratio.halfWidth, counted: false };
}

export interface ErrorCurve {
  floorPct: number;
  /** The fitted width (mV per e-fold of the excess), or null while the probes do not pin it down. */
  widthMv: number | null;
  /** Per frequency with an informative probe: the voltage where the excess would be 50 % (the logit's zero). */
  centerMvByFrequency: ReadonlyMap<number, number>;
}

const logit = (share: number): number => Math.log(share / (1 - share));

/**
 * Only excesses between these (in %) and measured within ±60 % of themselves inform the fit. Errors read from the
 * hashrate count only from 8 %: a short mean of a hashrate that is ±5 % per reading says nothing finer.
 */
const INFORMATIVE_EXCESS_PCT: readonly [number, number] = [0.05, 60];
export const HASHRATE_INFORMATIVE_FROM_PCT = 8;
const MAX_RELATIVE_HALF_WIDTH = 0.6;
/** A fit outside this range is noise, not silicon. */
const PLAUSIBLE_WIDTH_MV: readonly [number, number] = [3, 40];

export function fitErrorCurve(results: readonly PointResult[]): ErrorCurve {
  const readings = results.flatMap((r) => {
    const e = r.verdict === 'refused' ? null : errorReading(r.measurement);
    return e ? [{ f: r.point.frequencyMhz, v: r.point.coreVoltageMv, e }] : [];
  });
  // A little under the lowest error counted, so that every excess stays positive despite reading noise (the floor of
  // a firmware without a counter is invisible in its hashrate: none).
  const counted = readings.filter((r) => r.e.counted).map((r) => r.e.pct);
  const floorPct = counted.length > 0 ? 0.9 * Math.min(...counted) : 0;
  const byFrequency = new Map<number, Array<{ v: number; y: number; weight: number }>>();
  for (const r of readings) {
    const excess = r.e.pct - floorPct;
    if (excess < INFORMATIVE_EXCESS_PCT[0] || excess > INFORMATIVE_EXCESS_PCT[1]) continue;
    if (!r.e.counted && excess < HASHRATE_INFORMATIVE_FROM_PCT) continue;
    if (r.e.halfWidth > MAX_RELATIVE_HALF_WIDTH * excess) continue;
    // The logit's own uncertainty is the relative one: a tight reading counts more.
    const relative = Math.max(0.02, r.e.halfWidth / excess);
    const list = byFrequency.get(r.f) ?? [];
    list.push({ v: r.v, y: logit(excess / 100), weight: 1 / relative ** 2 });
    byFrequency.set(r.f, list);
  }
  let sxy = 0;
  let sxx = 0;
  for (const list of byFrequency.values()) {
    if (new Set(list.map((p) => p.v)).size < 2) continue;
    const total = list.reduce((s, p) => s + p.weight, 0);
    const mv = list.reduce((s, p) => s + p.weight * p.v, 0) / total;
    const my = list.reduce((s, p) => s + p.weight * p.y, 0) / total;
    for (const p of list) {
      sxy += p.weight * (p.v - mv) * (p.y - my);
      sxx += p.weight * (p.v - mv) ** 2;
    }
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const fitted = slope < 0 ? -1 / slope : null;
  const widthMv = fitted !== null && fitted >= PLAUSIBLE_WIDTH_MV[0] && fitted <= PLAUSIBLE_WIDTH_MV[1] ? fitted : null;
  // y = (center − V) / width at each frequency: its weighted mean of y·width + V.
  const centerMvByFrequency = new Map<number, number>();
  if (widthMv !== null) {
    for (const [f, list] of byFrequency) {
      const total = list.reduce((s, p) => s + p.weight, 0);
      centerMvByFrequency.set(f, list.reduce((s, p) => s + p.weight * (p.y * widthMv + p.v), 0) / total);
    }
  }
  return { floorPct, widthMv, centerMvByFrequency };
}

/** Where this frequency's errors cross the gate on the fitted curve, or null without a fit there. */
export function gateCrossingMv(curve: ErrorCurve, frequencyMhz: number, gatePct: number): number | null {
  const center = curve.centerMvByFrequency.get(frequencyMhz);
  const gateExcess = gatePct - curve.floorPct;
  if (center === undefined || curve.widthMv === null || !(gateExcess > 0)) return null;
  return center - curve.widthMv * logit(gateExcess / 100);
}

/**
 * How many mV above the gate's crossing a point with these errors sits (negative: below it, failing). `width` is the
 * curve's width to reckon with: the caller passes the cautious one for the direction it is about to move in.
 */
export function headroomMv(errorPct: number, gatePct: number, floorPct: number, widthMv: number): number {
  const gateExcess = gatePct - floorPct;
  if (!(gateExcess > 0)) return 0;
  // Right at the floor the excess is noise: count it as a hundredth of the gate's, far above (but not infinitely).
  const excess = Math.min(100 - floorPct - 1e-6, Math.max(gateExcess / 100, errorPct - floorPct));
  return widthMv * (logit(gateExcess / 100) - logit(excess / 100));
}
