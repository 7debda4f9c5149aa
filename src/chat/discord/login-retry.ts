import type { Client } from 'discord.js';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import { redactSecrets, type Logger } from '../../core/logger.js';

/**
 * How long to wait before logging in to Discord again after a failed first login: a Raspberry Pi that boots before
 * its network (or DNS) is up must not stay without Discord until someone restarts it. 5 s, doubling, at most 5 min,
 * as Telegram's launch does (src/chat/telegram/polling.ts). A small local backoff: there is no shared one in core/ yet.
 */
export interface LoginRetryPolicy {
  firstMs: number;
  maxMs: number;
}

export const LOGIN_RETRY: LoginRetryPolicy = { firstMs: 5_000, maxMs: 300_000 };

/** The wait after the `failures`-th failed login in a row (1 = the first). */
export function loginRetryDelay(failures: number, policy: LoginRetryPolicy = LOGIN_RETRY): number {
  return Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, failures - 1));
}

/** `5 s`, `2 min`: for the log line that says when the next try comes. */
export function waitWords(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/**
 * A refused token will not start working by itself, but an owner may fix it on the portal (reset, then paste) while
 * axepilot waits; trying again every few minutes costs nothing. discord.js says TokenInvalid, or the REST call 401s.
 */
export function isTokenRefused(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const status = (error as { status?: unknown }).status;
  return code === 'TokenInvalid' || status === 401;
}

export interface LoginOptions {
  token: string;
  /** A fresh client per try: one whose login failed is destroyed, not reused. */
  newClient: () => Client;
  clock: Clock;
  log: Logger;
  policy: LoginRetryPolicy;
  /** Aborted when the adapter stops, also during a wait. */
  signal: AbortSignal;
}

/** Logs in; after a failure waits (5 s, doubling, at most 5 min) and tries again with a new client, until it works or stops. */
export async function loginWithRetry(options: LoginOptions): Promise<void> {
  const { log, clock, signal } = options;
  for (let failures = 1; !signal.aborted; failures++) {
    const client = options.newClient();
    try {
      await client.login(options.token);
      return;
    } catch (error) {
      await client.destroy();
      if (signal.aborted) return;
      const wait = loginRetryDelay(failures, options.policy);
      const why = isTokenRefused(error) ? 'Discord refused the bot token (check chat.discord.token or DISCORD_TOKEN)' : 'Discord login failed';
      log.warn({ err: redactSecrets(errorMessage(error)), attempt: failures }, `${why}; trying again in ${waitWords(wait)}`);
      try {
        await clock.sleep(wait, signal);
      } catch {
        // Stopped while waiting.
        return;
      }
    }
  }
}
