/** A simulated miner, a real SQLite file and the real settings guard on a virtual clock, for benchmark runs. */
import { join } from 'node:path';
import type { ModelId } from '../../../src/axeos/models.js';
import type { FirmwareId } from '../../../src/sim/profiles.js';
import { BenchRepository } from '../../../src/bench/repository.js';
import { createSimBench, type SimBench } from '../../../src/bench/sim-run.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { makeTempDir } from '../store/helpers.js';

export interface BenchWorld extends SimBench {
  store: Store;
  path: string;
  config: Config;
  repository: BenchRepository;
  cleanup(): void;
}

export async function benchWorld(options: { model?: ModelId; seed?: number; config?: Record<string, unknown>; firmware?: FirmwareId } = {}): Promise<BenchWorld> {
  const temp = makeTempDir();
  const path = join(temp.dir, 'axepilot.db');
  const store = openStore({ path });
  const config = parseConfig(options.config ?? {}, {});
  const clock = new VirtualClock();
  const sim = await createSimBench({
    model: options.model ?? 'gamma', seed: options.seed ?? 1, clock, store, config, ...(options.firmware ? { firmware: options.firmware } : {}),
  });
  return {
    ...sim, store, path, config, repository: new BenchRepository(store.db),
    cleanup: () => {
      store.close();
      temp.remove();
    },
  };
}

export function restorePointCount(store: Store): number {
  return (store.db.prepare('SELECT COUNT(*) AS n FROM restore_points').get() as { n: number }).n;
}

/** The settings the simulated device keeps in flash. */
export function flashSettings(world: BenchWorld): { frequencyMhz: number; coreVoltageMv: number } {
  const { settings } = world.device.state();
  return { frequencyMhz: settings.frequencyMhz, coreVoltageMv: settings.coreVoltageMv };
}
