import { formatSpan } from '../core/units.js';

/** Times in refusals, in the owner's zone: "since 14:02", "next write possible at 14:32 (in 12 min)". */

export function clockTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}`;
}

/**
 * A wait people can act on, in the house style (`formatSpan`), rounded up: "in 3 min" must not be a minute early.
 */
export function waitWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return formatSpan(seconds < 60 ? seconds * 1000 : Math.ceil(seconds / 60) * 60_000);
}
