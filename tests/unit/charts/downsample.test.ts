import { describe, expect, it } from 'vitest';
import { breakLongGaps, downsampleMinMax, typicalIntervalMs } from '../../../src/charts/downsample.js';
import type { SeriesPoint } from '../../../src/charts/spec.js';

const START = Date.UTC(2025, 2, 12, 0, 0, 0);
const POLL_MS = 5_000;

function flatSeries(count: number, value = 1200): SeriesPoint[] {
  return Array.from({ length: count }, (_, i) => ({ ts: START + i * POLL_MS, avg: value + (i % 7) }));
}

function expectTimeOrder(points: readonly SeriesPoint[]): void {
  const outOfOrder = points.findIndex((point, i) => i > 0 && point.ts <= points[i - 1]!.ts);
  expect(outOfOrder).toBe(-1);
}

describe('downsampleMinMax', () => {
  it('keeps a one-sample spike and a one-sample dip', () => {
    const points = flatSeries(17_280);
    points[4_321] = { ts: points[4_321]!.ts, avg: 5_000 };
    points[9_999] = { ts: points[9_999]!.ts, avg: 0 };

    const out = downsampleMinMax(points, 500);

    expect(out.length).toBeLessThanOrEqual(1_000);
    expect(out.find((p) => p.ts === points[4_321]!.ts)?.avg).toBe(5_000);
    expect(out.find((p) => p.ts === points[9_999]!.ts)?.avg).toBe(0);
    expectTimeOrder(out);
  });

  it('respects the bucket target: at most two points per bucket', () => {
    const points = flatSeries(17_280).map((p, i) => ({ ...p, avg: Math.sin(i / 50) * 100 + (i % 13) }));
    for (const target of [1, 7, 100, 850, 3_000]) {
      const out = downsampleMinMax(points, target);
      expect(out.length).toBeLessThanOrEqual(2 * target);
      expect(out.length).toBeGreaterThanOrEqual(target);
      expectTimeOrder(out);
    }
  });

  it('returns the input unchanged when it is already small', () => {
    const points = flatSeries(100);
    expect(downsampleMinMax(points, 50)).toBe(points);
    expect(downsampleMinMax(points, 850)).toBe(points);
  });

  it('keeps a gap as a gap: a null stays between the readings around it', () => {
    const points = flatSeries(10_000);
    for (let i = 5_000; i < 5_720; i++) points[i] = { ts: points[i]!.ts, avg: null };

    const out = downsampleMinMax(points, 200);

    const gaps = out.filter((p) => p.avg === null);
    expect(gaps).toHaveLength(1); // the hour of nulls collapses to one break
    const gapIndex = out.findIndex((p) => p.avg === null);
    expect(out[gapIndex - 1]!.ts).toBeLessThan(points[5_000]!.ts);
    expect(out[gapIndex + 1]!.ts).toBeGreaterThanOrEqual(points[5_720]!.ts);
    expectTimeOrder(out);
  });

  it('carries rollup min/max into the band envelope', () => {
    const rollups: SeriesPoint[] = Array.from({ length: 1_440 }, (_, i) => ({
      ts: START + i * 60_000,
      avg: 1_200,
      min: 1_150,
      max: i === 700 ? 1_900 : 1_250,
    }));

    const out = downsampleMinMax(rollups, 100);

    expect(Math.max(...out.map((p) => p.max ?? -Infinity))).toBe(1_900);
    expect(Math.min(...out.map((p) => p.min ?? Infinity))).toBe(1_150);
  });
});

describe('breakLongGaps', () => {
  it('inserts a break where the miner sent nothing for an hour', () => {
    const before = flatSeries(100);
    const after = flatSeries(100).map((p) => ({ ...p, ts: p.ts + 3_600_000 + 100 * POLL_MS }));

    const out = breakLongGaps([...before, ...after], 4 * POLL_MS);

    expect(out).toHaveLength(201);
    expect(out[100]).toEqual({ ts: expect.any(Number) as number, avg: null });
    expect(out[100]!.ts).toBeGreaterThan(before[99]!.ts);
    expect(out[100]!.ts).toBeLessThan(after[0]!.ts);
  });

  it('leaves a regular series alone', () => {
    const points = flatSeries(1_000);
    expect(breakLongGaps(points, 4 * POLL_MS)).toBe(points);
  });
});

describe('typicalIntervalMs', () => {
  it('finds the poll interval despite a hole', () => {
    const points = flatSeries(17_280).filter((_, i) => i < 3_000 || i > 3_500);
    expect(typicalIntervalMs(points)).toBe(POLL_MS);
  });

  it('is null for fewer than two points', () => {
    expect(typicalIntervalMs([{ ts: START, avg: 1 }])).toBeNull();
  });
});
