/**
 * `/history` numbers for one miner over a time range: averages, extremes, uptime, energy and shares. From raw samples
 * (exact, one SQL pass) while they are kept, otherwise from rollup buckets (bucket resolution at the edges).
 */
import {
  AVERAGE_METRICS,
  RANGE_METRICS,
  type RollupRow,
  type SeriesPoint,
  type Stat,
} from './buckets.js';

export type SummaryResolution = 'raw' | 'minute' | 'hour';

export interface Summary extends Omit<SeriesPoint, 'ts'> {
  minerId: number;
  fromMs: number;
  toMs: number;
  /** What it was computed from. */
  resolution: SummaryResolution;
  /** Time covered by samples: each covers the time to the next poll, gaps longer than two intervals excluded. */
  coveredMs: number;
  /** How much of the range axepilot was watching (the whole range where that is not recorded). */
  watchedMs: number;
  /** coveredMs ÷ watchedMs, 0–100. */
  uptimePct: number;
  /** ∫ power dt over the covered time. */
  energyKwh: number;
  /** Shares found in the range: counter deltas, restarting from zero after a reboot. */
  sharesAccepted: number;
  sharesRejected: number;
  bestDiff: number | null;
}

const MS_PER_KWH_PER_W = 3_600_000 * 1000;

/**
 * One aggregate pass over one miner's raw samples. Parameters: minerId, from, to, pollMs, maxGapMs. The scan starts
 * maxGapMs before `from`: that sample covers the start of the range and is the baseline for the first share delta.
 * It ends maxGapMs after `to` so the last sample sees its successor.
 */
export const RAW_SUMMARY_SQL = `
  WITH scanned AS (
    SELECT *,
      LEAD(ts) OVER w - ts AS gap_ms,
      LAG(shares_accepted) OVER w AS prev_accepted,
      LAG(shares_rejected) OVER w AS prev_rejected,
      LAG(uptime_s) OVER w AS prev_uptime
    FROM samples
    WHERE miner_id = @minerId AND ts >= @from - @maxGapMs AND ts < @to + @maxGapMs
    WINDOW w AS (ORDER BY ts)
  ),
  measured AS (
    SELECT *,
      (ts >= @from AND ts < @to) AS in_range,
      MAX(0, MIN(ts + CASE WHEN gap_ms <= @maxGapMs THEN gap_ms ELSE @pollMs END, @to) - MAX(ts, @from)) AS covered,
      (uptime_s < prev_uptime) AS rebooted
    FROM scanned
  )
  SELECT
    TOTAL(in_range) AS sample_count,
    TOTAL(covered) AS covered_ms,
    TOTAL(power_w * covered) AS energy_wms,
    ${[
      ...RANGE_METRICS.flatMap(([c]) => [inRange('AVG', c, 'avg'), inRange('MIN', c, 'min'), inRange('MAX', c, 'max')]),
      ...AVERAGE_METRICS.map(([c]) => inRange('AVG', c, 'avg')),
    ].join(',\n    ')},
    TOTAL(CASE WHEN in_range THEN ${delta('shares_accepted', 'prev_accepted')} END) AS shares_accepted,
    TOTAL(CASE WHEN in_range THEN ${delta('shares_rejected', 'prev_rejected')} END) AS shares_rejected,
    MAX(CASE WHEN in_range THEN best_diff END) AS best_diff
  FROM measured`;

/** An aggregate over the samples inside the range only (the scan also holds one before and one after it). */
function inRange(aggregate: string, column: string, suffix: string): string {
  return `${aggregate}(CASE WHEN in_range THEN ${column} END) AS ${column}_${suffix}`;
}

/** A counter that went down, or came with a smaller uptime, restarted from zero: everything it shows is new. */
function delta(counter: string, previous: string): string {
  return `CASE WHEN ${counter} IS NULL OR ${previous} IS NULL THEN 0
    WHEN ${counter} < ${previous} OR rebooted THEN ${counter}
    ELSE ${counter} - ${previous} END`;
}

export interface RawSummaryParams {
  minerId: number;
  from: number;
  to: number;
  pollMs: number;
  maxGapMs: number;
}

export type RawSummaryRow = Record<string, number | null>;

interface SummaryFrame {
  minerId: number;
  fromMs: number;
  toMs: number;
}

function uptimePct(coveredMs: number, frame: SummaryFrame): number {
  const span = frame.toMs - frame.fromMs;
  return span > 0 ? Math.min(100, (100 * coveredMs) / span) : 0;
}

