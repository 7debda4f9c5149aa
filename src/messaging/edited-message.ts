/**
 * One message kept up to date in place (a benchmark's progress): posted at the first update, then edited. Edits are
 * spaced (chat platforms rate-limit edits) except the final one, and a failing edit is logged, never allowed to
 * disturb whoever reports. Where the platform cannot edit, each spaced update is a new message.
 */
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MessageSender, PostedMessage } from './chat-platform.js';
import type { ChatTarget } from './chat-target.js';
import { textMessage } from './message.js';

/** At most one edit per this interval, except the final one. */
export const EDIT_INTERVAL_MS = 15_000;

/** What an edited message needs of the platforms (`ChatPlatforms` has it). */
export interface MessageEditor extends MessageSender {
  post(target: ChatTarget, text: string): Promise<PostedMessage | null>;
  edit(posted: PostedMessage, text: string): Promise<void>;
}

export interface EditedMessageOptions {
  editor: MessageEditor;
  target: ChatTarget;
  clock: Clock;
  log: Logger;
  editIntervalMs?: number;
}

export class EditedMessage {
  /** The posted message; null where the platform cannot edit; 'failed' when even the post did not arrive. */
  private posted: Promise<PostedMessage | null | 'failed'> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private lastEditAt = -Infinity;
  private pendingText: string | null = null;

  constructor(private readonly options: EditedMessageOptions) {}

  /** The message now says `text`; a `final` update is never held back by the edit interval. */
  update(text: string, options: { final?: boolean } = {}): void {
    const now = this.options.clock.now();
    if (!this.posted) {
      const posted = this.options.editor.post(this.options.target, text);
      this.posted = posted.catch((error: unknown) => {
        this.options.log.warn({ err: errorMessage(error) }, 'message to edit in place failed');
        return 'failed' as const;
      });
      this.lastEditAt = now;
      return;
    }
    if (!options.final && now - this.lastEditAt < (this.options.editIntervalMs ?? EDIT_INTERVAL_MS)) {
      this.pendingText = text;
      return;
    }
    this.lastEditAt = now;
    this.pendingText = null;
    this.edit(text);
  }

  /** Waits for every edit so far (tests, and shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** An update that did not fit the edit interval: the latest one goes out now. */
  flush(): void {
    if (this.pendingText !== null) this.edit(this.pendingText);
    this.pendingText = null;
  }

  private edit(text: string): void {
    const posted = this.posted;
    if (!posted) return;
    this.chain = this.chain.then(async () => {
      try {
        const handle = await posted;
        // Said once: a chat that refused the first message would refuse each edit too.
        if (handle === 'failed') return;
        if (handle) await this.options.editor.edit(handle, text);
        else await this.options.editor.send(this.options.target, textMessage(text), { silent: true });
      } catch (error) {
        this.options.log.warn({ err: errorMessage(error) }, 'edit of a message in place failed');
      }
    });
  }
}
