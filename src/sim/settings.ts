import type { MinerModel } from '../axeos/models.js';
import { SHARES } from './calibration.js';
import type { FirmwareProfile } from './profiles.js';

/**
 * What the device keeps in flash (NVS): it survives restarts, and the firmware reads it back live (frequency,
 * voltage and fan apply at once; hostname, wifi and pool keys after the next restart).
 */
export interface FlashSettings {
  frequencyMhz: number;
  coreVoltageMv: number;
  /** Raw `autofanspeed`: 0 = manual; ESP-Miner 1 = PID; NerdQAxe 1/2/3 = its auto modes. */
  fanMode: number;
  manualFanPct: number;
  tempTargetC: number;
  minFanPct: number;
  overheatMode: number;
  hostname: string;
  ssid: string;
  stratumURL: string;
  stratumPort: number;
  stratumUser: string;
  stratumPassword: string;
  stratumSuggestedDifficulty: number;
  stratumExtranonceSubscribe: number;
  fallbackStratumURL: string;
  fallbackStratumPort: number;
  fallbackStratumUser: string;
  fallbackStratumPassword: string;
  fallbackStratumSuggestedDifficulty: number;
  fallbackStratumExtranonceSubscribe: number;
  display: string;
  rotation: number;
  invertscreen: number;
  displayTimeout: number;
  overclockEnabled: number;
  statsFrequency: number;
}

export function factorySettings(options: { model: MinerModel; profile: FirmwareProfile; hostname: string }): FlashSettings {
  const user = 'bc1qsim0axepilot0demo0wallet0xxxxxxxxxxxxxxxx';
  return {
    frequencyMhz: options.model.defaultFrequencyMhz,
    coreVoltageMv: options.model.defaultCoreVoltageMv,
    fanMode: options.profile.autoFanMode,
    manualFanPct: 100,
    tempTargetC: 60,
    minFanPct: 25,
    overheatMode: 0,
    hostname: options.hostname,
    ssid: 'SimNet',
    stratumURL: 'public-pool.io',
    stratumPort: 21496,
    stratumUser: `${user}.${options.hostname}`,
    stratumPassword: 'x',
    stratumSuggestedDifficulty: SHARES.poolDifficulty,
    stratumExtranonceSubscribe: 0,
    fallbackStratumURL: 'solo.ckpool.org',
    fallbackStratumPort: 3333,
    fallbackStratumUser: `${user}.${options.hostname}`,
    fallbackStratumPassword: 'x',
    fallbackStratumSuggestedDifficulty: SHARES.poolDifficulty,
    fallbackStratumExtranonceSubscribe: 0,
    display: 'SSD1306 (128x32)',
    rotation: 0,
    invertscreen: 0,
    displayTimeout: -1,
    overclockEnabled: 0,
    statsFrequency: 0,
  };
}

export function isAutoFan(settings: FlashSettings): boolean {
  return settings.fanMode !== 0;
}
