import type { Clock } from '../core/clock.js';
import { isAbortError } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Telemetry } from '../axeos/telemetry.js';

export interface SampleRow {
  minerId: number;
  telemetry: Telemetry;
}

export interface SampleSink {
  insertMany(rows: SampleRow[]): void;
}

/**
 * Buffers samples and writes them in one transaction per flush: 1,000 miners at 5 s are 200 rows/s, which SQLite takes
 * easily in batches but not as 200 separate fsync'd transactions on a Raspberry Pi's SD card. When a write fails (disk
 * full, I/O error) the rows stay buffered, up to `maxBuffered`, and the oldest are dropped beyond that with a count in
 * the log: polling never stops because the disk did.
 */
export class SampleWriter {
  private buffer: SampleRow[] = [];
  private dropped = 0;
  private lastErrorLogAt = -Infinity;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly options: {
      sink: SampleSink;
      clock: Clock;
      log: Logger;
      flushIntervalMs?: number;
      maxBuffered?: number;
      /** Told of every flush round (the collector's cycle), and of every write that worked or failed. */
      onCycle?: () => void;
      onWritten?: () => void;
      onWriteFailed?: (error: unknown) => void;
    },
  ) {}

  add(row: SampleRow): void {
    this.buffer.push(row);
    const max = this.options.maxBuffered ?? 100_000;
    if (this.buffer.length > max) {
      const excess = this.buffer.length - max;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
  }

  get pending(): number {
    return this.buffer.length;
  }

  start(signal: AbortSignal): void {
    const interval = this.options.flushIntervalMs ?? 1000;
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.options.clock.sleep(interval, signal);
        this.flush();
        this.options.onCycle?.();
      }
    })().catch((error: unknown) => {
      if (!isAbortError(error)) this.options.log.error({ err: errorMessage(error) }, 'sample writer stopped');
    });
  }

  async stop(): Promise<void> {
    await this.loop;
    this.flush();
  }

  /** Writes everything buffered; returns true when the buffer is empty afterwards. */
  flush(): boolean {
    if (this.buffer.length === 0) return true;
    const rows = this.buffer;
    try {
      // insertMany is synchronous, so nothing was added meanwhile.
      this.options.sink.insertMany(rows);
      this.buffer = [];
      this.options.onWritten?.();
      if (this.dropped > 0) {
        this.options.log.warn({ dropped: this.dropped }, 'samples were dropped while the database could not be written');
        this.dropped = 0;
      }
      return true;
    } catch (error) {
      this.options.onWriteFailed?.(error);
      const now = this.options.clock.now();
      if (now - this.lastErrorLogAt >= 60_000) {
        this.lastErrorLogAt = now;
        this.options.log.error({ err: errorMessage(error), buffered: this.buffer.length }, 'cannot write samples; keeping them in memory and retrying');
      }
      return false;
    }
  }
}
