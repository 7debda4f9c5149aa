import { formatSpan } from '../core/units.js';

/**
 * A wait people can act on, in the house style (`formatSpan`), rounded up: "in 3 min" must not be a minute early.
 */
export function waitWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return formatSpan(seconds < 60 ? seconds * 1000 : Math.ceil(seconds / 60) * 60_000);
}
