/** What the benchmark knows about the miner before its first write: model, firmware, start settings, expected hashrate. */
import { identifyModel, modelById, expectedHashrateGhs, type MinerModel } from '../axeos/models.js';
import { isAtLeast, parseFirmwareVersion } from '../axeos/firmware-version.js';
import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';
import type { AllowedRanges } from './guard-port.js';
import type { BenchDevice } from './strategies/strategy.js';
import type { OperatingPoint } from './types.js';

export function modelOf(telemetry: Telemetry, asic: AsicInfo | null): MinerModel | undefined {
  return (telemetry.model ? modelById(telemetry.model) : undefined)
    ?? identifyModel({ boardVersion: telemetry.boardVersion, asicModel: telemetry.asicModel ?? asic?.asicModel, asicCount: asic?.asicCount ?? telemetry.asicCount });
}

/**
 * ESP-Miner applies frequency and voltage live since 2.2 (power_management_task, commit 1c66c205); the NerdQAxe fork
 * since August 2024. Only older ESP-Miner needs a restart after each change. An unknown version is assumed current.
 */
export function appliesLive(telemetry: Telemetry, model: MinerModel | undefined): boolean {
  if (model?.firmware === 'nerdqaxe') return true;
  return isAtLeast(parseFirmwareVersion(telemetry.firmware), 2, 2) ?? true;
}

export function describeDevice(input: { miner: string; telemetry: Telemetry; asic: AsicInfo | null; ranges: AllowedRanges }): BenchDevice {
  const { telemetry: t, asic } = input;
  const model = modelOf(t, asic);
  const start: OperatingPoint = {
    frequencyMhz: t.frequencyMhz ?? asic?.defaultFrequencyMhz ?? model?.defaultFrequencyMhz ?? input.ranges.frequencyMhz[0],
    coreVoltageMv: t.coreVoltageMv ?? asic?.defaultCoreVoltageMv ?? model?.defaultCoreVoltageMv ?? input.ranges.coreVoltageMv[0],
  };
  const cores = t.smallCoreCount ?? model?.smallCoresPerAsic ?? null;
  const chips = asic?.asicCount ?? t.asicCount ?? model?.asicCount ?? 1;
  // Without a core count, the firmware's own expected hashrate per MHz at the start settings scales to any frequency.
  const perMhz = cores === null && t.expectedHashrateGhs !== null && t.frequencyMhz ? t.expectedHashrateGhs / t.frequencyMhz : null;
  return {
    miner: input.miner,
    model,
    ranges: input.ranges,
    start,
    hasErrorCounter: t.errorPct !== null,
    expectedHashrateGhs: (point) =>
      cores !== null ? expectedHashrateGhs(point.frequencyMhz, cores, chips) : (perMhz ?? 0) * point.frequencyMhz,
  };
}
