/** What a miner's firmware can do, judged from its version, so commands can say so before asking for confirmation. */
import { isAtLeast, parseFirmwareVersion } from '../axeos/firmware-version.js';
import type { Telemetry } from '../axeos/telemetry.js';

/** POST /api/system/pause and /resume came with ESP-Miner 2.14; null when unknown (the NerdQAxe fork numbers its own). */
export function firmwareHasPauseResume(telemetry: Telemetry | null): boolean | null {
  if (!telemetry?.firmware || /nerdq/i.test(telemetry.model ?? '')) return null;
  return isAtLeast(parseFirmwareVersion(telemetry.firmware), 2, 14);
}
