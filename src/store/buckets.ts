/**
 * Time buckets (a minute, an hour) of one miner's samples: the row shape shared by the rollup tables, the SQL that
 * builds them, and their mapping to camelCase. The same SQL fills `rollup_minute` and aggregates the not-yet-rolled
 * tail of a chart on the fly, so a chart and its stored rollups can never disagree.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** Average, lowest and highest reading in a bucket; a raw sample has all three equal. */
export interface Stat {
  avg: number | null;
  min: number | null;
  max: number | null;
}

/** One point of a chart: a raw sample, or a minute or hour bucket starting at `ts`. */
export interface SeriesPoint {
  ts: number;
  sampleCount: number;
  hashrateGhs: Stat;
  chipTempC: Stat;
  vrTempC: Stat;
  powerW: Stat;
  // Averages only: these move with settings, not in spikes worth keeping.
  expectedHashrateGhs: number | null;
  fanPct: number | null;
  errorPct: number | null;
  inputVoltageV: number | null;
  coreVoltageMv: number | null;
  frequencyMhz: number | null;
}

/** A stored rollup bucket. Counters keep their maximum so that later code can take deltas between buckets. */
export interface RollupRow extends SeriesPoint {
  minerId: number;
  /** How much of the bucket the samples cover (each sample covers the time to the next poll, gaps excluded). */
  coveredMs: number;
  sharesAcceptedMax: number | null;
  sharesRejectedMax: number | null;
  bestDiffMax: number | null;
  uptimeSMax: number | null;
}

export type RangeField = 'hashrateGhs' | 'chipTempC' | 'vrTempC' | 'powerW';
export type AverageField =
  | 'expectedHashrateGhs'
  | 'fanPct'
  | 'errorPct'
  | 'inputVoltageV'
  | 'coreVoltageMv'
  | 'frequencyMhz';
type CounterField = 'sharesAcceptedMax' | 'sharesRejectedMax' | 'bestDiffMax' | 'uptimeSMax';

/** Sample column → bucket field. */
export const RANGE_METRICS: ReadonlyArray<readonly [string, RangeField]> = [
  ['hashrate_ghs', 'hashrateGhs'],
  ['chip_temp_c', 'chipTempC'],
  ['vr_temp_c', 'vrTempC'],
  ['power_w', 'powerW'],
];
export const AVERAGE_METRICS: ReadonlyArray<readonly [string, AverageField]> = [
  ['expected_ghs', 'expectedHashrateGhs'],
  ['fan_pct', 'fanPct'],
  ['error_pct', 'errorPct'],
  ['input_v', 'inputVoltageV'],
  ['core_mv', 'coreVoltageMv'],
  ['freq_mhz', 'frequencyMhz'],
];
export const COUNTER_METRICS: ReadonlyArray<readonly [string, CounterField]> = [
  ['shares_accepted', 'sharesAcceptedMax'],
  ['shares_rejected', 'sharesRejectedMax'],
  ['best_diff', 'bestDiffMax'],
  ['uptime_s', 'uptimeSMax'],
];

/** The rollup tables' columns, in the order every SELECT below produces them. */
export const ROLLUP_COLUMNS: readonly string[] = [
  'miner_id',
  'ts',
  'sample_count',
  'covered_ms',
  ...RANGE_METRICS.flatMap(([column]) => [`${column}_avg`, `${column}_min`, `${column}_max`]),
  ...AVERAGE_METRICS.map(([column]) => `${column}_avg`),
  ...COUNTER_METRICS.map(([column]) => `${column}_max`),
];

/**
 * Buckets one miner's raw samples with `@from <= ts < @to`. Parameters: minerId, from, to, bucketMs, pollMs, maxGapMs.
 * A sample covers the time to the next one when that comes within maxGapMs, else one poll interval; the scan looks
 * maxGapMs past `to` so the last sample of a bucket sees its successor.
 */
export const SAMPLES_TO_BUCKETS_SQL = `
  WITH scanned AS (
    SELECT *, ts - ts % @bucketMs AS bucket, LEAD(ts) OVER (ORDER BY ts) - ts AS gap_ms
    FROM samples
    WHERE miner_id = @minerId AND ts >= @from AND ts < @to + @maxGapMs
  )
  SELECT
    @minerId AS miner_id,
    bucket AS ts,
    COUNT(*) AS sample_count,
    SUM(CASE WHEN gap_ms <= @maxGapMs THEN gap_ms ELSE @pollMs END) AS covered_ms,
    ${[
      ...RANGE_METRICS.map(([c]) => `AVG(${c}) AS ${c}_avg, MIN(${c}) AS ${c}_min, MAX(${c}) AS ${c}_max`),
      ...AVERAGE_METRICS.map(([c]) => `AVG(${c}) AS ${c}_avg`),
      ...COUNTER_METRICS.map(([c]) => `MAX(${c}) AS ${c}_max`),
    ].join(',\n    ')}
  FROM scanned
  WHERE ts < @to
  GROUP BY bucket
  ORDER BY bucket`;

/**
 * Buckets one miner's minute rollups into coarser buckets. Parameters: minerId, from, to, bucketMs. Averages are
 * weighted by each minute's sample count, counting only minutes that had the reading.
 */
export const MINUTES_TO_BUCKETS_SQL = `
  SELECT
    miner_id,
    ts - ts % @bucketMs AS bucket,
    SUM(sample_count) AS sample_count,
    SUM(covered_ms) AS covered_ms,
    ${[
      ...RANGE_METRICS.map(([c]) => `${weighted(`${c}_avg`)}, MIN(${c}_min), MAX(${c}_max)`),
      ...AVERAGE_METRICS.map(([c]) => weighted(`${c}_avg`)),
      ...COUNTER_METRICS.map(([c]) => `MAX(${c}_max)`),
    ].join(',\n    ')}
  FROM rollup_minute
  WHERE miner_id = @minerId AND ts >= @from AND ts < @to
  GROUP BY bucket
  ORDER BY bucket`;

function weighted(column: string): string {
  return `SUM(${column} * sample_count) / SUM(CASE WHEN ${column} IS NOT NULL THEN sample_count END)`;
}

export interface SamplesToBucketsParams {
  minerId: number;
  from: number;
  to: number;
  bucketMs: number;
  pollMs: number;
  maxGapMs: number;
}

export interface MinutesToBucketsParams {
  minerId: number;
  from: number;
  to: number;
  bucketMs: number;
}

/** Maps a row of ROLLUP_COLUMNS (by position, so it works for any aliasing) to a RollupRow. */
export function toRollupRow(values: ReadonlyArray<number | null>): RollupRow {
  let index = 0;
  const next = (): number | null => values[index++] ?? null;
  const row = {
    minerId: next() ?? 0,
    ts: next() ?? 0,
    sampleCount: next() ?? 0,
    coveredMs: next() ?? 0,
  } as RollupRow;
  for (const [, field] of RANGE_METRICS) row[field] = { avg: next(), min: next(), max: next() };
  for (const [, field] of AVERAGE_METRICS) row[field] = next();
  for (const [, field] of COUNTER_METRICS) row[field] = next();
  return row;
}

/** Drops what a chart does not need from a rollup row. */
export function toSeriesPoint(row: RollupRow): SeriesPoint {
  const { minerId: _minerId, coveredMs: _coveredMs, sharesAcceptedMax: _a, sharesRejectedMax: _r, bestDiffMax: _b,
    uptimeSMax: _u, ...point } = row;
  return point;
}
