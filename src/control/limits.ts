/**
 * The range rules every write passes. The firmware applies any MHz and mV it is sent (AXEOS.md "PATCH keys"), so the
 * bounds come from the device's own frequencyOptions/voltageOptions and the owner's configured ceilings.
 */
import { identifyModel, modelById } from '../axeos/models.js';
import type { AsicInfo, MinerSettings, Telemetry } from '../axeos/telemetry.js';
import type { Config } from '../config/schema.js';

export type GuardLimits = Config['limits'];

/** The firmware's PID target range (ESP-Miner's PATCH validation, 2.11+). */
export const TEMP_TARGET_RANGE_C: readonly [number, number] = [35, 66];

export interface DeviceOptions {
  frequencyOptions: number[];
  voltageOptions: number[];
  /** Where they came from, for messages. */
  source: 'device' | 'model table';
}

export interface AllowedRanges {
  frequencyMhz: [number, number];
  coreVoltageMv: [number, number];
  frequencyOptions: number[];
  voltageOptions: number[];
}

/** The device's own options from `/api/system/asic`; firmware before 2.7 has none, so the model table stands in. */
export function deviceOptions(asic: AsicInfo | null, telemetry: Telemetry | null): DeviceOptions | null {
  if (asic && asic.frequencyOptionsMhz.length > 0 && asic.voltageOptionsMv.length > 0) {
    return { frequencyOptions: sorted(asic.frequencyOptionsMhz), voltageOptions: sorted(asic.voltageOptionsMv), source: 'device' };
  }
  const model = (telemetry?.model ? modelById(telemetry.model) : undefined)
    ?? (telemetry ? identifyModel({ boardVersion: telemetry.boardVersion, asicModel: telemetry.asicModel, asicCount: telemetry.asicCount }) : undefined)
    ?? (asic ? identifyModel({ deviceModel: asic.deviceModel, asicModel: asic.asicModel, asicCount: asic.asicCount }) : undefined);
  if (!model) return null;
  return { frequencyOptions: sorted(model.frequencyOptionsMhz), voltageOptions: sorted(model.voltageOptionsMv), source: 'model table' };
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

interface Axis {
  label: string;
  unit: string;
  options: number[];
  ceiling: number | null;
  ceilingKey: string;
}

/** Lowest option up to the highest option, or up to the ceiling when overclocking is on; never above the ceiling. */
function axisRange(axis: Axis, allowOverclock: boolean): [number, number] {
  const low = axis.options[0] ?? 0;
  let high = axis.options[axis.options.length - 1] ?? 0;
  if (axis.ceiling !== null) high = allowOverclock ? axis.ceiling : Math.min(high, axis.ceiling);
  return [low, high];
}

export function allowedRanges(options: DeviceOptions, limits: GuardLimits): AllowedRanges {
  return {
    frequencyMhz: axisRange(frequencyAxis(options, limits), limits.allowOverclock),
    coreVoltageMv: axisRange(voltageAxis(options, limits), limits.allowOverclock),
    frequencyOptions: options.frequencyOptions,
    voltageOptions: options.voltageOptions,
  };
}

const frequencyAxis = (options: DeviceOptions, limits: GuardLimits): Axis => ({
  label: 'frequency', unit: 'MHz', options: options.frequencyOptions, ceiling: limits.maxFrequencyMhz, ceilingKey: 'limits.maxFrequencyMhz',
});

const voltageAxis = (options: DeviceOptions, limits: GuardLimits): Axis => ({
  label: 'core voltage', unit: 'mV', options: options.voltageOptions, ceiling: limits.maxCoreVoltageMv, ceilingKey: 'limits.maxCoreVoltageMv',
});

const span = (low: number, high: number, unit: string): string => `${low}–${high} ${unit}`;

/** Why `value` may not be written on this axis, or null when it may. */
function axisRefusal(miner: string, value: number, axis: Axis, options: DeviceOptions, limits: GuardLimits): string | null {
  if (!Number.isFinite(value) || value <= 0) return `${miner}: ${value} ${axis.unit} is not a ${axis.label}`;
  const low = axis.options[0] ?? 0;
  const highestOption = axis.options[axis.options.length - 1] ?? 0;
  const own = `the device's own options${options.source === 'model table' ? ', from the model table' : ''}`;
  const [, high] = axisRange(axis, limits.allowOverclock);
  if (value < low) return `${miner}: ${value} ${axis.unit} is outside ${span(low, high, axis.unit)} (${own})`;
  if (value > highestOption) {
    if (!limits.allowOverclock) {
      return `${miner}: ${value} ${axis.unit} is outside ${span(low, highestOption, axis.unit)} (${own}; set limits.allowOverclock to go beyond)`;
    }
    if (axis.ceiling === null) {
      return `${miner}: ${value} ${axis.unit} is beyond ${span(low, highestOption, axis.unit)} (${own}); ` +
        `limits.allowOverclock is on, but ${axis.ceilingKey} is not set: set it to the highest ${axis.label} you accept`;
    }
  }
  if (axis.ceiling !== null && value > axis.ceiling) {
    return `${miner}: ${value} ${axis.unit} is above ${axis.ceilingKey} (${axis.ceiling} ${axis.unit}); allowed ${span(low, high, axis.unit)}`;
  }
  return null;
}

/**
 * Why these settings may not be written to this device, or null when they may. `options` is needed only for
 * frequency and voltage; without it those are refused, never guessed.
 */
export function rangeRefusal(miner: string, settings: MinerSettings, options: DeviceOptions | null, limits: GuardLimits): string | null {
  if (settings.frequencyMhz !== undefined || settings.coreVoltageMv !== undefined) {
    if (!options) {
      return `${miner}: its allowed frequencies and voltages are not known yet (no /api/system/asic answer and an unknown ` +
        'model); try again once it has been polled';
    }
    if (settings.frequencyMhz !== undefined) {
      const refusal = axisRefusal(miner, settings.frequencyMhz, frequencyAxis(options, limits), options, limits);
      if (refusal) return refusal;
    }
    if (settings.coreVoltageMv !== undefined) {
      if (!Number.isInteger(settings.coreVoltageMv)) return `${miner}: core voltage must be a whole number of mV, not ${settings.coreVoltageMv}`;
      const refusal = axisRefusal(miner, settings.coreVoltageMv, voltageAxis(options, limits), options, limits);
      if (refusal) return refusal;
    }
  }
  return fanRefusal(miner, settings, limits) ?? tempTargetRefusal(miner, settings);
}

function fanRefusal(miner: string, settings: MinerSettings, limits: GuardLimits): string | null {
  // Switching to manual without a duty would run the fan at whatever the flash holds, possibly 0 %.
  if (settings.autoFan === false && settings.fanPct === undefined) return `${miner}: a manual fan needs a speed in %`;
  if (settings.fanPct === undefined) return null;
  const floor = limits.minManualFanPct;
  if (!Number.isInteger(settings.fanPct)) return `${miner}: the fan speed must be a whole %, not ${settings.fanPct}`;
  if (settings.fanPct < floor) {
    return `${miner}: manual fan ${settings.fanPct} % is below limits.minManualFanPct (${floor} %); allowed ${floor}–100 %`;
  }
  if (settings.fanPct > 100) return `${miner}: manual fan ${settings.fanPct} % is outside ${floor}–100 %`;
  return null;
}

function tempTargetRefusal(miner: string, settings: MinerSettings): string | null {
  if (settings.tempTargetC === undefined) return null;
  const [low, high] = TEMP_TARGET_RANGE_C;
  if (!Number.isInteger(settings.tempTargetC) || settings.tempTargetC < low || settings.tempTargetC > high) {
    return `${miner}: fan target ${settings.tempTargetC} °C is outside ${low}–${high} °C (whole degrees; the firmware's range)`;
  }
  return null;
}
