/**
 * The one way out to Telegram. Every message axepilot sends (alerts, replies, charts) passes through here, so that
 * Telegram's limits hold across all of them and a 429, a 5xx or a dead network delays a message instead of losing it.
 * telegraf does not retry a normal call after a 429 (verified with telegraf 4.16.3), so this queue must.
 *
 * Per chat, messages leave strictly in the order they were queued, one at a time, also across retries; different
 * chats proceed independently, so one blocked or rate-limited chat never holds up the others.
 * Transport-agnostic: `send` does the actual call (the adapter decides what a payload is).
 */
import { isAbortError, type Clock } from '../../core/clock.js';
import { backoffDelay, type BackoffPolicy } from '../../core/backoff.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { redactSecrets } from '../../core/redact.js';
import { DEFAULT_TELEGRAM_RATE_LIMITS, TelegramRateLimiter, type TelegramRateLimits } from './rate-limiter.js';
import {
  ChatBlockedError,
  SendQueueStoppedError,
  TelegramSendFailedError,
  classifyTelegramError,
  telegramSendFailure,
  type TelegramErrorClass,
} from './send-errors.js';

export { classifyTelegramError, ChatBlockedError, SendQueueStoppedError, TelegramSendFailedError, type TelegramErrorClass };

export interface SendJob {
  chatId: string | number;
  /** Group chats have their own, lower limit; a negative chat id is a group too. */
  isGroup: boolean;
  /** What is being sent (`sendMessage`, `sendPhoto`, `alert` …), for logs and errors. */
  kind: string;
  payload: unknown;
  /** Network/5xx attempts before giving up; the queue's policy when absent. Rate limits never count. */
  attempts?: number;
}

/**
 * Network/5xx retries of a command's reply: backoff from `baseMs` (equal jitter), given up after `maxAttempts`
 * failures; 429s do not count, they say when to come back. A job sent from the outbox sets `attempts: 1`: the outbox
 * is the one layer that retries a durable message.
 */
export type RetryPolicy = BackoffPolicy & { maxAttempts: number };

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1000, maxMs: 60_000, jitter: 0.5, maxAttempts: 8 };

export interface TelegramSendQueueOptions<TResult> {
  clock: Clock;
  /** Performs one send; `signal` aborts when the queue stops. */
  send: (job: SendJob, signal: AbortSignal) => Promise<TResult>;
  log: Logger;
  /** The chat answered 403: the owner should mark its subscription inactive. */
  onChatBlocked?: (chatId: string | number) => void;
  limits?: Partial<TelegramRateLimits>;
  retry?: Partial<RetryPolicy>;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
}

interface QueuedSend<TResult> {
  job: SendJob;
  resolve: (result: TResult) => void;
  reject: (error: Error) => void;
  transientFailures: number;
  /** Backoff: the message may not be tried again before this time. */
  notBefore: number;
}

interface ChatLane<TResult> {
  key: string;
  chatId: string | number;
  isGroup: boolean;
  queue: Array<QueuedSend<TResult>>;
}

export class TelegramSendQueue<TResult = unknown> {
  private readonly clock: Clock;
  private readonly send: TelegramSendQueueOptions<TResult>['send'];
  private readonly log: Logger;
  private readonly onChatBlocked: ((chatId: string | number) => void) | undefined;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly limiter: TelegramRateLimiter;
  private readonly lanes = new Map<string, ChatLane<TResult>>();
  private readonly blockedChats = new Set<string>();
  private readonly drains = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(options: TelegramSendQueueOptions<TResult>) {
    this.clock = options.clock;
    this.send = options.send;
    this.log = options.log;
    this.onChatBlocked = options.onChatBlocked;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.random = options.random ?? Math.random;
    this.limiter = new TelegramRateLimiter({ ...DEFAULT_TELEGRAM_RATE_LIMITS, ...options.limits });
  }

  /** Resolves with `send`'s result once the message went out; rejects when it never will (see the error classes). */
  enqueue(job: SendJob): Promise<TResult> {
    if (this.stopping.signal.aborted) return Promise.reject(new SendQueueStoppedError(job.chatId));
    const key = String(job.chatId);
    if (this.blockedChats.has(key)) return Promise.reject(new ChatBlockedError(job.chatId));
    return new Promise<TResult>((resolve, reject) => {
      let lane = this.lanes.get(key);
      const isGroup = job.isGroup || Number(job.chatId) < 0;
      if (lane) {
        lane.isGroup ||= isGroup;
        lane.queue.push({ job, resolve, reject, transientFailures: 0, notBefore: 0 });
        return;
      }
      lane = { key, chatId: job.chatId, isGroup, queue: [{ job, resolve, reject, transientFailures: 0, notBefore: 0 }] };
      this.lanes.set(key, lane);
      this.startDrain(lane);
    });
  }

  /** Messages queued and not yet sent or given up, across all chats. */
  get pendingCount(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.queue.length;
    return count;
  }

