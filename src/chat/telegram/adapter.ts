/**
 * Telegram for axepilot, through telegraf 4 with long polling: `/commands` and button presses become router calls,
 * prepared replies become HTML messages, photos and documents. No business logic lives here.
 *
 * telegraf facts this relies on (docs/research/chat-bots-and-alerting.md §2.5): its default error handler ends
 * polling and sets the exit code, so `bot.catch` is always set; a batch of updates is awaited before the next
 * getUpdates, so handlers hand their work off (one chain per chat) instead of holding the poll for every chat.
 * Launching, retrying and stopping the long poll live in polling.ts; button presses in presses.ts.
 */
import { Telegraf } from 'telegraf';
import type { Message, Update } from 'telegraf/types';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import { PlatformUnavailableError } from '../../messaging/errors.js';
import type { Logger } from '../../core/logger.js';
import { redactSecrets } from '../../core/redact.js';
import type { Service } from '../../core/service.js';
import type { ChatUser } from '../identity.js';
import type { CommandRouter, PreparedReply } from '../router.js';
import { discardReplyFiles } from '../reply-files.js';
import { performCall, TelegramDelivery, type DeliveryTarget, type TelegramCall } from './delivery.js';
import { GroupMigrations } from './group-migrations.js';
import { TelegramPolling } from './polling.js';
import type { TelegramRateLimits } from './rate-limiter.js';
import {
  ChatBlockedError, SendQueueStoppedError, TelegramSendQueue, type RetryPolicy,
} from './send-queue.js';
import { settlesWithin } from '../../core/settles-within.js';
import { isTelegramSendFailure } from './send-errors.js';
import { chatUserOf, isCommandForThisBot, normalizeApiRoot } from './updates.js';
import { commandMenus } from './command-menus.js';
import { undeliveredNotice } from './undelivered.js';
import { TelegramPresses, targetOf } from './presses.js';

/** Telegram has no token, so nothing can be sent there. */
export class TelegramOffError extends PlatformUnavailableError {
  constructor() {
    super('Telegram is off: no bot token is configured');
  }
}

export interface TelegramAdapterOptions {
  /** The bot token from @BotFather (config `chat.telegram.token`, env `TELEGRAM_BOT_TOKEN`); null = Telegram off. */
  token: string | null;
  /** A self-hosted Bot API server (config `chat.telegram.apiRoot`, env `TELEGRAM_API_ROOT`); null = api.telegram.org. */
  apiRoot: string | null;
  router: CommandRouter;
  clock: Clock;
  log: Logger;
  /** A chat answered 403 (the user blocked the bot, or it was removed from the group). */
  onChatBlocked?: (chatId: string) => void;
  /** A chat wrote to the bot: whatever waits for it because it had blocked the bot may go now. */
  onChatReachable?: (chatId: string) => void;
  /** Send-queue tuning; Telegram's own limits by default. */
  limits?: Partial<TelegramRateLimits>;
  retry?: Partial<RetryPolicy>;
  /** How long a button press may run before it is answered without waiting for its notice (1 s). */
  answerPressWithinMs?: number;
}

export interface SendOptions {
  /** Delivered without a sound (`disable_notification`), e.g. in quiet hours. */
  silent?: boolean;
  /**
   * Network/5xx attempts before the message is given up (the queue's policy when absent). The outbox sets 1: it is
   * the one layer that retries a durable message; the queue still waits out 429s.
   */
  attempts?: number;
  /** The forum topic of the group to post in (`message_thread_id`); General when absent. */
  threadId?: number;
}

const SHOW_TYPING_AFTER_MS = 400;
/** How long stop() waits for replies being handled; the stopped queue makes their sends fail fast. */
const STOP_WAIT_MS = 3_000;

export class TelegramAdapter implements Service {
  readonly name = 'telegram chat';
  private bot: Telegraf | null = null;
  private queue: TelegramSendQueue | null = null;
  private delivery: TelegramDelivery | null = null;
  private polling: TelegramPolling | null = null;
  /** Per chat, the tail of its work: replies in one chat go out in the order the commands came in. */
  private readonly chatTails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly migrations: GroupMigrations;
  private readonly presses: TelegramPresses;

