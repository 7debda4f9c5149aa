import { commandButton } from '../../messaging/button-id.js';
import { readingFields } from '../../messaging/channels/alert-fields.js';
import { textBlock, type Message, type MessageButton } from '../../messaging/message.js';
import { ALERT_ID_SEPARATOR, type AlertButton, type AlertNotification } from '../engine/notification.js';
import { deliverySeverity } from './targets.js';

/** `1h`, `8h`, `30m`, `2d`: what `/snooze` accepts back. */
export function durationWord(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

function buttonLine(button: AlertButton, alertId: string): string {
  if (button.action === 'ack') return `ack ${alertId}`;
  return `snooze ${alertId} ${durationWord(button.snoozeMs ?? 3_600_000)}`;
}

/**
 * Acknowledge / Snooze buttons as command buttons (`ack a1b2…`, `snooze a1b2… 1h`). A group of alerts too large for
 * 64 bytes is named by the notification's id instead; `/ack` looks its alerts up in the outbox.
 */
function alertButtons(notification: AlertNotification): MessageButton[][] {
  if (notification.buttons.length === 0) return [];
  const make = (alertId: string): Array<MessageButton | null> =>
    notification.buttons.map((button) => commandButton(button.label, buttonLine(button, alertId)));
  let row = make(notification.buttons[0]?.alertId ?? notification.alertIds.join(ALERT_ID_SEPARATOR));
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
    buttons: alertButtons(notification),
    title: firstLine ?? notification.text,
    severity: deliverySeverity(notification),
    fields: {
      notificationId: notification.id,
      kind: notification.kind,
      rule: notification.rule,
      severity: notification.severity,
      miners: notification.miners.join(','),
      alertIds: notification.alertIds.join(ALERT_ID_SEPARATOR),
      createdAt: notification.createdAt,
      ...readingFields(notification.readings ?? []),
    },
  };
}

