import type { AlertRule } from '../types.js';
import { formatGhs, formatPct } from '../units.js';

/** The firmware's averages and a cold ASIC need the first minutes after boot to settle. */
const BOOT_GRACE_S = 600;

/**
 * Hashrate below a share of what the chips should do at their frequency. The 1-minute average (firmware 2.12+)
 * smooths the instant reading; a zero reading is the flatline rule's business, not this one's.
 */
export const lowHashrateRule: AlertRule = {
  id: 'lowHashrate',
  title: 'low hashrate',
  kind: 'state',
  triggers: ['sample'],
  forMs: (settings) => settings.lowHashrateMs,
  clearForMs: 60_000,
  evaluate(ctx) {
    const t = ctx.observations.latest;
    if (!t) return null;
    const hashrate = t.hashrate1mGhs ?? t.hashrateGhs;
    const expected = t.expectedHashrateGhs;
    if (hashrate === null || expected === null || expected <= 0 || t.hashrateGhs === 0) return null;
    const pct = (hashrate / expected) * 100;
    const threshold = ctx.settings.lowHashratePct;
    const excused = t.miningPaused === true || (t.uptimeS !== null && t.uptimeS < BOOT_GRACE_S);
    if (excused || pct >= threshold) {
      return {
        active: false,
        severity: 'warning',
        summary: `hashrate back to ${formatGhs(hashrate)} (${formatPct(pct)} of expected)`,
        value: hashrate,
      };
    }
    return {
      active: true,
      severity: 'warning',
      summary: `hashrate ${formatGhs(hashrate, expected)}, ${formatPct(pct)} of expected ${formatGhs(expected)} (warning < ${formatPct(threshold)})`,
      value: hashrate,
    };
  },
};
