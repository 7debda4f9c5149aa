/**
 * Spaces the benchmark's own writes so the guard never has to refuse them for rate: the firmware keeps settings in
 * flash, and config `limits.minWriteIntervalSeconds` / `maxWritesPerHour` bound how often anyone rewrites them.
 */
import type { Clock } from '../core/clock.js';

const HOUR_MS = 3_600_000;

export class WritePacer {
  private readonly writes: number[] = [];

  constructor(private readonly options: { clock: Clock; minIntervalMs: number; maxPerHour: number }) {}

  /** Waits until one more write fits both limits, then counts it. */
  async beforeWrite(signal: AbortSignal): Promise<void> {
    const { clock, minIntervalMs, maxPerHour } = this.options;
    const now = clock.now();
    while (this.writes.length > 0 && (this.writes[0] ?? now) <= now - HOUR_MS) this.writes.shift();
    let waitUntil = now;
    const last = this.writes[this.writes.length - 1];
    if (last !== undefined) waitUntil = Math.max(waitUntil, last + minIntervalMs);
    if (this.writes.length >= maxPerHour) {
      const oldestThatCounts = this.writes[this.writes.length - maxPerHour] ?? now;
      waitUntil = Math.max(waitUntil, oldestThatCounts + HOUR_MS);
    }
    if (waitUntil > now) await clock.sleep(waitUntil - now, signal);
    signal.throwIfAborted();
    this.writes.push(clock.now());
  }
}
