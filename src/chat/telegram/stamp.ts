/**
 * Acknowledge or Snooze pressed under an alert: the alert message is edited to say who did it and when
 * ("✓ acknowledged by Ann 14:02") and loses its buttons, instead of a new message per tap in a group. What the
 * command answered becomes the press's short notice.
 */
import type { CallbackQuery } from 'telegraf/types';
import { textOf } from '../reply.js';
import type { PreparedReply } from '../router.js';

export interface StampedAlert {
  /** The alert as it reads now, with the stamp under it and no buttons. */
  edit: PreparedReply;
  /** The command's answer, shown briefly to the presser. */
  notice: string;
}

/** Null when the message is not a text message (a photo's caption is left alone) or the reply carries no stamp. */
export function stampedAlert(message: NonNullable<CallbackQuery['message']>, reply: PreparedReply): StampedAlert | null {
  if (!reply.stamp || !('text' in message) || typeof message.text !== 'string') return null;
  // Alerts are sent as plain text, so the text Telegram hands back is the whole of what was shown.
  const edited = `${message.text}\n${reply.stamp}`;
  const notice = textOf(reply.blocks);
  return { edit: { blocks: [{ kind: 'text', text: edited, style: 'plain' }], buttons: [] }, notice };
}
