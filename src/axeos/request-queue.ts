import { abortError } from '../core/clock.js';

/**
 * Runs tasks one at a time, in the order they were queued. AxeOS serves HTTP from a single worker, so the collector,
 * a benchmark and a chat command asking the same miner at once must take turns instead of piling up on it.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  /** A task whose signal aborts while it waits is dropped from the line and rejects at once with the abort. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      const turn = async (): Promise<void> => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return;
        try {
          resolve(await task());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      this.tail = this.tail.then(turn);
    });
  }
}
