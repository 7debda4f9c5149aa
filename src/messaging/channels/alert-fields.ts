import type { MessageFields } from '../message.js';

/**
 * The facts of an alert a message carries in `fields`, for channels that pass data on (the webhook's `alert` object,
 * ntfy's tags). The alert side fills them; a message without `rule` (the digest, a notice) is not about an alert.
 */
export interface AlertFacts {
  /** One alert id, or several joined by `+` for a grouped message (what /ack takes). */
  alertId: string;
  rule: string;
  /** firing, reminder, resolved, or news (a one-shot: a reboot, a block found). */
  state: string;
  /** The miner's name, or several joined by `, ` for a grouped message. */
  miner: string | null;
  /** The reading that fired it, in the rule's unit (°C, %, GH/s), when there is one number. */
  value: number | null;
  /** The line the owner reads: `chip 76.3 °C (critical ≥ 75 °C)`. */
  summary: string | null;
}

export function alertFields(facts: AlertFacts): MessageFields {
  return { ...facts };
}

export function alertFactsOf(fields: MessageFields | undefined): AlertFacts | null {
  if (!fields || typeof fields.rule !== 'string') return null;
  const text = (key: string): string | null => (typeof fields[key] === 'string' ? (fields[key] as string) : null);
  return {
    alertId: text('alertId') ?? '',
    rule: fields.rule,
    state: text('state') ?? 'firing',
    miner: text('miner'),
    value: typeof fields.value === 'number' ? fields.value : null,
    summary: text('summary'),
  };
}
