/**
 * smart: the default strategy. The most efficient voltage at a frequency sits just above the chip's knee, the lowest
 * voltage it runs at without a surge of ASIC errors, and the knee rises with frequency. So smart traces the knee
 * instead of sweeping a grid:
 *
 * 1. the knee at the starting frequency, searched down from the owner's own (known-good) voltage;
 * 2. the knee at the highest allowed frequency, starting from the first knee plus a typical slope;
 * 3. then, from a knee line and a CMOS power model fitted to its own measurements, the frequency that best serves the
 *    objective; its knee is searched from the line's prediction, and this repeats until that frequency has been
 *    measured (frequencies whose best possible J/TH cannot beat the best so far are never visited);
 * 4. the pick is placed relative to the owner's error gate on this device's own error curve (its width fitted to the
 *    run's probes, error-curve.ts): as close to the gate as the curve and the readings allow, a few mV above it, and
 *    confirmed with a longer measurement, which moves it up (too close) or down (further than it needs) once more.
 *
 * A frequency where no knee was found (unstable even at the highest voltage tried, a search that gave up) is never
 * the end of the search: while no knee is known, lower frequencies are tried.
 *
 * Each probe is short and adaptive: it settles until the temperature stops moving and stops as soon as the error
 * rate is clearly on one side of the target (it reacts within seconds). Settings apply live, so no restarts.
 */
import { choosePoint } from '../objectives.js';
import { OBJECTIVES, type Objective, type PointResult } from '../types.js';
import { candidateFrequencies, frequencyOutlook, preferredFrequency, type FrequencyOutlook } from './frequency-choice.js';
import { errorReading, fitErrorCurve, gateCrossingMv, HASHRATE_INFORMATIVE_FROM_PCT } from './error-curve.js';
import { GateApproach } from './gate-approach.js';
import { fitKneeLine, PRIOR_KNEE_SLOPE_MV_PER_MHZ } from './knee-model.js';
import { searchKnee, type KneeFound } from './knee-search.js';
import { ProbeBook } from './probe-book.js';
import { probeEstimateMs, SMART_PARAMETERS, type SmartParameters } from './smart-plan.js';
import type { BenchStrategy, StrategyContext, StrategyOutcome } from './strategy.js';

/** Probes a knee search usually takes once the line predicts it; the first one takes more. */
const PROBES_PER_PREDICTED_KNEE = 3;
const PROBES_FIRST_KNEE = 6;
/** Knee-less frequencies tried below the first before the search accepts that nothing here is stable. */
const MAX_KNEELESS_FREQUENCIES = 4;
/**
 * A probe near a knee may sit up to a resolution step above it, which costs ~1–2 % J/TH; a frequency whose probe is
 * clearly worse than the best knee by more than this cannot win.
 */
const BEATEN_MARGIN = 0.03;

class SmartSearch {
  private readonly parameters: SmartParameters;
  private readonly book: ProbeBook;
  private readonly gate: GateApproach;
  private readonly knees = new Map<number, KneeFound>();
  private readonly ruledOut = new Set<number>();
  /** The lowest frequency found too hot or unstable at every allowed voltage: it and everything above are out. */
  private ceilingMhz: number | null = null;

  constructor(private readonly context: StrategyContext) {
    this.parameters = SMART_PARAMETERS[context.mode];
    this.book = new ProbeBook({ maxErrorPct: context.gates.maxErrorPct });
    this.gate = new GateApproach(context, this.book, this.parameters);
  }

  async run(): Promise<StrategyOutcome> {
    const { device } = this.context;
    const [fMin, fMax] = device.ranges.frequencyMhz;
    const [vMin, vMax] = device.ranges.coreVoltageMv;
    const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
    const f0 = clamp(device.start.frequencyMhz, fMin, fMax);
    this.expect(2 + this.parameters.maxRefinements / 2, true);
    await this.trace(f0, clamp(device.start.coreVoltageMv, vMin, vMax), false);
    if (fMax !== f0 && this.allowed(fMax)) {
      this.expect(1 + this.parameters.maxRefinements / 2, false);
      await this.trace(fMax, this.predictKnee(fMax), false);
    }
    let kneeless = 0;
    for (let round = 0; round < this.parameters.maxRefinements;) {
      if (this.knees.size === 0) {
        // No knee anywhere yet: the model has nothing to stand on, so walk down (a lower frequency needs less voltage).
        const lower = this.lowerFrequency();
        if (lower === null || kneeless >= MAX_KNEELESS_FREQUENCIES) break;
        kneeless++;
        this.expect(this.parameters.maxRefinements - round + 1, false);
        await this.trace(lower, clamp(device.start.coreVoltageMv, vMin, vMax), false);
        continue;
      }
      const next = this.nextFrequency();
      if (next === null) break;
      this.expect(this.parameters.maxRefinements - round, false);
      round++;
      await this.trace(next, this.predictKnee(next), this.context.objective === 'efficiency');
    }
    return { picks: await this.picks() };
  }

