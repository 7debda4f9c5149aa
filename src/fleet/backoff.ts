import { backoffDelay } from '../core/backoff.js';

/**
 * How long a poll loop waits before the next poll. Normal cadence with ±10 % jitter (so a fleet does not drift into
 * lock-step bursts against one Wi-Fi access point); after `failuresBeforeBackoff` failures in a row the wait doubles per
 * failure up to `maxMs` (simple-monitor and MinerWatch use the same 5-minute ceiling): a dead miner costs almost nothing,
 * and the first good poll brings the normal cadence back.
 */
export interface PollBackoffOptions {
  intervalMs: number;
  maxMs?: number;
  failuresBeforeBackoff?: number;
  jitter?: number;
}

export function nextPollDelayMs(
  consecutiveFailures: number,
  options: PollBackoffOptions,
  random: () => number = Math.random,
): number {
  const { intervalMs, maxMs = 300_000, failuresBeforeBackoff = 3, jitter = 0.1 } = options;
  const over = consecutiveFailures - failuresBeforeBackoff + 1;
  const base = over > 0 ? backoffDelay(over + 1, { baseMs: intervalMs, maxMs }) : intervalMs;
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(250, Math.min(maxMs, base + spread));
}

/** A random start offset within one interval, so 1,000 miners started together spread over the first interval. */
export function initialPollOffsetMs(intervalMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * intervalMs);
}
