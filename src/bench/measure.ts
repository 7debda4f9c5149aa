/**
 * Measures a settled point: a reading every few seconds, summarized with confidence intervals, until the plan's
 * question is answered. A point stops as soon as its interval is tight enough, a gate is clearly failing, the error
 * rate is clearly on one side of the strategy's threshold, or the point is clearly beaten; at the latest at maxMs.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import type { Clock } from '../core/clock.js';
import { clearlyFailing, type BenchGates } from './gates.js';
import type { PointWatch } from './point-watch.js';
import { summarize } from './summary.js';
import type { GateFailure, Measurement, MeasurePlan, StopReason } from './types.js';

export interface MeasureOptions {
  plan: MeasurePlan;
  clock: Clock;
  signal: AbortSignal;
  read: () => Promise<Telemetry>;
  watch: PointWatch;
  gates: BenchGates;
  expectedHashrateGhs: number;
  settleMs: number;
  settled: boolean;
}

export interface MeasureOutcome {
  measurement: Measurement | null;
  /** A reading crossed a hard limit: the point ended at once. */
  breach: GateFailure[];
}

/** Why to stop now, or null to keep measuring. */
export function stopReason(measurement: Measurement, plan: MeasurePlan, gates: BenchGates): StopReason | null {
  if (plan.summary === 'classic') return null;
  if (plan.stopWhenFailing && clearlyFailing(measurement, gates).length > 0) return 'failing';
  if (plan.beatenAboveJth !== undefined && measurement.efficiencyJth.low > plan.beatenAboveJth) return 'beaten';
  if (plan.errorDecisionPct !== undefined) {
    const threshold = plan.errorDecisionPct;
    const errors = measurement.errorPct;
    // Without an error counter (firmware before 2.11, NerdQAxe) lost nonces show only as missing hashrate: the
    // strategy passes the very share its classification holds the hashrate to (the gate), never a stricter one, or a
    // single low reading would rule a good point out.
    const floor = 1 - threshold / 100;
    const decided = errors
      ? errors.low > threshold || errors.high <= threshold
      : measurement.hashrateRatio.high < floor || measurement.hashrateRatio.low >= floor;
    if (decided) return 'decided';
  }
  if (plan.precision) {
    const metric = plan.precision.metric === 'efficiency' ? measurement.efficiencyJth : measurement.hashrateGhs;
    if (metric.halfWidth <= plan.precision.relativeHalfWidth * Math.abs(metric.mean)) return 'precise';
  }
  return null;
}

export async function measure(options: MeasureOptions): Promise<MeasureOutcome> {
  const { plan, clock, signal, watch } = options;
  const startedAt = clock.now();
  const readings: Telemetry[] = [];
  const elapsed = (): number => clock.now() - startedAt;
  const summary = (stoppedBy: StopReason): Measurement | null =>
    readings.length === 0
      ? null
      : summarize({
          readings, expectedHashrateGhs: options.expectedHashrateGhs, kind: plan.summary, settleMs: options.settleMs,
          settled: options.settled, measureMs: elapsed(), stoppedBy,
        });
  const classic = plan.summary === 'classic';
  for (;;) {
    // mrv777 samples first and sleeps after (40 samples at 15 s fill 600 s); a statistics point has just had its last
    // settle reading, so it waits one interval first.
    if (!classic) await clock.sleep(plan.sampleIntervalMs, signal);
    const reading = await options.read();
    signal.throwIfAborted();
    readings.push(reading);
    const breach = watch.check(reading);
    if (breach.length > 0) return { measurement: summary('breach'), breach };
    if (classic) {
      await clock.sleep(plan.sampleIntervalMs, signal);
      if (readings.length >= plan.minSamples) return { measurement: summary('fixed-window'), breach: [] };
      continue;
    }
    if (readings.length >= plan.minSamples && elapsed() >= plan.minMs) {
      const current = summary('max-duration');
      const reason = current ? stopReason(current, plan, options.gates) : null;
      if (current && reason) return { measurement: { ...current, stoppedBy: reason }, breach: [] };
    }
    if (elapsed() + plan.sampleIntervalMs > plan.maxMs) return { measurement: summary('max-duration'), breach: [] };
  }
}
