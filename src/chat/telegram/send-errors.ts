/**
 * How a send to Telegram failed, read from the error's shape rather than its class, so telegraf's `TelegramError`,
 * a raw Bot API error body and a network error from any HTTP client are all understood.
 * Bot API error shape: `{ ok: false, error_code, description, parameters?: { retry_after, migrate_to_chat_id } }`
 * (https://core.telegram.org/bots/api#making-requests); telegraf exposes it as `err.code`, `err.description`,
 * `err.parameters` and `err.response` (telegraf/telegraf:src/core/network/error.ts).
 */
import { AxepilotError } from '../../core/errors.js';
import { ChatUnreachableError, MessageRefusedError, PlatformUnavailableError, TransientDeliveryError } from '../../messaging/errors.js';

export type TelegramErrorClass =
  /** 429: wait `retryAfterMs`, then send the same message again. */
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** 403: the user blocked the bot, or the bot was removed from the group; no message to this chat can arrive. */
  | { kind: 'blocked'; description: string }
  /** 401: the bot token was refused. Nothing goes out until the owner fixes the token; no message is at fault. */
  | { kind: 'unauthorized'; description: string }
  /** Network failure or a 5xx: Telegram may accept the same message later. */
  | { kind: 'transient' }
  /** Any other 4xx: this message will never be accepted; the next one may be. */
  | { kind: 'permanent'; description: string; migrateToChatId?: number };

interface TelegramErrorShape {
  code: number | undefined;
  description: string;
  retryAfterSeconds: number | undefined;
  migrateToChatId: number | undefined;
}

// telegraf's polling loop waits this long when a 429 carries no retry_after (telegraf/telegraf:src/core/network/polling.ts).
const DEFAULT_RETRY_AFTER_S = 5;

export function classifyTelegramError(error: unknown): TelegramErrorClass {
  const shape = readShape(error);
  // No numeric code: a refused connection, a reset, a timeout, or something we cannot read. Retrying costs little;
  // losing an alert costs the owner a miner.
  if (shape.code === undefined) return { kind: 'transient' };
  if (shape.code === 429) return { kind: 'rate-limited', retryAfterMs: (shape.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S) * 1000 };
  if (shape.code === 401) return { kind: 'unauthorized', description: shape.description };
  if (shape.code === 403) return { kind: 'blocked', description: shape.description };
  if (shape.code >= 500) return { kind: 'transient' };
  if (shape.code >= 400) {
    const verdict: TelegramErrorClass = { kind: 'permanent', description: shape.description };
    if (shape.migrateToChatId !== undefined) verdict.migrateToChatId = shape.migrateToChatId;
    return verdict;
  }
  return { kind: 'transient' };
}

function readShape(error: unknown): TelegramErrorShape {
  const outer = asRecord(error);
  const response = asRecord(outer?.response);
  const parameters = asRecord(outer?.parameters) ?? asRecord(response?.parameters);
  const description = outer?.description ?? response?.description;
  return {
    code: numberOrUndefined(outer?.code) ?? numberOrUndefined(outer?.error_code) ?? numberOrUndefined(response?.error_code),
    description: typeof description === 'string' ? description : error instanceof Error ? error.message : String(error),
    retryAfterSeconds: numberOrUndefined(parameters?.retry_after),
    migrateToChatId: numberOrUndefined(parameters?.migrate_to_chat_id),
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The chat blocked the bot (or removed it); this message and every one queued behind it were dropped. */
export class ChatBlockedError extends ChatUnreachableError {
  constructor(
    readonly chatId: string | number,
    readonly description = 'Forbidden: bot was blocked by the user',
  ) {
    super(`Telegram chat ${chatId} does not accept messages from the bot (${description})`);
  }
}

interface SendFailureContext {
  chatId: string | number;
  kind: string;
  attempts: number;
}

function failureText(context: SendFailureContext, detail: string): string {
  const attempts = context.attempts === 1 ? '1 attempt' : `${context.attempts} attempts`;
  return `sending ${context.kind} to Telegram chat ${context.chatId} failed after ${attempts}: ${detail}`;
}

/** Telegram kept failing (network, 5xx) until the queue's retries for this message ran out: worth trying later. */
export class TelegramSendFailedError extends TransientDeliveryError {
  readonly chatId: string | number;
  readonly attempts: number;
  constructor(context: SendFailureContext, readonly verdict: TelegramErrorClass, detail: string, options?: { cause?: unknown }) {
    super(failureText(context, detail), options);
    this.chatId = context.chatId;
    this.attempts = context.attempts;
  }
}

/** Telegram refused this message for good (a 4xx); a group that became a supergroup says where it went. */
export class TelegramMessageRefusedError extends MessageRefusedError {
  readonly chatId: string | number;
  readonly attempts: number;
  constructor(context: SendFailureContext, readonly verdict: Extract<TelegramErrorClass, { kind: 'permanent' }>, options?: { cause?: unknown }) {
    const movedTo = verdict.migrateToChatId;
    super(failureText(context, verdict.description), { ...options, movedToChatId: movedTo === undefined ? null : String(movedTo) });
    this.chatId = context.chatId;
    this.attempts = context.attempts;
  }
}

/** Telegram refused the bot token (401): nothing goes out until the owner fixes it; no message is at fault. */
export class TelegramTokenRefusedError extends PlatformUnavailableError {
  readonly chatId: string | number;
  readonly attempts: number;
  constructor(context: SendFailureContext, readonly verdict: Extract<TelegramErrorClass, { kind: 'unauthorized' }>, options?: { cause?: unknown }) {
    super(failureText(context, verdict.description), options);
    this.chatId = context.chatId;
    this.attempts = context.attempts;
  }
}

/** How the send queue gives a message up, in the messaging error vocabulary. */
export function telegramSendFailure(context: SendFailureContext, verdict: TelegramErrorClass, detail: string, options?: { cause?: unknown }): Error {
  if (verdict.kind === 'permanent') return new TelegramMessageRefusedError(context, verdict, options);
  if (verdict.kind === 'unauthorized') return new TelegramTokenRefusedError(context, verdict, options);
  return new TelegramSendFailedError(context, verdict, detail, options);
}

/** Any message the queue gave up on: refused, token refused, or out of retries. */
export function isTelegramSendFailure(error: unknown): error is TelegramSendFailedError | TelegramMessageRefusedError | TelegramTokenRefusedError {
  return error instanceof TelegramSendFailedError || error instanceof TelegramMessageRefusedError || error instanceof TelegramTokenRefusedError;
}

/** The queue stopped before this message went out; it was not sent and can be offered again after a restart. */
export class SendQueueStoppedError extends AxepilotError {
  constructor(readonly chatId?: string | number) {
    super(`the Telegram send queue stopped before a message to chat ${chatId ?? '?'} was sent`);
  }
}
