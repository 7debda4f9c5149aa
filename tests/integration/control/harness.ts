/** A guard on a real SQLite file with simulated miners reached through MinerClient, all on one virtual clock. */
import { MinerClient } from '../../../src/axeos/client.js';
import type { AsicInfo, Telemetry } from '../../../src/axeos/telemetry.js';
import type { ModelId } from '../../../src/axeos/models.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { SettingsGuard, type Actor, type GuardedMiner } from '../../../src/control/guard.js';
import { SimTransport, SimulatedMiner, type FirmwareId } from '../../../src/sim/index.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { makeTempDir } from '../store/helpers.js';
import { join } from 'node:path';

export const OWNER: Actor = { kind: 'user', id: 'telegram:1', name: 'owner' };
export const BENCH: Actor = { kind: 'benchmark', id: 'bench:1', name: 'benchmark' };

/** A simulated device and the guard's view of it; `poll()` does what the fleet's poll loop does. */
export class TestMiner implements GuardedMiner {
  readonly client: MinerClient;
  /** The base URL the guard records with a restore point (a configured miner's host). */
  host: string | null = null;
  private lastTelemetry: Telemetry | null = null;
  private lastAsic: AsicInfo | null = null;

  constructor(readonly name: string, readonly device: SimulatedMiner) {
    this.client = new MinerClient({ name, transport: new SimTransport({ device }), clock: device.clock });
  }

  async poll(): Promise<Telemetry> {
    this.lastAsic = await this.client.getAsic();
    this.lastTelemetry = (await this.client.getInfo()).telemetry;
    return this.lastTelemetry;
  }

  minerId(): number | null {
    return null;
  }

  asic(): AsicInfo | null {
    return this.lastAsic;
  }

  telemetry(): Telemetry | null {
    return this.lastTelemetry;
  }
}

export interface ControlWorld {
  clock: VirtualClock;
  config: Config;
  store: Store;
  path: string;
  guard: SettingsGuard;
  restarts: Array<{ miner: string; untilMs: number }>;
  miners: Map<string, TestMiner>;
  /** A new guard on the same database file (after a simulated crash): the old store is left as a crash leaves it. */
  reopen(): SettingsGuard;
  cleanup(): void;
}

export function controlWorld(options: { limits?: Record<string, unknown>; miners?: Array<{ name: string; model?: ModelId; firmware?: FirmwareId }> } = {}): ControlWorld {
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 14, 2));
  const config = parseConfig({ timezone: 'UTC', limits: options.limits ?? {}, chat: { admins: ['telegram:1', 'telegram:2'] } }, {});
  const temp = makeTempDir();
  const path = join(temp.dir, 'axepilot.db');
  const stores: Store[] = [];
  const restarts: Array<{ miner: string; untilMs: number }> = [];
  const miners = new Map<string, TestMiner>();
  (options.miners ?? [{ name: 'gamma' }]).forEach((m, i) => {
    const device = new SimulatedMiner({ model: m.model ?? 'gamma', seed: 11 + i, clock, ...(m.firmware ? { firmware: m.firmware } : {}) });
    miners.set(m.name, new TestMiner(m.name, device));
  });
  const newGuard = (): SettingsGuard => {
    const store = openStore({ path });
    stores.push(store);
    const guard = new SettingsGuard({
      store, clock, log: silentLogger(), limits: config.limits, timeZone: 'UTC',
      onRestartRequested: (miner, untilMs) => restarts.push({ miner, untilMs }),
    });
    for (const miner of miners.values()) guard.addMiner(miner);
    return guard;
  };
  const world: ControlWorld = {
    clock, config, path, restarts, miners,
    guard: newGuard(),
    get store() {
      const last = stores[stores.length - 1];
      if (!last) throw new Error('no store open');
      return last;
    },
    reopen: () => {
      world.guard = newGuard();
      return world.guard;
    },
    cleanup: () => {
      for (const store of stores) store.close();
      temp.remove();
    },
  };
  return world;
}

export function auditRows(store: Store): Array<{ action: string; result: string; actor_id: string; before: string | null; after: string | null; detail: string | null }> {
  return store.db.prepare('SELECT action, result, actor_id, before, after, detail FROM audit ORDER BY id').all() as never;
}
