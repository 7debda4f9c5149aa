import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock, flushPending } from '../../../src/core/clock.js';
import { createLogger, silentLogger } from '../../../src/core/logger.js';
import { StoreMaintenance } from '../../../src/store/maintenance.js';
import type { Store } from '../../../src/store/store.js';
import { addMiner, DAY, HOUR, insertPolls, MINUTE, openTempStore, SECOND, T0 } from './helpers.js';

let store: Store;
let cleanup: () => void;
let clock: VirtualClock;
let minerId: number;
beforeEach(() => {
  ({ store, cleanup } = openTempStore({ pollIntervalMs: 30 * SECOND }));
  clock = new VirtualClock(T0);
  minerId = addMiner(store);
});
afterEach(() => cleanup());

const RETENTION = { rawDays: 0.25, minuteDays: 0.5, hourDays: 1, eventDays: 1 };

function count(table: string): number {
  return store.db.prepare<[], number>(`SELECT COUNT(*) FROM ${table}`).pluck().get() ?? 0;
}

describe('StoreMaintenance', () => {
  it('rolls up and prunes over a simulated day on the virtual clock', async () => {
    insertPolls(store, minerId, { fromMs: T0, toMs: T0 + DAY, stepMs: 30 * SECOND }, () => ({ powerW: 20, hashrateGhs: 1000 }));
    const maintenance = new StoreMaintenance({ store, clock, retention: RETENTION, log: silentLogger() });
    await maintenance.start();

    await clock.advance(12 * HOUR + 5 * SECOND);
    expect(store.rollups.minuteWatermark()).toBe(T0 + 12 * HOUR);
    // The hourly run at 12 h 0 min 5 s already dropped the first minute (older than minuteDays = 12 h).
    expect(count('rollup_minute')).toBe(12 * 60 - 1);
    expect(count('rollup_hour')).toBe(12);

    await clock.advance(12 * HOUR);
    // Last run at T0 + 24 h + 5 s: everything complete is rolled up, then each table keeps only its window.
    expect(store.rollups.minuteWatermark()).toBe(T0 + DAY);
    expect(store.rollups.hourWatermark()).toBe(T0 + DAY);
    const now = T0 + DAY + 5 * SECOND;
    expect(store.db.prepare<[], number>('SELECT MIN(ts) FROM samples').pluck().get()).toBeGreaterThanOrEqual(now - 6 * HOUR);
    expect(count('samples')).toBe(6 * 120 - 1);
    expect(count('rollup_minute')).toBe(12 * 60 - 1);
    expect(count('rollup_hour')).toBe(23);
    const hour = store.rollups.range('hour', minerId, T0 + 23 * HOUR, T0 + DAY)[0];
    expect(hour).toMatchObject({ sampleCount: 120, coveredMs: HOUR, powerW: { avg: 20, min: 20, max: 20 } });

    await maintenance.stop();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('stops promptly, also through the shutdown signal', async () => {
    const shutdown = new AbortController();
    const maintenance = new StoreMaintenance({ store, clock, retention: RETENTION, log: silentLogger(), signal: shutdown.signal });
    await maintenance.start();
    await flushPending();
    expect(clock.pendingSleeps).toBe(1);
    shutdown.abort();
    await flushPending();
    expect(clock.pendingSleeps).toBe(0);
    await maintenance.stop();
    // A second stop is harmless.
    await maintenance.stop();
  });

  it('logs a failing tick and succeeds on the next one', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    insertPolls(store, minerId, { fromMs: T0, toMs: T0 + 10 * MINUTE, stepMs: 30 * SECOND });
    const maintenance = new StoreMaintenance({ store, clock, retention: RETENTION, log });
    await maintenance.start();
    await clock.advance(2 * MINUTE);
    expect(store.rollups.minuteWatermark()).toBe(T0 + MINUTE);
    store.db.pragma('query_only = ON');
    await clock.advance(MINUTE);
    expect(lines.some((line) => line.includes('minute rollup failed') && line.includes('read-only'))).toBe(true);
    expect(store.rollups.minuteWatermark()).toBe(T0 + MINUTE);
    store.db.pragma('query_only = OFF');
    await clock.advance(MINUTE);
    expect(store.rollups.minuteWatermark()).toBe(T0 + 3 * MINUTE);
    await maintenance.stop();
  });

  it('runOnce does everything as of the given time', async () => {
    insertPolls(store, minerId, { fromMs: T0, toMs: T0 + 2 * DAY, stepMs: 10 * MINUTE });
    const maintenance = new StoreMaintenance({ store, clock, retention: RETENTION, log: silentLogger() });
    const report = await maintenance.runOnce(T0 + 2 * DAY);
    expect(report.minutes).toEqual({ buckets: 2 * 144, until: T0 + 2 * DAY });
    expect(report.hours).toEqual({ buckets: 48, until: T0 + 2 * DAY });
    expect(report.retention).toEqual({ samples: 2 * 144 - 36, minute: 2 * 144 - 72, hour: 24, events: 0, audit: 0, finished: true });
  });
});
