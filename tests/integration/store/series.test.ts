import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { addMiner, DAY, HOUR, insertPolls, MINUTE, openTempStore, SECOND, telemetry, T0 } from './helpers.js';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

function open(pollIntervalMs: number): Store {
  const opened = openTempStore({ pollIntervalMs });
  cleanup = opened.cleanup;
  return opened.store;
}

describe('readSeries', () => {
  it('uses raw samples for short ranges, with min = max = avg', () => {
    const store = open(5 * SECOND);
    const minerId = addMiner(store);
    insertPolls(store, minerId, { fromMs: T0, toMs: T0 + HOUR, stepMs: 5 * SECOND }, (ts) => ({ hashrateGhs: (ts - T0) / 1000, fanPct: 40 }));
    const series = store.series.readSeries({ minerId, fromMs: T0, toMs: T0 + HOUR });
    expect(series.resolution).toBe('raw');
    expect(series.points).toHaveLength(720);
    expect(series.points[3]).toMatchObject({ ts: T0 + 15 * SECOND, sampleCount: 1, hashrateGhs: { avg: 15, min: 15, max: 15 }, fanPct: 40 });
  });

  it('uses minutes for a day, joining stored rollups with the minutes not rolled up yet', () => {
    const store = open(10 * SECOND);
    const minerId = addMiner(store);
    const end = T0 + DAY;
    insertPolls(store, minerId, { fromMs: T0, toMs: end, stepMs: 10 * SECOND }, (ts) => ({
      hashrateGhs: ts % MINUTE === 0 ? 2000 : 1000,
    }));
    store.rollups.rollUpMinutes(end - 10 * MINUTE);

    const series = store.series.readSeries({ minerId, fromMs: T0, toMs: end });
    expect(series.resolution).toBe('minute');
    expect(series.points).toHaveLength(24 * 60);
    expect(series.points.map((p) => p.ts)).toEqual(Array.from({ length: 1440 }, (_, i) => T0 + i * MINUTE));
    for (const point of [series.points[0], series.points[1439]]) {
      // The spike survives in max although the average smooths it.
      expect(point?.hashrateGhs.max).toBe(2000);
      expect(point?.hashrateGhs.min).toBe(1000);
      expect(point?.hashrateGhs.avg).toBeCloseTo(7000 / 6, 10);
      expect(point?.sampleCount).toBe(6);
    }
  });

  it('uses hours for a month, and coarser tables once retention pruned the finer ones', () => {
    const store = open(MINUTE);
    const minerId = addMiner(store);
    const now = T0 + 10 * DAY;
    insertPolls(store, minerId, { fromMs: T0, toMs: now, stepMs: MINUTE }, () => ({ powerW: 20 }));
    store.rollups.rollUpMinutes(now);
    store.rollups.rollUpHours(now);
    expect(store.series.readSeries({ minerId, fromMs: now - 30 * DAY, toMs: now }).resolution).toBe('hour');
    expect(store.series.readSeries({ minerId, fromMs: now - 30 * DAY, toMs: now }).points).toHaveLength(240);

    store.retention.applyRetention(now, { rawDays: 2, minuteDays: 5, hourDays: 365, eventDays: 365 });
    const oldHour = store.series.readSeries({ minerId, fromMs: now - 3 * DAY, toMs: now - 3 * DAY + HOUR });
    expect(oldHour.resolution).toBe('minute');
    expect(oldHour.points).toHaveLength(60);
    const oldDay = store.series.readSeries({ minerId, fromMs: now - 6 * DAY, toMs: now - 5 * DAY });
    expect(oldDay.resolution).toBe('hour');
    expect(oldDay.points).toHaveLength(24);
  });
});

