/**
 * The ladder: the validated points the autopilot moves between. From the miner's latest benchmark, the passing points
 * on the front of hashrate against power (which holds the whole hashrate-vs-J/TH Pareto front, plus the points that
 * draw less than the most efficient one, so efficiency mode can still step down). Never an invented frequency/voltage
 * pair, and only frequencies on the firmware's own grid: its options, or multiples of 6.25 MHz, the step ESP-Miner's
 * PLL ramps in (a 5 MHz step is a known PLL error, Hurllz/bitaxe-temp-monitor#1).
 */
import type { PointResult } from '../bench/types.js';
import { rungKey, type AutopilotMode, type Rung } from './types.js';

const GRID_MHZ = 6.25;

export function onFrequencyGrid(frequencyMhz: number, options: readonly number[]): boolean {
  if (options.some((o) => Math.abs(o - frequencyMhz) < 0.01)) return true;
  const steps = frequencyMhz / GRID_MHZ;
  return Math.abs(steps - Math.round(steps)) < 0.001;
}

/** Which of the passing voltages at one frequency becomes its rung. */
export type RungChoice = 'robust' | 'efficient';

/**
 * A hot chip needs a little more voltage than the benchmark's (Vmin rises with temperature), and firmware before 2.11
 * reports no error rate to notice it: hashrate and protect mode take, at each frequency, the lowest passing voltage
 * this far above the lowest one that passed (else the highest that passed).
 */
const ROBUST_MARGIN_MV = 20;
/**
 * Efficiency mode's best J/TH sits at the edge of stability: the lowest voltage that passed often runs at nearly the
 * error limit, and a few degrees warmer crosses it. It takes the best J/TH at least this far above that edge (where
 * one passed).
 */
const EFFICIENT_MARGIN_MV = 10;

/** A passing point and what the benchmark saw at its frequency. */
interface Measured extends Rung {
  /** Measured without an ASIC error counter (firmware before 2.11): the pass rests on a noisy hashrate alone. */
  blind: boolean;
}

/**
 * Without an error counter a pass is one noisy hashrate reading (±5 %) away from a fail: a point with 4 % errors can
 * pass. Such a point counts only with room around it at its frequency: at least the margin above every voltage that
 * failed below it, and no higher voltage that failed (a fail above a pass says the pass was luck).
 */
function trustedBlind(rung: Measured, failedMv: readonly number[]): boolean {
  if (!rung.blind) return true;
  return failedMv.every((v) => v < rung.coreVoltageMv - ROBUST_MARGIN_MV);
}

function failedVoltages(points: readonly PointResult[]): Map<number, number[]> {
  const failed = new Map<number, number[]>();
  for (const p of points) {
    if (p.verdict !== 'fail') continue;
    failed.set(p.point.frequencyMhz, [...(failed.get(p.point.frequencyMhz) ?? []), p.point.coreVoltageMv]);
  }
  return failed;
}

function measuredRungs(points: readonly PointResult[], options: { frequencyOptions: readonly number[]; source: string }): Rung[] {
  const byKey = new Map<string, Rung>();
  const failed = failedVoltages(points);
  for (const p of points) {
    const m = p.measurement;
    if (p.verdict !== 'pass' || !m || !onFrequencyGrid(p.point.frequencyMhz, options.frequencyOptions)) continue;
    const hashrate = m.effectiveHashrateGhs.mean;
    const power = m.powerW.mean;
    if (!Number.isFinite(hashrate) || !Number.isFinite(power) || hashrate <= 0) continue;
    const rung: Measured = {
      frequencyMhz: p.point.frequencyMhz, coreVoltageMv: p.point.coreVoltageMv, hashrateGhs: hashrate, powerW: power,
      efficiencyJth: power / (hashrate / 1000), chipTempC: m.chipTempC?.mean ?? null, source: options.source, blind: m.errorPct === null,
    };
    if (!trustedBlind(rung, failed.get(rung.frequencyMhz) ?? [])) continue;
    const { blind: _blind, ...plain } = rung;
    // The same point measured twice is one rung, judged by its worse measurement.
    const key = rungKey(plain);
    const seen = byKey.get(key);
    if (!seen || (plain.efficiencyJth ?? 0) > (seen.efficiencyJth ?? 0)) byKey.set(key, plain);
  }
  return [...byKey.values()];
}

