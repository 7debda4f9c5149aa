/**
 * What a policy is to the bench: something that takes one simulated miner before the day starts and controls it (or
 * not) while the bench moves the virtual clock. Every write any policy makes goes through the real settings guard,
 * so writes, refusals and restarts are counted the same way for all of them (from the guard's audit log).
 */
import { MinerClient, type InfoAnswer } from '../../src/axeos/client.js';
import type { AsicInfo, MinerSettings, Telemetry } from '../../src/axeos/telemetry.js';
import { isAbortError, type VirtualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Config } from '../../src/config/schema.js';
import type { Rung } from '../../src/autopilot/types.js';
import { GuardRefusal, SettingsGuard, type Actor } from '../../src/control/guard.js';
import { SimulatedMiner } from '../../src/sim/device.js';
import { SimTransport } from '../../src/sim/transport.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { DeviceBenchmark } from './benchmark.js';
import type { ScenarioDevice } from './scenario.js';

export interface PolicySetup {
  spec: ScenarioDevice;
  /** Set before the day; the policy warms the device up on it. */
  clock: VirtualClock;
  benchmark: DeviceBenchmark;
  config: Config;
}

export interface DayRun {
  miner: string;
  device: SimulatedMiner;
  guard: SettingsGuard;
  /** Moves the clock; the policy polls, decides and writes on the way. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface Policy {
  /** Short column name in the table. */
  name: string;
  describe: string;
  open(setup: PolicySetup): Promise<DayRun>;
}

/** A device that has been hashing a while before anyone looks at it. */
export const WARM_UP_MS = 10 * 60_000;
const SIM_TIMEOUT_MS = 5_000;
/** Who writes the policy's starting point, before the day (not counted). */
const BENCH_ACTOR: Actor = { kind: 'system', id: 'bench', name: 'bench' };

/** A simulated miner, a client and a guard on one store, for the baselines (axepilot brings its own fleet). */
export interface BaselineRig {
  miner: string;
  clock: VirtualClock;
  device: SimulatedMiner;
  client: MinerClient;
  guard: SettingsGuard;
  store: Store;
  asic: AsicInfo | null;
  /** The last reading the loop took. */
  latest: Telemetry | null;
}

export async function openBaselineRig(setup: PolicySetup): Promise<BaselineRig> {
  const { spec, clock, config } = setup;
  const store = openStore({ path: ':memory:' });
  const device = new SimulatedMiner({ model: spec.model, seed: spec.seed, clock, firmware: spec.firmware, hostname: spec.name });
  const client = new MinerClient({ name: spec.name, transport: new SimTransport({ device, timeoutMs: SIM_TIMEOUT_MS }), clock });
  await clock.advance(WARM_UP_MS);
  const asic = await client.getAsic();
  const rig: BaselineRig = { miner: spec.name, clock, device, client, store, asic, latest: (await client.getInfo()).telemetry, guard: undefined as never };
  rig.guard = new SettingsGuard({ store, clock, log: silentLogger(), limits: config.limits, timeZone: 'UTC' });
  rig.guard.addMiner({ name: spec.name, client, minerId: () => null, asic: () => rig.asic, telemetry: () => rig.latest });
  return rig;
}

/** Puts the miner on a rung before the day starts (as the owner would after benchmarking). */
export async function startAt(rig: BaselineRig, rung: Pick<Rung, 'frequencyMhz' | 'coreVoltageMv'>): Promise<void> {
  await rig.guard.apply({
    miner: rig.miner, actor: BENCH_ACTOR, reason: 'starting point for the day',
    settings: { frequencyMhz: rung.frequencyMhz, coreVoltageMv: rung.coreVoltageMv },
  });
}

/** A write through the guard; a refusal (write rate, range) or an unreachable miner is what the loop would log. */
export async function tryApply(rig: BaselineRig, actor: Actor, settings: MinerSettings, reason: string): Promise<boolean> {
  try {
    await rig.guard.apply({ miner: rig.miner, actor, settings, reason });
    return true;
  } catch (error) {
    if (error instanceof GuardRefusal || error instanceof Error) return false;
    throw error;
  }
}

export async function tryRestart(rig: BaselineRig, actor: Actor): Promise<boolean> {
  try {
    await rig.guard.restart({ miner: rig.miner, actor });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `tick` every `intervalMs` on the rig's clock until stopped; a reading that fails (a rebooting miner) is
 * skipped, as the baselines' own loops do.
 */
export function runLoop(rig: BaselineRig, intervalMs: number, tick: (reading: InfoAnswer | null, now: number) => Promise<void>): DayRun {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await rig.clock.sleep(intervalMs, stopping.signal);
      } catch (error) {
        if (isAbortError(error)) return;
        throw error;
      }
      let reading: InfoAnswer | null = null;
      try {
        reading = await rig.client.getInfo();
        rig.latest = reading.telemetry;
      } catch {
        reading = null;
      }
      await tick(reading, rig.clock.now());
    }
  })();
  return {
    miner: rig.miner, device: rig.device, guard: rig.guard,
    advance: (ms) => rig.clock.advance(ms),
    stop: async () => {
      stopping.abort();
      await loop;
      await rig.guard.stop();
      rig.store.close();
    },
  };
}

/** (a) Stock settings, nobody watching: only the firmware's own fan PID and overheat protection. */
export const stockPolicy: Policy = {
  name: 'stock',
  describe: 'stock settings, no control (the firmware\'s auto fan and overheat protection only)',
  async open(setup) {
    const rig = await openBaselineRig(setup);
    return runLoop(rig, 60_000, () => Promise.resolve());
  },
};
