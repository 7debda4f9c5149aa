import type { Message as DiscordMessage } from 'discord.js';
import type { ChatPlatform, PostedMessage, SendOptions } from '../../messaging/chat-platform.js';
import type { ChatTarget } from '../../messaging/chat-target.js';
import { textMessage, type Message, type MessageButton } from '../../messaging/message.js';
import type { DiscordAdapter } from './adapter.js';

/** Messages posted to be edited later; a benchmark's progress lives minutes to hours, so a few dozen are plenty. */
const KEEP_POSTED = 50;

/**
 * Discord as a messaging platform. The adapter throws the messaging vocabulary itself (`DiscordChannelUnreachableError`
 * is a `ChatUnreachableError` …); discord.js waits out 429s on its own.
 */
export class DiscordPlatform implements ChatPlatform {
  readonly name = 'discord';
  private readonly posted = new Map<string, DiscordMessage>();

  constructor(private readonly discord: DiscordAdapter) {}

  get enabled(): boolean {
    return this.discord.enabled;
  }

  send(target: ChatTarget, message: Message, options: SendOptions): Promise<void> {
    return this.discord.sendTo(target.chatId, message, { silent: options.silent });
  }

  async post(target: ChatTarget, text: string, buttons: MessageButton[][] = []): Promise<PostedMessage | null> {
    const message = await this.discord.postEditable(target.chatId, { ...textMessage(text), buttons });
    if (!message) return null;
    this.posted.set(message.id, message);
    for (const id of this.posted.keys()) {
      if (this.posted.size <= KEEP_POSTED) break;
      this.posted.delete(id);
    }
    return { target, id: message.id };
  }

  /**
   * Edits do not ping; an edit without buttons takes the old ones away (a benchmark's Stop, once it is over). A
   * message no longer remembered gets the text as a new message.
   */
  async edit(posted: PostedMessage, text: string, buttons: MessageButton[][] = []): Promise<void> {
    const message = this.posted.get(posted.id);
    if (message) await message.edit(this.discord.editablePayload({ ...textMessage(text), buttons }));
    else await this.discord.sendTo(posted.target.chatId, { ...textMessage(text), buttons });
  }
}
