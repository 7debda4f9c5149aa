import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { addMiner, HOUR, insertPolls, MINUTE, openTempStore, SECOND, telemetry, T0 } from './helpers.js';

let store: Store;
let cleanup: () => void;
let minerId: number;
beforeEach(() => {
  ({ store, cleanup } = openTempStore({ pollIntervalMs: 10 * SECOND }));
  minerId = addMiner(store);
});
afterEach(() => cleanup());

/** Minute 0: six polls 10 s apart; minute 1: three polls; then a poll in the minute still running. */
function insertHandMadeMinutes(): void {
  const hashrates = [100, 200, 300, 400, 500, 600];
  const chipTemps = [60, null, 62, 64, 58, 66];
  store.samples.insertMany(
    hashrates.map((hashrateGhs, i) => ({
      minerId,
      telemetry: telemetry({
        ts: T0 + i * 10 * SECOND, hashrateGhs, chipTempC: chipTemps[i] ?? null, powerW: 20, fanPct: 50,
        sharesAccepted: 10 + i, sharesRejected: 1, bestDiff: 1000 * (i + 1), uptimeS: 100 + i * 10,
      }),
    })),
  );
  store.samples.insertMany(
    [90, 100, 110].map((hashrateGhs, i) => ({
      minerId,
      telemetry: telemetry({ ts: T0 + MINUTE + i * 10 * SECOND, hashrateGhs, chipTempC: 70, powerW: 30, sharesAccepted: 20 + i }),
    })),
  );
  store.samples.insertMany([{ minerId, telemetry: telemetry({ ts: T0 + 2 * MINUTE + 5 * SECOND, hashrateGhs: 999 }) }]);
}

describe('minute rollups', () => {
  it('aggregates each complete minute and leaves the running one alone', () => {
    insertHandMadeMinutes();
    const result = store.rollups.rollUpMinutes(T0 + 2 * MINUTE + 30 * SECOND);
    expect(result).toEqual({ buckets: 2, until: T0 + 2 * MINUTE });

    const [first, second, ...rest] = store.rollups.range('minute', minerId, T0, T0 + HOUR);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      minerId, ts: T0, sampleCount: 6, coveredMs: 60 * SECOND,
      hashrateGhs: { avg: 350, min: 100, max: 600 },
      chipTempC: { avg: 62, min: 58, max: 66 },
      powerW: { avg: 20, min: 20, max: 20 },
      vrTempC: { avg: null, min: null, max: null },
      fanPct: 50, expectedHashrateGhs: null,
      sharesAcceptedMax: 15, sharesRejectedMax: 1, bestDiffMax: 6000, uptimeSMax: 150,
    });
    // The last poll of minute 1 is followed by a 45 s gap: it counts for one poll interval only.
    expect(second).toMatchObject({ ts: T0 + MINUTE, sampleCount: 3, coveredMs: 30 * SECOND, hashrateGhs: { avg: 100, min: 90, max: 110 } });
  });

  it('is idempotent: a second run writes nothing, a forced re-run writes the same rows', () => {
    insertHandMadeMinutes();
    store.rollups.rollUpMinutes(T0 + 2 * MINUTE + 30 * SECOND);
    const before = store.rollups.range('minute', minerId, T0, T0 + HOUR);
    expect(store.rollups.rollUpMinutes(T0 + 2 * MINUTE + 30 * SECOND).buckets).toBe(0);
    store.db.prepare("DELETE FROM meta WHERE key = 'rollup_minute.until'").run();
    expect(store.rollups.rollUpMinutes(T0 + 2 * MINUTE + 30 * SECOND).buckets).toBe(2);
    expect(store.rollups.range('minute', minerId, T0, T0 + HOUR)).toEqual(before);
  });

  it('rolls the running minute once it is complete', () => {
    insertHandMadeMinutes();
    store.rollups.rollUpMinutes(T0 + 2 * MINUTE + 30 * SECOND);
    expect(store.rollups.rollUpMinutes(T0 + 3 * MINUTE)).toEqual({ buckets: 1, until: T0 + 3 * MINUTE });
    expect(store.rollups.range('minute', minerId, T0 + 2 * MINUTE, T0 + 3 * MINUTE)[0]?.hashrateGhs.avg).toBe(999);
  });

  it('recovers from a watermark left in the future by a wrong clock', () => {
    store.meta.setNumber('rollup_minute.until', T0 + 365 * 24 * HOUR);
    store.rollups.rollUpMinutes(T0);
    insertPolls(store, minerId, { fromMs: T0, toMs: T0 + MINUTE, stepMs: 10 * SECOND }, () => ({ hashrateGhs: 5 }));
    expect(store.rollups.rollUpMinutes(T0 + MINUTE).buckets).toBe(1);
  });
});

describe('hour rollups', () => {
  it('weights each minute by its sample count and never runs ahead of the minute rollups', () => {
    insertHandMadeMinutes();
    insertPolls(store, minerId, { fromMs: T0 + HOUR, toMs: T0 + HOUR + MINUTE, stepMs: 10 * SECOND }, () => ({ hashrateGhs: 1 }));
    store.rollups.rollUpMinutes(T0 + HOUR + 2 * MINUTE);
    const result = store.rollups.rollUpHours(T0 + 5 * HOUR);
    expect(result).toEqual({ buckets: 1, until: T0 + HOUR });

    const hours = store.rollups.range('hour', minerId, T0, T0 + 5 * HOUR);
    expect(hours).toHaveLength(1);
    const [hour] = hours;
    expect(hour?.sampleCount).toBe(10);
    expect(hour?.coveredMs).toBe(60 * SECOND + 30 * SECOND + 10 * SECOND);
    // (6 × 350 + 3 × 100 + 1 × 999) / 10
    expect(hour?.hashrateGhs.avg).toBeCloseTo(339.9, 10);
    expect(hour?.hashrateGhs.min).toBe(90);
    expect(hour?.hashrateGhs.max).toBe(999);
    // Minute 0 averaged 62 °C over 5 readings, minute 1 70 °C over 3; the minute without readings does not count.
    expect(hour?.chipTempC.avg).toBeCloseTo((6 * 62 + 3 * 70) / 9, 10);
    expect(hour?.sharesAcceptedMax).toBe(22);

    expect(store.rollups.rollUpHours(T0 + 5 * HOUR).buckets).toBe(0);
    store.db.prepare("DELETE FROM meta WHERE key = 'rollup_hour.until'").run();
    store.rollups.rollUpHours(T0 + 5 * HOUR);
    expect(store.rollups.range('hour', minerId, T0, T0 + 5 * HOUR)).toEqual(hours);
  });

  it('does nothing before any minute has been rolled up', () => {
    insertHandMadeMinutes();
    expect(store.rollups.rollUpHours(T0 + 5 * HOUR).buckets).toBe(0);
    expect(store.rollups.range('hour', minerId, T0, T0 + 5 * HOUR)).toEqual([]);
  });
});
