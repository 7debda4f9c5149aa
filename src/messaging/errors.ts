import { AxepilotError } from '../core/errors.js';

/**
 * How a platform says a message did not arrive. Every `ChatPlatform` throws these directly, so the outbox acts on the
 * kind of failure, not on a platform's status codes. Any other error counts as transient.
 */

/**
 * The chat cannot be reached: the user blocked the bot, the bot left the group, the channel or topic is gone
 * (Telegram 403, Discord "Missing Access"/"Unknown Channel"). Its messages are held until the chat answers again.
 */
export class ChatUnreachableError extends AxepilotError {}

/** The platform refused this one message for good (a 400, too large); the chat's next message may pass. */
export class MessageRefusedError extends AxepilotError {
  readonly movedToChatId: string | null;
  constructor(
    message: string,
    options: {
      cause?: unknown;
      /** The chat has a new id (a Telegram group upgraded to a supergroup): send there instead. */
      movedToChatId?: string | null;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.movedToChatId = options.movedToChatId ?? null;
  }
}

/**
 * Nothing can be sent through this platform from this process until the owner acts: no token, a token or URL the
 * server refuses (401/403/404 on a notification channel). Messages wait in the outbox. `turnedOff` says the platform
 * switched itself off on this answer, so the owner is told once (a log line and a notice to the admins).
 */
export class PlatformUnavailableError extends AxepilotError {
  readonly turnedOff: boolean;
  constructor(message: string, options: { cause?: unknown; turnedOff?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.turnedOff = options.turnedOff ?? false;
  }
}

/**
 * Worth trying again: a network failure, a 5xx, a 429. `retryAfterMs` is the platform's own wait (`retry_after`,
 * `Retry-After`) when it named one; the outbox waits at least that long.
 */
export class TransientDeliveryError extends AxepilotError {
  readonly retryAfterMs: number | null;
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number | null } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

export type DeliveryFailure = 'chat-unreachable' | 'message-refused' | 'platform-unavailable' | 'transient';

/** The kind of a send's failure; anything not thrown as one of the classes above is transient. */
export function deliveryFailureOf(error: unknown): DeliveryFailure {
  if (error instanceof ChatUnreachableError) return 'chat-unreachable';
  if (error instanceof MessageRefusedError) return 'message-refused';
  if (error instanceof PlatformUnavailableError) return 'platform-unavailable';
  return 'transient';
}
