import type { Statement } from 'better-sqlite3';
import type { Database } from './database.js';
import { yieldToEventLoop } from '../core/yield.js';
import { guarded } from './errors.js';
import type { MetaRepository } from './meta.js';
import {
  HOUR_MS,
  MINUTES_TO_BUCKETS_SQL,
  MINUTE_MS,
  ROLLUP_COLUMNS,
  SAMPLES_TO_BUCKETS_SQL,
  toRollupRow,
  type MinutesToBucketsParams,
  type RollupRow,
  type SamplesToBucketsParams,
} from './buckets.js';

export type RollupResolution = 'minute' | 'hour';

export interface RollupOptions {
  /** The collector's poll interval: a sample covers this long when the next one is missing. */
  pollIntervalMs: number;
}

export interface RollupResult {
  /** Buckets written (or rewritten). */
  buckets: number;
  /** Every bucket starting before this is now rolled up. */
  until: number;
}

/**
 * A backlog (axepilot stopped for a week, a restored backup) is rolled up in slices, each its own transaction, so
 * the database is never locked for long and a crash loses at most one slice of work.
 */
const MINUTE_SLICE_MS = 6 * HOUR_MS;
const HOUR_SLICE_MS = 7 * 24 * HOUR_MS;

type RowValues = Array<number | null>;

