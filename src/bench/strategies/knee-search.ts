/**
 * Finds the knee at one frequency: the lowest core voltage (to the search's resolution) whose error rate stays under
 * the target. It starts from the bounds other frequencies already imply and from the knee line's prediction, steps
 * out (doubling) until the knee is bracketed, then narrows the bracket, interpolating the error rate on a log scale
 * (errors climb roughly exponentially below the knee) with a bisection safeguard.
 */
import type { PointResult } from '../types.js';
import type { ProbeBook } from './probe-book.js';
import { probeRequest, type SmartParameters } from './smart-plan.js';
import type { StrategyContext } from './strategy.js';

export interface KneeFound {
  frequencyMhz: number;
  /** The stable point measured at the knee. */
  result: PointResult;
  /**
   * Where the error rate crosses the target, between the unstable and the stable probe (log-interpolated), finer than
   * the search's resolution; the floor when the floor itself was stable.
   */
  estimateMv: number;
  atFloor: boolean;
}

export type KneeOutcome =
  | { kind: 'found'; knee: KneeFound }
  | { kind: 'infeasible'; reason: 'hot' | 'unstable' }
  /** A probe here was clearly worse than the best J/TH so far: this frequency cannot win. */
  | { kind: 'beaten' }
  | { kind: 'gave-up' };

/** Never probe closer than this share of the bracket to either end: the bracket shrinks by at least that each probe. */
const SAFEGUARD_SHARE = 0.2;

/** The knee found at `f`: the stable probe, and the crossing estimated from it and the unstable bound below it. */
function kneeAt(book: ProbeBook, f: number, stable: PointResult, vMin: number): KneeFound {
  const atFloor = stable.point.coreVoltageMv <= vMin;
  const lo = book.measuredUnstable(f);
  let estimateMv = stable.point.coreVoltageMv;
  if (!atFloor && lo) {
    const crossing = logInterpolate(lo.result, stable, book.targetErrorPct(), book.floorPct());
    if (crossing !== null) estimateMv = Math.min(stable.point.coreVoltageMv, Math.max(lo.voltageMv, crossing));
  }
  return { frequencyMhz: f, result: stable, estimateMv, atFloor };
}

/**
 * Where the error rate crosses `targetPct` between an unstable and a stable probe at one frequency. Below the knee the
 * errors above the silicon's floor grow exponentially as the voltage drops (the tail of the logistic the community's
 * error curves follow), so the excess over the floor is interpolated on a log scale.
 */
function logInterpolate(lo: PointResult, hi: PointResult, targetPct: number, floorPct: number | null): number | null {
  const eLo = lo.measurement?.errorPct?.mean;
  const eHi = hi.measurement?.errorPct?.mean;
  if (eLo === undefined || eHi === undefined || !(eLo > eHi) || lo.point.frequencyMhz !== hi.point.frequencyMhz) return null;
  // A little under the lowest error seen, so that every excess stays positive despite reading noise.
  const floor = floorPct !== null && floorPct < targetPct ? 0.9 * floorPct : 0;
  const [xLo, xHi, xTarget] = [eLo - floor, eHi - floor, targetPct - floor];
  if (!(xHi > 0) || !(xTarget > 0)) return null;
  const share = (Math.log(xLo) - Math.log(xTarget)) / (Math.log(xLo) - Math.log(xHi));
  return lo.point.coreVoltageMv + share * (hi.point.coreVoltageMv - lo.point.coreVoltageMv);
}

