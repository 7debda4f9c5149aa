import { AxepilotError } from '../core/errors.js';

/**
 * How an `AlertSender` says a message did not arrive, so the dispatcher can act on the kind of failure, not its text.
 * Any other error means "try again later" (a network failure, a 5xx, retries used up).
 */

/** The chat blocked the bot or removed it (Telegram 403): nothing sent to it can arrive. */
export class ChatUnreachableError extends AxepilotError {}

/** The platform refused this one message for good (a 400); the chat's next message may pass. */
export class MessageRefusedError extends AxepilotError {
  constructor(
    message: string,
    /** The chat has a new id (a Telegram group upgraded to a supergroup): send there instead. */
    readonly movedToChatId: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Nothing can be sent to this platform from this process (no bot token): messages wait for a restart with one. */
export class PlatformUnavailableError extends AxepilotError {}
