import { describe, expect, it } from 'vitest';
import type { RollupRow } from '../../../src/store/buckets.js';
import { chooseResolution } from '../../../src/store/series.js';
import { counterDelta, summarizeBuckets } from '../../../src/store/summary.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function bucket(ts: number, values: Partial<RollupRow>): RollupRow {
  const none = { avg: null, min: null, max: null };
  return {
    minerId: 1, ts, sampleCount: 12, coveredMs: MINUTE, hashrateGhs: none, chipTempC: none, vrTempC: none, powerW: none,
    expectedHashrateGhs: null, fanPct: null, errorPct: null, inputVoltageV: null, coreVoltageMv: null,
    frequencyMhz: null, sharesAcceptedMax: null, sharesRejectedMax: null, bestDiffMax: null, uptimeSMax: null,
    ...values,
  };
}

describe('counterDelta', () => {
  it('takes the difference while the counter grows', () => {
    expect(counterDelta(100, 130, 500, 560)).toBe(30);
  });
  it('counts everything after a reset: the counter went down', () => {
    expect(counterDelta(100, 4, null, null)).toBe(4);
  });
  it('counts everything after a reboot even when the counter is already past its old value', () => {
    expect(counterDelta(3, 7, 5000, 40)).toBe(7);
  });
  it('counts nothing without both readings', () => {
    expect(counterDelta(null, 7, 1, 2)).toBe(0);
    expect(counterDelta(7, null, 1, 2)).toBe(0);
  });
});

describe('summarizeBuckets', () => {
  it('weights averages by sample count, keeps extremes, and uses the bucket before the range as share baseline', () => {
    const buckets = [
      bucket(T0 - MINUTE, { sharesAcceptedMax: 50, uptimeSMax: 1000, powerW: { avg: 99, min: 99, max: 99 } }),
      bucket(T0, { sampleCount: 12, powerW: { avg: 20, min: 18, max: 22 }, sharesAcceptedMax: 60, uptimeSMax: 1060, bestDiffMax: 5 }),
      bucket(T0 + MINUTE, { sampleCount: 6, coveredMs: 30_000, powerW: { avg: 26, min: 25, max: 30 }, sharesAcceptedMax: 3, uptimeSMax: 20, bestDiffMax: 9 }),
    ];
    const summary = summarizeBuckets(buckets, { minerId: 1, fromMs: T0, toMs: T0 + 2 * MINUTE, resolution: 'minute' });
    expect(summary.sampleCount).toBe(18);
    expect(summary.powerW.avg).toBeCloseTo((12 * 20 + 6 * 26) / 18, 12);
    expect(summary.powerW.min).toBe(18);
    expect(summary.powerW.max).toBe(30);
    expect(summary.hashrateGhs).toEqual({ avg: null, min: null, max: null });
    expect(summary.coveredMs).toBe(90_000);
    expect(summary.uptimePct).toBeCloseTo(75, 12);
    expect(summary.energyKwh).toBeCloseTo((20 * 60_000 + 26 * 30_000) / 3.6e9, 15);
    expect(summary.sharesAccepted).toBe(10 + 3);
    expect(summary.bestDiff).toBe(9);
  });

  it('reports an empty range as no readings and zero uptime', () => {
    const summary = summarizeBuckets([], { minerId: 1, fromMs: T0, toMs: T0 + HOUR, resolution: 'hour' });
    expect(summary).toMatchObject({ sampleCount: 0, uptimePct: 0, energyKwh: 0, sharesAccepted: 0, bestDiff: null });
  });
});

describe('chooseResolution', () => {
  const everything = { rawFrom: null, minuteFrom: null };
  const range = (spanMs: number) => ({ minerId: 1, fromMs: T0, toMs: T0 + spanMs });

  it('picks raw up to 6 h, minutes up to 7 d, hours beyond', () => {
    expect(chooseResolution(range(HOUR), 5_000, everything)).toBe('raw');
    expect(chooseResolution(range(6 * HOUR), 5_000, everything)).toBe('raw');
    expect(chooseResolution(range(6 * HOUR + 1), 5_000, everything)).toBe('minute');
    expect(chooseResolution(range(7 * DAY), 5_000, everything)).toBe('minute');
    expect(chooseResolution(range(30 * DAY), 5_000, everything)).toBe('hour');
  });

  it('keeps a chart under ~10k points with a fast poll interval', () => {
    expect(chooseResolution(range(6 * HOUR), 1_000, everything)).toBe('minute');
  });

  it('moves to a coarser table where retention already deleted the finer one', () => {
    expect(chooseResolution(range(HOUR), 5_000, { rawFrom: T0 + 1, minuteFrom: null })).toBe('minute');
    expect(chooseResolution(range(HOUR), 5_000, { rawFrom: T0 + 1, minuteFrom: T0 + 1 })).toBe('hour');
    expect(chooseResolution(range(HOUR), 5_000, { rawFrom: T0, minuteFrom: T0 })).toBe('raw');
  });
});
