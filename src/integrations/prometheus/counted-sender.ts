/** Counts every alert message handed to a chat platform by outcome, for `axepilot_notifications_sent_total`. */
import { ChatUnreachableError, MessageRefusedError, PlatformUnavailableError } from '../../messaging/errors.js';
import type { AlertSender } from '../../alerts/dispatcher.js';

export type NotificationOutcome = 'sent' | 'failed' | 'refused' | 'unreachable' | 'unavailable';

export function countedSender(sender: AlertSender, count: (platform: string, outcome: NotificationOutcome) => void): AlertSender {
  return {
    send: async (platform, chatId, message, options) => {
      try {
        await sender.send(platform, chatId, message, options);
        count(platform, 'sent');
      } catch (error) {
        count(platform, error instanceof ChatUnreachableError ? 'unreachable'
          : error instanceof MessageRefusedError ? 'refused'
            : error instanceof PlatformUnavailableError ? 'unavailable' : 'failed');
        throw error;
      }
    },
  };
}
