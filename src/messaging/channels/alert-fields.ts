import type { MessageFields } from '../message.js';

/**
 * The facts of an alert as a message carries them in `fields` (src/alerts/alert-message.ts fills them), read back for
 * the channels that pass data on: the webhook's `alert` object, ntfy's tags. Fields are flat, so the readings of a
 * grouped message travel as one `value:<miner>` and one `summary:<miner>` per miner.
 */
export interface AlertFacts {
  /** The alert ids, joined by `+` for a grouped message: what `/ack` takes. */
  id: string;
  /** The message's id: the same alert's firing, reminder and resolution have different ones. */
  notificationId: string | null;
  rule: string;
  /** firing, reminder, resolved, or news (a one-shot: a reboot, a block found). */
  state: string;
  severity: string | null;
  miners: string[];
  /** The reading per miner, in the rule's unit (°C, %, GH/s); null where the rule has no number. */
  values: Record<string, number | null>;
  /** The line the owner reads per miner: `chip 76.3 °C (critical ≥ 75 °C)`. */
  summaries: Record<string, string>;
}

export interface AlertReading {
  miner: string;
  value: number | null;
  summary: string;
}

/** The fields that carry each miner's reading. */
export function readingFields(readings: readonly AlertReading[]): MessageFields {
  const fields: Record<string, string | number | null> = {};
  for (const reading of readings) {
    fields[`value:${reading.miner}`] = reading.value;
    fields[`summary:${reading.miner}`] = reading.summary;
  }
  return fields;
}

export function alertFactsOf(fields: MessageFields | undefined): AlertFacts | null {
  if (!fields || typeof fields.rule !== 'string') return null;
  const text = (key: string): string | null => (typeof fields[key] === 'string' ? (fields[key]) : null);
  const miners = (text('miners') ?? '').split(',').map((miner) => miner.trim()).filter(Boolean);
  const values: Record<string, number | null> = {};
  const summaries: Record<string, string> = {};
  for (const miner of miners) {
    const value = fields[`value:${miner}`];
    values[miner] = typeof value === 'number' ? value : null;
    const summary = text(`summary:${miner}`);
    if (summary !== null) summaries[miner] = summary;
  }
  return {
    id: text('alertIds') ?? '',
    notificationId: text('notificationId'),
    rule: fields.rule,
    state: text('kind') ?? 'firing',
    severity: text('severity'),
    miners,
    values,
    summaries,
  };
}