  /** The next frequency down from the lowest one tried, two grid steps lower (sooner out of trouble), or null. */
  private lowerFrequency(): number | null {
    const tried = [...this.ruledOut, ...this.knees.keys()];
    const lowest = tried.length > 0 ? Math.min(...tried) : this.context.device.start.frequencyMhz;
    const wanted = lowest - 2 * this.parameters.frequencyStepMhz;
    const below = candidateFrequencies(this.context, this.parameters.frequencyStepMhz).filter((f) => f < lowest && this.allowed(f));
    if (below.length === 0) return null;
    return below.reduce((a, b) => (Math.abs(b - wanted) < Math.abs(a - wanted) ? b : a));
  }

  private outlook(): FrequencyOutlook[] {
    return frequencyOutlook({
      context: this.context, book: this.book, knees: this.knees, ceilingMhz: this.ceilingMhz, stepMhz: this.parameters.frequencyStepMhz,
    }).filter((o) => !this.ruledOut.has(o.frequencyMhz));
  }

  /** A frequency the objective wants whose knee is not measured yet, or null when there is none worth a search. */
  private nextFrequency(): number | null {
    const preferred = preferredFrequency(this.outlook(), this.context.objective);
    if (!preferred || preferred.measured) return null;
    const near = [...this.knees.keys()].some((f) => Math.abs(f - preferred.frequencyMhz) < this.parameters.frequencyStepMhz / 2);
    return near ? null : preferred.frequencyMhz;
  }

  private allowed(frequencyMhz: number): boolean {
    return !this.ruledOut.has(frequencyMhz) && (this.ceilingMhz === null || frequencyMhz < this.ceilingMhz);
  }

  /** Where the knee should be: the line through the knees found so far, else the nearest knee plus a typical slope. */
  private predictKnee(frequencyMhz: number): number {
    const [vMin, vMax] = this.context.device.ranges.coreVoltageMv;
    const line = fitKneeLine([...this.knees.values()].map((k) => ({ frequencyMhz: k.frequencyMhz, voltageMv: k.estimateMv, atFloor: k.atFloor })));
    const start = this.context.device.start;
    const predicted = line ? line(frequencyMhz) : start.coreVoltageMv + PRIOR_KNEE_SLOPE_MV_PER_MHZ * (frequencyMhz - start.frequencyMhz);
    const res = this.parameters.resolutionMv;
    return Math.min(vMax, Math.max(vMin, Math.ceil(predicted / res) * res));
  }

  /** The best J/TH measured at a knee so far, with the margin a probe near (not exactly at) its knee may lose. */
  private beatenAbove(): number | undefined {
    const best = Math.min(...[...this.knees.values()].map((k) => k.result.measurement?.efficiencyJth.mean ?? Infinity));
    return Number.isFinite(best) ? best * (1 + BEATEN_MARGIN) : undefined;
  }

  private async trace(frequencyMhz: number, startVoltageMv: number, mayBeBeaten: boolean): Promise<void> {
    const outcome = await searchKnee({
      context: this.context, book: this.book, parameters: this.parameters, frequencyMhz, startVoltageMv,
      purpose: `knee ${Math.round(frequencyMhz)} MHz`, beatenAboveJth: mayBeBeaten ? this.beatenAbove() : undefined,
    });
    if (outcome.kind === 'found') {
      this.knees.set(frequencyMhz, outcome.knee);
      return;
    }
    this.ruledOut.add(frequencyMhz);
    if (outcome.kind === 'infeasible') this.ceilingMhz = Math.min(this.ceilingMhz ?? Infinity, frequencyMhz);
  }

