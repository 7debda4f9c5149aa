import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { openTempStore, T0 } from './helpers.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => {
  ({ store, cleanup } = openTempStore());
});
afterEach(() => cleanup());

describe('miner identity', () => {
  it('creates a miner on first sight with everything it reported', () => {
    const miner = store.miners.resolveMiner({
      mac: '10:f5:12:33:bb:f0', host: '10.1.10.111', name: 'kitchen', model: 'gamma', asicModel: 'BM1370',
      hostname: 'bitaxe', firmware: 'v2.12.2', ts: T0,
    });
    expect(miner).toEqual({
      id: miner.id, mac: '10:F5:12:33:BB:F0', name: 'kitchen', host: '10.1.10.111', model: 'gamma',
      asicModel: 'BM1370', hostname: 'bitaxe', firmware: 'v2.12.2', firstSeen: T0, lastSeen: T0,
    });
    expect(store.miners.byId(miner.id)).toEqual(miner);
    expect(store.miners.byName('kitchen')).toEqual(miner);
    expect(store.miners.byName('garage')).toBeNull();
    expect(store.miners.byId(miner.id + 100)).toBeNull();
  });

  it('keeps the id and history when a known MAC answers from a new IP', () => {
    const before = store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:01', host: '192.168.1.20', name: 'kitchen', ts: T0 });
    const after = store.miners.resolveMiner({
      mac: 'aa-bb-cc-00-00-01', host: '192.168.1.77', name: 'kitchen', firmware: 'v2.14.0', ts: T0 + 60_000,
    });
    expect(after.id).toBe(before.id);
    expect(after.host).toBe('192.168.1.77');
    expect(after.firmware).toBe('v2.14.0');
    expect(after.firstSeen).toBe(T0);
    expect(after.lastSeen).toBe(T0 + 60_000);
    expect(store.miners.list()).toHaveLength(1);
  });

  it('gives a miner first seen without MAC its MAC once the firmware sends one', () => {
    const old = store.miners.resolveMiner({ mac: null, host: '192.168.1.30', name: 'garage', model: 'ultra', ts: T0 });
    expect(old.mac).toBeNull();
    const again = store.miners.resolveMiner({ mac: '', host: '192.168.1.30', name: 'garage', ts: T0 + 5_000 });
    expect(again.id).toBe(old.id);
    expect(again.model).toBe('ultra');
    const upgraded = store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:02', host: '192.168.1.30', name: 'garage', ts: T0 + 10_000 });
    expect(upgraded.id).toBe(old.id);
    expect(upgraded.mac).toBe('AA:BB:CC:00:00:02');
    // From now on the MAC, not the host, is its identity.
    const moved = store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:02', host: '192.168.1.31', name: 'garage', ts: T0 + 15_000 });
    expect(moved.id).toBe(old.id);
  });

  it('treats a different MAC at a known host as a different miner', () => {
    const first = store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:03', host: '192.168.1.40', name: 'shed', ts: T0 });
    const replacement = store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:04', host: '192.168.1.40', name: 'shed', ts: T0 + 1_000 });
    expect(replacement.id).not.toBe(first.id);
    // The name now means the device seen most recently.
    expect(store.miners.byName('shed')?.id).toBe(replacement.id);
    expect(store.miners.list().map((m) => m.id).sort()).toEqual([first.id, replacement.id].sort());
  });

  it('follows a rename in the config and never moves lastSeen backwards', () => {
    const miner = store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:05', host: 'h', name: 'old name', ts: T0 + 10_000 });
    const renamed = store.miners.resolveMiner({ mac: 'AA:BB:CC:00:00:05', host: 'h', name: 'new name', ts: T0 });
    expect(renamed.id).toBe(miner.id);
    expect(renamed.name).toBe('new name');
    expect(renamed.lastSeen).toBe(T0 + 10_000);
  });
});