  isChatBlocked(chatId: string | number): boolean {
    return this.blockedChats.has(String(chatId));
  }

  /** The user talked to the bot again (e.g. sent /start), so the chat accepts messages once more. */
  unblockChat(chatId: string | number): void {
    this.blockedChats.delete(String(chatId));
  }

  /**
   * Stops sending: waits are cut short, a send in flight gets its signal aborted and is awaited (if it still went
   * out, its caller hears so), and every message not sent is rejected with `SendQueueStoppedError`, so the outbox
   * keeps it for the next start.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.drains]);
    for (const lane of this.lanes.values()) {
      for (const entry of lane.queue.splice(0)) entry.reject(new SendQueueStoppedError(lane.chatId));
    }
    this.lanes.clear();
  }

  private startDrain(lane: ChatLane<TResult>): void {
    const drain = this.drain(lane)
      .catch((error: unknown) => {
        // drain() handles every failure it expects; reaching here is a bug, and the lane's callers must not hang on it.
        this.log.error({ chatId: lane.chatId, err: redactSecrets(errorMessage(error)) }, 'Telegram send queue failed');
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const entry of lane.queue.splice(0)) entry.reject(failure);
        this.lanes.delete(lane.key);
      })
      .finally(() => this.drains.delete(drain));
    this.drains.add(drain);
  }

  /** Sends the lane's messages one by one, oldest first, until it is empty or the queue stops. */
  private async drain(lane: ChatLane<TResult>): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const entry = lane.queue[0];
      if (!entry) {
        // Synchronous with the emptiness check, so an enqueue cannot slip in between and find no drain running.
        this.lanes.delete(lane.key);
        this.limiter.forgetIdle(this.clock.now());
        return;
      }
      const now = this.clock.now();
      const delayMs = Math.max(entry.notBefore - now, this.limiter.delayMs(lane.key, lane.isGroup, now));
      if (delayMs > 0) {
        try {
          await this.clock.sleep(delayMs, signal);
        } catch (error) {
          if (isAbortError(error)) return;
          throw error;
        }
        continue;
      }
      this.limiter.recordSend(lane.key, lane.isGroup, now);
      try {
        const result = await this.send(entry.job, signal);
        lane.queue.shift();
        entry.resolve(result);
      } catch (error) {
        // A send cut short by stop() stays queued; stop() rejects it as not sent.
        if (signal.aborted) return;
        this.handleFailure(lane, entry, error);
      }
    }
  }

  private handleFailure(lane: ChatLane<TResult>, entry: QueuedSend<TResult>, error: unknown): void {
    const now = this.clock.now();
    const verdict = classifyTelegramError(error);
    const context = { chatId: lane.chatId, kind: entry.job.kind, err: redactSecrets(errorMessage(error)) };
    switch (verdict.kind) {
      case 'rate-limited': {
        // The message stays at the head of its lane, so nothing behind it overtakes it while it waits.
        const scope = this.limiter.rateLimited(lane.key, verdict.retryAfterMs, now);
        this.log.warn({ ...context, retryAfterMs: verdict.retryAfterMs, scope }, 'Telegram rate limit: waiting before retrying');
        return;
      }
      case 'transient': {
        entry.transientFailures += 1;
        if (entry.transientFailures >= (entry.job.attempts ?? this.retry.maxAttempts)) {
          this.giveUp(lane, verdict, error, entry.transientFailures);
          return;
        }
        const delayMs = backoffDelay(entry.transientFailures, this.retry, this.random);
        entry.notBefore = now + delayMs;
        this.log.warn({ ...context, attempt: entry.transientFailures, delayMs }, 'Telegram send failed; retrying');
        return;
      }
      case 'permanent':
      case 'unauthorized':
        this.giveUp(lane, verdict, error, entry.transientFailures + 1);
        return;
      case 'blocked':
        this.blockChat(lane, verdict.description);
        return;
    }
  }

  private giveUp(lane: ChatLane<TResult>, verdict: TelegramErrorClass, error: unknown, attempts: number): void {
    const entry = lane.queue.shift();
    if (!entry) return;
    const failure = telegramSendFailure(
      { chatId: lane.chatId, kind: entry.job.kind, attempts },
      verdict,
      redactSecrets(errorMessage(error)),
      { cause: error },
    );
    this.log.warn({ chatId: lane.chatId, kind: entry.job.kind, err: failure.message }, 'Telegram send given up');
    entry.reject(failure);
  }

  private blockChat(lane: ChatLane<TResult>, description: string): void {
    this.blockedChats.add(lane.key);
    const dropped = lane.queue.splice(0);
    this.log.warn({ chatId: lane.chatId, description, dropped: dropped.length }, 'Telegram chat blocked the bot');
    for (const entry of dropped) entry.reject(new ChatBlockedError(lane.chatId, description));
    try {
      this.onChatBlocked?.(lane.chatId);
    } catch (error) {
      this.log.error({ chatId: lane.chatId, err: errorMessage(error) }, 'onChatBlocked failed');
    }
  }

}
