/**
 * telegraf's long polling for as long as axepilot runs. `launch()` settles only when polling stops, so it is kept,
 * never awaited by start(); a launch that could not reach Telegram is tried again with backoff; 401 and 409, which
 * end telegraf's polling for good, are logged so the owner can act, and the rest of axepilot keeps running.
 * (telegraf/telegraf:src/telegraf.ts `launch`, src/core/network/polling.ts; docs/research/chat-bots-and-alerting.md §2.5)
 */
import type { Telegraf } from 'telegraf';
import { isAbortError, type Clock } from '../../core/clock.js';
import { backoffDelay } from '../../core/backoff.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { launchFailureOf } from './launch-failure.js';
import { settlesWithin } from '../../core/settles-within.js';

export interface TelegramPollingOptions {
  bot: Telegraf;
  clock: Clock;
  log: Logger;
  /** getMe answered: the token works and polling is about to begin. */
  onConnected: () => void;
}

/** Where launch() is: waiting for getMe, past it (deleteWebhook, then polling), or done. */
type Phase = 'idle' | 'connecting' | 'starting' | 'stopped';

const ALLOWED_UPDATES: Array<'message' | 'callback_query'> = ['message', 'callback_query'];
/** Retrying a launch that could not reach Telegram: 5 s, doubling, at most 5 minutes. */
const LAUNCH_RETRY_FIRST_MS = 5_000;
const LAUNCH_RETRY_MAX_MS = 300_000;
/** How long stop() waits for telegraf's last call (the offset sync) before it lets go. */
const STOP_WAIT_MS = 3_000;

export class TelegramPolling {
  private phase: Phase = 'idle';
  private running: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(private readonly options: TelegramPollingOptions) {}

  start(): void {
    this.running ??= this.keepPolling(this.stopping.signal);
  }

  /** Ends the long poll (telegraf then confirms the offset), also when stop() arrives in the middle of launch(). */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.stopping.abort();
    await this.stopBot();
    this.phase = 'stopped';
    if (this.running) await settlesWithin(this.running, STOP_WAIT_MS);
  }

  private async keepPolling(signal: AbortSignal): Promise<void> {
    const { bot, clock, log } = this.options;
    let failures = 0;
    while (!signal.aborted) {
      this.phase = 'connecting';
      try {
        await bot.launch({ allowedUpdates: ALLOWED_UPDATES, dropPendingUpdates: false }, () => {
          // Throwing here ends launch() before deleteWebhook and polling: stop() came while getMe was in flight.
          if (signal.aborted) throw new Error('stopped while connecting');
          this.phase = 'starting';
          failures = 0;
          this.options.onConnected();
        });
        return;
      } catch (error) {
        if (signal.aborted) return;
        const failure = launchFailureOf(error);
        if (failure.fatal) {
          log.error({ err: failure.detail }, `${failure.message}; Telegram stays off until axepilot restarts`);
          return;
        }
        failures += 1;
        const delayMs = backoffDelay(failures, { baseMs: LAUNCH_RETRY_FIRST_MS, maxMs: LAUNCH_RETRY_MAX_MS });
        log.warn({ err: failure.detail, retryInS: delayMs / 1000 }, 'Telegram polling failed; trying again');
        try {
          await clock.sleep(delayMs, signal);
        } catch (sleepError) {
          if (isAbortError(sleepError)) return;
          throw sleepError;
        }
      }
    }
  }

  private async stopBot(): Promise<void> {
    const deadline = Date.now() + STOP_WAIT_MS;
    for (;;) {
      try {
        this.options.bot.stop('shutdown');
        return;
      } catch (error) {
        // telegraf throws this until polling exists (https://github.com/telegraf/telegraf/pull/1224).
        if (errorMessage(error) !== 'Bot is not running!') throw error;
      }
      // Before getMe answered, the launch callback refuses to go on; only deleteWebhook in flight needs a wait.
      if (this.phase !== 'starting' || !this.running) return;
      if ((await settlesWithin(this.running, 20)) || Date.now() > deadline) return;
    }
  }
}
