import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ChatTarget } from '../chat-target.js';
import { textMessage, type Message } from '../message.js';
import type { PlatformRegistry } from '../platforms.js';

/**
 * What happens when a notification channel turned itself off (its server refused the credentials or the address):
 * one error line in the log, and a message to the admins in their chats, so the owner learns it where they read
 * axepilot rather than by missing alerts. The dispatcher reports it once per outage.
 */

export interface ChannelOffOptions {
  /** `chat.admins`: `telegram:123` is that admin's private chat; `console:local` the terminal. */
  admins: readonly string[];
  /** Where the notice goes when no admin chat can be reached: the configured alert chats. */
  alertChats: readonly ChatTarget[];
  /** Which of those chats this process can deliver to. */
  platforms: Pick<PlatformRegistry, 'canDeliverTo'>;
  /** Puts the notice in the outbox (AlertDelivery.queueMessage), to the given chats. */
  queue(input: { kind: string; id: string; message: Message; targets: readonly ChatTarget[] }): number;
  clock: Clock;
  log: Logger;
}

/** The sentence the log and the admins read. */
function channelOffNotice(platform: string, detail: string): string {
  return `${platform} notifications are off: ${detail}. Its messages wait in the outbox; fix notify.${platform} in the config and restart axepilot.`;
}

/** Admin chats a notice can reach: a Discord user id is no channel, so Discord admins are reached by the alert chats. */
function adminChats(admins: readonly string[]): ChatTarget[] {
  return admins.flatMap((admin) => {
    const [platform, id] = admin.split(':');
    return (platform === 'telegram' || platform === 'console') && id ? [{ platform, chatId: id }] : [];
  });
}

export function announceChannelOff(options: ChannelOffOptions): (platform: string, detail: string) => void {
  return (platform, detail) => {
    const text = channelOffNotice(platform, detail);
    options.log.error({ channel: platform }, text);
    const reachable = (targets: readonly ChatTarget[]): ChatTarget[] =>
      targets.filter((target) => target.platform !== platform && options.platforms.canDeliverTo(target));
    const admins = reachable(adminChats(options.admins));
    const targets = admins.length > 0 ? admins : reachable(options.alertChats);
    if (targets.length === 0) return;
    try {
      const now = options.clock.now();
      options.queue({ kind: 'notice', id: `channel-off:${platform}:${now}`, message: textMessage(`⚠️ ${text}`, { title: `${platform} notifications are off`, severity: 'warning' }), targets });
    } catch (error) {
      // The log line above already says it; a database that cannot take the notice must not stop the dispatcher.
      options.log.warn({ channel: platform, err: errorMessage(error) }, 'cannot queue the notice to the admins');
    }
  };
}
