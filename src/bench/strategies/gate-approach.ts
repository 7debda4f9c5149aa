/**
 * Where smart places its pick: on this device's own error curve (error-curve.ts), a few mV above the error gate the
 * owner set, rather than a margin fixed for every chip; and, without an error counter, the probes that draw that curve
 * from where the hashrate collapses. The confirmation's long measurement then says how far above the gate the point
 * really sits, and moves it once more.
 */
import type { OperatingPoint, PointResult } from '../types.js';
import { errorReading, fitErrorCurve, gateCrossingMv, HASHRATE_INFORMATIVE_FROM_PCT, headroomMv, PRIOR_WIDTH_MV } from './error-curve.js';
import type { ProbeBook } from './probe-book.js';
import { confirmRequest, curveProbeRequest, type SmartParameters } from './smart-plan.js';
import type { StrategyContext } from './strategy.js';

const CONFIRM_TRIES = 4;
/**
 * How far above its gate crossing a pick stays, in mV: what an hour at a slightly different chip temperature
 * (0.5 mV/°C) and the confirmation's own reading noise (±5 % of the errors, a share of the curve's width) may shift.
 */
const AIM_MIN_MV = 2;
const AIM_WIDTH_SHARE = 0.15;
/** Without an error counter the gate's crossing is extrapolated from the collapse: more room, in widths. */
const NO_COUNTER_AIM_WIDTH_SHARE = 0.4;
/** Probes that draw the error curve where only the hashrate shows errors, and their spacing. */
const CURVE_PROBES = 4;
const CURVE_STEP_MV = 12;
/** A confirmed pick further above its aim than this gives the rest back for a lower one. */
const GIVE_BACK_SLACK_MV = 3;

export class GateApproach {
  constructor(
    private readonly context: StrategyContext,
    private readonly book: ProbeBook,
    private readonly parameters: SmartParameters,
  ) {}

  /**
   * Measures the pick longer, starting where this device's error curve puts it a few mV above the owner's gate. The
   * long measurement reads the errors precisely, so it says how far above the gate the point really is: too close (or
   * failing) moves it up by what is missing, much further than needed gives the excess back, and the lowest point
   * that held up is the pick. Without an error counter the distance cannot be read (the hashrate is too noisy for 2 %),
   * so the point must hold up as stable by its hashrate, and only moves up.
   */
  async confirm(candidate: OperatingPoint): Promise<PointResult | null> {
    const [vMin, vMax] = this.context.device.ranges.coreVoltageMv;
    const gate = this.context.gates.maxErrorPct;
    const step = Math.max(1, Math.round(this.parameters.resolutionMv / 2));
    let point = { ...candidate, coreVoltageMv: Math.min(vMax, Math.max(vMin, this.aimedVoltage(candidate))) };
    let accepted: PointResult | null = null;
    for (let attempt = 0; attempt < CONFIRM_TRIES; attempt++) {
      const result = await this.context.measure(confirmRequest(this.parameters, point));
      this.book.add(result);
      if (this.book.classify(result) === 'hot' || result.verdict === 'refused') return accepted;
      const reading = errorReading(result.measurement);
      const curve = fitErrorCurve(this.book.results);
      const aim = Math.max(AIM_MIN_MV, AIM_WIDTH_SHARE * (curve.widthMv ?? PRIOR_WIDTH_MV.softest));
      // The cautious distance: the interval's high end, on whichever width says less headroom.
      const headroom = reading?.counted
        ? Math.min(
          headroomMv(reading.pct + reading.halfWidth, gate, curve.floorPct, curve.widthMv ?? PRIOR_WIDTH_MV.sharpest),
          headroomMv(reading.pct + reading.halfWidth, gate, curve.floorPct, curve.widthMv ?? PRIOR_WIDTH_MV.softest),
        )
        : null;
      const holds = result.verdict === 'pass' && (headroom === null ? this.book.classify(result) === 'stable' : headroom >= aim - 1);
      let next: number;
      if (holds) {
        if (!accepted || point.coreVoltageMv < accepted.point.coreVoltageMv) accepted = result;
        if (headroom === null || headroom <= aim + GIVE_BACK_SLACK_MV) return accepted;
        next = point.coreVoltageMv - Math.floor(headroom - aim);
        // Already known to fail there (or below): nothing lower is worth the time.
        const lo = this.book.measuredUnstable(point.frequencyMhz);
        if (next < vMin || (lo && next <= lo.voltageMv) || this.book.probedAt(point.frequencyMhz, next)) return accepted;
      } else {
        if (accepted) return accepted;
        next = point.coreVoltageMv + Math.max(step, headroom === null ? 0 : Math.ceil(aim - headroom));
        if (next > vMax) return null;
      }
      point = { ...point, coreVoltageMv: next };
    }
    return accepted;
  }

