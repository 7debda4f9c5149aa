import { describeProtectionDrop } from '../../fleet/firmware-protection.js';
import type { AlertRule } from '../types.js';

/**
 * The firmware's overheat protection left the miner below its own settings (≤ 2.10: ~50 MHz until set back; 2.11+:
 * −100 MHz / −100 mV with the fan stuck at manual 100 %). "Overheat mode cleared" sounds like the end of it, but the
 * miner keeps making less until someone puts its settings back; this alert stays until they are.
 */
export const firmwareProtectionRule: AlertRule = {
  id: 'firmwareProtection',
  title: 'below its settings after overheat protection',
  kind: 'state',
  triggers: ['sample'],
  evaluate(ctx) {
    const drop = ctx.observations.protectionDrop;
    if (!drop) return { active: false, severity: 'warning', summary: 'back at its own settings' };
    // While the firmware still holds the ASIC stopped, the overheat alert is the one that speaks.
    if (drop.stopped) return null;
    const own = drop.own;
    const restore = [
      own.frequencyMhz !== null ? `freq ${Math.round(own.frequencyMhz)}` : null,
      own.coreVoltageMv !== null ? `volt ${Math.round(own.coreVoltageMv)}` : null,
      own.autoFan === true ? 'fan auto' : null,
    ].filter((part): part is string => part !== null).map((part) => `/set ${ctx.miner} ${part}`);
    return {
      active: true,
      severity: 'warning',
      summary: `runs below its settings after the firmware's overheat protection: ${describeProtectionDrop(drop)}` +
        (restore.length > 0 ? `. Once it is cool: ${restore.join(', ')}` : ''),
      since: drop.since,
    };
  },
};