  /**
   * Each objective's pick among the measured knees; the run's own objective gets the outlook's best point (the knee's
   * estimated crossing at the preferred frequency), confirmed with a longer measurement.
   */
  private async picks(): Promise<Partial<Record<Objective, PointResult>>> {
    const kneePoints = [...this.knees.values()].map((k) => k.result);
    const picks: Partial<Record<Objective, PointResult>> = {};
    for (const o of OBJECTIVES) {
      const pick = choosePoint(kneePoints, o);
      if (pick) picks[o] = pick;
    }
    const objective = this.context.objective;
    if (!this.context.device.hasErrorCounter) await this.redrawKneesFromCurves();
    const preferred = preferredFrequency(this.outlook(), objective);
    const fallback = picks[objective];
    const candidate = preferred
      ? { frequencyMhz: preferred.frequencyMhz, coreVoltageMv: preferred.voltageMv }
      : fallback?.point;
    if (!candidate) return picks;
    if (!this.context.device.hasErrorCounter) await this.gate.traceCurve(candidate);
    this.expect(0, false);
    const confirmed = await this.gate.confirm(candidate);
    if (confirmed) {
      // The long measurement supersedes the knee probe at its frequency for every objective.
      const candidates = [...kneePoints.filter((p) => p.point.frequencyMhz !== confirmed.point.frequencyMhz), confirmed];
      for (const o of OBJECTIVES) {
        const pick = o === objective ? confirmed : choosePoint(candidates, o);
        if (pick) picks[o] = pick;
      }
    } else if (fallback?.point.frequencyMhz === candidate.frequencyMhz) {
      // Not even a little more voltage held up under the long measurement: nothing at this frequency is trusted.
      for (const o of OBJECTIVES) if (picks[o]?.point.frequencyMhz === candidate.frequencyMhz) delete picks[o];
      const rest = choosePoint(kneePoints.filter((p) => p.point.frequencyMhz !== candidate.frequencyMhz), objective);
      if (rest) picks[objective] = rest;
    }
    return picks;
  }

  /**
   * Without an error counter the knee search's short probes classify near the gate by noise, so the knees it found
   * (at the preferred frequency and the highest one) are redrawn from the error curve: its gate crossing, or the
   * voltage floor when nothing collapses above it. The frequency choice then stands on those.
   */
  private async redrawKneesFromCurves(): Promise<void> {
    const [vMin] = this.context.device.ranges.coreVoltageMv;
    const gate = this.context.gates.maxErrorPct;
    const preferred = preferredFrequency(this.outlook(), this.context.objective);
    const highest = Math.max(...this.knees.keys());
    const frequencies = [...new Set([highest, ...(preferred ? [preferred.frequencyMhz] : [])])].filter((f) => this.knees.has(f));
    for (const f of frequencies) {
      const knee = this.knees.get(f);
      if (!knee) continue;
      await this.gate.traceCurve({ frequencyMhz: f, coreVoltageMv: knee.estimateMv });
      const curve = fitErrorCurve(this.book.results);
      const crossing = gateCrossingMv(curve, f, gate);
      const atFloor = this.book.results.find((r) => r.point.frequencyMhz === f && r.point.coreVoltageMv === vMin);
      const floorReading = atFloor ? errorReading(atFloor.measurement) : null;
      if (crossing !== null) this.knees.set(f, { ...knee, estimateMv: Math.max(vMin, crossing), atFloor: crossing <= vMin });
      else if (floorReading && floorReading.pct < HASHRATE_INFORMATIVE_FROM_PCT) this.knees.set(f, { ...knee, estimateMv: vMin, atFloor: true });
    }
  }

  private expect(moreKneeSearches: number, includesFirst: boolean): void {
    const probes = Math.max(0, moreKneeSearches) * PROBES_PER_PREDICTED_KNEE + (includesFirst ? PROBES_FIRST_KNEE - PROBES_PER_PREDICTED_KNEE : 0);
    this.context.expectRemaining(probes + 1, probeEstimateMs(this.parameters));
  }
}

export const smartStrategy: BenchStrategy = {
  name: 'smart',
  description: 'traces the knee (lowest stable voltage) across frequencies with short adaptive probes, then confirms the pick',
  search: (context: StrategyContext): Promise<StrategyOutcome> => new SmartSearch(context).run(),
};

