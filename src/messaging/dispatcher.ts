import { isAbortError, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import { backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import { settlesWithin } from '../core/settles-within.js';
import type { MessageSender } from './chat-platform.js';
import { chatKey, targetOf, type ChatTarget } from './chat-target.js';
import { ChatUnreachableError, MessageRefusedError, PlatformUnavailableError, TransientDeliveryError } from './errors.js';
import { mergeMessages } from './message-codec.js';
import { mergeableBatch } from './outbox-merge.js';
import type { OutboxRepository, OutboxRow } from './outbox.js';

/** Never gives up: a platform down for an hour delays messages by an hour, and loses none. */
export const DEFAULT_DELIVERY_RETRY: BackoffPolicy = { baseMs: 5_000, maxMs: 5 * 60_000, jitter: 0.5 };

/**
 * How often a chat that answered "unreachable" (blocked the bot, removed it) is tried again while its messages wait.
 * Sooner when the platform says the chat is back (the user wrote to the bot again).
 */
export const DEFAULT_UNREACHABLE_PROBE: BackoffPolicy = { baseMs: 15 * 60_000, maxMs: 6 * 3_600_000, jitter: 0.5 };

export interface OutboxDispatcherOptions {
  outbox: OutboxRepository;
  sender: MessageSender;
  clock: Clock;
  log: Logger;
  retry?: Partial<BackoffPolicy>;
  unreachableProbe?: Partial<BackoffPolicy>;
  /** A chat has a new id (a Telegram group became a supergroup): its waiting rows already follow it. */
  onChatMoved?: (from: ChatTarget, to: ChatTarget) => void;
  /** A platform switched itself off on a refused token or address; told once, for a notice to the admins. */
  onPlatformOff?: (platform: string, detail: string) => void;
  /** How long a platform that cannot send at all (no token) is left alone before the next try. */
  unavailableRetryMs?: number;
  /** Sent, dropped and failed rows are deleted after this long. */
  keepFinishedMs?: number;
  pruneEveryMs?: number;
  /** A look at the table even without a wake-up. */
  idleCheckMs?: number;
  /** At most this many waiting rows about the same alerts become one message. */
  maxMergedRows?: number;
  /** How long stop() lets a send already on the wire finish, so it is recorded rather than sent again next start. */
  stopWaitMs?: number;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
}

const DAY_MS = 86_400_000;

/**
 * Drains the outbox: per chat, rows leave strictly in order, one message at a time (a chat's next row waits for its
 * earlier one, also across retries); chats proceed independently, so a blocked or slow chat holds up no other. It
 * resumes from the table after a restart and is the one layer that retries a message: with backoff by the error's
 * class, forever. A chat that blocked the bot keeps its rows until it is reachable again, then gets them once, in
 * order. Finished rows are pruned after a week.
 */
export class OutboxDispatcher implements Service {
  readonly name = 'alert delivery';
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly retry: BackoffPolicy;
  private readonly probe: BackoffPolicy;
  /**
   * Chats that answered "unreachable", so that is said once per outage, not at every probe. Keyed by the whole chat:
   * a bot that was blocked or removed reaches none of its topics, and the chat coming back brings them all back.
   */
  private readonly unreachable = new Set<string>();
  private readonly random: () => number;
  private readonly workers = new Map<string, Promise<void>>();
  private readonly unavailable = new Map<string, number>();
  /** Chats whose worker crashed (the database failing): left alone for a while rather than retried in a tight loop. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly reportedUnavailable = new Set<string>();
  private abort = new AbortController();
  private wakeUp: AbortController | null = null;
  private woken = false;
  private loop: Promise<void> | null = null;
  private stopListening: (() => void) | null = null;
  private nextPruneAt = 0;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.clock = options.clock;
    this.log = options.log;
    this.retry = { ...DEFAULT_DELIVERY_RETRY, ...options.retry };
    this.probe = { ...DEFAULT_UNREACHABLE_PROBE, ...options.unreachableProbe };
    this.random = options.random ?? Math.random;
  }

  start(): Promise<void> {
    if (this.loop) return Promise.resolve();
    this.abort = new AbortController();
    this.stopListening = this.options.outbox.onAdded(() => this.wake());
    this.loop = this.run(this.abort.signal).catch((error: unknown) => {
      this.log.error({ err: errorMessage(error) }, 'alert delivery stopped');
    });
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    this.stopListening = null;
    this.abort.abort();
    this.wake();
    await this.loop;
    this.loop = null;
    await settlesWithin(this.settled(), this.options.stopWaitMs ?? 1_000);
  }

  /** Resolves once every send in progress has its outcome recorded; `main` awaits it before closing the database. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.workers.values()]);
  }

  /**
   * The platform saw the chat again (its user wrote to the bot after blocking it): its held rows are due now, in order.
   */
  chatReachable(target: ChatTarget): void {
    if (!this.unreachable.has(wholeChatKey(target))) return;
    try {
      if (this.options.outbox.retryNow(target) > 0) this.wake();
    } catch (error) {
      this.log.error({ chat: chatKey(target), err: errorMessage(error) }, 'cannot take a chat back into delivery');
    }
  }

  /** Looks at the table now (new rows, a chat's turn after its worker ended). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.abort();
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.woken = false;
      const now = this.clock.now();
      this.pruneIfDue(now);
      let nextAt: number | null;
      try {
        nextAt = this.startDueChats(now, signal);
      } catch (error) {
        // The database is busy or failing: the rows are safe where they are; look again later.
        this.log.error({ err: errorMessage(error) }, 'cannot read the alert outbox');
        nextAt = null;
      }
      const idleCheckMs = this.options.idleCheckMs ?? 60_000;
      await this.idle(Math.max(0, Math.min(nextAt === null ? idleCheckMs : nextAt - now, idleCheckMs)));
    }
  }

  private async idle(ms: number): Promise<void> {
    if (this.woken || ms <= 0) return;
    const wakeUp = new AbortController();
    this.wakeUp = wakeUp;
    try {
      await this.clock.sleep(ms, wakeUp.signal);
    } catch (error) {
      if (!isAbortError(error)) throw error;
    } finally {
      this.wakeUp = null;
    }
  }

  /** Starts a worker for every chat whose turn it is; returns when the next waiting chat falls due. */
  private startDueChats(now: number, signal: AbortSignal): number | null {
    let next: number | null = null;
    const later = (at: number): void => {
      next = next === null ? at : Math.min(next, at);
    };
    for (const chat of this.options.outbox.waitingChats()) {
      const key = chatKey(chat);
      if (this.workers.has(key)) continue;
      const notBefore = Math.max(this.unavailable.get(chat.platform) ?? 0, this.pausedUntil.get(key) ?? 0);
      if (notBefore > now) {
        later(notBefore);
        continue;
      }
      if (chat.nextAttemptAt > now) {
        later(chat.nextAttemptAt);
        continue;
      }
      const target = targetOf(chat);
      const worker = this.deliverChat(target, signal)
        .catch((error: unknown) => {
          this.pausedUntil.set(key, this.clock.now() + (this.options.idleCheckMs ?? 60_000));
          this.log.error({ chat: key, err: errorMessage(error) }, 'alert delivery to a chat failed');
        })
        .finally(() => {
          this.workers.delete(key);
          this.wake();
        });
      this.workers.set(key, worker);
    }
    return next;
  }

  /** Sends the chat's due rows one message after another until none is due or one fails. */
  private async deliverChat(target: ChatTarget, signal: AbortSignal): Promise<void> {
    const maxRows = this.options.maxMergedRows ?? 10;
    while (!signal.aborted) {
      const rows = this.options.outbox.pending(target, maxRows * 5);
      const head = rows[0];
      if (!head || head.nextAttemptAt > this.clock.now()) return;
      if ((this.unavailable.get(target.platform) ?? 0) > this.clock.now()) return;
      const batch = mergeableBatch(rows, maxRows);
      const message = mergeMessages(batch.map((row) => ({ kind: row.kind, alertIds: row.alertIds, message: row.message })));
      try {
        await this.options.sender.send(target, message, { silent: batch.every((row) => row.silent) });
      } catch (error) {
        // Cut short by stop(): the rows stay as they were, for the next start.
        if (signal.aborted) return;
        this.failed(target, batch, error);
        return;
      }
      this.options.outbox.markSent(batch.map((row) => row.id), this.clock.now());
      this.pausedUntil.delete(chatKey(target));
      if (this.unreachable.delete(wholeChatKey(target))) this.log.info({ chat: chatKey(target) }, 'chat reachable again: its held messages are delivered');
      this.platformWorks(target.platform);
      if (batch.length > 1) this.log.info({ chat: chatKey(target), rows: batch.length }, 'waiting alert messages delivered as one');
    }
  }

  private failed(target: ChatTarget, batch: readonly OutboxRow[], error: unknown): void {
    const now = this.clock.now();
    const detail = errorMessage(error);
    const chat = chatKey(target);
    const { outbox } = this.options;
    const head = batch[0];
    if (!head) return;
    if (error instanceof ChatUnreachableError) {
      // Held, not dropped: the user may unblock the bot tomorrow, and then wants what happened meanwhile, in order.
      const attempts = head.attempts + 1;
      outbox.defer(head.id, attempts, now + backoffDelay(attempts, this.probe, this.random), detail);
      if (!this.unreachable.has(wholeChatKey(target))) {
        this.unreachable.add(wholeChatKey(target));
        this.log.warn({ chat, err: detail }, 'chat does not accept messages: they are held until it is reachable again');
      }
      return;
    }
    if (error instanceof MessageRefusedError && error.movedToChatId !== null) {
      const moved = { platform: target.platform, chatId: error.movedToChatId };
      this.options.onChatMoved?.(target, moved);
      outbox.moveChat(target, moved.chatId);
      outbox.dropChat(target, `the chat moved to ${moved.chatId}`);
      this.log.info({ chat, movedTo: chatKey(moved) }, 'alert chat has a new id; its alerts follow it');
      return;
    }
    if (error instanceof MessageRefusedError) {
      outbox.markFailed(batch.map((row) => row.id), now, detail);
      this.log.warn({ chat, rows: batch.length, err: detail }, 'alert message refused by the chat platform; skipped');
      return;
    }
    if (error instanceof PlatformUnavailableError) {
      // A platform that turned itself off stays off until a restart with a fixed config: reading and decoding its
      // waiting rows every minute only to be refused again would be work for nothing.
      this.unavailable.set(target.platform, error.turnedOff ? Number.POSITIVE_INFINITY : now + (this.options.unavailableRetryMs ?? 60_000));
      // Said once: the owner needs to know why alerts wait, not to read it every minute.
      if (!this.reportedUnavailable.has(target.platform)) {
        this.reportedUnavailable.add(target.platform);
        // A platform that turned itself off is announced by onPlatformOff in its own words (one line, and the admins).
        if (error.turnedOff && this.options.onPlatformOff) this.options.onPlatformOff(target.platform, detail);
        else this.log.warn({ platform: target.platform, err: detail }, 'alert messages wait: the chat platform is not available');
      }
      return;
    }
    const attempts = head.attempts + 1;
    const retryAfterMs = error instanceof TransientDeliveryError ? (error.retryAfterMs ?? 0) : 0;
    const delayMs = Math.max(retryAfterMs, backoffDelay(attempts, this.retry, this.random));
    outbox.defer(head.id, attempts, now + delayMs, detail);
    this.log.warn({ chat, attempts, delayMs, err: detail }, 'alert message not delivered; retrying later');
  }

  private platformWorks(platform: string): void {
    this.unavailable.delete(platform);
    if (this.reportedUnavailable.delete(platform)) this.log.info({ platform }, 'alert messages are delivered again');
  }

  private pruneIfDue(now: number): void {
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + (this.options.pruneEveryMs ?? 3_600_000);
    try {
      const pruned = this.options.outbox.prune(now - (this.options.keepFinishedMs ?? 7 * DAY_MS));
      if (pruned > 0) this.log.debug({ pruned }, 'old alert messages pruned from the outbox');
    } catch (error) {
      this.log.error({ err: errorMessage(error) }, 'cannot prune the alert outbox');
    }
  }
}

/** A chat without its topic. */
function wholeChatKey(target: ChatTarget): string {
  return chatKey({ platform: target.platform, chatId: target.chatId });
}
