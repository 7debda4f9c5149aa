import type { AlertRule } from '../types.js';
import { formatAlertDuration } from '../units.js';

/**
 * Uptime went down and axepilot did not ask for it: a crash, a watchdog, a power blip or the pre-2.11 overheat
 * reboot. Information, not an emergency: the miner is back by the time we know.
 */
export const unexpectedRebootRule: AlertRule = {
  id: 'unexpectedReboot',
  title: 'unexpected reboot',
  kind: 'event',
  triggers: ['reboot'],
  evaluate(ctx) {
    const reboot = ctx.observations.lastReboot;
    // A flapping miner's reboots are counted in its flapping alert, not announced one by one.
    if (!reboot || ctx.observations.flapping) return null;
    const summary = `rebooted unexpectedly (it had been up ${formatAlertDuration(reboot.previousUptimeS * 1000)})`;
    return { active: !reboot.expected, severity: 'info', summary, value: reboot.previousUptimeS };
  },
};
