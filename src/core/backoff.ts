import type { Clock } from './clock.js';

/**
 * The one exponential backoff: `baseMs`, then twice that per further attempt, capped at `maxMs`. `jitter` is the share
 * of the delay left to chance: 0 waits exactly, 0.5 is "equal jitter" (between half and all of the delay), which keeps
 * many retries that failed together (one Wi-Fi drop, one platform outage) from coming back in lock-step.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  jitter?: number;
}

/** The wait before attempt `attempt + 1`, after `attempt` (1, 2, …) failures. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = policy.jitter ?? 0;
  return Math.round(exponential * (1 - jitter + jitter * random()));
}

/** What a failure means for the next attempt: give up and rethrow, try again after the backoff, or after a set wait. */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number };

export interface RetryOptions {
  policy: BackoffPolicy & {
    /** Attempts in all before giving up; unbounded when absent. */
    maxAttempts?: number;
    /** Give up when the next wait would end this long after the first attempt. */
    giveUpAfterMs?: number;
  };
  clock: Clock;
  signal?: AbortSignal;
  /** The retry policy follows the error's class: which failures are worth another attempt, and how soon. */
  classify: (error: unknown) => RetryVerdict;
  onRetry?: (info: { attempt: number; error: unknown; delayMs: number }) => void;
  /** What to throw when the attempts or the time run out; the last error itself by default. */
  giveUp?: (error: unknown, info: { attempts: number; elapsedMs: number }) => unknown;
  random?: () => number;
}

/** Runs `task` until it succeeds, a failure is not worth retrying, the policy runs out, or `signal` aborts. */
export async function retry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { clock, signal, policy } = options;
  const startedAt = clock.now();
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await task(attempt);
    } catch (error) {
      signal?.throwIfAborted();
      const verdict = options.classify(error);
      if (!verdict.retry) throw error;
      const delayMs = verdict.afterMs ?? backoffDelay(attempt, policy, options.random);
      const elapsedMs = clock.now() - startedAt;
      const outOfAttempts = policy.maxAttempts !== undefined && attempt >= policy.maxAttempts;
      const outOfTime = policy.giveUpAfterMs !== undefined && elapsedMs + delayMs > policy.giveUpAfterMs;
      if (outOfAttempts || outOfTime) throw options.giveUp ? options.giveUp(error, { attempts: attempt, elapsedMs }) : error;
      options.onRetry?.({ attempt, error, delayMs });
      await clock.sleep(delayMs, signal);
    }
  }
}