/** The minute and hour rollup tables: what charts over days and `/history` read once raw samples are pruned. */
export class RollupRepository {
  private readonly minerIds: Statement<[], number>;
  private readonly firstSampleTs: Statement<[number], number | null>;
  private readonly firstMinuteTs: Statement<[number], number | null>;
  private readonly samplesToBuckets: Statement<[SamplesToBucketsParams], RowValues>;
  private readonly insertMinutes: Statement<[SamplesToBucketsParams]>;
  private readonly insertHours: Statement<[MinutesToBucketsParams]>;
  private readonly rangeStatements: Record<RollupResolution, Statement<[number, number, number], RowValues>>;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly db: Database,
    private readonly meta: MetaRepository,
    options: RollupOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs;
    this.minerIds = db.prepare<[], number>('SELECT id FROM miners ORDER BY id').pluck();
    // Per miner, so each lookup is one seek into the (miner_id, ts) primary key instead of a table scan.
    this.firstSampleTs = db.prepare<[number], number | null>('SELECT MIN(ts) FROM samples WHERE miner_id = ?').pluck();
    this.firstMinuteTs = db
      .prepare<[number], number | null>('SELECT MIN(ts) FROM rollup_minute WHERE miner_id = ?')
      .pluck();
    this.samplesToBuckets = db.prepare<[SamplesToBucketsParams], RowValues>(SAMPLES_TO_BUCKETS_SQL).raw();
    const columns = ROLLUP_COLUMNS.join(', ');
    this.insertMinutes = db.prepare(`INSERT OR REPLACE INTO rollup_minute (${columns}) ${SAMPLES_TO_BUCKETS_SQL}`);
    this.insertHours = db.prepare(`INSERT OR REPLACE INTO rollup_hour (${columns}) ${MINUTES_TO_BUCKETS_SQL}`);
    const rangeSql = (table: string): string =>
      `SELECT ${columns} FROM ${table} WHERE miner_id = ? AND ts >= ? AND ts < ? ORDER BY ts`;
    this.rangeStatements = {
      minute: db.prepare<[number, number, number], RowValues>(rangeSql('rollup_minute')).raw(),
      hour: db.prepare<[number, number, number], RowValues>(rangeSql('rollup_hour')).raw(),
    };
  }

  /** Every minute bucket starting before this is rolled up; null before the first run. */
  minuteWatermark(): number | null {
    return this.meta.getNumber('rollup_minute.until');
  }

  hourWatermark(): number | null {
    return this.meta.getNumber('rollup_hour.until');
  }

  /**
   * Rolls up every complete minute (ending at or before `untilMs`) not rolled up yet. Re-running a bucket rewrites the
   * same row, so a crash between a slice and its watermark is harmless.
   */
  rollUpMinutes(untilMs: number): RollupResult {
    return drain(this.minuteSteps(untilMs));
  }

  /** The same, one miner's slice at a time with the event loop free in between: for the running service. */
  rollUpMinutesGradually(untilMs: number, signal?: AbortSignal): Promise<RollupResult> {
    return drainGradually(this.minuteSteps(untilMs), signal);
  }

  /** Rolls up every complete hour from the minute rollups, never past what the minutes already cover. */
  rollUpHours(untilMs: number): RollupResult {
    return drain(this.hourSteps(untilMs));
  }

  rollUpHoursGradually(untilMs: number, signal?: AbortSignal): Promise<RollupResult> {
    return drainGradually(this.hourSteps(untilMs), signal);
  }

  private minuteSteps(untilMs: number): Generator<void, RollupResult> {
    const end = untilMs - (untilMs % MINUTE_MS);
    const start = this.startOf('rollup_minute.until', end, MINUTE_MS, this.firstSampleTs);
    return this.rollUp({
      key: 'rollup_minute.until',
      start,
      end,
      sliceMs: MINUTE_SLICE_MS,
      action: 'roll up minutes',
      write: (minerId, from, to) =>
        this.insertMinutes.run({ minerId, from, to, bucketMs: MINUTE_MS, ...this.gapParams() }).changes,
    });
  }

  private *hourSteps(untilMs: number): Generator<void, RollupResult> {
    const minutesUntil = this.minuteWatermark();
    const limit = Math.min(untilMs, minutesUntil ?? -Infinity);
    if (!Number.isFinite(limit)) return { buckets: 0, until: this.hourWatermark() ?? 0 };
    const end = limit - (limit % HOUR_MS);
    const start = this.startOf('rollup_hour.until', end, HOUR_MS, this.firstMinuteTs);
    return yield* this.rollUp({
      key: 'rollup_hour.until',
      start,
      end,
      sliceMs: HOUR_SLICE_MS,
      action: 'roll up hours',
      write: (minerId, from, to) => this.insertHours.run({ minerId, from, to, bucketMs: HOUR_MS }).changes,
    });
  }

  /** Stored buckets with `fromMs <= ts < toMs`, oldest first. */
  range(resolution: RollupResolution, minerId: number, fromMs: number, toMs: number): RollupRow[] {
    const statement = this.rangeStatements[resolution];
    return guarded(this.db, `read ${resolution} rollups`, () => statement.all(minerId, fromMs, toMs)).map(toRollupRow);
  }

  /** Buckets computed from raw samples without storing them: the part of a chart newer than the rollups. */
  bucketSamples(minerId: number, fromMs: number, toMs: number, bucketMs: number): RollupRow[] {
    const params = { minerId, from: fromMs, to: toMs, bucketMs, ...this.gapParams() };
    return guarded(this.db, 'read samples', () => this.samplesToBuckets.all(params)).map(toRollupRow);
  }

  private gapParams(): { pollMs: number; maxGapMs: number } {
    // Polls drift by the request time, and one slow answer is not an outage: up to two intervals count as covered.
    return { pollMs: this.pollIntervalMs, maxGapMs: 2 * this.pollIntervalMs };
  }

  /**
   * Where the next run starts: the watermark, or on the first run the earliest source row. A watermark ahead of `end`
   * means the system clock was wrong (a Raspberry Pi boots without a real-time clock): start again from `end`.
   */
  private startOf(
    key: 'rollup_minute.until' | 'rollup_hour.until',
    end: number,
    bucketMs: number,
    firstTs: Statement<[number], number | null>,
  ): number {
    const watermark = this.meta.getNumber(key);
    if (watermark !== null) return Math.min(watermark, end);
    const firsts = guarded(this.db, 'find the oldest data', () =>
      this.minerIds.all().map((id) => firstTs.get(id) ?? null),
    ).filter((ts): ts is number => ts !== null);
    if (firsts.length === 0) return end;
    const first = Math.min(...firsts);
    return Math.min(first - (first % bucketMs), end);
  }

  /**
   * One step per miner and slice, each its own short transaction (a 6 h slice of one miner at 5 s is 4,320 rows, a
   * few ms): the watermark moves once every miner has the slice. A crash between steps only means the slice is
   * rolled up again, which rewrites the same rows.
   */
  private *rollUp(job: {
    key: 'rollup_minute.until' | 'rollup_hour.until';
    start: number;
    end: number;
    sliceMs: number;
    action: string;
    write: (minerId: number, from: number, to: number) => number;
  }): Generator<void, RollupResult> {
    let buckets = 0;
    const step = this.db.transaction((minerId: number, from: number, to: number) => {
      buckets += job.write(minerId, from, to);
    });
    if (job.start >= job.end) {
      // Nothing complete yet. Record where the first run stands so the next need not search, and pull a watermark
      // left in the future by a wrong clock back to now, or rollups would stop until the clock caught up.
      const watermark = this.meta.getNumber(job.key);
      if (watermark === null || watermark > job.end) this.meta.setNumber(job.key, job.end);
      return { buckets: 0, until: job.end };
    }
    for (let from = job.start; from < job.end; from += job.sliceMs) {
      const to = Math.min(job.end, from + job.sliceMs);
      const minerIds = guarded(this.db, job.action, () => this.minerIds.all());
      for (const minerId of minerIds) {
        guarded(this.db, job.action, () => step.immediate(minerId, from, to));
        yield;
      }
      guarded(this.db, job.action, () => this.meta.setNumber(job.key, to));
    }
    return { buckets, until: job.end };
  }
}

function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

async function drainGradually<T>(steps: Generator<void, T>, signal?: AbortSignal): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await yieldToEventLoop();
    signal?.throwIfAborted();
  }
}