  constructor(private readonly options: TelegramAdapterOptions) {
    this.presses = new TelegramPresses({
      router: options.router, log: options.log,
      ...(options.answerPressWithinMs !== undefined ? { answerPressWithinMs: options.answerPressWithinMs } : {}),
      answerCallback: (queryId, text) => this.bot?.telegram.answerCbQuery(queryId, text) ?? Promise.resolve(),
      inChat: (user, work) => this.inChat(user, work),
      deliver: (target, reply, send) => this.deliver(target, reply, send),
      edit: (target, messageId, kind, reply) => this.delivery?.edit(target, messageId, kind, reply) ?? Promise.resolve(),
      track: (work) => this.track(work),
    });
    this.migrations = new GroupMigrations({
      log: options.log,
      admins: () => options.router.usersWithRole('admin'),
      tell: (chatId, reply) => {
        if (!this.delivery) return;
        this.track(this.delivery.send({ chatId, isGroup: false }, reply));
      },
    });
  }

  /** Whether a token is configured; without one the adapter stays off. */
  get enabled(): boolean {
    return (this.options.token ?? '').trim() !== '';
  }

  start(): Promise<void> {
    const token = (this.options.token ?? '').trim();
    const { log, clock } = this.options;
    if (this.polling) return Promise.resolve();
    if (!token) {
      log.info(
        'Telegram is off: no bot token. Create a bot with @BotFather, then set chat.telegram.token in ' +
          'config/axepilot.yaml or the TELEGRAM_BOT_TOKEN environment variable',
      );
      return Promise.resolve();
    }
    const apiRoot = this.options.apiRoot ? normalizeApiRoot(this.options.apiRoot) : undefined;
    const bot = new Telegraf(token, { telegram: apiRoot ? { apiRoot } : {} });
    bot.catch((error, ctx) => {
      log.error({ updateId: ctx.update.update_id, err: redactSecrets(errorMessage(error)) }, 'Telegram update failed');
    });
    bot.on('message', (ctx) => this.onMessage(ctx.message, ctx.botInfo.username));
    bot.on('callback_query', (ctx) => this.presses.onPress(ctx.callbackQuery));
    const queue = new TelegramSendQueue({
      clock,
      log,
      send: (job, signal) => this.migrations.watch(job.chatId, performCall(bot.telegram, job.payload as TelegramCall, signal)),
      onChatBlocked: (chatId) => this.options.onChatBlocked?.(String(chatId)),
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      ...(this.options.retry ? { retry: this.options.retry } : {}),
    });
    this.bot = bot;
    this.queue = queue;
    this.delivery = new TelegramDelivery(queue);
    this.polling = new TelegramPolling({
      bot, clock, log,
      onConnected: () => {
        log.info({ bot: bot.botInfo?.username }, 'Telegram bot connected; long polling');
        this.track(this.publishCommands(bot));
      },
    });
    this.polling.start();
    // The host only: a self-hosted root could carry credentials in its URL.
    log.info({ server: apiRoot ? new URL(apiRoot).host : 'api.telegram.org' }, 'Telegram: connecting');
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    const polling = this.polling;
    if (!polling) return;
    this.polling = null;
    // Intake first, so no new work arrives; then the queue, so replies still being prepared fail fast.
    const pollingStopped = polling.stop();
    await this.queue?.stop();
    await settlesWithin(Promise.allSettled([...this.inFlight]), STOP_WAIT_MS);
    await pollingStopped;
  }

  /**
   * A proactive message (an alert, a digest) to a chat. Rejects when it cannot be delivered: `ChatBlockedError`
   * (403), `TelegramSendFailedError` (refused for good or out of retries), `SendQueueStoppedError` (shutting down),
   * `TelegramOffError` (no token).
   */
  sendTo(chatId: string | number, reply: PreparedReply, options: SendOptions = {}): Promise<void> {
    if (!this.delivery) return Promise.reject(new TelegramOffError());
    // Alerts compose their Acknowledge/Snooze ids unsigned (alerts sit below chat/); the router signs them here.
    const target = { chatId, isGroup: Number(chatId) < 0, ...(options.threadId !== undefined ? { threadId: options.threadId } : {}) };
    return this.delivery.send(target, this.options.router.signButtons(reply), options);
  }

  /** A message that will be edited in place later (a benchmark's progress); its id, or null when none came back. */
  postEditable(chatId: string | number, reply: PreparedReply, options: { threadId?: number } = {}): Promise<number | null> {
    if (!this.delivery) return Promise.reject(new TelegramOffError());
    const target = { chatId, isGroup: Number(chatId) < 0, ...(options.threadId !== undefined ? { threadId: options.threadId } : {}) };
    return this.delivery.sendTracked(target, this.options.router.signButtons(reply));
  }

