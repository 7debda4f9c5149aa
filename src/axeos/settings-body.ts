/** Our setting names → the keys of AxeOS's `PATCH /api/system`, which changed between firmware versions. */
import { isAtLeast, parseFirmwareVersion } from './firmware-version.js';
import type { MinerSettings } from './telemetry.js';

export interface FirmwareHints {
  /** `version` from the last info answer, as the device said it; null when not seen yet. */
  version: string | null;
  nerdqaxe: boolean;
}

export function settingsBody(settings: MinerSettings, firmware: FirmwareHints): Record<string, number> {
  const body: Record<string, number> = {};
  if (settings.frequencyMhz !== undefined) body.frequency = settings.frequencyMhz;
  if (settings.coreVoltageMv !== undefined) body.coreVoltage = settings.coreVoltageMv;
  if (settings.tempTargetC !== undefined) body.temptarget = settings.tempTargetC;
  if (settings.overheat === false) body.overheat_mode = 0;
  // The fork's fan modes are 0/2/3, not ESP-Miner's 0/1 (AXEOS.md); we ask it for 2, its automatic mode.
  if (settings.autoFan !== undefined) body.autofanspeed = settings.autoFan ? (firmware.nerdqaxe ? 2 : 1) : 0;
  if (settings.fanPct !== undefined) {
    // v2.11 moved the manual duty to `manualFanSpeed` and ignores `fanspeed`; older firmware knows only `fanspeed`.
    // The fork numbers its versions its own way, so its version says nothing here. Unknown keys are ignored by
    // every version (AXEOS.md), so when in doubt both go.
    const newKeys = firmware.nerdqaxe ? null : isAtLeast(parseFirmwareVersion(firmware.version), 2, 11);
    if (newKeys !== false) body.manualFanSpeed = settings.fanPct;
    if (newKeys !== true) body.fanspeed = settings.fanPct;
  }
  return body;
}
