import type { AlertRule } from '../types.js';

/**
 * Who the storage alert is about: axepilot itself, not a miner. Its messages read `axepilot: cannot save …`, and
 * `/mute all` silences it like any other.
 */
export const STORAGE_SUBJECT = 'axepilot';

/**
 * Samples cannot be saved (disk full, I/O error): critical at once, because every minute of it is history that only
 * waits in memory. Resolves as soon as a write succeeds again.
 */
export const storageFailingRule: AlertRule = {
  id: 'storage-failing',
  title: 'storage failing',
  kind: 'state',
  triggers: ['storage'],
  durationFrom: 'start',
  evaluate(ctx) {
    const failure = ctx.observations.storageFailure;
    if (!failure) return { active: false, severity: 'critical', summary: 'saving to the database again' };
    return { active: true, severity: 'critical', summary: `cannot save to the database: ${failure.error}`, since: failure.since };
  },
};
