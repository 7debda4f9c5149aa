import type { AlertRule } from '../types.js';
import { formatAlertDuration } from '../units.js';

/**
 * A miner that keeps dropping off and coming back (a crash loop, a failing power supply, weak Wi-Fi): one alert for
 * the series, with its reboots, while the offline rule holds back an alert per outage. It resolves after a whole
 * window with no new outage.
 */
export const flappingRule: AlertRule = {
  id: 'flapping',
  title: 'flapping',
  kind: 'state',
  triggers: ['flapping'],
  evaluate(ctx) {
    const { flapping } = ctx.observations;
    if (!flapping) return { active: false, severity: 'warning', summary: 'steady again' };
    const window = formatAlertDuration(flapping.windowMs);
    const reboots = flapping.reboots === 1 ? '1 reboot' : `${flapping.reboots} reboots`;
    return {
      active: true,
      severity: 'warning',
      summary: `flapping: ${flapping.outages} outages and ${reboots} in the last ${window} (power, Wi-Fi or a crash loop?)`,
      value: flapping.outages,
      since: flapping.since,
    };
  },
};
