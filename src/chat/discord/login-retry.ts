/**
 * A failed first login to Discord is tried again: a Raspberry Pi that boots before its network (or DNS) is up must
 * not stay without Discord until someone restarts it. The core backoff (core/backoff.ts): 5 s, doubling, at most
 * 5 min, as Telegram's launch does. Once logged in, discord.js itself resumes dropped sessions.
 */
import type { Client } from 'discord.js';
import { retry, type BackoffPolicy } from '../../core/backoff.js';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { redactSecrets } from '../../core/redact.js';
import { waitWords } from '../../core/units.js';

/** Exact waits (no jitter): one bot logging in has nobody to fall in step with, and the log can say when. */
export const LOGIN_RETRY: BackoffPolicy = { baseMs: 5_000, maxMs: 300_000, jitter: 0 };

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
  policy: BackoffPolicy;
  /** Aborted when the adapter stops, also during a wait. */
  signal: AbortSignal;
}

/** Logs in; after a failure waits and tries again with a new client, until it works or the adapter stops. */
export async function loginWithRetry(options: LoginOptions): Promise<void> {
  const { log, clock, signal } = options;
  try {
    await retry(
      async () => {
        const client = options.newClient();
        try {
          await client.login(options.token);
        } catch (error) {
          await client.destroy();
          throw error;
        }
      },
      {
        policy: options.policy, clock, signal,
        classify: () => ({ retry: true }),
        onRetry: ({ attempt, error, delayMs }) => {
          const why = isTokenRefused(error) ? 'Discord refused the bot token (check chat.discord.token or DISCORD_TOKEN)' : 'Discord login failed';
          log.warn({ err: redactSecrets(errorMessage(error)), attempt }, `${why}; trying again in ${waitWords(delayMs)}`);
        },
      },
    );
  } catch (error) {
    // Stopped while logging in or waiting: nothing more to do.
    if (signal.aborted) return;
    throw error;
  }
}
