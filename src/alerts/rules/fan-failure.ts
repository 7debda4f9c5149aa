import type { AlertRule } from '../types.js';
import { formatCount, formatPct } from '../units.js';

/**
 * A fan driven but not turning. Without a tachometer reading (null rpm) nothing can be said, so nothing is. Thirty
 * seconds covers a fan spinning up from 0 % duty.
 */
export const fanFailureRule: AlertRule = {
  id: 'fanFailure',
  title: 'fan failure',
  kind: 'state',
  triggers: ['sample'],
  forMs: () => 30_000,
  clearForMs: 30_000,
  evaluate(ctx) {
    const t = ctx.observations.latest;
    if (!t || t.fanRpm === null || t.fanPct === null) return null;
    if (t.fanRpm > 0 || t.fanPct <= 0) {
      return { active: false, severity: 'critical', summary: `fan turning again at ${formatCount(t.fanRpm)} rpm`, value: t.fanRpm };
    }
    return { active: true, severity: 'critical', summary: `fan stopped: 0 rpm at ${formatPct(t.fanPct)} duty`, value: 0 };
  },
};
