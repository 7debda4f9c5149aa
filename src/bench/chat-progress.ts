/**
 * Keeps one chat message up to date while a benchmark runs: posts it at the start, then edits it in place with the
 * current point, the best so far and the ETA. Edits are spaced (chat platforms rate-limit edits) except the last one,
 * and a failing edit is logged, never allowed to disturb the run.
 */
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { progressText, type BenchProgress, type ProgressReporter } from './progress.js';

/** At most one edit per this interval, except the final one. */
export const EDIT_INTERVAL_MS = 15_000;

export class ChatProgress {
  private handle: Promise<unknown> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private lastEditAt = -Infinity;
  private pendingText: string | null = null;

  constructor(private readonly options: { reporter: ProgressReporter; miner: string; clock: Clock; log: Logger }) {}

  /** A listener for runBenchmark's onProgress. */
  readonly listener = (event: BenchProgress): void => {
    const text = progressText(this.options.miner, event);
    if (!this.handle) {
      this.handle = this.options.reporter.start(text);
      this.lastEditAt = this.options.clock.now();
      this.handle.catch((error: unknown) => this.options.log.warn({ err: errorMessage(error) }, 'benchmark progress message failed'));
      return;
    }
    const now = this.options.clock.now();
    if (event.kind !== 'finished' && now - this.lastEditAt < EDIT_INTERVAL_MS) {
      this.pendingText = text;
      return;
    }
    this.lastEditAt = now;
    this.pendingText = null;
    this.edit(text);
  };

  /** Waits for every edit so far (tests, and shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** A message that did not fit the edit interval: the latest one is sent once the run is over. */
  flush(): void {
    if (this.pendingText !== null) this.edit(this.pendingText);
    this.pendingText = null;
  }

  private edit(text: string): void {
    const handle = this.handle;
    if (!handle) return;
    this.chain = this.chain.then(async () => {
      try {
        await this.options.reporter.update(await handle, text);
      } catch (error) {
        this.options.log.warn({ err: errorMessage(error) }, 'benchmark progress edit failed');
      }
    });
  }
}