describe('summarize', () => {
  it('counts a constant 20 W for one hour as 0.02 kWh at full uptime', () => {
    const store = open(5 * SECOND);
    const minerId = addMiner(store);
    insertPolls(store, minerId, { fromMs: T0, toMs: T0 + HOUR, stepMs: 5 * SECOND }, () => ({ powerW: 20, hashrateGhs: 1000, chipTempC: 60 }));
    const summary = store.series.summarize({ minerId, fromMs: T0, toMs: T0 + HOUR });
    expect(summary.resolution).toBe('raw');
    expect(summary.energyKwh).toBeCloseTo(0.02, 12);
    expect(summary.uptimePct).toBeCloseTo(100, 10);
    expect(summary.sampleCount).toBe(720);
    expect(summary.hashrateGhs).toEqual({ avg: 1000, min: 1000, max: 1000 });
  });

  it('reports uptime and energy only for the time covered by polls', () => {
    const store = open(5 * SECOND);
    const minerId = addMiner(store);
    const steady = (): { powerW: number } => ({ powerW: 20 });
    insertPolls(store, minerId, { fromMs: T0, toMs: T0 + 30 * MINUTE, stepMs: 5 * SECOND }, steady);
    // Offline from 30 to 45 min.
    insertPolls(store, minerId, { fromMs: T0 + 45 * MINUTE, toMs: T0 + HOUR, stepMs: 5 * SECOND }, steady);
    // axepilot watched all along: the quarter hour without polls is the miner's downtime.
    store.watch.record(T0, T0 + HOUR);
    const summary = store.series.summarize({ minerId, fromMs: T0, toMs: T0 + HOUR });
    expect(summary.uptimePct).toBeCloseTo(75, 10);
    expect(summary.energyKwh).toBeCloseTo(0.015, 12);
  });

  it('counts uptime only over the time axepilot was watching, not the time before it was installed', () => {
    const store = open(5 * SECOND);
    const minerId = addMiner(store);
    // Installed ten minutes before the end of the day; the service's span runs to now.
    const start = store.watch.begin(T0 + 23 * HOUR + 50 * MINUTE);
    store.watch.extend(start, T0 + DAY - 5 * SECOND);
    insertPolls(store, minerId, { fromMs: T0 + 23 * HOUR + 50 * MINUTE, toMs: T0 + DAY - 5 * MINUTE, stepMs: 5 * SECOND }, () => ({ powerW: 20 }));
    const summary = store.series.summarize({ minerId, fromMs: T0, toMs: T0 + DAY });
    expect(summary.watchedMs).toBe(10 * MINUTE);
    // Five of the ten watched minutes without an answer: 50 %, not 0.3 % of the day.
    expect(summary.uptimePct).toBeCloseTo(50, 6);
  });

  it('counts a range starting between polls from the poll just before it', () => {
    const store = open(5 * SECOND);
    const minerId = addMiner(store);
    insertPolls(store, minerId, { fromMs: T0, toMs: T0 + HOUR, stepMs: 5 * SECOND }, (ts) => ({ powerW: 20, sharesAccepted: (ts - T0) / 5000 }));
    const summary = store.series.summarize({ minerId, fromMs: T0 + 12_500, toMs: T0 + 12_500 + 10 * MINUTE });
    expect(summary.uptimePct).toBeCloseTo(100, 10);
    expect(summary.energyKwh).toBeCloseTo((20 * 600) / 3.6e6, 12);
    expect(summary.sharesAccepted).toBe(120);
  });

  it('counts shares across a reboot that resets the counters', () => {
    const store = open(5 * SECOND);
    const minerId = addMiner(store);
    const polls: Array<[number, number, number, number]> = [
      // [seconds, accepted, rejected, uptimeS]
      [0, 100, 1, 1000],
      [5, 110, 1, 1005],
      [10, 120, 1, 1010],
      [15, 2, 3, 3], // rebooted: both counters restarted
      [20, 5, 3, 8],
    ];
    store.samples.insertMany(
      polls.map(([s, sharesAccepted, sharesRejected, uptimeS]) => ({
        minerId,
        telemetry: telemetry({ ts: T0 + s * SECOND, sharesAccepted, sharesRejected, uptimeS, bestDiff: s * 10 }),
      })),
    );
    const summary = store.series.summarize({ minerId, fromMs: T0, toMs: T0 + MINUTE });
    expect(summary.sharesAccepted).toBe(10 + 10 + 2 + 3);
    // After the reboot the rejected counter reads 3 again: 3 new rejects, not 2.
    expect(summary.sharesRejected).toBe(3);
    expect(summary.bestDiff).toBe(200);
  });

  it('summarizes long or pruned ranges from rollups with the same totals', () => {
    const store = open(MINUTE);
    const minerId = addMiner(store);
    const now = T0 + 10 * DAY;
    insertPolls(store, minerId, { fromMs: T0, toMs: now, stepMs: MINUTE }, (ts) => ({
      powerW: 20, sharesAccepted: (ts - T0) / MINUTE, uptimeS: (ts - T0) / 1000,
    }));
    store.rollups.rollUpMinutes(now);
    store.rollups.rollUpHours(now);

    const fromMinutes = store.series.summarize({ minerId, fromMs: T0, toMs: now });
    expect(fromMinutes.resolution).toBe('minute');
    expect(fromMinutes.energyKwh).toBeCloseTo(20 * 240 / 1000, 9);
    expect(fromMinutes.uptimePct).toBeCloseTo(100, 9);
    expect(fromMinutes.sharesAccepted).toBe(10 * 1440 - 1);

    store.retention.applyRetention(now, { rawDays: 2, minuteDays: 5, hourDays: 365, eventDays: 365 });
    const fromHours = store.series.summarize({ minerId, fromMs: T0, toMs: now });
    expect(fromHours.resolution).toBe('hour');
    expect(fromHours.energyKwh).toBeCloseTo(20 * 240 / 1000, 9);
    expect(fromHours.sampleCount).toBe(10 * 1440);
    expect(fromHours.powerW).toEqual({ avg: 20, min: 20, max: 20 });
    expect(fromHours.sharesAccepted).toBe(10 * 1440 - 60);
  });
});