function onePerFrequency(rungs: readonly Rung[], choice: RungChoice): Rung[] {
  const groups = new Map<number, Rung[]>();
  for (const rung of rungs) groups.set(rung.frequencyMhz, [...(groups.get(rung.frequencyMhz) ?? []), rung]);
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => a.coreVoltageMv - b.coreVoltageMv);
    const knee = sorted[0]?.coreVoltageMv ?? 0;
    if (choice === 'efficient') {
      const clear = sorted.filter((r) => r.coreVoltageMv >= knee + EFFICIENT_MARGIN_MV);
      return (clear.length > 0 ? clear : sorted).reduce((best, r) => ((r.efficiencyJth ?? Infinity) < (best.efficiencyJth ?? Infinity) ? r : best));
    }
    return sorted.find((r) => r.coreVoltageMv >= knee + ROBUST_MARGIN_MV) ?? (sorted[sorted.length - 1] as Rung);
  });
}

/** Rungs sorted by hashrate, lowest first; each draws more power and hashes more than the one below. */
export function ladderFromBenchmark(points: readonly PointResult[], options: { frequencyOptions: readonly number[]; source: string; choice?: RungChoice }): Rung[] {
  const candidates = onePerFrequency(measuredRungs(points, options), options.choice ?? 'robust');
  // Highest hashrate first; keep a point only when it draws less power than every point that hashes more.
  candidates.sort((a, b) => (b.hashrateGhs ?? 0) - (a.hashrateGhs ?? 0) || (a.powerW ?? 0) - (b.powerW ?? 0));
  const front: Rung[] = [];
  let lowestPower = Infinity;
  for (const rung of candidates) {
    const power = rung.powerW ?? Infinity;
    if (power < lowestPower) {
      front.push(rung);
      lowestPower = power;
    }
  }
  return front.reverse();
}

/**
 * Protect mode keeps the owner's own settings as the top rung; below it, the benchmark's rungs that run slower at no
 * more voltage, or without a benchmark the device's lower frequencies at the owner's voltage (a lower frequency at
 * the same voltage is always at least as stable).
 */
export function protectLadder(owner: { frequencyMhz: number; coreVoltageMv: number }, benchmark: readonly Rung[], frequencyOptions: readonly number[]): Rung[] {
  const top: Rung = {
    frequencyMhz: owner.frequencyMhz, coreVoltageMv: owner.coreVoltageMv, hashrateGhs: null, powerW: null,
    efficiencyJth: null, chipTempC: null, source: 'your settings',
  };
  let below = benchmark.filter((r) => r.frequencyMhz < owner.frequencyMhz - 0.01 && r.coreVoltageMv <= owner.coreVoltageMv);
  if (below.length === 0) {
    below = frequencyOptions
      .filter((f) => f < owner.frequencyMhz - 0.01)
      .map((f) => ({ ...top, frequencyMhz: f, source: 'the device\'s own options' }));
  }
  return [...below, top];
}

/** The rung a mode aims for when every limit has room: the top for hashrate and protect, the best J/TH for efficiency. */
export function ceilingIndex(ladder: readonly Rung[], mode: AutopilotMode): number {
  if (ladder.length === 0) return -1;
  if (mode !== 'efficiency') return ladder.length - 1;
  let best = 0;
  ladder.forEach((rung, i) => {
    if ((rung.efficiencyJth ?? Infinity) < (ladder[best]?.efficiencyJth ?? Infinity)) best = i;
  });
  return best;
}

/** The rung the miner runs now, or the highest one at or below its frequency (where the autopilot starts from). */
export function nearestRungIndex(ladder: readonly Rung[], settings: { frequencyMhz: number | null; coreVoltageMv: number | null }): number {
  if (ladder.length === 0) return -1;
  const f = settings.frequencyMhz;
  const v = settings.coreVoltageMv;
  if (f === null) return 0;
  const exact = ladder.findIndex((r) => Math.abs(r.frequencyMhz - f) < 0.5 && (v === null || Math.abs(r.coreVoltageMv - v) <= 1));
  if (exact >= 0) return exact;
  let index = 0;
  ladder.forEach((r, i) => {
    if (r.frequencyMhz <= f + 0.5) index = i;
  });
  return index;
}