  /**
   * Without an error counter the gate (2 % of nonces lost) is a 2 % hashrate deficit, which no short reading of a
   * hashrate that is ±5 % per reading can place. The collapse below it can be read: a few longer probes where 8–60 %
   * of the hashrate is missing draw this device's error curve, and the gate's crossing is read off the curve.
   */
  async traceCurve(candidate: OperatingPoint): Promise<void> {
    const f = candidate.frequencyMhz;
    const [vMin] = this.context.device.ranges.coreVoltageMv;
    const [informativeFrom, informativeTo] = [HASHRATE_INFORMATIVE_FROM_PCT, 60];
    for (let i = 0; i < CURVE_PROBES; i++) {
      const here = this.book.results.flatMap((r) => {
        const e = r.point.frequencyMhz === f && r.verdict !== 'refused' ? errorReading(r.measurement) : null;
        return e ? [{ v: r.point.coreVoltageMv, e }] : [];
      });
      const informative = here.filter((p) => p.e.pct >= informativeFrom && p.e.pct <= informativeTo && p.e.halfWidth <= 0.6 * p.e.pct);
      if (new Set(informative.map((p) => p.v)).size >= 2) return;
      const deep = here.filter((p) => p.e.pct > informativeTo).map((p) => p.v);
      const shallow = here.filter((p) => p.e.pct < informativeFrom).map((p) => p.v);
      let next: number;
      const known = informative[0];
      if (known) {
        // One point on the slope: the second on the side that keeps both between 8 and 60 %.
        next = known.e.pct < 25 ? known.v - CURVE_STEP_MV : known.v + CURVE_STEP_MV;
      } else if (deep.length > 0 && shallow.length > 0) {
        next = (Math.max(...deep) + Math.min(...shallow)) / 2;
      } else if (deep.length > 0) {
        next = Math.max(...deep) + CURVE_STEP_MV;
      } else {
        // Still above the collapse: step down, twice as far each time (the knee search may have stopped well above it).
        next = (shallow.length > 0 ? Math.min(...shallow) : candidate.coreVoltageMv) - CURVE_STEP_MV * 2 ** i;
      }
      // The floor itself is the last place to look: shallow there means the gate lies below what is allowed.
      next = Math.max(vMin, Math.round(next));
      if (here.some((p) => p.v === next)) return;
      const result = await this.context.measure(curveProbeRequest(this.parameters, { frequencyMhz: f, coreVoltageMv: next }, `error curve ${Math.round(f)} MHz`));
      this.book.add(result);
      if (this.book.classify(result) === 'hot' || result.verdict === 'refused') return;
    }
  }

  /**
   * Where the pick starts: the knee's estimated crossing of the search target, moved by the target's distance to the
   * gate on this device's curve, plus the aim. While the curve's width is unknown the sharpest width is assumed, which
   * keeps the start on the safe side; the confirmation then measures where it really is.
   */
  private aimedVoltage(candidate: OperatingPoint): number {
    const gate = this.context.gates.maxErrorPct;
    const curve = fitErrorCurve(this.book.results);
    const width = curve.widthMv ?? PRIOR_WIDTH_MV.sharpest;
    const aim = Math.max(AIM_MIN_MV, AIM_WIDTH_SHARE * (curve.widthMv ?? PRIOR_WIDTH_MV.softest));
    if (!this.context.device.hasErrorCounter) {
      const crossing = gateCrossingMv(curve, candidate.frequencyMhz, gate);
      // Read off a curve drawn from noisy hashrate at 8–60 % errors: the extrapolation's own spread is a share of the width.
      if (crossing !== null && curve.widthMv !== null) return Math.ceil(crossing + AIM_MIN_MV + NO_COUNTER_AIM_WIDTH_SHARE * curve.widthMv);
      // No collapse down to the voltage floor: the floor, if the confirmation's hashrate holds there.
      const [vMin] = this.context.device.ranges.coreVoltageMv;
      const atFloor = this.book.results.find((r) => r.point.frequencyMhz === candidate.frequencyMhz && r.point.coreVoltageMv === vMin);
      const reading = atFloor ? errorReading(atFloor.measurement) : null;
      if (reading && reading.pct < HASHRATE_INFORMATIVE_FROM_PCT) return vMin;
    }
    const targetHeadroom = headroomMv(this.book.stableBelowPct(this.context.device.hasErrorCounter), gate, curve.floorPct, width);
    return Math.ceil(candidate.coreVoltageMv - targetHeadroom + aim);
  }
}
