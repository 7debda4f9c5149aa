import { commandButton } from '../../messaging/button-id.js';
import { alertFields } from '../../messaging/channels/alert-fields.js';
import { textBlock, type Message, type MessageButton } from '../../messaging/message.js';
import { ALERT_ID_SEPARATOR, type AlertNotification } from '../engine/notification.js';
import { alertButtons } from './alert-buttons.js';
import { deliverySeverity } from './targets.js';

/**
 * The alert's Acknowledge / Snooze buttons as command buttons (`ack a1b2…`, `snooze a1b2… 1h`). A group of alerts too
 * large for 64 bytes is named by the notification's id instead; `/ack` looks its alerts up in the outbox.
 */
function messageButtons(notification: AlertNotification): MessageButton[][] {
  if (!notification.actionable) return [];
  const make = (target: string): Array<MessageButton | null> =>
    alertButtons(target).map((button) => commandButton(button.label, button.line, { intent: button.intent }));
  let row = make(notification.alertIds.join(ALERT_ID_SEPARATOR));
  if (row.some((button) => button === null)) row = make(notification.id);
  const buttons = row.filter((button): button is MessageButton => button !== null);
  return buttons.length > 0 ? [buttons] : [];
}

/**
 * The notification as a message: its text, its buttons, and the facts channels without a chat window use: each
 * alert's reading (the webhook's values) and, for one miner, its AxeOS page (where a tap on ntfy or Gotify leads).
 */
export function alertMessage(notification: AlertNotification, minerPage?: (miner: string) => string | null): Message {
  const [firstLine] = notification.text.split('\n');
  const [onlyMiner, ...others] = notification.miners;
  const link = onlyMiner !== undefined && others.length === 0 ? (minerPage?.(onlyMiner) ?? null) : null;
  return {
    ...(link ? { link } : {}),
    blocks: [textBlock(notification.text)],
    buttons: messageButtons(notification),
    title: firstLine ?? notification.text,
    severity: deliverySeverity(notification),
    fields: alertFields({
      notificationId: notification.id,
      kind: notification.kind,
      rule: notification.rule,
      severity: notification.severity,
      miners: notification.miners,
      alertIds: notification.alertIds.join(ALERT_ID_SEPARATOR),
      createdAt: notification.createdAt,
      readings: notification.readings ?? [],
    }),
  };
}

