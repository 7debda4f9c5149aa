import { afterEach, describe, expect, it } from 'vitest';
import { planDemoHistory, writeDemoHistory, dailyAmbientC } from '../../../src/demo/history.js';
import { DemoClock } from '../../../src/demo/demo-clock.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { SimulatedMiner } from '../../../src/sim/device.js';
import { openStore, type Store } from '../../../src/store/store.js';

const NOW = Date.UTC(2026, 11, 2, 9);
const HOUR = 3_600_000;
let store: Store;
afterEach(() => store.close());

describe('where the demo may write its simulated day', () => {
  it('fills a new database with a whole day', () => {
    store = openStore({ path: ':memory:' });
    expect(planDemoHistory(store, NOW)).toEqual({ kind: 'write', fromMs: NOW - 24 * HOUR, untilMs: NOW });
  });

  it('never writes into a database that holds real miners', () => {
    store = openStore({ path: ':memory:' });
    store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:01', host: '192.168.1.20', name: 'kitchen', ts: NOW - HOUR });
    const plan = planDemoHistory(store, NOW);
    expect(plan.kind).toBe('skip');
    expect(plan.kind === 'skip' ? plan.reason : '').toContain('the demo did not write');
  });

  it('adds only what is missing to its own database, and nothing a minute later', () => {
    store = openStore({ path: ':memory:' });
    const clock = new DemoClock(new VirtualClock(NOW - 2 * HOUR));
    clock.setTo(NOW - 3 * HOUR);
    const device = new SimulatedMiner({ model: 'gamma', seed: 1001, clock, hostname: 'gamma' });
    writeDemoHistory({
      store, clock, miners: [{ name: 'gamma', host: 'sim', device }], plan: { fromMs: NOW - 3 * HOUR, untilMs: NOW - 2 * HOUR },
      stepMs: 10_000, ambientC: dailyAmbientC, log: silentLogger(),
    });
    const plan = planDemoHistory(store, NOW);
    expect(plan.kind).toBe('write');
    expect(plan.kind === 'write' ? plan.fromMs : 0).toBeGreaterThan(NOW - 2 * HOUR - 20_000);
    expect(planDemoHistory(store, NOW - 2 * HOUR + 30_000).kind).toBe('skip');
    // Rolled up, so a chart over days reads it.
    const id = store.miners.byName('gamma')?.id ?? 0;
    expect(store.rollups.range('minute', id, NOW - 3 * HOUR, NOW).length).toBeGreaterThanOrEqual(59);
  });
});
