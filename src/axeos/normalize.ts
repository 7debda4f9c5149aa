/**
 * Turns whatever a miner's `/api/system/info` and `/api/system/asic` answered into one Telemetry record. Every quirk
 * of every firmware version (AXEOS.md) is absorbed here and nowhere else.
 */
import { parseDifficulty } from './difficulty.js';
import { firstOf, isPlainObject, readFlag, readNumber, readNumberList, readText, roundTo, type RawObject } from './field-readers.js';
import { expectedHashrateGhs, identifyModel } from './models.js';
import { boundReadings, reportNonNumbers, type ImplausibleReading } from './plausibility.js';
import type { AsicInfo, Telemetry } from './telemetry.js';

/** Keys every AxeOS version (and the NerdQAxe fork) sends in `/api/system/info`; two of them make an answer AxeOS. */
const INFO_KEYS = [
  'hashRate', 'ASICModel', 'version', 'axeOSVersion', 'uptimeSeconds', 'power', 'temp', 'voltage', 'sharesAccepted',
  'sharesRejected', 'bestDiff', 'bestSessionDiff', 'frequency', 'coreVoltage', 'smallCoreCount', 'boardVersion',
  'deviceModel', 'macAddr', 'fanspeed', 'stratumURL',
] as const;

export function isAxeOsInfo(raw: unknown): raw is RawObject {
  if (!isPlainObject(raw)) return false;
  return INFO_KEYS.filter((key) => Object.hasOwn(raw, key)).length >= 2;
}

/** The NerdQAxe fork reports `deviceModel` and `hostip` in its info; ESP-Miner has neither there. */
export function isNerdQAxeInfo(raw: RawObject): boolean {
  return readText(raw, 'deviceModel') !== null || readText(raw, 'hostip') !== null;
}

export interface NormalizeOptions {
  /** When the poll completed, ms since the epoch. */
  ts: number;
  /** The device's last `/api/system/asic` answer, which holds `asicCount` since v2.9 removed it from info. */
  asic?: AsicInfo | null;
  /** Hears every reading dropped as implausible (out of range, not a MAC, too long), to log it. */
  onImplausible?: (reading: ImplausibleReading) => void;
}

export function normalizeInfo(raw: RawObject, options: NormalizeOptions): Telemetry {
  const asic = options.asic ?? null;
  if (options.onImplausible) reportNonNumbers(raw, options.onImplausible);
  const boardVersion = readText(raw, 'boardVersion');
  const deviceModel = readText(raw, 'deviceModel') ?? asic?.deviceModel ?? null;
  const asicModel = readText(raw, 'ASICModel') ?? asic?.asicModel ?? null;
  const frequencyMhz = readNumber(raw, 'frequency');
  const reportedCores = wholePositive(readNumber(raw, 'smallCoreCount'));
  const reportedExpected = readNumber(raw, 'expectedHashrate');

  const knownAsicCount = wholePositive(readNumber(raw, 'asicCount')) ?? wholePositive(asic?.asicCount ?? null)
    ?? asicCountFromExpected(reportedExpected, frequencyMhz, reportedCores);
  const model = identifyModel({ boardVersion, deviceModel, asicModel, asicCount: knownAsicCount });
  const asicCount = knownAsicCount ?? model?.asicCount ?? null;
  const smallCoreCount = reportedCores ?? model?.smallCoresPerAsic ?? null;

  const hashrateGhs = readNumber(raw, 'hashRate');
  const powerW = readNumber(raw, 'power');
  const voltageMv = readNumber(raw, 'voltage');
  const currentMa = readNumber(raw, 'current');

  return boundReadings({
    ts: options.ts,
    mac: readText(raw, 'macAddr'),
    hostname: readText(raw, 'hostname'),
    ipv4: firstOf(raw, ['ipv4', 'hostip'], readText),
    model: model?.id ?? null,
    boardVersion,
    asicModel,
    asicCount,
    smallCoreCount,
    // `version` is the firmware; `axeOSVersion` is the web UI, which can be flashed separately.
    firmware: firstOf(raw, ['version', 'axeOSVersion'], readText),
    hashrateGhs,
    hashrate1mGhs: readNumber(raw, 'hashRate_1m'),
    hashrate10mGhs: readNumber(raw, 'hashRate_10m'),
    hashrate1hGhs: readNumber(raw, 'hashRate_1h'),
    expectedHashrateGhs: reportedExpected ?? computedExpected(frequencyMhz, smallCoreCount, asicCount),
    efficiencyJth: efficiencyJth(powerW, hashrateGhs),
    errorPct: readNumber(raw, 'errorPercentage'),
    chipTempC: readTemperature(raw, 'temp', [-1]),
    // v2.10 sends 0 for an absent second sensor, later versions -1.
    chipTemp2C: readTemperature(raw, 'temp2', [-1, 0]),
    // 0 = the board has no VR sensor (Max, most Ultra, Supra 400/401).
    vrTempC: readTemperature(raw, 'vrTemp', [-1, 0]),
    powerW,
    inputVoltageV: voltageMv === null ? null : roundTo(voltageMv / 1000, 3),
    currentA: currentMa === null ? null : roundTo(currentMa / 1000, 3),
    coreVoltageMv: readNumber(raw, 'coreVoltage'),
    coreVoltageActualMv: readNumber(raw, 'coreVoltageActual'),
    frequencyMhz,
    // Case matters: lowercase `fanspeed` is duty %, while 2.1.x's capital-S `fanSpeed` held RPM.
    fanPct: readNumber(raw, 'fanspeed'),
    fanRpm: firstOf(raw, ['fanrpm', 'fanSpeedRpm', 'fanSpeed'], readNumber),
    // NerdQAxe's fan mode is 0/2/3: every non-zero mode is an automatic one.
    autoFan: readFlag(raw, 'autofanspeed'),
    tempTargetC: readNumber(raw, 'temptarget'),
    sharesAccepted: readNumber(raw, 'sharesAccepted'),
    sharesRejected: readNumber(raw, 'sharesRejected'),
    bestDiff: parseDifficulty(raw.bestDiff),
    bestSessionDiff: parseDifficulty(raw.bestSessionDiff),
    // v2.5–2.8 called it `stratumDiff`.
    poolDifficulty: parseDifficulty(raw.poolDifficulty) ?? parseDifficulty(raw.stratumDiff),
    networkDifficulty: parseDifficulty(raw.networkDifficulty),
    blocksFound: readNumber(raw, 'blockFound'),
    usingFallbackPool: readFlag(raw, 'isUsingFallbackStratum'),
    poolUrl: poolInUse(raw),
    poolUser: readText(raw, readFlag(raw, 'isUsingFallbackStratum') === true ? 'fallbackStratumUser' : 'stratumUser'),
    poolResponseMs: positive(readNumber(raw, 'responseTime')),
    uptimeS: readNumber(raw, 'uptimeSeconds'),
    overheat: readFlag(raw, 'overheat_mode'),
    // Present only while there is a fault.
    powerFault: readText(raw, 'power_fault'),
    hardwareFault: readText(raw, 'hardware_fault'),
    miningPaused: readFlag(raw, 'miningPaused'),
    wifiRssi: readNumber(raw, 'wifiRSSI'),
  }, model, options.onImplausible ?? (() => undefined));
}

