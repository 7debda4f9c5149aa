import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { addMiner, openTempStore, T0 } from './helpers.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => {
  ({ store, cleanup } = openTempStore());
});
afterEach(() => cleanup());

describe('events', () => {
  it('lists newest first, per miner or fleet-wide, with paging and JSON data', () => {
    const kitchen = addMiner(store, 'kitchen', 'AA:00:00:00:00:01');
    const garage = addMiner(store, 'garage', 'AA:00:00:00:00:02');
    const added = store.events.add({
      minerId: kitchen, ts: T0, kind: 'online', severity: 'info', message: 'kitchen is online',
    });
    expect(added).toMatchObject({ id: expect.any(Number) as number, minerId: kitchen, data: null });
    store.events.add({
      minerId: garage, ts: T0 + 1_000, kind: 'offline', severity: 'warning', message: 'garage is offline',
    });
    store.events.add({
      minerId: kitchen, ts: T0 + 2_000, kind: 'settingsChanged', severity: 'info', message: 'kitchen 525 → 550 MHz',
      data: { from: { frequencyMhz: 525 }, to: { frequencyMhz: 550 } },
    });
    store.events.add({ minerId: null, ts: T0 + 3_000, kind: 'digest', severity: 'info', message: 'daily digest' });

    expect(store.events.list({ limit: 10 }).map((e) => e.ts)).toEqual([T0 + 3_000, T0 + 2_000, T0 + 1_000, T0]);
    const kitchenEvents = store.events.list({ minerId: kitchen, limit: 10 });
    expect(kitchenEvents.map((e) => e.kind)).toEqual(['settingsChanged', 'online']);
    expect(kitchenEvents[0]?.data).toEqual({ from: { frequencyMhz: 525 }, to: { frequencyMhz: 550 } });
    expect(store.events.list({ limit: 2 }).map((e) => e.ts)).toEqual([T0 + 3_000, T0 + 2_000]);
    expect(store.events.list({ limit: 2, beforeTs: T0 + 2_000 }).map((e) => e.ts)).toEqual([T0 + 1_000, T0]);
  });

  it('refuses a severity it does not know', () => {
    expect(() =>
      store.events.add({ minerId: null, ts: T0, kind: 'x', severity: 'fatal' as 'critical', message: 'x' }),
    ).toThrow();
  });
});
