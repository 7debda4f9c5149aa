import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TypedEventBus } from '../../../src/core/events.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import type { FleetEvents } from '../../../src/fleet/events.js';
import { EnergyMeter } from '../../../src/integrations/energy-meter.js';
import { openStore, type Store } from '../../../src/store/store.js';

describe('EnergyMeter', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function setup(path?: string): { meter: EnergyMeter; store: Store; path: string; minerId: number } {
    const dbPath = path ?? join((() => {
      const dir = mkdtempSync(join(tmpdir(), 'axepilot-energy-'));
      dirs.push(dir);
      return dir;
    })(), 'axepilot.db');
    const store = openStore({ path: dbPath });
    stores.push(store);
    const { id } = store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:01', host: 'http://x', name: 'gamma', ts: 0 });
    const meter = new EnergyMeter({ store, bus: new TypedEventBus<FleetEvents>(), clock: new VirtualClock(), log: createLogger({ level: 'silent' }), pollIntervalMs: 5_000 });
    return { meter, store, path: dbPath, minerId: id };
  }

  it('integrates power between polls by the trapezoid rule', () => {
    const { meter, minerId } = setup();
    meter.record(minerId, 0, 10);
    meter.record(minerId, 5_000, 20);
    meter.record(minerId, 10_000, 20);
    // (10+20)/2 × 5 s + 20 × 5 s
    expect(meter.joulesOf(minerId)).toBe(175);
  });

  it('does not count a gap longer than a few poll intervals (time nobody watched)', () => {
    const { meter, minerId } = setup();
    meter.record(minerId, 0, 20);
    meter.record(minerId, 15_000, 20); // a missed poll or two: still counted
    meter.record(minerId, 15_000 + 60_000, 20); // a minute's outage: not
    meter.record(minerId, 15_000 + 65_000, 20);
    expect(meter.joulesOf(minerId)).toBe(300 + 100);
  });

  it('keeps its total in SQLite: a new meter on the same file continues from it', async () => {
    const first = setup();
    first.meter.record(first.minerId, 0, 36);
    first.meter.record(first.minerId, 10_000, 36);
    await first.meter.start();
    await first.meter.stop();
    first.store.close();
    const second = setup(first.path);
    await second.meter.start();
    expect(second.meter.joulesOf(second.minerId)).toBe(360);
    second.meter.record(second.minerId, 15_000, 36);
    expect(second.meter.joulesOf(second.minerId)).toBe(360 + 180);
    await second.meter.stop();
  });
});
