import type { ButtonIntent } from '../../messaging/message.js';
import { ALERT_ID_SEPARATOR, SNOOZE_LONG_MS, SNOOZE_SHORT_MS } from '../engine/notification.js';

/** A button under an alert: its label and the command line pressing it runs as the presser. */
export interface AlertButtonLine {
  label: string;
  line: string;
  intent?: ButtonIntent;
}

/** `1h`, `8h`, `30m`, `2d`: what `/snooze` accepts back. */
export function durationWord(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

/**
 * Acknowledge / Snooze 1 h / Snooze 8 h for one alert or a group (ids joined by `+`, or a notification id that names
 * the group), as the command lines `/ack` and `/snooze` read. The one place these buttons are made: under an alert
 * message (alert-message.ts) and in `/alerts`, so both always run the same commands. Each caller turns the lines into
 * its own button kind.
 */
export function alertButtons(alertIds: string | readonly string[], ackLabel = 'Acknowledge'): AlertButtonLine[] {
  const target = typeof alertIds === 'string' ? alertIds : alertIds.join(ALERT_ID_SEPARATOR);
  return [
    { label: ackLabel, line: `ack ${target}`, intent: 'success' },
    { label: 'Snooze 1 h', line: `snooze ${target} ${durationWord(SNOOZE_SHORT_MS)}` },
    { label: 'Snooze 8 h', line: `snooze ${target} ${durationWord(SNOOZE_LONG_MS)}` },
  ];
}
