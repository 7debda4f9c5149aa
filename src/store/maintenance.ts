import type { Clock } from '../core/clock.js';
import { isAbortError } from '../core/clock.js';
import { yieldToEventLoop } from '../core/yield.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import { HOUR_MS, MINUTE_MS } from './buckets.js';
import { guarded } from './errors.js';
import type { RetentionResult, RetentionWindows } from './retention.js';
import type { RollupResult } from './rollups.js';
import type { Store } from './store.js';

export interface StoreMaintenanceOptions {
  store: Store;
  clock: Clock;
  retention: RetentionWindows;
  log: Logger;
  /** Shutdown of the whole process; `stop()` works without it. */
  signal?: AbortSignal;
  /** How long after each minute boundary to run, so the minute's last poll is saved first. Default 5 s. */
  settleMs?: number;
}

export interface MaintenanceReport {
  minutes: RollupResult | null;
  hours: RollupResult | null;
  retention: RetentionResult | null;
}

/** Retention deletes this many batches, then lets polls and commands run before the next ones. */
const RETENTION_BATCHES_PER_TURN = 10;

/**
 * Keeps the database small and fast for years: every minute rolls up the complete minutes; every hour rolls up the
 * complete hours, applies retention, refreshes the query planner's statistics and checkpoints the WAL. A failure
 * (disk full) is logged and retried on the next tick; the collector keeps polling.
 */
export class StoreMaintenance implements Service {
  readonly name = 'store-maintenance';
  private readonly settleMs: number;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private lastHourlyRun: number | null = null;

  constructor(private readonly options: StoreMaintenanceOptions) {
    this.settleMs = options.settleMs ?? 5_000;
  }

  start(): Promise<void> {
    if (this.loop) return Promise.resolve();
    this.controller = new AbortController();
    const signals = [this.controller.signal, ...(this.options.signal ? [this.options.signal] : [])];
    this.loop = this.run(AbortSignal.any(signals));
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    const loop = this.loop;
    this.loop = null;
    this.controller = null;
    await loop;
  }

  /** Everything, once, as of `nowMs`: for tests and for `axepilot` commands that maintain an offline database. */
  async runOnce(nowMs: number, signal?: AbortSignal): Promise<MaintenanceReport> {
    const minutes = await this.rollUpMinutes(nowMs, signal);
    const hourly = await this.runHourly(nowMs, signal);
    return { minutes, ...hourly };
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { clock, log } = this.options;
    while (!signal.aborted) {
      const now = clock.now();
      let nextRun = now - (now % MINUTE_MS) + this.settleMs;
      if (nextRun <= now) nextRun += MINUTE_MS;
      try {
        await clock.sleep(nextRun - now, signal);
      } catch (error) {
        if (!isAbortError(error) && !signal.aborted) log.error({ err: errorMessage(error) }, 'maintenance loop ended');
        return;
      }
      if (signal.aborted) return;
      const tickAt = clock.now();
      // A backlog (a week with axepilot stopped) is many slices: rolled up one miner's slice at a time, so polls and
      // alerts run in between instead of waiting for all of it.
      await this.rollUpMinutes(tickAt, signal);
      if (signal.aborted) return;
      const hour = tickAt - (tickAt % HOUR_MS);
      if (this.lastHourlyRun === hour) continue;
      this.lastHourlyRun = hour;
      try {
        await this.runHourly(tickAt, signal);
      } catch (error) {
        if (isAbortError(error)) return;
        log.error({ err: errorMessage(error) }, 'hourly database maintenance failed');
      }
    }
  }

  private async rollUpMinutes(nowMs: number, signal?: AbortSignal): Promise<RollupResult | null> {
    try {
      return await this.options.store.rollups.rollUpMinutesGradually(nowMs, signal);
    } catch (error) {
      if (isAbortError(error) || signal?.aborted) return null;
      this.options.log.error({ err: errorMessage(error) }, 'minute rollup failed');
      return null;
    }
  }

  private async runHourly(
    nowMs: number,
    signal?: AbortSignal,
  ): Promise<{ hours: RollupResult | null; retention: RetentionResult | null }> {
    const { store, log } = this.options;
    let hours: RollupResult | null = null;
    let retention: RetentionResult | null = null;
    try {
      hours = await store.rollups.rollUpHoursGradually(nowMs, signal);
    } catch (error) {
      if (isAbortError(error)) throw error;
      log.error({ err: errorMessage(error) }, 'hour rollup failed');
    }
    try {
      retention = await this.applyRetention(nowMs, signal);
    } catch (error) {
      if (isAbortError(error)) throw error;
      log.error({ err: errorMessage(error) }, 'retention failed');
    }
    try {
      // optimize refreshes statistics only where they went stale; PASSIVE never waits for readers.
      guarded(store.db, 'optimize the database', () => {
        store.db.pragma('optimize');
        store.db.pragma('wal_checkpoint(PASSIVE)');
      });
    } catch (error) {
      log.error({ err: errorMessage(error) }, 'database optimize/checkpoint failed');
    }
    log.debug({ hours, retention }, 'hourly database maintenance done');
    return { hours, retention };
  }

  private async applyRetention(nowMs: number, signal?: AbortSignal): Promise<RetentionResult> {
    const total: RetentionResult = { samples: 0, minute: 0, hour: 0, events: 0, audit: 0, finished: false };
    while (!total.finished) {
      const step = this.options.store.retention.applyRetention(nowMs, this.options.retention, {
        maxBatches: RETENTION_BATCHES_PER_TURN,
      });
      total.samples += step.samples;
      total.minute += step.minute;
      total.hour += step.hour;
      total.events += step.events;
      total.audit += step.audit;
      total.finished = step.finished;
      if (!total.finished) {
        await yieldToEventLoop();
        signal?.throwIfAborted();
      }
    }
    return total;
  }
}
