import type { ModelId } from './models.js';

/**
 * One poll of one miner in explicit units, whatever firmware answered. `null` means "no reading": the firmware
 * did not send the field, sent a sentinel (-1, or 0 where 0 is impossible), or sent something unreadable.
 */
export interface Telemetry {
  /** When the poll completed, ms since the epoch. */
  ts: number;
  // identity
  mac: string | null;
  hostname: string | null;
  ipv4: string | null;
  model: ModelId | null;
  boardVersion: string | null;
  asicModel: string | null;
  asicCount: number | null;
  smallCoreCount: number | null;
  firmware: string | null;
  // performance
  hashrateGhs: number | null;
  hashrate1mGhs: number | null;
  hashrate10mGhs: number | null;
  hashrate1hGhs: number | null;
  expectedHashrateGhs: number | null;
  /** Joules per terahash, as AxeOS shows it: power / (hashrate / 1000). */
  efficiencyJth: number | null;
  errorPct: number | null;
  // thermal and power
  chipTempC: number | null;
  chipTemp2C: number | null;
  vrTempC: number | null;
  powerW: number | null;
  inputVoltageV: number | null;
  currentA: number | null;
  // settings in force
  coreVoltageMv: number | null;
  coreVoltageActualMv: number | null;
  frequencyMhz: number | null;
  fanPct: number | null;
  fanRpm: number | null;
  autoFan: boolean | null;
  tempTargetC: number | null;
  // shares and pool
  sharesAccepted: number | null;
  sharesRejected: number | null;
  bestDiff: number | null;
  bestSessionDiff: number | null;
  poolDifficulty: number | null;
  networkDifficulty: number | null;
  blocksFound: number | null;
  usingFallbackPool: boolean | null;
  poolUrl: string | null;
  /** The stratum user (address.worker) of the pool in use. */
  poolUser: string | null;
  /** How long the pool took to answer, as the firmware measured it (`responseTime`, ms; 2.10+). */
  poolResponseMs: number | null;
  // health
  uptimeS: number | null;
  overheat: boolean | null;
  powerFault: string | null;
  hardwareFault: string | null;
  miningPaused: boolean | null;
  wifiRssi: number | null;
}

/** The device's own allowed settings, from `/api/system/asic` (2.7+) or, failing that, the model table. */
export interface AsicInfo {
  asicModel: string | null;
  deviceModel: string | null;
  asicCount: number | null;
  defaultFrequencyMhz: number | null;
  defaultCoreVoltageMv: number | null;
  frequencyOptionsMhz: number[];
  voltageOptionsMv: number[];
}

/** Settings axepilot may write. Only the keys present are sent. */
export interface MinerSettings {
  frequencyMhz?: number;
  coreVoltageMv?: number;
  /** true = firmware PID on `temptarget`; false = manual at `fanPct`. */
  autoFan?: boolean;
  fanPct?: number;
  tempTargetC?: number;
  /** Only false: clears the firmware's overheat flag. */
  overheat?: false;
}

/** The keys of `axepilot poll --json`, in order. */
export const POLL_JSON_KEYS = [
  'mac', 'hostname', 'model', 'asicModel', 'asicCount', 'firmware', 'hashrateGhs', 'hashrate1mGhs', 'hashrate10mGhs',
  'expectedHashrateGhs', 'efficiencyJth', 'chipTempC', 'vrTempC', 'powerW', 'inputVoltageV', 'coreVoltageMv',
  'coreVoltageActualMv', 'frequencyMhz', 'fanPct', 'fanRpm', 'errorPct', 'sharesAccepted', 'sharesRejected', 'bestDiff',
  'bestSessionDiff', 'uptimeS', 'overheat', 'usingFallbackPool', 'poolUrl', 'poolUser', 'poolResponseMs', 'wifiRssi',
] as const satisfies readonly (keyof Telemetry)[];
