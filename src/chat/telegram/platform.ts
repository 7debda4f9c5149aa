import type { ChatPlatform, PostedMessage, SendOptions } from '../../messaging/chat-platform.js';
import type { PlatformRegistration } from '../../messaging/platforms.js';
import type { ChatTarget } from '../../messaging/chat-target.js';
import { textMessage, type Message, type MessageButton } from '../../messaging/message.js';
import type { TelegramAdapter } from './adapter.js';

/**
 * Telegram as a messaging platform. The adapter's errors already are the messaging vocabulary (a 403 is a
 * `ChatBlockedError`, a `ChatUnreachableError`), so nothing is translated here. A message from the outbox gets one
 * network attempt: the outbox retries it; the send queue waits out only 429s and the rate limits.
 */
export class TelegramPlatform implements ChatPlatform {
  readonly name = 'telegram';

  constructor(private readonly telegram: TelegramAdapter) {}

  get enabled(): boolean {
    return this.telegram.enabled;
  }

  send(target: ChatTarget, message: Message, options: SendOptions): Promise<void> {
    return this.telegram.sendTo(target.chatId, message, { silent: options.silent, attempts: 1, ...topicOf(target) });
  }

  async post(target: ChatTarget, text: string, buttons: MessageButton[][] = []): Promise<PostedMessage | null> {
    const id = await this.telegram.postEditable(target.chatId, { ...textMessage(text), buttons }, topicOf(target));
    return id === null ? null : { target, id: String(id) };
  }

  /** Edits do not ring the phone; an edit without buttons takes the old ones away. */
  async edit(posted: PostedMessage, text: string, buttons: MessageButton[][] = []): Promise<void> {
    await this.telegram.editText(posted.target.chatId, Number(posted.id), { ...textMessage(text), buttons });
  }
}

/** A forum topic of the group (`message_thread_id`): what belongs to a topic stays in it. */
function topicOf(target: ChatTarget): { threadId?: number } {
  return target.thread !== undefined && /^\d+$/.test(target.thread) ? { threadId: Number(target.thread) } : {};
}

/**
 * Telegram takes alert chats and subscriptions even without a token: their messages wait in the outbox for the
 * restart that brings one (the token is what owners most often add last).
 */
export function telegramRegistration(telegram: TelegramAdapter): PlatformRegistration {
  return { platform: new TelegramPlatform(telegram), accepts: () => true };
}
