import type { ChatPlatform, PostedMessage, SendOptions } from '../../src/messaging/chat-platform.js';
import type { ChatTarget } from '../../src/messaging/chat-target.js';
import { ChatPlatforms } from '../../src/messaging/platforms.js';
import { plainText, type Message } from '../../src/messaging/message.js';

export interface SentMessage {
  target: ChatTarget;
  message: Message;
  text: string;
  silent: boolean;
}

/**
 * A `ChatPlatform` that records what it was given. `failWith` decides per send whether it throws (any error of
 * src/messaging/errors.ts, or anything else); edits are recorded by posted id.
 */
export class FakeChatPlatform implements ChatPlatform {
  enabled = true;
  readonly sent: SentMessage[] = [];
  readonly edits: Array<{ id: string; text: string }> = [];
  failWith: ((sent: SentMessage) => Error | null) | null = null;
  private nextId = 1;

  constructor(readonly name = 'fake') {}

  send(target: ChatTarget, message: Message, options: SendOptions): Promise<void> {
    const sent = { target, message, text: plainText(message), silent: options.silent };
    const failure = this.failWith?.(sent) ?? null;
    if (failure) return Promise.reject(failure);
    this.sent.push(sent);
    return Promise.resolve();
  }

  post(target: ChatTarget, text: string): Promise<PostedMessage | null> {
    const id = String(this.nextId++);
    this.sent.push({ target, message: { blocks: [{ kind: 'text', text, style: 'plain' }], buttons: [] }, text, silent: false });
    return Promise.resolve({ target, id });
  }

  edit(posted: PostedMessage, text: string): Promise<void> {
    this.edits.push({ id: posted.id, text });
    return Promise.resolve();
  }

  texts(): string[] {
    return this.sent.map((s) => s.text);
  }
}

/** A registry of fake platforms by name: alerts can be delivered to their chats and to no other. */
export function fakePlatforms(...names: string[]): ChatPlatforms {
  const platforms = new ChatPlatforms();
  for (const name of names) platforms.register(new FakeChatPlatform(name));
  return platforms;
}
