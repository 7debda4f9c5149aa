import type { ChatPlatform, PostedMessage } from '../../messaging/chat-platform.js';
import type { ChatTarget } from '../../messaging/chat-target.js';
import { PlatformUnavailableError } from '../../messaging/errors.js';
import type { Message } from '../../messaging/message.js';
import type { ConsoleAdapter } from './adapter.js';

/**
 * The console as a messaging platform: alerts are printed in the service's terminal, with their buttons as `/1`,
 * `/2`…. When the service runs without a terminal (Docker, systemd) nobody reads the console: its alerts are dropped
 * rather than queued for a window that will never open; /alerts and /events still list them. A terminal cannot edit a
 * line above the prompt, so an "edit" is a new line.
 */
export class ConsolePlatform implements ChatPlatform {
  readonly name = 'console';

  constructor(private readonly console: ConsoleAdapter | null) {}

  get enabled(): boolean {
    return this.console !== null;
  }

  send(_target: ChatTarget, message: Message): Promise<void> {
    this.console?.render(message);
    return Promise.resolve();
  }

  post(target: ChatTarget, text: string): Promise<PostedMessage | null> {
    if (!this.console) return Promise.reject(new PlatformUnavailableError('the console is not open'));
    this.console.print(text);
    return Promise.resolve({ target, id: 'console' });
  }

  edit(_posted: PostedMessage, text: string): Promise<void> {
    this.console?.print(text);
    return Promise.resolve();
  }
}
