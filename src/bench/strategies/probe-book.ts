/**
 * Everything smart search has learned, and what it implies elsewhere. The knee (lowest stable voltage) rises with
 * frequency, so one probe says something about many points:
 *
 * - unstable at (f, V) ⇒ unstable at every higher frequency and lower voltage;
 * - stable at (f, V) ⇒ stable at every lower frequency and higher voltage;
 * - hot (a thermal, power or supply limit) at (f, V) ⇒ hot at every higher frequency and voltage.
 *
 * "Stable" means the ASIC error rate stays at or below a search target set between the silicon's own error floor and
 * the gate (40 % of the way): the margin that keeps a chosen point passing for hours is in the error rate, where it
 * is measured, rather than a guessed number of millivolts.
 */
import type { GateName, PointResult } from '../types.js';

export type ProbeClass = 'stable' | 'unstable' | 'hot' | 'unknown';

const HOT_GATES: ReadonlySet<GateName> = new Set<GateName>(['chipTemp', 'vrTemp', 'power', 'inputVoltage', 'overheat']);
/** Where between the error floor and the gate the search target sits. */
export const TARGET_SHARE_OF_HEADROOM = 0.4;

/** The hashrate share (of expected) a point keeps when it loses `errorPct` % of its nonces. */
export function hashrateFloorForErrors(errorPct: number): number {
  return 1 - errorPct / 100;
}

export interface Bound {
  voltageMv: number;
  result: PointResult;
}

export class ProbeBook {
  readonly results: PointResult[] = [];

  constructor(private readonly options: { maxErrorPct: number }) {}

  add(result: PointResult): void {
    this.results.push(result);
  }

  /** The lowest error rate measured in this run: the silicon's own floor as far as we know. */
  floorPct(): number | null {
    let floor: number | null = null;
    for (const r of this.results) {
      const e = r.measurement?.errorPct?.mean;
      if (e !== undefined && Number.isFinite(e) && (floor === null || e < floor)) floor = e;
    }
    return floor;
  }

  /**
   * The error share a stable point must stay under, as the classification applies it: the search target where errors
   * are counted, the gate itself where they show only as missing hashrate. Probes stop early on this same threshold.
   */
  stableBelowPct(hasErrorCounter: boolean): number {
    return hasErrorCounter ? this.targetErrorPct() : this.options.maxErrorPct;
  }

  /** The error rate a stable point must stay under. */
  targetErrorPct(): number {
    const floor = Math.min(this.floorPct() ?? 0, this.options.maxErrorPct);
    return floor + TARGET_SHARE_OF_HEADROOM * (this.options.maxErrorPct - floor);
  }

  classify(result: PointResult): ProbeClass {
    if (result.failures.some((f) => HOT_GATES.has(f.gate))) return 'hot';
    const m = result.measurement;
    if (result.verdict === 'refused' || !m) return 'unknown';
    if (result.failures.some((f) => f.gate === 'rebooted' || f.gate === 'settings' || f.gate === 'hashrate' || f.gate === 'errors')) return 'unstable';
    if (m.errorPct) return m.errorPct.mean <= this.targetErrorPct() ? 'stable' : 'unstable';
    // Without an error counter (before 2.11, NerdQAxe) lost nonces show only as missing hashrate: errors cost exactly
    // that share, so the error gate becomes a hashrate floor. Too noisy for a margin on top.
    return m.hashrateRatio.mean >= hashrateFloorForErrors(this.options.maxErrorPct) ? 'stable' : 'unstable';
  }

  /** The highest voltage known unstable at this frequency (measured here or implied by a lower frequency). */
  lowerBound(frequencyMhz: number): Bound | null {
    return this.extreme((r) => r.point.frequencyMhz <= frequencyMhz && this.classify(r) === 'unstable', 'max');
  }

  /** The lowest voltage known stable at this frequency (measured here or implied by a higher frequency). */
  upperBound(frequencyMhz: number): Bound | null {
    return this.extreme((r) => r.point.frequencyMhz >= frequencyMhz && this.classify(r) === 'stable', 'min');
  }

  /** The lowest stable voltage measured at exactly this frequency. */
  measuredStable(frequencyMhz: number): Bound | null {
    return this.extreme((r) => r.point.frequencyMhz === frequencyMhz && this.classify(r) === 'stable', 'min');
  }

  /** The highest unstable voltage measured at exactly this frequency. */
  measuredUnstable(frequencyMhz: number): Bound | null {
    return this.extreme((r) => r.point.frequencyMhz === frequencyMhz && this.classify(r) === 'unstable', 'max');
  }

  /** The lowest voltage known too hot at this frequency, if any. */
  hotCeiling(frequencyMhz: number): number | null {
    return this.extreme((r) => r.point.frequencyMhz <= frequencyMhz && this.classify(r) === 'hot', 'min')?.voltageMv ?? null;
  }

  probedAt(frequencyMhz: number, voltageMv: number): boolean {
    return this.results.some((r) => r.point.frequencyMhz === frequencyMhz && r.point.coreVoltageMv === voltageMv && this.classify(r) !== 'unknown');
  }

  private extreme(filter: (r: PointResult) => boolean, which: 'min' | 'max'): Bound | null {
    let best: Bound | null = null;
    for (const r of this.results) {
      if (!filter(r)) continue;
      const v = r.point.coreVoltageMv;
      if (!best || (which === 'min' ? v < best.voltageMv : v > best.voltageMv)) best = { voltageMv: v, result: r };
    }
    return best;
  }
}
