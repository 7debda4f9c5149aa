/**
 * Telegram for axepilot, through telegraf 4 with long polling: `/commands` and button presses become router calls,
 * prepared replies become HTML messages, photos and documents. No business logic lives here.
 *
 * telegraf facts this relies on (docs/research/chat-bots-and-alerting.md §2.5): its default error handler ends
 * polling and sets the exit code, so `bot.catch` is always set; a batch of updates is awaited before the next
 * getUpdates, so handlers hand their work off (one chain per chat) instead of holding the poll for every chat.
 * Launching, retrying and stopping the long poll live in polling.ts.
 */
import { Telegraf } from 'telegraf';
import type { CallbackQuery, Message, Update } from 'telegraf/types';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import { PlatformUnavailableError } from '../../messaging/errors.js';
import { redactSecrets, type Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import type { ChatUser } from '../identity.js';
import type { ButtonOutcome, CommandRouter, PreparedReply } from '../router.js';
import { discardReplyFiles } from '../reply-files.js';
import { performCall, TelegramDelivery, type EditableKind, type TelegramCall } from './delivery.js';
import { TelegramPolling } from './polling.js';
import type { TelegramRateLimits } from './rate-limiter.js';
import {
  ChatBlockedError, SendQueueStoppedError, TelegramSendQueue, type RetryPolicy,
} from './send-queue.js';
import { settlesWithin } from '../../core/settles-within.js';
import { isTelegramSendFailure } from './send-errors.js';
import { botCommandsFrom, chatUserOf, isCommandForThisBot, normalizeApiRoot } from './updates.js';

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
}

/** Telegram shows a spinner until a press is answered and refuses answers after ~15 s ("query is too old"). */
const ANSWER_PRESS_WITHIN_MS = 1_000;
const CALLBACK_NOTICE_LIMIT = 200;
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

  constructor(private readonly options: TelegramAdapterOptions) {}

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
    bot.on('callback_query', (ctx) => this.onPress(ctx.callbackQuery));
    const queue = new TelegramSendQueue({
      clock,
      log,
      send: (job, signal) => performCall(bot.telegram, job.payload as TelegramCall, signal),
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
    return this.delivery.send({ chatId, isGroup: Number(chatId) < 0 }, this.options.router.signButtons(reply), options);
  }

  /** A message that will be edited in place later (a benchmark's progress); its id, or null when none came back. */
  postEditable(chatId: string | number, reply: PreparedReply): Promise<number | null> {
    if (!this.delivery) return Promise.reject(new TelegramOffError());
    return this.delivery.sendTracked({ chatId, isGroup: Number(chatId) < 0 }, reply);
  }

  /** Replaces the text of a message sent with `postEditable`. */
  editText(chatId: string | number, messageId: number, reply: PreparedReply): Promise<void> {
    if (!this.delivery) return Promise.reject(new TelegramOffError());
    return this.delivery.edit({ chatId, isGroup: Number(chatId) < 0 }, messageId, 'text', reply);
  }

  isChatBlocked(chatId: string | number): boolean {
    return this.queue?.isChatBlocked(chatId) ?? false;
  }

  private async publishCommands(bot: Telegraf): Promise<void> {
    const { commands, skipped } = botCommandsFrom(this.options.router.commandsFor('viewer'));
    if (skipped.length > 0) this.options.log.warn({ skipped }, 'commands Telegram cannot list in its menu');
    try {
      await bot.telegram.setMyCommands(commands);
    } catch (error) {
      this.options.log.warn({ err: redactSecrets(errorMessage(error)) }, 'cannot set the Telegram command menu');
    }
  }

  private onMessage(message: Update.New & Update.NonChannel & Message, botUsername: string | undefined): void {
    if (!('text' in message) || !message.from) return;
    const text = message.text;
    if (!text.startsWith('/') || !isCommandForThisBot(text, botUsername)) return;
    const user = chatUserOf(message.from, message.chat);
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
      try {
        await this.delivery?.send({ chatId: message.chat.id, isGroup: user.isGroup }, reply);
      } finally {
        await discardReplyFiles(reply.blocks);
      }
    });
  }

  private onPress(query: CallbackQuery): void {
    const user = chatUserOf(query.from, query.message?.chat);
    if (!('data' in query) || !query.data) {
      this.track(this.answerPress(query.id, null));
      return;
    }
    this.track(this.handlePress(query, query.data, user));
  }

  /**
   * Answers the press at once with the router's notice when the router is quick (it is, for refusals and stale
   * buttons), else answers without one after a second and lets the work finish; then edits or sends the reply.
   */
  private async handlePress(query: CallbackQuery, data: string, user: ChatUser): Promise<void> {
    const pressed = this.options.router.pressButton(user, data);
    const quick = await settlesWithin(pressed, this.options.answerPressWithinMs ?? ANSWER_PRESS_WITHIN_MS);
    if (!quick) await this.answerPress(query.id, null);
    let outcome: ButtonOutcome;
    try {
      outcome = await pressed;
    } catch (error) {
      if (quick) await this.answerPress(query.id, null);
      throw error;
    }
    if (quick) await this.answerPress(query.id, outcome.notice);
    const lateNotice = quick ? null : outcome.notice;
    const reply = outcome.reply ?? (lateNotice ? { blocks: [{ kind: 'text' as const, text: lateNotice, style: 'plain' as const }], buttons: [] } : null);
    if (!reply) return;
    const message = query.message;
    const target = { chatId: message?.chat.id ?? query.from.id, isGroup: user.isGroup };
    this.inChat(user, async () => {
      try {
        // Only a button of the message itself may rewrite it: replayed data (even signed) against another message, an
        // alert's for one, gets a new message instead.
        if (outcome.edit && message && carriesButton(message, data)) {
          await this.delivery?.edit(target, message.message_id, editableKindOf(message), reply);
        } else {
          await this.delivery?.send(target, reply);
        }
      } finally {
        await discardReplyFiles(reply.blocks);
      }
    });
  }

  private async showTyping(chatId: number): Promise<void> {
    try {
      await this.bot?.telegram.sendChatAction(chatId, 'typing');
    } catch (error) {
      this.options.log.debug({ chatId, err: redactSecrets(errorMessage(error)) }, 'cannot show "typing" in Telegram');
    }
  }

  private async answerPress(queryId: string, notice: string | null): Promise<void> {
    const text = notice && notice.length > CALLBACK_NOTICE_LIMIT ? `${notice.slice(0, CALLBACK_NOTICE_LIMIT - 1)}…` : notice;
    try {
      await this.bot?.telegram.answerCbQuery(queryId, text ?? undefined);
    } catch (error) {
      this.options.log.warn({ err: redactSecrets(errorMessage(error)) }, 'cannot answer a Telegram button press');
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

function carriesButton(message: NonNullable<CallbackQuery['message']>, data: string): boolean {
  const markup = 'reply_markup' in message ? message.reply_markup : undefined;
  return (markup?.inline_keyboard ?? []).some((row) => row.some((button) => 'callback_data' in button && button.callback_data === data));
}

function editableKindOf(message: NonNullable<CallbackQuery['message']>): EditableKind {
  if ('photo' in message) return 'photo';
  if ('document' in message) return 'document';
  if ('text' in message) return 'text';
  return 'other';
}