  /** Replaces the text of a message sent with `postEditable`. */
  editText(chatId: string | number, messageId: number, reply: PreparedReply): Promise<void> {
    if (!this.delivery) return Promise.reject(new TelegramOffError());
    return this.delivery.edit({ chatId, isGroup: Number(chatId) < 0 }, messageId, 'text', this.options.router.signButtons(reply));
  }

  isChatBlocked(chatId: string | number): boolean {
    return this.queue?.isChatBlocked(chatId) ?? false;
  }

  private async publishCommands(bot: Telegraf): Promise<void> {
    const { menus, skipped } = commandMenus(this.options.router);
    if (skipped.length > 0) this.options.log.warn({ skipped }, 'commands Telegram cannot list in its menu');
    for (const menu of menus) {
      try {
        await bot.telegram.setMyCommands(menu.commands, { scope: menu.scope });
      } catch (error) {
        // An admin who never opened a chat with the bot has no private chat yet ("chat not found"): the others still get theirs.
        this.options.log.warn({ scope: menu.scope, err: redactSecrets(errorMessage(error)) }, 'cannot set a Telegram command menu');
      }
    }
  }

  private onMessage(message: Update.New & Update.NonChannel & Message, botUsername: string | undefined): void {
    // Telegram's service message in the old group when it becomes a supergroup.
    if ('migrate_to_chat_id' in message) this.migrations.report(String(message.chat.id), String(message.migrate_to_chat_id));
    if (!('text' in message) || !message.from) return;
    const text = message.text;
    if (!text.startsWith('/') || !isCommandForThisBot(text, botUsername)) return;
    const user = chatUserOf(message.from, message.chat, message);
    const queue = this.queue;
    if (queue?.isChatBlocked(message.chat.id)) {
      // Someone wrote from a chat that had blocked the bot: it takes messages again.
      queue.unblockChat(message.chat.id);
      this.options.log.info({ chatId: message.chat.id }, 'Telegram chat is reachable again');
    }
    // Also after a restart, which forgets the block: messages held for the chat go now.
    this.options.onChatReachable?.(String(message.chat.id));
    this.inChat(user, async () => {
      const replying = this.options.router.handleText(user, text);
      // A chart on a Raspberry Pi takes a moment: show "typing…" rather than nothing.
      if (!(await settlesWithin(replying, SHOW_TYPING_AFTER_MS))) this.track(this.showTyping(message.chat.id));
      const reply = await replying;
      if (!reply) return;
      await this.deliver(targetOf(message.chat.id, user), reply);
    });
  }

  /** Sends a reply; one Telegram refuses for good is replaced by a message saying why and what to do instead. */
  private async deliver(target: DeliveryTarget, reply: PreparedReply, send?: () => Promise<void>): Promise<void> {
    try {
      await (send ? send() : this.delivery?.send(target, reply));
    } catch (error) {
      const notice = undeliveredNotice(error, reply);
      if (!notice) throw error;
      this.options.log.warn({ chatId: target.chatId, err: redactSecrets(errorMessage(error)) }, 'Telegram refused a reply; told the user why');
      await this.delivery?.send(target, notice);
    } finally {
      await discardReplyFiles(reply.blocks);
    }
  }

  private async showTyping(chatId: number): Promise<void> {
    try {
      await this.bot?.telegram.sendChatAction(chatId, 'typing');
    } catch (error) {
      this.options.log.debug({ chatId, err: redactSecrets(errorMessage(error)) }, 'cannot show "typing" in Telegram');
    }
  }

  /** Runs `work` after the chat's earlier work, inside an error boundary: one failed reply never stops the others. */
  private inChat(user: ChatUser, work: () => Promise<void>): void {
    const key = user.chatId;
    const previous = this.chatTails.get(key) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => this.reportSendFailure(error, key))
      .finally(() => {
        if (this.chatTails.get(key) === next) this.chatTails.delete(key);
      });
    this.chatTails.set(key, next);
    this.track(next);
  }

  private reportSendFailure(error: unknown, chatId: string): void {
    // The queue has logged blocked chats and given-up messages already; a stopped queue is just shutdown.
    if (error instanceof ChatBlockedError || error instanceof SendQueueStoppedError) return;
    if (isTelegramSendFailure(error)) return;
    this.options.log.error({ chatId, err: redactSecrets(errorMessage(error)) }, 'Telegram reply failed');
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.log.error({ err: redactSecrets(errorMessage(error)) }, 'Telegram task failed');
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
