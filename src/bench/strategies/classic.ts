/**
 * The yardstick: a faithful re-implementation of mrv777/Bitaxe-Hashrate-Benchmark's sweep (HEAD 9ea86d6), the
 * de-facto reference every other sweeper forked from. Start at 1150 mV / 500 MHz; per point PATCH, restart, sleep
 * 90 s, then 40 samples at 15 s (600 s) summarized with trimmed means. While the mean hashrate is ≥ 94 % of expected
 * it climbs +25 MHz; otherwise it adds 20 mV and steps back 25 MHz. It stops past the voltage or frequency ceiling
 * (here the guard's allowed range) or at the first thermal, power or input-voltage limit.
 *
 * Where it differs from mrv777 it is on the engine's side, not the sweep's: a failed read is retried instead of
 * ending the run, and the settings go back to the owner's own at the end, not the factory defaults. Its picks come
 * from its own points, judged by the same gates as every strategy.
 */
import type { GateName, PointRequest } from '../types.js';
import type { BenchStrategy, StrategyContext, StrategyOutcome } from './strategy.js';

export const CLASSIC = {
  startVoltageMv: 1150,
  startFrequencyMhz: 500,
  voltageStepMv: 20,
  frequencyStepMhz: 25,
  settleMs: 90_000,
  sampleIntervalMs: 15_000,
  samples: 40,
  inTolerance: 0.94,
} as const;

/** mrv777 ends the whole benchmark on these ("Reached thermal or stability limits"). */
const STOPPING_GATES: ReadonlySet<GateName> = new Set<GateName>(['chipTemp', 'vrTemp', 'power', 'inputVoltage', 'overheat']);

/** One classic point's cost: PATCH, 2 s, restart, 90 s, 600 s. */
export const CLASSIC_POINT_MS = 2_000 + CLASSIC.settleMs + CLASSIC.samples * CLASSIC.sampleIntervalMs;

export function classicRequest(frequencyMhz: number, coreVoltageMv: number): PointRequest {
  return {
    point: { frequencyMhz, coreVoltageMv },
    purpose: 'classic step',
    restart: true,
    settle: { kind: 'fixed', ms: CLASSIC.settleMs },
    measure: {
      sampleIntervalMs: CLASSIC.sampleIntervalMs,
      minMs: CLASSIC.samples * CLASSIC.sampleIntervalMs,
      maxMs: CLASSIC.samples * CLASSIC.sampleIntervalMs,
      minSamples: CLASSIC.samples,
      summary: 'classic',
      stopWhenFailing: false,
    },
  };
}

export const classicStrategy: BenchStrategy = {
  name: 'classic',
  description: "mrv777's sweep: 1150 mV / 500 MHz, restart per point, 90 s + 600 s, +25 MHz while ≥ 94 %, else +20 mV −25 MHz",
  async search(context: StrategyContext): Promise<StrategyOutcome> {
    const { ranges } = context.device;
    const [minFrequency, maxFrequency] = ranges.frequencyMhz;
    const [, maxVoltage] = ranges.coreVoltageMv;
    let voltage: number = CLASSIC.startVoltageMv;
    let frequency: number = CLASSIC.startFrequencyMhz;
    // The lower bound is mkhnsn's "min-frequency underflow guard" (mrv777#9): stepping back below the allowed range
    // would only be refused.
    while (voltage <= maxVoltage && frequency <= maxFrequency && frequency >= minFrequency) {
      context.expectRemaining(Math.max(1, Math.floor((maxFrequency - frequency) / CLASSIC.frequencyStepMhz) + 1), CLASSIC_POINT_MS);
      const result = await context.measure(classicRequest(frequency, voltage));
      if (result.verdict === 'refused' || !result.measurement) break;
      if (result.failures.some((f) => STOPPING_GATES.has(f.gate))) break;
      if (result.measurement.hashrateRatio.mean >= CLASSIC.inTolerance) {
        frequency += CLASSIC.frequencyStepMhz;
      } else {
        voltage += CLASSIC.voltageStepMv;
        frequency -= CLASSIC.frequencyStepMhz;
      }
    }
    return { picks: {} };
  },
};
