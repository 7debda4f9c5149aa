/** Counts every alert message handed to a chat platform by outcome, for `axepilot_notifications_sent_total`. */
import type { MessageSender } from '../../messaging/chat-platform.js';
import { deliveryFailureOf, type DeliveryFailure } from '../../messaging/errors.js';

export type NotificationOutcome = 'sent' | 'failed' | 'refused' | 'unreachable' | 'unavailable';

const OUTCOME_OF: Record<DeliveryFailure, NotificationOutcome> = {
  'chat-unreachable': 'unreachable',
  'message-refused': 'refused',
  'platform-unavailable': 'unavailable',
  transient: 'failed',
};

export function countedSender(sender: MessageSender, count: (platform: string, outcome: NotificationOutcome) => void): MessageSender {
  return {
    send: async (target, message, options) => {
      try {
        await sender.send(target, message, options);
        count(target.platform, 'sent');
      } catch (error) {
        count(target.platform, OUTCOME_OF[deliveryFailureOf(error)]);
        throw error;
      }
    },
  };
}
