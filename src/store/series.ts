import type { Statement } from 'better-sqlite3';
import type { Database } from './database.js';
import { guarded } from './errors.js';
import type { MetaRepository } from './meta.js';
import type { RollupRepository } from './rollups.js';
import type { SampleRepository, SampleRow } from './samples.js';
import type { WatchLog } from './watch.js';
import { HOUR_MS, MINUTE_MS, toSeriesPoint, type RollupRow, type SeriesPoint } from './buckets.js';
import {
  RAW_SUMMARY_SQL,
  summarizeBuckets,
  summaryFromRawRow,
  type RawSummaryParams,
  type RawSummaryRow,
  type Summary,
  type SummaryResolution,
} from './summary.js';

export type { SeriesPoint, Stat } from './buckets.js';
export type { Summary } from './summary.js';

export type SeriesResolution = SummaryResolution;

export interface SeriesQuery {
  minerId: number;
  fromMs: number;
  toMs: number;
}

export interface Series {
  resolution: SeriesResolution;
  points: SeriesPoint[];
}

export interface SummaryQuery extends SeriesQuery {
  /** Overrides the store's poll interval for this summary. */
  pollIntervalMs?: number;
}

const DAY_MS = 24 * HOUR_MS;
/** Raw up to 6 h (4,320 points at 5 s), minutes up to 7 d (10,080), hours beyond (720 for 30 d). */
const RAW_MAX_SPAN_MS = 6 * HOUR_MS;
const MINUTE_MAX_SPAN_MS = 7 * DAY_MS;
/** A chart needs no more: a fast poll interval moves a 6 h chart to minutes. */
const MAX_POINTS = 11_000;
/**
 * Up to a day (17,280 rows at 5 s) a summary is one quick pass over raw samples; longer ranges read minute buckets,
 * which differ only at the range's edges (at most a minute each) and are ~12× fewer rows.
 */
const RAW_SUMMARY_MAX_SPAN_MS = DAY_MS;

export interface Availability {
  /** Oldest ts still complete in each table (retention deleted what is older); null = nothing deleted yet. */
  rawFrom: number | null;
  minuteFrom: number | null;
}

/** The finest resolution that keeps a chart under ~10k points and still has data at `fromMs`. */
export function chooseResolution(
  query: SeriesQuery,
  pollIntervalMs: number,
  availability: Availability,
): SeriesResolution {
  const span = query.toMs - query.fromMs;
  const rawKept = availability.rawFrom === null || query.fromMs >= availability.rawFrom;
  const minutesKept = availability.minuteFrom === null || query.fromMs >= availability.minuteFrom;
  if (span <= RAW_MAX_SPAN_MS && span / pollIntervalMs <= MAX_POINTS && rawKept) return 'raw';
  if (span <= MINUTE_MAX_SPAN_MS && minutesKept) return 'minute';
  return 'hour';
}

function rawPoint(sample: SampleRow): SeriesPoint {
  const same = (value: number | null) => ({ avg: value, min: value, max: value });
  return {
    ts: sample.ts,
    sampleCount: 1,
    hashrateGhs: same(sample.hashrateGhs),
    chipTempC: same(sample.chipTempC),
    vrTempC: same(sample.vrTempC),
    powerW: same(sample.powerW),
    expectedHashrateGhs: sample.expectedHashrateGhs,
    fanPct: sample.fanPct,
    errorPct: sample.errorPct,
    inputVoltageV: sample.inputVoltageV,
    coreVoltageMv: sample.coreVoltageMv,
    frequencyMhz: sample.frequencyMhz,
  };
}

/** Charts and `/history`: picks the table for the range and joins stored rollups with the part not rolled up yet. */
export class SeriesRepository {
  private readonly rawSummary: Statement<[RawSummaryParams], RawSummaryRow>;

