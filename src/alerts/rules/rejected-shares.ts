import type { AlertRule } from '../types.js';
import { formatCount, formatPct } from '../units.js';

/** Fewer shares than this in the hour say nothing about a rate (MinerWatch uses the same floor). */
const MIN_SHARES = 20;

/** Rejected shares above `rejectedPctMax` % of all shares over the last hour: a pool, network or stability problem. */
export const rejectedSharesRule: AlertRule = {
  id: 'rejectedShares',
  title: 'rejected shares',
  kind: 'state',
  triggers: ['sample'],
  // The hour-long window moves slowly; five minutes below the line before it counts as over.
  clearForMs: 5 * 60_000,
  evaluate(ctx) {
    const { accepted, rejected } = ctx.observations.shares.totals(ctx.now);
    const total = accepted + rejected;
    if (total < MIN_SHARES) return null;
    const pct = (rejected / total) * 100;
    const max = ctx.settings.rejectedPctMax;
    if (pct <= max) {
      return { active: false, severity: 'warning', summary: `rejected shares back to ${formatPct(pct, 1)} over the last hour`, value: pct };
    }
    return {
      active: true,
      severity: 'warning',
      summary: `rejected shares ${formatPct(pct, 1)} over the last hour (${formatCount(rejected)} of ${formatCount(total)}; warning > ${formatPct(max)})`,
      value: pct,
    };
  },
};
