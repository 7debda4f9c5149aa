/**
 * The miner's benchmark, run once per device before the day (the real smart benchmark on the virtual clock, at the
 * simulator's default 25 °C, as `npm run bench:tuning` runs it) and reused by every policy: its passing points are
 * the ladder the autopilot, the baselines' starting point and the oracle all draw from.
 */
import { VirtualClock } from '../../src/core/clock.js';
import type { Config } from '../../src/config/schema.js';
import { ladderFromBenchmark, onFrequencyGrid } from '../../src/autopilot/ladder.js';
import type { Rung } from '../../src/autopilot/types.js';
import { runBenchmark } from '../../src/bench/run.js';
import { createSimBench, driveVirtualClock } from '../../src/bench/sim-run.js';
import type { BenchProvenance } from '../../src/bench/provenance.js';
import type { PointResult } from '../../src/bench/types.js';
import { openStore } from '../../src/store/store.js';
import type { ScenarioDevice } from './scenario.js';

export interface DeviceBenchmark {
  points: PointResult[];
  /** The autopilot's hashrate-mode ladder, lowest hashrate first: where the baselines start the day (its top). */
  ladder: Rung[];
  /** Every passing point on the firmware's frequency grid, once each: what the oracle chooses from. */
  passing: Rung[];
  frequencyOptions: number[];
  voltageOptions: number[];
  deviceMinutes: number;
  provenance: BenchProvenance;
  startedAt: number;
  endedAt: number;
}

export async function benchmarkDevice(device: ScenarioDevice, config: Config): Promise<DeviceBenchmark> {
  const store = openStore({ path: ':memory:' });
  try {
    const clock = new VirtualClock();
    const sim = await createSimBench({ model: device.model, seed: device.seed, clock, store, config, firmware: device.firmware, name: device.name });
    const ranges = sim.guard.allowedRanges(sim.miner);
    const result = await driveVirtualClock(clock, runBenchmark({
      miner: sim.miner, client: sim.client, guard: sim.guard, clock, config, strategy: 'smart', mode: 'quick', objective: 'efficiency',
    }));
    const ladder = ladderFromBenchmark(result.points, { frequencyOptions: ranges.frequencyOptions, source: 'benchmark' });
    if (ladder.length === 0) throw new Error(`${device.name}: the benchmark found no passing point (${result.state}${result.error ? `: ${result.error}` : ''})`);
    const passing = new Map<string, Rung>();
    for (const p of result.points) {
      const m = p.measurement;
      if (p.verdict !== 'pass' || !m || !onFrequencyGrid(p.point.frequencyMhz, ranges.frequencyOptions)) continue;
      passing.set(`${p.point.frequencyMhz}/${p.point.coreVoltageMv}`, {
        ...p.point, hashrateGhs: m.effectiveHashrateGhs.mean, powerW: m.powerW.mean, efficiencyJth: m.efficiencyJth.mean,
        chipTempC: m.chipTempC?.mean ?? null, source: 'benchmark',
      });
    }
    return {
      points: result.points, ladder, passing: [...passing.values()], frequencyOptions: ranges.frequencyOptions, voltageOptions: ranges.voltageOptions,
      deviceMinutes: result.deviceTimeMs / 60_000, provenance: result.provenance, startedAt: result.startedAt, endedAt: result.endedAt,
    };
  } finally {
    store.close();
  }
}
