import type { Telemetry } from '../../axeos/telemetry.js';
import type { MinerLimits } from '../settings.js';
import type { AlertRule, Condition, RuleContext, Severity } from '../types.js';
import { formatCelsius, formatThresholdC } from '../units.js';

interface TemperatureRuleSpec {
  id: string;
  title: string;
  /** How the reading is named in a message: `chip`, `VR`. */
  label: string;
  read: (telemetry: Telemetry) => number | null;
  warnKey: keyof MinerLimits;
  critKey: keyof MinerLimits;
}

/**
 * Warning and critical lines with hysteresis: a level is entered at its line and left only `hysteresisC` below it,
 * so a chip hovering at 75 °C fires once and resolves once. Dropping from critical to warning is not a resolution.
 */
export function temperatureRule(spec: TemperatureRuleSpec): AlertRule {
  return {
    id: spec.id,
    title: spec.title,
    kind: 'state',
    triggers: ['sample'],
    evaluate(ctx: RuleContext): Condition | null {
      const telemetry = ctx.observations.latest;
      const value = telemetry ? spec.read(telemetry) : null;
      if (value === null) return null;
      const warn = ctx.limits[spec.warnKey];
      const crit = ctx.limits[spec.critKey];
      const band = ctx.settings.hysteresisC;
      const current = ctx.current?.severity ?? null;
      let severity: Severity | null = null;
      if (value >= crit || (current === 'critical' && value > crit - band)) severity = 'critical';
      else if (value >= warn || (current !== null && value > warn - band)) severity = 'warning';
      if (severity === null) {
        return { active: false, severity: 'warning', summary: `${spec.title} back to ${formatCelsius(value)}`, value };
      }
      const line = severity === 'critical' ? crit : warn;
      // Held by the hysteresis below its line: say where it clears rather than a threshold it no longer meets.
      const rule = value >= line ? `≥ ${formatThresholdC(line)}` : `until ≤ ${formatThresholdC(line - band)}`;
      return { active: true, severity, summary: `${spec.label} ${formatCelsius(value)} (${severity} ${rule})`, value };
    },
  };
}
