import type { ChatTarget } from './chat-target.js';
import type { Message, MessageButton } from './message.js';

export interface SendOptions {
  /** Deliver without ringing the phone (an edit-like note, a resolved alert, quiet hours). */
  silent: boolean;
}

/** A message posted to be edited in place later (a benchmark's progress). Opaque outside its platform. */
export interface PostedMessage {
  target: ChatTarget;
  id: string;
}

/**
 * One way to reach the owner: a chat platform (Telegram, Discord, the console) or a notification channel (ntfy,
 * webhook, e-mail, Pushover, Gotify). Each is one class behind this interface, registered once in `ChatPlatforms`.
 *
 * `send` resolves once the message was delivered. It rejects only with the classes of errors.ts: a platform handles
 * its own rate limits and `retry_after` waits inside `send`, but never retries a message for any other reason; the
 * outbox is the one layer that retries.
 */
export interface ChatPlatform {
  /** The `platform` of the targets it serves: `telegram`, `discord`, `console`, `ntfy`… */
  readonly name: string;
  /** Whether it can send at all from this process (configured, token accepted, not turned off). */
  readonly enabled: boolean;
  send(target: ChatTarget, message: Message, options: SendOptions): Promise<void>;
  /**
   * Posts a text to be edited in place, or null when this platform cannot edit (then `EditedMessage` sends new
   * messages instead). Platforms without editing leave `post`/`edit` out.
   */
  post?(target: ChatTarget, text: string, buttons?: MessageButton[][]): Promise<PostedMessage | null>;
  edit?(posted: PostedMessage, text: string, buttons?: MessageButton[][]): Promise<void>;
}

/** What the outbox needs of the platforms: to send one message to one target (the registry, or a counting wrapper). */
export interface MessageSender {
  send(target: ChatTarget, message: Message, options: SendOptions): Promise<void>;
}