  constructor(
    private readonly deps: {
      db: Database;
      samples: SampleRepository;
      rollups: RollupRepository;
      meta: MetaRepository;
      /** Absent: uptime over the whole range (tools that read a database without the service's watch record). */
      watch?: WatchLog;
      pollIntervalMs: number;
    },
  ) {
    this.rawSummary = deps.db.prepare(RAW_SUMMARY_SQL);
  }

  readSeries(query: SeriesQuery): Series {
    const resolution = chooseResolution(query, this.deps.pollIntervalMs, this.availability());
    if (resolution === 'raw') {
      return { resolution, points: this.deps.samples.range(query.minerId, query.fromMs, query.toMs).map(rawPoint) };
    }
    const bucketMs = resolution === 'minute' ? MINUTE_MS : HOUR_MS;
    const fromBucket = query.fromMs - (query.fromMs % bucketMs);
    const points = this.buckets(resolution, query.minerId, fromBucket, query.toMs).map(toSeriesPoint);
    return { resolution, points };
  }

  /**
   * The summary with uptime over the time axepilot was watching: a miner is down only while someone looked. Samples
   * prove watching too (a database from before watch spans were recorded, or history written by the demo).
   */
  summarize(query: SummaryQuery): Summary {
    const summary = this.summarizeRange(query);
    if (!this.deps.watch) return summary;
    const watchedMs = Math.max(summary.coveredMs, this.deps.watch.watchedMs(query.fromMs, query.toMs));
    return { ...summary, watchedMs, uptimePct: watchedMs > 0 ? Math.min(100, (100 * summary.coveredMs) / watchedMs) : 0 };
  }

  private summarizeRange(query: SummaryQuery): Summary {
    const pollMs = query.pollIntervalMs ?? this.deps.pollIntervalMs;
    const frame = { minerId: query.minerId, fromMs: query.fromMs, toMs: query.toMs };
    const availability = this.availability();
    const span = query.toMs - query.fromMs;
    if (span <= RAW_SUMMARY_MAX_SPAN_MS && (availability.rawFrom === null || query.fromMs >= availability.rawFrom)) {
      const params = { minerId: query.minerId, from: query.fromMs, to: query.toMs, pollMs, maxGapMs: 2 * pollMs };
      const row = guarded(this.deps.db, 'summarize samples', () => this.rawSummary.get(params));
      return summaryFromRawRow(row ?? {}, frame);
    }
    const resolution =
      availability.minuteFrom === null || query.fromMs >= availability.minuteFrom ? 'minute' : 'hour';
    const bucketMs = resolution === 'minute' ? MINUTE_MS : HOUR_MS;
    // One bucket more at the start: the baseline for the first share delta.
    const buckets = this.buckets(resolution, query.minerId, query.fromMs - bucketMs, query.toMs);
    return summarizeBuckets(buckets, { ...frame, resolution });
  }

  private availability(): Availability {
    return {
      rawFrom: this.deps.meta.getNumber('samples.prunedBefore'),
      minuteFrom: this.deps.meta.getNumber('rollup_minute.prunedBefore'),
    };
  }

  /**
   * Stored rollups up to their watermark, then the newest part bucketed from raw samples on the fly (retention keeps
   * raw samples until the hour rollup covers them), so a chart always reaches the latest poll.
   */
  private buckets(resolution: 'minute' | 'hour', minerId: number, fromMs: number, toMs: number): RollupRow[] {
    const { rollups } = this.deps;
    const bucketMs = resolution === 'minute' ? MINUTE_MS : HOUR_MS;
    const watermark = (resolution === 'minute' ? rollups.minuteWatermark() : rollups.hourWatermark()) ?? fromMs;
    const storedUntil = Math.max(fromMs, Math.min(toMs, watermark));
    const stored = storedUntil > fromMs ? rollups.range(resolution, minerId, fromMs, storedUntil) : [];
    const tail = storedUntil < toMs ? rollups.bucketSamples(minerId, storedUntil, toMs, bucketMs) : [];
    return [...stored, ...tail];
  }
}
