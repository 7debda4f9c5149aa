/**
 * One miner's day under one policy: a fresh simulated device of the scenario's seed and firmware on its own virtual
 * clock, the room on the day's schedule, the scenario's faults timed on it, the policy in charge from 40 minutes
 * before midnight, and the device's true state (no sensor noise) read every 10 s of the day.
 */
import { VirtualClock } from '../../src/core/clock.js';
import type { Config } from '../../src/config/schema.js';
import type { SimMinerState } from '../../src/sim/state.js';
import type { DeviceBenchmark } from './benchmark.js';
import { dayMetrics, type DayMetrics } from './metrics.js';
import type { OracleMinute } from './oracle.js';
import type { Policy } from './policy.js';
import { AMBIENT_DAY, BEFORE_DAY_MS, DAY_MS, DAY_START, MINUTE_MS, type OwnerLimits, type ScenarioDevice } from './scenario.js';

export const SAMPLE_MS = 10_000;

/** What the bench keeps of each true-state reading. */
export interface DaySample {
  ts: number;
  hashrateGhs: number;
  powerW: number;
  chipTempC: number;
  vrTempC: number;
  fanPct: number;
  errorPct: number;
  asicRunning: boolean;
  frequencyMhz: number;
  coreVoltageMv: number;
  overheatTrips: number;
  stalled: boolean;
}

function keep(s: SimMinerState, ts: number): DaySample {
  return {
    ts, hashrateGhs: s.hashrateGhs, powerW: s.powerW, chipTempC: s.chipTempC, vrTempC: s.vrTempC, fanPct: s.fan.dutyPct,
    errorPct: s.errorPct, asicRunning: s.asicRunning, frequencyMhz: s.settings.frequencyMhz, coreVoltageMv: s.settings.coreVoltageMv,
    overheatTrips: s.overheat.trips, stalled: s.faults.includes('flatline'),
  };
}

export async function runDay(options: {
  spec: ScenarioDevice;
  policy: Policy;
  benchmark: DeviceBenchmark;
  oracle: readonly OracleMinute[];
  limits: OwnerLimits;
  config: Config;
}): Promise<DayMetrics> {
  const { spec, policy } = options;
  const clock = new VirtualClock(DAY_START - BEFORE_DAY_MS);
  const run = await policy.open({ spec, clock, benchmark: options.benchmark, config: options.config });
  try {
    const { device } = run;
    device.setAmbientSchedule(AMBIENT_DAY);
    const untilDay = (minute: number): number => DAY_START + minute * MINUTE_MS - clock.now();
    if (spec.fanFailure) device.injectFault('fan-failure', { startInMs: untilDay(spec.fanFailure.atMinute), durationMs: spec.fanFailure.minutes * MINUTE_MS });
    if (spec.stall) device.injectFault('flatline', { startInMs: untilDay(spec.stall.atMinute), untilRestart: true });
    await run.advance(DAY_START - clock.now());
    const tripsBefore = device.state().overheat.trips;
    const samples: DaySample[] = [];
    for (let t = DAY_START + SAMPLE_MS; t <= DAY_START + DAY_MS; t += SAMPLE_MS) {
      await run.advance(t - clock.now());
      samples.push(keep(device.state(), t));
    }
    const audit = run.guard.auditLog({ miner: run.miner, limit: 1_000_000 }).filter((e) => e.ts >= DAY_START && e.ts <= DAY_START + DAY_MS);
    return dayMetrics({
      spec, policy: policy.name, samples, audit, oracle: options.oracle, limits: options.limits, tripsBefore,
      hasVrSensor: device.board.hasVrSensor,
    });
  } finally {
    await run.stop();
  }
}
