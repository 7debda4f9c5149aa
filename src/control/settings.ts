/** Reading, comparing and describing a miner's settings in the owner's words ("frequency 525 → 575 MHz"). */
import type { MinerSettings, Telemetry } from '../axeos/telemetry.js';

/** Frequency is a float since firmware 2.10 (C-float artefacts like 524.9999); within this it is the same setting. */
const FREQUENCY_TOLERANCE_MHZ = 0.5;
const VOLTAGE_TOLERANCE_MV = 1;

/** The writable settings a poll shows; keys the firmware did not report are left out. */
export function settingsFromTelemetry(telemetry: Telemetry | null): MinerSettings | null {
  if (!telemetry) return null;
  const settings: MinerSettings = {};
  if (telemetry.frequencyMhz !== null) settings.frequencyMhz = telemetry.frequencyMhz;
  if (telemetry.coreVoltageMv !== null) settings.coreVoltageMv = telemetry.coreVoltageMv;
  if (telemetry.autoFan !== null) settings.autoFan = telemetry.autoFan;
  // In manual mode the duty applied is the manual setting; in auto mode the stored manual value is not reported.
  if (telemetry.autoFan === false && telemetry.fanPct !== null) settings.fanPct = Math.round(telemetry.fanPct);
  if (telemetry.tempTargetC !== null) settings.tempTargetC = telemetry.tempTargetC;
  return Object.keys(settings).length > 0 ? settings : null;
}

/**
 * What `change` replaces: for each key it writes, the value `before` had. Going back from manual to auto fan needs
 * no duty; going back to manual does.
 */
export function replacedValues(before: MinerSettings, change: MinerSettings): MinerSettings {
  const previous: MinerSettings = {};
  if (change.frequencyMhz !== undefined && before.frequencyMhz !== undefined) previous.frequencyMhz = before.frequencyMhz;
  if (change.coreVoltageMv !== undefined && before.coreVoltageMv !== undefined) previous.coreVoltageMv = before.coreVoltageMv;
  if ((change.autoFan !== undefined || change.fanPct !== undefined) && before.autoFan !== undefined) {
    previous.autoFan = before.autoFan;
    if (before.autoFan === false && before.fanPct !== undefined) previous.fanPct = before.fanPct;
  }
  if (change.tempTargetC !== undefined && before.tempTargetC !== undefined) previous.tempTargetC = before.tempTargetC;
  return previous;
}

export function isEmptySettings(settings: MinerSettings): boolean {
  return Object.values(settings).every((value) => value === undefined);
}

/** Whether what the miner reports now shows `settings` in force (frequency and core voltage, the ones that matter). */
export function settingsConfirmed(telemetry: Telemetry, settings: MinerSettings): boolean {
  const frequencyOk = settings.frequencyMhz === undefined
    || (telemetry.frequencyMhz !== null && Math.abs(telemetry.frequencyMhz - settings.frequencyMhz) <= FREQUENCY_TOLERANCE_MHZ);
  const voltageOk = settings.coreVoltageMv === undefined
    || (telemetry.coreVoltageMv !== null && Math.abs(telemetry.coreVoltageMv - settings.coreVoltageMv) <= VOLTAGE_TOLERANCE_MV);
  return frequencyOk && voltageOk;
}

/** Whether writing `settings` would change nothing the miner reports (so a restore need not wear the flash). */
export function alreadyInForce(telemetry: Telemetry, settings: MinerSettings): boolean {
  const current = settingsFromTelemetry(telemetry) ?? {};
  if (!settingsConfirmed(telemetry, settings)) return false;
  if (settings.autoFan !== undefined && current.autoFan !== settings.autoFan) return false;
  if (settings.autoFan === false && settings.fanPct !== undefined && current.fanPct !== settings.fanPct) return false;
  if (settings.tempTargetC !== undefined && current.tempTargetC !== settings.tempTargetC) return false;
  return settings.overheat === undefined;
}

const number = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: 2, useGrouping: false });
const known = (value: number | undefined): string => (value === undefined ? '?' : number(value));

function fanWords(settings: MinerSettings | null): string {
  if (!settings || settings.autoFan === undefined) return settings?.fanPct === undefined ? '?' : `manual ${number(settings.fanPct)} %`;
  if (settings.autoFan) return 'auto';
  return settings.fanPct === undefined ? 'manual' : `manual ${number(settings.fanPct)} %`;
}

/** One phrase per key `after` sets, e.g. `frequency 525 → 575 MHz, fan auto → manual 60 %`; `before` may be unknown. */
export function describeChange(before: MinerSettings | null, after: MinerSettings): string {
  const parts: string[] = [];
  if (after.frequencyMhz !== undefined) parts.push(`frequency ${known(before?.frequencyMhz)} → ${number(after.frequencyMhz)} MHz`);
  if (after.coreVoltageMv !== undefined) parts.push(`core voltage ${known(before?.coreVoltageMv)} → ${number(after.coreVoltageMv)} mV`);
  if (after.autoFan !== undefined || after.fanPct !== undefined) parts.push(`fan ${fanWords(before)} → ${fanWords(after)}`);
  if (after.tempTargetC !== undefined) parts.push(`fan target ${known(before?.tempTargetC)} → ${number(after.tempTargetC)} °C`);
  if (after.overheat === false) parts.push('overheat flag cleared');
  return parts.join(', ') || 'nothing';
}

/** The settings themselves, e.g. `575 MHz, 1200 mV, fan auto, target 60 °C`. */
export function describeSettings(settings: MinerSettings): string {
  const parts: string[] = [];
  if (settings.frequencyMhz !== undefined) parts.push(`${number(settings.frequencyMhz)} MHz`);
  if (settings.coreVoltageMv !== undefined) parts.push(`${number(settings.coreVoltageMv)} mV`);
  if (settings.autoFan !== undefined || settings.fanPct !== undefined) parts.push(`fan ${fanWords(settings)}`);
  if (settings.tempTargetC !== undefined) parts.push(`target ${number(settings.tempTargetC)} °C`);
  return parts.join(', ') || 'nothing';
}
