import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { addMiner, openTempStore, telemetry, T0 } from './helpers.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => {
  ({ store, cleanup } = openTempStore());
});
afterEach(() => cleanup());

describe('samples', () => {
  it('round-trips every stored reading, nulls included', () => {
    const minerId = addMiner(store);
    const full = telemetry({
      ts: T0 + 5_000, hashrateGhs: 1072.24, expectedHashrateGhs: 1071, chipTempC: 60.125, vrTempC: 62, powerW: 18.75,
      inputVoltageV: 5.09375, coreVoltageMv: 1150, coreVoltageActualMv: 1144, frequencyMhz: 525, fanPct: 44,
      fanRpm: 4100, errorPct: 0.21, sharesAccepted: 4768, sharesRejected: 13, bestDiff: 49224525, uptimeS: 18574,
    });
    const empty = telemetry({ ts: T0, chipTempC: Number.NaN, powerW: Number.POSITIVE_INFINITY });
    store.samples.insertMany([
      { minerId, telemetry: full },
      { minerId, telemetry: empty },
    ]);

    const rows = store.samples.range(minerId, T0, T0 + 10_000);
    expect(rows.map((r) => r.ts)).toEqual([T0, T0 + 5_000]);
    expect(rows[0]).toEqual({
      minerId, ts: T0, hashrateGhs: null, expectedHashrateGhs: null, chipTempC: null, vrTempC: null, powerW: null,
      inputVoltageV: null, coreVoltageMv: null, coreVoltageActualMv: null, frequencyMhz: null, fanPct: null,
      fanRpm: null, errorPct: null, sharesAccepted: null, sharesRejected: null, bestDiff: null, uptimeS: null,
    });
    expect(rows[1]).toEqual({
      minerId, ts: T0 + 5_000, hashrateGhs: 1072.24, expectedHashrateGhs: 1071, chipTempC: 60.125, vrTempC: 62,
      powerW: 18.75, inputVoltageV: 5.09375, coreVoltageMv: 1150, coreVoltageActualMv: 1144, frequencyMhz: 525,
      fanPct: 44, fanRpm: 4100, errorPct: 0.21, sharesAccepted: 4768, sharesRejected: 13, bestDiff: 49224525,
      uptimeS: 18574,
    });
    expect(store.samples.latest(minerId)?.ts).toBe(T0 + 5_000);
    expect(store.samples.count()).toBe(2);
  });

  it('keeps miners apart, reads half-open ranges, and replaces a poll with the same timestamp', () => {
    const a = addMiner(store, 'a', 'AA:00:00:00:00:01');
    const b = addMiner(store, 'b', 'AA:00:00:00:00:02');
    store.samples.insertMany([
      { minerId: a, telemetry: telemetry({ ts: T0, hashrateGhs: 1 }) },
      { minerId: a, telemetry: telemetry({ ts: T0 + 5_000, hashrateGhs: 2 }) },
      { minerId: a, telemetry: telemetry({ ts: T0 + 10_000, hashrateGhs: 3 }) },
      { minerId: b, telemetry: telemetry({ ts: T0 + 5_000, hashrateGhs: 20 }) },
    ]);
    store.samples.insertMany([{ minerId: a, telemetry: telemetry({ ts: T0 + 5_000, hashrateGhs: 2.5 }) }]);
    expect(store.samples.range(a, T0, T0 + 10_000).map((r) => r.hashrateGhs)).toEqual([1, 2.5]);
    expect(store.samples.range(b, T0, T0 + 60_000).map((r) => r.hashrateGhs)).toEqual([20]);
    expect(store.samples.latest(a)?.hashrateGhs).toBe(3);
    expect(store.samples.latest(b + 1)).toBeNull();
    expect(store.samples.count()).toBe(4);
  });

  it('writes a batch all or nothing', () => {
    const minerId = addMiner(store);
    const unknownMiner = minerId + 99;
    expect(() =>
      store.samples.insertMany([
        { minerId, telemetry: telemetry({ ts: T0 }) },
        { minerId: unknownMiner, telemetry: telemetry({ ts: T0 }) },
      ]),
    ).toThrow();
    expect(store.samples.count()).toBe(0);
  });
});
