import type { SeriesPoint } from './spec.js';

/**
 * Min/max decimation: split the time span into `targetBuckets` equal buckets and keep, per bucket, the points with
 * the lowest and the highest `avg`, in time order. A one-sample spike or dip therefore survives (an average or
 * LTTB can smooth it away), and at ~2 points per horizontal pixel the line looks the same as with every point.
 *
 * Each kept point carries its bucket's band envelope in `min`/`max` (the lowest `min ?? avg` and the highest
 * `max ?? avg` of the bucket), so a shaded band keeps a rollup row's extremes too.
 *
 * A point with `avg: null` is a gap: it is kept (consecutive ones collapse to one) and no bucket spans it, so the
 * line stays broken where the data is. Points must be in time order. Input at or under `2 × targetBuckets` points
 * is returned as is.
 */
export function downsampleMinMax(points: readonly SeriesPoint[], targetBuckets: number): readonly SeriesPoint[] {
  const buckets = Math.max(1, Math.floor(targetBuckets));
  if (points.length <= 2 * buckets) return points;

  const firstTs = points[0]?.ts ?? 0;
  const lastTs = points[points.length - 1]?.ts ?? 0;
  const bucketMs = (lastTs - firstTs) / buckets;
  const out: SeriesPoint[] = [];

  let bucket = -1;
  let lowest: SeriesPoint | null = null;
  let highest: SeriesPoint | null = null;
  let bandMin = Infinity;
  let bandMax = -Infinity;

  const flush = (): void => {
    if (lowest === null || highest === null) return;
    const [first, second] = lowest.ts <= highest.ts ? [lowest, highest] : [highest, lowest];
    out.push({ ts: first.ts, avg: first.avg, min: bandMin, max: bandMax });
    if (second !== first) out.push({ ts: second.ts, avg: second.avg, min: bandMin, max: bandMax });
    lowest = null;
    highest = null;
    bandMin = Infinity;
    bandMax = -Infinity;
  };

  for (const point of points) {
    const value = point.avg;
    if (value === null) {
      flush();
      if (out.length === 0 || out[out.length - 1]?.avg !== null) out.push({ ts: point.ts, avg: null });
      continue;
    }
    const index = bucketMs > 0 ? Math.min(buckets - 1, Math.floor((point.ts - firstTs) / bucketMs)) : 0;
    if (index !== bucket) {
      flush();
      bucket = index;
    }
    if (lowest === null || value < (lowest.avg ?? Infinity)) lowest = point;
    if (highest === null || value > (highest.avg ?? -Infinity)) highest = point;
    bandMin = Math.min(bandMin, point.min ?? value);
    bandMax = Math.max(bandMax, point.max ?? value);
  }
  flush();
  return out;
}

/**
 * Inserts a gap (`avg: null`) wherever two consecutive readings are further apart than `maxGapMs`, so that a miner
 * that was offline for an hour (no rows at all) shows a break, not a straight line across the hour.
 */
export function breakLongGaps(points: readonly SeriesPoint[], maxGapMs: number): readonly SeriesPoint[] {
  let out: SeriesPoint[] | null = null;
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1];
    const current = points[i];
    if (previous === undefined || current === undefined) continue;
    const isGap = current.ts - previous.ts > maxGapMs && previous.avg !== null && current.avg !== null;
    if (isGap && out === null) out = points.slice(0, i);
    if (isGap) out?.push({ ts: (previous.ts + current.ts) / 2, avg: null });
    out?.push(current);
  }
  return out ?? points;
}

/**
 * The usual spacing of a series: the median distance between neighbours, from at most ~1,000 of them (enough for a
 * poll interval, and cheap on 17,280 points). Null when there are fewer than two points.
 */
export function typicalIntervalMs(points: readonly SeriesPoint[]): number | null {
  if (points.length < 2) return null;
  const stride = Math.max(1, Math.floor((points.length - 1) / 1000));
  const gaps: number[] = [];
  for (let i = stride; i < points.length; i += stride) {
    const previous = points[i - 1];
    const current = points[i];
    if (previous !== undefined && current !== undefined) gaps.push(current.ts - previous.ts);
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? null;
}
