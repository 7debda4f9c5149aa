import { commandButton } from '../messaging/button-id.js';
import { ALERT_ID_SEPARATOR, type AlertButton, type AlertNotification } from './notification.js';

/**
 * A message as the chat adapters take it. It has the shape of the chat router's `PreparedReply` (text blocks, PNG
 * images, rows of buttons with opaque ids), written out here because alerts sit below chat/ and may not import it.
 */
export type DeliveryBlock =
  | { kind: 'text'; text: string; style: 'plain' | 'title' | 'mono' }
  | { kind: 'image'; png: Buffer; filename: string; caption?: string };

export interface DeliveryButton {
  label: string;
  id: string;
}

export interface DeliveryMessage {
  blocks: DeliveryBlock[];
  buttons: DeliveryButton[][];
}

/** What one outbox row adds to a merged message. */
export interface MessagePart {
  kind: string;
  alertIds: readonly string[];
  message: DeliveryMessage;
}

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
function alertButtons(notification: AlertNotification): DeliveryButton[][] {
  if (notification.buttons.length === 0) return [];
  const make = (alertId: string): Array<DeliveryButton | null> =>
    notification.buttons.map((button) => commandButton(button.label, buttonLine(button, alertId)));
  let row = make(notification.buttons[0]?.alertId ?? notification.alertIds.join(ALERT_ID_SEPARATOR));
  if (row.some((button) => button === null)) row = make(notification.id);
  const buttons = row.filter((button): button is DeliveryButton => button !== null);
  return buttons.length > 0 ? [buttons] : [];
}

export function alertMessage(notification: AlertNotification): DeliveryMessage {
  return { blocks: [{ kind: 'text', text: notification.text, style: 'plain' }], buttons: alertButtons(notification) };
}

/**
 * Several waiting messages about the same alerts as one: their texts in order, one under the other. The buttons of a
 * firing message stay only while one of its alerts is still open: a merged "fired … resolved" needs no Acknowledge.
 */
export function mergeMessages(parts: readonly MessagePart[]): DeliveryMessage {
  const first = parts[0];
  if (parts.length === 1 && first) return first.message;
  const resolved = new Set(parts.filter((p) => p.kind === 'resolved').flatMap((p) => p.alertIds));
  let buttons: DeliveryButton[][] = [];
  for (const part of parts) {
    const stillOpen = part.alertIds.some((id) => !resolved.has(id));
    if (part.message.buttons.length > 0 && stillOpen) buttons = part.message.buttons;
  }
  return { blocks: parts.flatMap((p) => p.message.blocks), buttons };
}

type StoredBlock =
  | { kind: 'text'; text: string; style: 'plain' | 'title' | 'mono' }
  | { kind: 'image'; pngBase64: string; filename: string; caption?: string };

interface StoredMessage {
  blocks: StoredBlock[];
  buttons: DeliveryButton[][];
}

/** JSON for the outbox's payload column; images travel as base64. */
export function encodeMessage(message: DeliveryMessage): string {
  const stored: StoredMessage = {
    blocks: message.blocks.map((block): StoredBlock => {
      if (block.kind === 'text') return block;
      const { png, ...rest } = block;
      return { ...rest, pngBase64: png.toString('base64') };
    }),
    buttons: message.buttons,
  };
  return JSON.stringify(stored);
}

export function decodeMessage(payload: string): DeliveryMessage {
  const stored = JSON.parse(payload) as StoredMessage;
  return {
    blocks: stored.blocks.map((block): DeliveryBlock => {
      if (block.kind === 'text') return block;
      const { pngBase64, ...rest } = block;
      return { ...rest, png: Buffer.from(pngBase64, 'base64') };
    }),
    buttons: stored.buttons,
  };
}
