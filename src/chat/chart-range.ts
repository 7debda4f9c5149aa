import type { TimeRange } from './args.js';

/** The ranges a chart picks from when the owner names none, shortest first. */
const FITTING_RANGES: readonly TimeRange[] = [
  { label: '10m', ms: 10 * 60_000 },
  { label: '1h', ms: 3_600_000 },
  { label: '6h', ms: 6 * 3_600_000 },
  { label: '24h', ms: 86_400_000 },
];

/**
 * The default range of `/chart`: 24 h once there is a day of data, and before that the shortest range that holds
 * all there is, so a newcomer's first chart is a chart and not an empty frame with a sliver at its right edge.
 */
export function rangeFittingData(firstDataMs: number | null, nowMs: number): TimeRange {
  const longest = FITTING_RANGES[FITTING_RANGES.length - 1] as TimeRange;
  if (firstDataMs === null) return FITTING_RANGES[0] as TimeRange;
  const span = nowMs - firstDataMs;
  return FITTING_RANGES.find((r) => r.ms >= span) ?? longest;
}
