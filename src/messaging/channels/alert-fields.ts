import type { MessageFields } from '../message.js';

/**
 * The facts of an alert as a message carries them in `fields`: written here (`alertFields`, for
 * src/alerts/delivery/alert-message.ts) and read back here (`alertFactsOf`) for the channels that pass data on: the
 * webhook's `alert` object, ntfy's tags. Fields are flat, so the miners travel as a JSON list (a name may hold a comma)
 * and the readings of a grouped message as one `value:<miner>` and one `summary:<miner>` per miner.
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

/** What an alert notification says about itself, as its message's fields. */
export function alertFields(alert: {
  notificationId: string; kind: string; rule: string; severity: string; miners: readonly string[]; alertIds: string; createdAt: number;
  readings: readonly AlertReading[];
}): MessageFields {
  const { readings, miners, ...facts } = alert;
  return { ...facts, miners: JSON.stringify(miners), ...readingFields(readings) };
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
  const miners = minersOf(text('miners') ?? '');
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

/** A JSON list; a row that waited in the outbox since before it was one has the names joined by commas. */
function minersOf(stored: string): string[] {
  if (stored.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(stored);
      if (Array.isArray(parsed)) return parsed.filter((miner): miner is string => typeof miner === 'string');
    } catch {
      // not JSON after all: read it the old way
    }
  }
  return stored.split(',').map((miner) => miner.trim()).filter(Boolean);
}
