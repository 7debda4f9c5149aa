import type { AlertRule } from '../types.js';
import { formatDifficulty } from '../units.js';

/**
 * A new all-time best share (users ask for these "high score" alerts: zachchan105/bitaxe-sentry#31). The first
 * sight of a miner only records its best, which it may have set long ago.
 */
export const bestDifficultyRule: AlertRule = {
  id: 'bestDifficulty',
  title: 'new best difficulty',
  kind: 'news',
  triggers: ['sample'],
  evaluate(ctx) {
    const best = ctx.observations.latest?.bestDiff ?? null;
    const before = ctx.observations.bestDiffBefore;
    if (best === null || before === null) return null;
    return {
      active: best > before,
      severity: 'info',
      summary: `new best difficulty ${formatDifficulty(best)} (previous best ${formatDifficulty(before)})`,
      value: best,
    };
  },
};
