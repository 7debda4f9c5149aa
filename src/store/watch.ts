/**
 * When axepilot was watching: one span per run of the service, from its start to its last sign of life. Uptime and
 * averages are taken over this time only, so the hours before axepilot was installed (or while it was stopped) do not
 * count as the miners' downtime.
 */
import type { Statement } from 'better-sqlite3';
import type { Database } from './database.js';
import { guarded } from './errors.js';

/**
 * A span whose last sign of life is this recent still runs (the collector writes one at most every
 * `WATCH_EXTEND_EVERY_MS`): it is counted up to the end of the range asked about.
 */
export const WATCH_EXTEND_EVERY_MS = 15_000;
const STILL_RUNNING_MS = 4 * WATCH_EXTEND_EVERY_MS;

export class WatchLog {
  private readonly insert: Statement<[number, number]>;
  private readonly update: Statement<[number, number]>;
  private readonly overlap: Statement<{ from: number; to: number; live: number }, { watched: number | null }>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO watch_spans (started_at, last_at) VALUES (?, ?) ON CONFLICT (started_at) DO UPDATE SET last_at = MAX(last_at, excluded.last_at)');
    this.update = db.prepare('UPDATE watch_spans SET last_at = MAX(last_at, ?) WHERE started_at = ?');
    this.overlap = db.prepare(`
      SELECT TOTAL(MAX(0, MIN(CASE WHEN last_at >= @live THEN @to ELSE last_at END, @to) - MAX(started_at, @from))) AS watched
      FROM watch_spans WHERE started_at < @to AND (last_at > @from OR last_at >= @live)`);
  }

  /** A new span starting at `ts`; returns its key for `extend`. */
  begin(ts: number): number {
    const start = Math.round(ts);
    guarded(this.db, 'record the watch start', () => this.insert.run(start, start));
    return start;
  }

  extend(startedAt: number, ts: number): void {
    guarded(this.db, 'record the watch time', () => this.update.run(Math.round(ts), startedAt));
  }

  /** A finished span (history written by other means, such as the demo's day of simulated past). */
  record(fromMs: number, toMs: number): void {
    guarded(this.db, 'record a watch span', () => this.insert.run(Math.round(fromMs), Math.round(toMs)));
  }

  /** How much of [fromMs, toMs) axepilot was watching; a span still running counts up to `toMs`. */
  watchedMs(fromMs: number, toMs: number): number {
    const row = guarded(this.db, 'read the watch time', () =>
      this.overlap.get({ from: Math.round(fromMs), to: Math.round(toMs), live: Math.round(toMs) - STILL_RUNNING_MS }));
    return row?.watched ?? 0;
  }
}
