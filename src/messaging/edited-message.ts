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
import { textMessage, type MessageButton } from './message.js';

/** At most one edit per this interval, except the final one. */
export const EDIT_INTERVAL_MS = 15_000;

/** What an edited message needs of the platforms (`ChatPlatforms` has it). */
export interface MessageEditor extends MessageSender {
  post(target: ChatTarget, text: string, buttons?: MessageButton[][]): Promise<PostedMessage | null>;
  edit(posted: PostedMessage, text: string, buttons?: MessageButton[][]): Promise<void>;
}

export interface EditedMessageOptions {
  editor: MessageEditor;
  target: ChatTarget;
  clock: Clock;
  log: Logger;
  editIntervalMs?: number;
  /** Buttons under the message while it is updated (a benchmark's Stop); the final update takes them away. */
  buttons?: MessageButton[][];
  /**
   * When set, the final update goes out as a NEW message, which rings (an edit is silent: nobody hears that a run of
   * an hour ended), and the message edited in place becomes this note.
   */
  endNote?: string;
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
      const posted = this.options.editor.post(this.options.target, text, this.options.buttons);
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
    this.edit(text, options.final ?? false);
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

  private edit(text: string, final = false): void {
    const posted = this.posted;
    if (!posted) return;
    const { editor, target, buttons, endNote } = this.options;
    this.chain = this.chain.then(async () => {
      try {
        const handle = await posted;
        // Said once: a chat that refused the first message would refuse each edit too.
        if (handle === 'failed') return;
        if (final && endNote !== undefined) {
          if (handle) await editor.edit(handle, endNote, []);
          await editor.send(target, textMessage(text), { silent: false });
        } else if (handle) {
          await editor.edit(handle, text, final ? [] : buttons);
        } else {
          await editor.send(target, textMessage(text), { silent: true });
        }
      } catch (error) {
        this.options.log.warn({ err: errorMessage(error) }, 'edit of a message in place failed');
      }
    });
  }
}
