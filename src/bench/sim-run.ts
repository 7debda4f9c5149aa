/**
 * A benchmark against an in-process simulated miner on a virtual clock: the simulated device (SimulatedMiner +
 * SimTransport), a MinerClient over it, and a settings guard that knows it. Used by `axepilot bench --sim`, the
 * tuning evaluation (`npm run bench:tuning`) and tests; the engine itself never knows it is talking to a simulator.
 */
import { MinerClient } from '../axeos/client.js';
import type { ModelId } from '../axeos/models.js';
import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';
import { flushPending, type VirtualClock } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import { SettingsGuard } from '../control/guard.js';
import { SimulatedMiner } from '../sim/device.js';
import type { FirmwareId } from '../sim/profiles.js';
import { SimTransport } from '../sim/transport.js';
import type { Store } from '../store/store.js';

export interface SimBench {
  miner: string;
  clock: VirtualClock;
  device: SimulatedMiner;
  client: MinerClient;
  guard: SettingsGuard;
}

/** A miner that has been hashing for a while, as any miner an owner benchmarks has. */
export const SIM_WARM_UP_MS = 10 * 60_000;
/** The simulated HTTP client's timeout, on the virtual clock. */
const SIM_TIMEOUT_MS = 5_000;

export async function createSimBench(options: {
  model: ModelId;
  seed: number;
  clock: VirtualClock;
  store: Store;
  config: Config;
  log?: Logger;
  firmware?: FirmwareId;
  name?: string;
  warmUpMs?: number;
}): Promise<SimBench> {
  const { clock } = options;
  const device = new SimulatedMiner({
    model: options.model, seed: options.seed, clock, ...(options.firmware ? { firmware: options.firmware } : {}),
  });
  const miner = options.name ?? `sim-${options.model}-${options.seed}`;
  const client = new MinerClient({ name: miner, transport: new SimTransport({ device, timeoutMs: SIM_TIMEOUT_MS }), clock });
  await clock.advance(options.warmUpMs ?? SIM_WARM_UP_MS);
  const asic: AsicInfo | null = await client.getAsic();
  const telemetry: Telemetry = (await client.getInfo()).telemetry;
  const guard = new SettingsGuard({ store: options.store, clock, log: options.log ?? silentLogger(), limits: options.config.limits });
  guard.addMiner({
    name: miner, client, minerId: () => null,
    asic: () => asic,
    telemetry: () => telemetry,
  });
  return { miner, clock, device, client, guard };
}

/** Wakes the virtual clock's sleepers one instant after another until `work` settles; throws when it waits on nothing. */
export async function driveVirtualClock<T>(clock: VirtualClock, work: Promise<T>): Promise<T> {
  let settled = false;
  const watched = work.finally(() => {
    settled = true;
  });
  // Keep the rejection observed until it is awaited below.
  watched.catch(() => undefined);
  let idle = 0;
  while (!settled) {
    const next = clock.nextWake();
    if (next === null) {
      await flushPending();
      if (++idle > 1000) throw new Error('the benchmark waits on something other than the virtual clock');
      continue;
    }
    idle = 0;
    await clock.advance(Math.max(0, next - clock.now()));
  }
  return watched;
}
