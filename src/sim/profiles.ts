/**
 * Firmware profiles: what differs between the AxeOS versions a client meets in the field (AXEOS.md and the captured
 * fixtures). The physics is the same under every profile; only the HTTP surface and the firmware's own behaviour
 * (fan keys, PATCH validation, overheat protection, hashrate measurement) change.
 */
export type FirmwareId = '2.10' | '2.12' | '2.15' | 'nerdqaxe';

export const FIRMWARE_IDS: readonly FirmwareId[] = ['2.10', '2.12', '2.15', 'nerdqaxe'];

export interface FirmwareProfile {
  id: FirmwareId;
  family: 'esp-miner' | 'nerdqaxe';
  version: string;
  idfVersion: string;
  /** ≤ 2.13 pretty-prints with tabs (cJSON); 2.14+ and NerdQAxe (ArduinoJson) are compact. */
  json: 'tab-pretty' | 'compact';
  /** How floats print: the full double of a C float (≤ 2.10) or 7 decimals (2.11+). */
  floats: 'float32' | 'fixed7';
  /** `bestDiff`: `"2.03 G"` strings up to 2.10, numbers from 2.11. */
  bestDiff: 'suffix-string' | 'number';
  /** `temp2` with no second sensor: 0 in 2.10, -1 later; NerdQAxe sends `asicTemps[]` instead. */
  temp2NoReading: 0 | -1 | null;
  rollingHashrates: boolean;
  dailyHashrate: boolean;
  errorPercentage: boolean;
  /** 2.11+ reads the ASIC's hash counters; before, the rate was estimated from found nonces (±10 %). */
  hashrateSource: 'counters' | 'nonces';
  /** PATCH key for the manual fan duty: `fanspeed` up to 2.10 (ignored from 2.11), `manualFanSpeed` after. */
  manualFanKey: 'fanspeed' | 'manualFanSpeed';
  tempTargetKey: 'temptarget' | 'pidTargetTemp';
  /** `autofanspeed` value for "auto": 1 on ESP-Miner, 2 (PID) on NerdQAxe. */
  autoFanMode: number;
  /** 2.11+: a known key with a wrong type or range → 400 `Wrong API input` and nothing saved. */
  rejectsBadInput: boolean;
  overheat: 'reboot-latched' | 'stop-and-recover' | 'shutdown';
  actualFrequency: boolean;
  pauseResume: boolean;
  identify: boolean;
  asicCountInInfo: boolean;
  /** 2.15 configures pools through `pools[]` and ignores the flat `stratum*` keys on PATCH. */
  poolsArray: boolean;
  restartAnswer: 'text' | 'json';
  fanSpeedFloat: boolean;
  rejectReasons: readonly string[];
}

const V2_12: FirmwareProfile = {
  id: '2.12', family: 'esp-miner', version: 'v2.12.2', idfVersion: 'v5.5.1', json: 'tab-pretty', floats: 'fixed7',
  bestDiff: 'number', temp2NoReading: -1, rollingHashrates: true, dailyHashrate: false, errorPercentage: true,
  hashrateSource: 'counters', manualFanKey: 'manualFanSpeed', tempTargetKey: 'temptarget', autoFanMode: 1,
  rejectsBadInput: true, overheat: 'stop-and-recover', actualFrequency: false, pauseResume: false, identify: true,
  asicCountInInfo: false, poolsArray: false, restartAnswer: 'text', fanSpeedFloat: true, rejectReasons: ['Stale'],
};

export const PROFILES: Readonly<Record<FirmwareId, FirmwareProfile>> = {
  '2.10': {
    ...V2_12, id: '2.10', version: 'v2.10.1', idfVersion: 'v5.5', floats: 'float32', bestDiff: 'suffix-string',
    temp2NoReading: 0, rollingHashrates: false, errorPercentage: false, hashrateSource: 'nonces', manualFanKey: 'fanspeed',
    rejectsBadInput: false, overheat: 'reboot-latched', identify: false, fanSpeedFloat: false,
    rejectReasons: ['Above target', 'Stale'],
  },
  '2.12': V2_12,
  '2.15': {
    ...V2_12, id: '2.15', version: 'v2.15.0', json: 'compact', actualFrequency: true, pauseResume: true,
    poolsArray: true, restartAnswer: 'json',
  },
  nerdqaxe: {
    ...V2_12, id: 'nerdqaxe', family: 'nerdqaxe', version: '1.0.36', idfVersion: 'v5.4', json: 'compact',
    temp2NoReading: null, dailyHashrate: true, errorPercentage: false, tempTargetKey: 'pidTargetTemp', autoFanMode: 2,
    rejectsBadInput: false, overheat: 'shutdown', identify: false, asicCountInInfo: true,
  },
};

export function profileFor(id: FirmwareId): FirmwareProfile {
  return PROFILES[id];
}

export function isFirmwareId(value: string): value is FirmwareId {
  return (FIRMWARE_IDS as readonly string[]).includes(value);
}
