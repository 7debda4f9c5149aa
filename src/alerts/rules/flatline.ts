import type { AlertRule } from '../types.js';
import { formatAlertDuration, formatGhs } from '../units.js';

/** Hashrate is 0 right after boot while the ASIC starts; that is not a flatline. */
const BOOT_GRACE_S = 120;

/**
 * The "flatline": the miner answers but hashes nothing (bitaxeorg/ESP-Miner#1053). Paused miners and the overheat
 * safe mode hash nothing on purpose; the overheat rule speaks for the latter.
 */
export const flatlineRule: AlertRule = {
  id: 'flatline',
  title: 'hashrate flatline',
  kind: 'state',
  triggers: ['sample'],
  forMs: (settings) => settings.flatlineMs,
  evaluate(ctx) {
    const t = ctx.observations.latest;
    if (!t || t.hashrateGhs === null) return null;
    const hashing = t.hashrateGhs > 0;
    const excused = t.miningPaused === true || t.overheat === true || (t.uptimeS !== null && t.uptimeS < BOOT_GRACE_S);
    if (hashing || excused) {
      return { active: false, severity: 'critical', summary: `hashing again at ${formatGhs(t.hashrateGhs)}`, value: t.hashrateGhs };
    }
    return {
      active: true,
      severity: 'critical',
      summary: `hashrate 0 GH/s while the miner answers (for ${formatAlertDuration(ctx.settings.flatlineMs)} or more)`,
      value: 0,
    };
  },
};
