/**
 * Reads the miner during a benchmark. A failed read is retried with backoff instead of ending the run (mrv777 stops
 * the whole benchmark on one); only a miner that stays silent past a bounded wait ends it, and then the guard's restore
 * point puts its settings back when it returns.
 */
import { retry, type BackoffPolicy } from '../core/backoff.js';
import type { MinerClient } from '../axeos/client.js';
import type { Telemetry } from '../axeos/telemetry.js';
import type { Clock } from '../core/clock.js';
import { AxepilotError, MinerApiError, MinerUnreachableError, errorMessage } from '../core/errors.js';

/** Doubling waits from `baseMs` to `maxMs`; the run gives up when the miner has not answered for `giveUpAfterMs`. */
export type RetryPolicy = BackoffPolicy & { giveUpAfterMs: number };

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 2_000, maxMs: 20_000, giveUpAfterMs: 180_000 };

/** The miner stopped answering mid-run for longer than the retry policy allows. */
export class MinerLostError extends AxepilotError {
  constructor(readonly miner: string, readonly silentMs: number, readonly lastError: string) {
    super(`${miner} did not answer for ${Math.round(silentMs / 1000)} s (${lastError})`);
  }
}

/** Failures worth retrying: no answer, or an answer that was not AxeOS (500, a body cut off by Wi-Fi). */
export function isTransientMinerFailure(error: unknown): boolean {
  return error instanceof MinerUnreachableError || error instanceof MinerApiError;
}

export interface RetryingOptions {
  miner: string;
  clock: Clock;
  signal: AbortSignal;
  policy: RetryPolicy;
  onRetry?: (info: { attempt: number; error: string; delayMs: number }) => void;
}

/** Runs `action` until it succeeds, retrying transient miner failures with doubling delays up to the policy's limit. */
export function withRetry<T>(action: () => Promise<T>, options: RetryingOptions): Promise<T> {
  return retry(action, {
    policy: options.policy,
    clock: options.clock,
    signal: options.signal,
    classify: (error) => ({ retry: isTransientMinerFailure(error) }),
    onRetry: ({ attempt, error, delayMs }) => options.onRetry?.({ attempt, error: errorMessage(error), delayMs }),
    giveUp: (error, { elapsedMs }) => new MinerLostError(options.miner, elapsedMs, errorMessage(error)),
  });
}

/** One telemetry reading, retried on transient failures. */
export function readTelemetry(client: MinerClient, options: RetryingOptions): Promise<Telemetry> {
  return withRetry(async () => (await client.getInfo(options.signal)).telemetry, options);
}