export async function searchKnee(options: {
  context: StrategyContext;
  book: ProbeBook;
  parameters: SmartParameters;
  frequencyMhz: number;
  /** Where to probe first when nothing brackets the knee yet (the start settings, or the knee line's prediction). */
  startVoltageMv: number;
  purpose: string;
  /** Stop probing this frequency once a probe's best plausible J/TH is worse than this. */
  beatenAboveJth?: number;
}): Promise<KneeOutcome> {
  const { context, book, parameters, frequencyMhz: f } = options;
  const [vMin, vMax] = context.device.ranges.coreVoltageMv;
  const res = parameters.resolutionMv;
  let downStep = parameters.firstStepMv;
  let upStep = parameters.firstStepMv;
  let probedHere = 0;
  let hotHere = 0;

  for (let probes = 0; probes < parameters.maxProbesPerKnee; probes++) {
    const lo = book.lowerBound(f);
    const hi = book.upperBound(f);
    const own = book.measuredStable(f);
    const hot = book.hotCeiling(f);
    if (own && (own.voltageMv <= vMin || (lo && own.voltageMv - lo.voltageMv <= res))) {
      return { kind: 'found', knee: kneeAt(book, f, own.result, vMin) };
    }
    const ceiling = Math.min(vMax, hot === null ? Infinity : hot - 1);
    // Too hot twice here without a stable point: this frequency is more than the cooling can take.
    if (ceiling < vMin || (hotHere >= 2 && !own)) return { kind: 'infeasible', reason: 'hot' };
    if (lo && lo.voltageMv >= ceiling) return { kind: 'infeasible', reason: hot !== null && hot - 1 < vMax ? 'hot' : 'unstable' };

    let next: number;
    const upper = own && (!hi || own.voltageMv <= hi.voltageMv) ? own : hi;
    if (lo && upper) {
      const width = upper.voltageMv - lo.voltageMv;
      if (width <= res) {
        next = upper.voltageMv;
      } else {
        const guess = logInterpolate(lo.result, upper.result, book.targetErrorPct(), book.floorPct()) ?? (lo.voltageMv + upper.voltageMv) / 2;
        const safe = Math.min(upper.voltageMv - SAFEGUARD_SHARE * width, Math.max(lo.voltageMv + SAFEGUARD_SHARE * width, guess));
        // On the grid above the unstable bound, so that a stable probe one step up ends the search.
        next = lo.voltageMv + res * Math.max(1, Math.ceil((safe - lo.voltageMv) / res));
        // Snapped onto the stable end itself: the grid point below it is the one still unknown.
        if (next >= upper.voltageMv) next = upper.voltageMv - res;
      }
    } else if (lo) {
      const fromStart = probedHere === 0 && options.startVoltageMv > lo.voltageMv;
      next = fromStart ? options.startVoltageMv : lo.voltageMv + upStep;
      if (!fromStart) upStep *= 2;
    } else if (upper) {
      const fromStart = probedHere === 0 && options.startVoltageMv < upper.voltageMv;
      next = fromStart ? options.startVoltageMv : upper.voltageMv - downStep;
      if (!fromStart) downStep *= 2;
    } else {
      // Nothing stable or unstable known here yet; after a hot probe, step down from it.
      next = probedHere === 0 || hot === null ? options.startVoltageMv : hot - downStep;
      if (probedHere > 0) downStep *= 2;
    }
    // Less than a resolution step from an end of the range: the end itself says more.
    if (next - vMin < res) next = vMin;
    if (ceiling - next < res && ceiling === vMax) next = vMax;
    next = Math.round(Math.min(ceiling, Math.max(vMin, next)));
    if (book.probedAt(f, next)) {
      // Already measured here (the bound came from this very point): nothing new to learn by repeating it.
      if (own && own.voltageMv === next) return { kind: 'found', knee: kneeAt(book, f, own.result, vMin) };
      return { kind: 'gave-up' };
    }
    const request = probeRequest(parameters, { frequencyMhz: f, coreVoltageMv: next }, book.stableBelowPct(context.device.hasErrorCounter), options.purpose);
    if (options.beatenAboveJth !== undefined) request.measure.beatenAboveJth = options.beatenAboveJth;
    const result = await context.measure(request);
    book.add(result);
    if (result.verdict === 'beaten') return { kind: 'beaten' };
    probedHere++;
    if (book.classify(result) === 'hot') hotHere++;
  }
  const own = book.measuredStable(f);
  return own ? { kind: 'found', knee: kneeAt(book, f, own.result, vMin) } : { kind: 'gave-up' };
}