export function summaryFromRawRow(row: RawSummaryRow, frame: SummaryFrame): Summary {
  const coveredMs = row.covered_ms ?? 0;
  const summary = {
    ...frame,
    resolution: 'raw',
    sampleCount: row.sample_count ?? 0,
    coveredMs,
    watchedMs: frame.toMs - frame.fromMs,
    uptimePct: uptimePct(coveredMs, frame),
    energyKwh: (row.energy_wms ?? 0) / MS_PER_KWH_PER_W,
    sharesAccepted: row.shares_accepted ?? 0,
    sharesRejected: row.shares_rejected ?? 0,
    bestDiff: row.best_diff ?? null,
  } as Summary;
  for (const [column, field] of RANGE_METRICS) {
    const read = (suffix: string): number | null => row[`${column}_${suffix}`] ?? null;
    summary[field] = { avg: read('avg'), min: read('min'), max: read('max') };
  }
  for (const [column, field] of AVERAGE_METRICS) summary[field] = row[`${column}_avg`] ?? null;
  return summary;
}

/** How many shares a counter gained between two readings; a reboot (counter or uptime going down) restarts it. */
export function counterDelta(
  previous: number | null,
  current: number | null,
  previousUptimeS: number | null,
  currentUptimeS: number | null,
): number {
  if (previous === null || current === null) return 0;
  const rebooted = previousUptimeS !== null && currentUptimeS !== null && currentUptimeS < previousUptimeS;
  return current < previous || rebooted ? current : current - previous;
}

function weightedAverage(rows: readonly RollupRow[], value: (row: RollupRow) => number | null): number | null {
  let sum = 0;
  let weight = 0;
  for (const row of rows) {
    const v = value(row);
    if (v === null) continue;
    sum += v * row.sampleCount;
    weight += row.sampleCount;
  }
  return weight > 0 ? sum / weight : null;
}

function extreme(values: Array<number | null>, pick: (a: number, b: number) => number): number | null {
  let out: number | null = null;
  for (const v of values) if (v !== null) out = out === null ? v : pick(out, v);
  return out;
}

/**
 * A summary from minute or hour buckets. Buckets starting before `fromMs` serve only as the baseline for share
 * deltas; energy is each bucket's average power over the time its samples cover.
 */
export function summarizeBuckets(
  buckets: readonly RollupRow[],
  frame: SummaryFrame & { resolution: 'minute' | 'hour' },
): Summary {
  const inRange = buckets.filter((b) => b.ts >= frame.fromMs && b.ts < frame.toMs);
  const coveredMs = inRange.reduce((total, b) => total + b.coveredMs, 0);
  let sharesAccepted = 0;
  let sharesRejected = 0;
  for (let i = 1; i < buckets.length; i++) {
    const previous = buckets[i - 1];
    const current = buckets[i];
    if (!previous || !current || current.ts < frame.fromMs || current.ts >= frame.toMs) continue;
    const uptimes = [previous.uptimeSMax, current.uptimeSMax] as const;
    sharesAccepted += counterDelta(previous.sharesAcceptedMax, current.sharesAcceptedMax, ...uptimes);
    sharesRejected += counterDelta(previous.sharesRejectedMax, current.sharesRejectedMax, ...uptimes);
  }
  const summary = {
    ...frame,
    sampleCount: inRange.reduce((total, b) => total + b.sampleCount, 0),
    coveredMs,
    watchedMs: frame.toMs - frame.fromMs,
    uptimePct: uptimePct(coveredMs, frame),
    energyKwh: inRange.reduce((total, b) => total + (b.powerW.avg ?? 0) * b.coveredMs, 0) / MS_PER_KWH_PER_W,
    sharesAccepted,
    sharesRejected,
    bestDiff: extreme(inRange.map((b) => b.bestDiffMax), Math.max),
  } as Summary;
  for (const [, field] of RANGE_METRICS) {
    const stat: Stat = {
      avg: weightedAverage(inRange, (b) => b[field].avg),
      min: extreme(inRange.map((b) => b[field].min), Math.min),
      max: extreme(inRange.map((b) => b[field].max), Math.max),
    };
    summary[field] = stat;
  }
  for (const [, field] of AVERAGE_METRICS) summary[field] = weightedAverage(inRange, (b) => b[field]);
  return summary;
}