/** `/api/system/asic` (v2.7+): the device's own allowed settings. */
export function normalizeAsic(raw: unknown): AsicInfo {
  const fields: RawObject = isPlainObject(raw) ? raw : {};
  return {
    asicModel: readText(fields, 'ASICModel'),
    deviceModel: readText(fields, 'deviceModel'),
    asicCount: wholePositive(readNumber(fields, 'asicCount')),
    defaultFrequencyMhz: readNumber(fields, 'defaultFrequency'),
    defaultCoreVoltageMv: readNumber(fields, 'defaultVoltage'),
    frequencyOptionsMhz: readNumberList(fields, 'frequencyOptions'),
    voltageOptionsMv: readNumberList(fields, 'voltageOptions'),
  };
}

/** Joules per terahash as AxeOS shows it; none while the miner hashes nothing (right after boot, paused). */
export function efficiencyJth(powerW: number | null, hashrateGhs: number | null): number | null {
  if (powerW === null || hashrateGhs === null || hashrateGhs <= 0) return null;
  return roundTo(powerW / (hashrateGhs / 1000), 3);
}

function readTemperature(raw: RawObject, key: string, noReading: readonly number[]): number | null {
  const celsius = readNumber(raw, key, 2);
  return celsius === null || noReading.includes(celsius) ? null : celsius;
}

/** 0 means "not measured yet" where a real value is never 0. */
function positive(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

function wholePositive(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * v2.9+ dropped `asicCount` from info, but `expectedHashrate` = frequency × smallCoreCount × asicCount / 1000 still
 * carries it. Trusted only when the division comes out (nearly) whole: the firmware may round expectedHashrate.
 */
function asicCountFromExpected(expectedGhs: number | null, frequencyMhz: number | null, smallCores: number | null): number | null {
  if (expectedGhs === null || frequencyMhz === null || smallCores === null || frequencyMhz <= 0) return null;
  const ratio = expectedGhs / ((frequencyMhz * smallCores) / 1000);
  const count = Math.round(ratio);
  return count >= 1 && Math.abs(ratio - count) < 0.02 ? count : null;
}

/** NerdQAxe and firmware before 2.8 do not send expectedHashrate. */
function computedExpected(frequencyMhz: number | null, smallCores: number | null, asicCount: number | null): number | null {
  if (frequencyMhz === null || smallCores === null || asicCount === null) return null;
  return roundTo(expectedHashrateGhs(frequencyMhz, smallCores, asicCount), 3);
}

/** The pool actually mined on: the fallback one while `isUsingFallbackStratum` is set. */
function poolInUse(raw: RawObject): string | null {
  const prefix = readFlag(raw, 'isUsingFallbackStratum') === true ? 'fallbackStratum' : 'stratum';
  const host = readText(raw, `${prefix}URL`);
  const port = readNumber(raw, `${prefix}Port`, 0);
  if (host === null) return null;
  return port === null || host.includes(':') ? host : `${host}:${port}`;
}
