import type { AlertRule } from '../types.js';

/** The firmware switched to the fallback pool, so the primary is down or refusing; a minute covers a reconnect. */
export const fallbackPoolRule: AlertRule = {
  id: 'fallbackPool',
  title: 'fallback pool',
  kind: 'state',
  triggers: ['sample'],
  forMs: () => 60_000,
  clearForMs: 60_000,
  evaluate(ctx) {
    const t = ctx.observations.latest;
    if (!t || t.usingFallbackPool === null) return null;
    if (!t.usingFallbackPool) return { active: false, severity: 'warning', summary: 'back on the primary pool' };
    const pool = t.poolUrl ? ` (${t.poolUrl})` : '';
    return { active: true, severity: 'warning', summary: `mining on the fallback pool${pool}` };
  },
};
