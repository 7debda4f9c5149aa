/**
 * Telegram's send limits as arithmetic on timestamps: when may the next message to a chat go out?
 * Limits from the Bot FAQ (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
 * about one message per second in a chat, at most 20 per minute in a group, about 30 per second overall.
 * Pure and clock-free: the caller passes `now`, so the queue can run on a virtual clock.
 */

export interface TelegramRateLimits {
  /** Least time between two sends to one chat. */
  perChatIntervalMs: number;
  /** Most sends to one group chat in any 60 s. */
  groupPerMinute: number;
  /** Most sends across all chats in any 1 s. */
  globalPerSecond: number;
}

export const DEFAULT_TELEGRAM_RATE_LIMITS: TelegramRateLimits = {
  perChatIntervalMs: 1000,
  groupPerMinute: 20,
  globalPerSecond: 30,
};

const MINUTE_MS = 60_000;
const SECOND_MS = 1000;

interface ChatRecord {
  lastSendAt: number;
  /** Send times within the last minute; kept for group chats only. */
  recentSends: number[];
  pausedUntil: number;
}

export type RateLimitScope = 'chat' | 'all';

export class TelegramRateLimiter {
  private readonly chats = new Map<string, ChatRecord>();
  private readonly recentGlobalSends: number[] = [];
  private allPausedUntil = 0;

  constructor(private readonly limits: TelegramRateLimits) {}

  /** Milliseconds until a message to `chatKey` may be sent; 0 when it may go now. */
  delayMs(chatKey: string, isGroup: boolean, now: number): number {
    const chat = this.chats.get(chatKey);
    let readyAt = Math.max(this.allPausedUntil, chat?.pausedUntil ?? 0);
    if (chat) {
      readyAt = Math.max(readyAt, chat.lastSendAt + this.limits.perChatIntervalMs);
      if (isGroup) readyAt = Math.max(readyAt, windowReadyAt(chat.recentSends, this.limits.groupPerMinute, MINUTE_MS, now));
    }
    readyAt = Math.max(readyAt, windowReadyAt(this.recentGlobalSends, this.limits.globalPerSecond, SECOND_MS, now));
    return Math.max(0, readyAt - now);
  }

  /** Counts an attempt against every limit; failed attempts count too, Telegram saw them. */
  recordSend(chatKey: string, isGroup: boolean, now: number): void {
    const chat = this.record(chatKey);
    chat.lastSendAt = now;
    if (isGroup) {
      chat.recentSends.push(now);
      trimToWindow(chat.recentSends, MINUTE_MS, now);
    }
    this.recentGlobalSends.push(now);
    trimToWindow(this.recentGlobalSends, SECOND_MS, now);
  }

  /**
   * Telegram answered 429 for `chatKey`. Its error does not say whether the chat or the whole bot is over the limit;
   * a second chat hitting 429 while another is still waiting out one means the bot is, so then every chat waits.
   */
  rateLimited(chatKey: string, retryAfterMs: number, now: number): RateLimitScope {
    const until = now + retryAfterMs;
    const otherChatWaiting = [...this.chats].some(([key, chat]) => key !== chatKey && chat.pausedUntil > now);
    const chat = this.record(chatKey);
    chat.pausedUntil = Math.max(chat.pausedUntil, until);
    if (!otherChatWaiting) return 'chat';
    this.allPausedUntil = Math.max(this.allPausedUntil, until);
    return 'all';
  }

  /** Drops what no limit needs any more, so a long-running process does not keep every chat it ever wrote to. */
  forgetIdle(now: number): void {
    for (const [key, chat] of this.chats) {
      const idle = chat.lastSendAt <= now - MINUTE_MS && chat.pausedUntil <= now;
      if (idle) this.chats.delete(key);
    }
  }

  private record(chatKey: string): ChatRecord {
    let chat = this.chats.get(chatKey);
    if (!chat) {
      chat = { lastSendAt: Number.NEGATIVE_INFINITY, recentSends: [], pausedUntil: 0 };
      this.chats.set(chatKey, chat);
    }
    return chat;
  }
}

/** Keeps only the sends inside the window that ends now: times `t` with `t > now - windowMs`. */
function trimToWindow(sends: number[], windowMs: number, now: number): void {
  while (sends.length > 0 && (sends[0] ?? now) <= now - windowMs) sends.shift();
}

/** When the window will again hold fewer than `limit` sends, given the sends so far (oldest first). */
function windowReadyAt(sends: number[], limit: number, windowMs: number, now: number): number {
  trimToWindow(sends, windowMs, now);
  if (sends.length < limit) return now;
  const oldestThatMustLeave = sends[sends.length - limit] ?? now;
  return oldestThatMustLeave + windowMs;
}
