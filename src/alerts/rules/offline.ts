import type { AlertRule } from '../types.js';
import { formatAlertDuration } from '../units.js';

/**
 * No good poll for `offlineSeconds`, counted from the last good poll (the fleet announces "offline" earlier, at its
 * own threshold). A restart axepilot asked for holds the alert back until that restart's deadline.
 */
export const offlineRule: AlertRule = {
  id: 'offline',
  title: 'offline',
  kind: 'state',
  triggers: ['offline', 'online', 'sample', 'flapping', 'tick'],
  forMs: (settings) => settings.offlineMs,
  durationFrom: 'start',
  evaluate(ctx) {
    const { offline } = ctx.observations;
    // A flapping miner has its own alert; each of its outages is not news. Whatever this alert was stays as it was
    // until the flapping ends, then a miner still away is reported offline from the start of that outage.
    if (ctx.observations.flapping) return null;
    if (!offline) return { active: false, severity: 'critical', summary: 'back online' };
    const restartDeadline = ctx.observations.isRestartExpected(ctx.now) ? ctx.observations.restartExpectedUntil : null;
    // Someone typed their router's address: "offline" would send them to check the miner's power and Wi-Fi.
    const summary = offline.notAxeOs
      ? `not an AxeOS miner: the host answers, but as another device (${offline.reason}); check its host in the config`
      : `offline, no answer for ${formatAlertDuration(ctx.now - offline.since)} (${offline.reason})`;
    return {
      active: true,
      severity: 'critical',
      summary,
      since: offline.since,
      ...(restartDeadline !== null ? { notBefore: restartDeadline } : {}),
    };
  },
};
