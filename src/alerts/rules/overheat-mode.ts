import type { AlertRule } from '../types.js';
import { formatCelsius } from '../units.js';

/** The firmware's own overheat trip (`overheat_mode`): it stopped the ASIC and will restart it slower. */
export const overheatModeRule: AlertRule = {
  id: 'overheat',
  title: 'overheat mode',
  kind: 'state',
  triggers: ['sample'],
  evaluate(ctx) {
    const t = ctx.observations.latest;
    if (!t || t.overheat === null) return null;
    if (!t.overheat) return { active: false, severity: 'critical', summary: 'overheat mode cleared' };
    const chip = t.chipTempC === null ? '' : `, chip ${formatCelsius(t.chipTempC)}`;
    return { active: true, severity: 'critical', summary: `overheat mode: the firmware stopped hashing${chip}` };
  },
};
