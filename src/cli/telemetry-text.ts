import type { Telemetry } from '../axeos/telemetry.js';

const fmt = (value: number | null, unit: string, digits = 1): string =>
  value === null ? '—' : `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ${unit}`.trim();

/** The human-readable form of one poll for `axepilot poll`. */
export function formatTelemetryLines(t: Telemetry): string[] {
  return [
    `${t.hostname ?? '?'} (${t.model ?? t.asicModel ?? 'unknown model'}, firmware ${t.firmware ?? '?'}, MAC ${t.mac ?? '?'})`,
    `hashrate   ${fmt(t.hashrateGhs, 'GH/s')} of ${fmt(t.expectedHashrateGhs, 'GH/s')} expected`,
    `efficiency ${fmt(t.efficiencyJth, 'J/TH')}   power ${fmt(t.powerW, 'W')}   input ${fmt(t.inputVoltageV, 'V', 2)}`,
    `chip       ${fmt(t.chipTempC, '°C')}   VR ${fmt(t.vrTempC, '°C')}   fan ${fmt(t.fanPct, '%', 0)} (${fmt(t.fanRpm, 'rpm', 0)})`,
    `settings   ${fmt(t.frequencyMhz, 'MHz', 0)} at ${fmt(t.coreVoltageMv, 'mV', 0)} (measured ${fmt(t.coreVoltageActualMv, 'mV', 0)})`,
    `shares     ${fmt(t.sharesAccepted, '', 0)} accepted, ${fmt(t.sharesRejected, '', 0)} rejected; best ${fmt(t.bestDiff, '', 0)}`,
    `uptime     ${fmt(t.uptimeS, 's', 0)}${t.overheat ? '   OVERHEAT MODE' : ''}${t.usingFallbackPool ? '   on fallback pool' : ''}`,
  ];
}
