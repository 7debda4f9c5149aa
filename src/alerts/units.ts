/**
 * Numbers in alert messages, read on a lock screen: one decimal for temperatures, words for durations ("12 min").
 * Alerts sit below chat/ in the dependency order; what both need lives in core/units.
 */
import { formatSpan, grouped } from '../core/units.js';

export { formatDifficultyValue as formatDifficulty } from '../core/units.js';

export function formatCelsius(value: number): string {
  return `${grouped(value, 1)} °C`;
}

/** A threshold as configured: `75 °C`, or `72.5 °C` when it has a fraction. */
export function formatThresholdC(value: number): string {
  return `${Number.isInteger(value) ? value : grouped(value, 1)} °C`;
}

/** GH/s below 1000, TH/s above; pass `scaleOf` to write a value in the same unit as another it is compared with. */
export function formatGhs(ghs: number, scaleOf: number = ghs): string {
  return Math.abs(scaleOf) >= 1000 ? `${grouped(ghs / 1000, 2)} TH/s` : `${grouped(ghs, 0)} GH/s`;
}

export function formatVolts(volts: number): string {
  return `${grouped(volts, 2)} V`;
}

export function formatPct(pct: number, digits = 0): string {
  return `${grouped(pct, digits)} %`;
}

export function formatCount(value: number): string {
  return grouped(value, 0);
}

/** `45 s`, `12 min`, `1 h 5 min`, `2 d 3 h` (shared with the fleet's event lines, so an outage reads the same). */
export const formatAlertDuration = formatSpan;
