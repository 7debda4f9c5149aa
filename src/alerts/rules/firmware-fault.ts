import type { Telemetry } from '../../axeos/telemetry.js';
import type { AlertRule } from '../types.js';

/** The firmware sends `power_fault` / `hardware_fault` only while a fault is present: absent means healthy. */
function faultRule(id: string, title: string, read: (t: Telemetry) => string | null): AlertRule {
  return {
    id,
    title,
    kind: 'state',
    triggers: ['sample'],
    evaluate(ctx) {
      const t = ctx.observations.latest;
      if (!t) return null;
      const fault = read(t);
      if (fault === null || fault.trim() === '') return { active: false, severity: 'critical', summary: `${title} cleared` };
      return { active: true, severity: 'critical', summary: `${title}: ${fault.trim()}` };
    },
  };
}

export const powerFaultRule = faultRule('powerFault', 'power fault', (t) => t.powerFault);
export const hardwareFaultRule = faultRule('hardwareFault', 'hardware fault', (t) => t.hardwareFault);
