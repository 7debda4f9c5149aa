import type { Config } from '../config/schema.js';

/** The part of the configuration the alert engine reads. */
export type AlertConfig = Pick<Config, 'alerts' | 'limits' | 'miners' | 'timezone'>;

/** Temperature lines for one miner: the global `limits`, overridden by that miner's own `limits`. */
export interface MinerLimits {
  chipTempWarnC: number;
  chipTempCritC: number;
  vrTempWarnC: number;
  vrTempCritC: number;
}

/** `alerts.*` in milliseconds, ready for the lifecycle. */
export interface AlertSettings {
  repeatMs: number;
  groupWindowMs: number;
  hysteresisC: number;
  offlineMs: number;
  flatlineMs: number;
  lowHashratePct: number;
  lowHashrateMs: number;
  rejectedPctMax: number;
  quietHours: { from: string; to: string } | null;
  timeZone: string;
}

export function alertSettingsFrom(config: AlertConfig): AlertSettings {
  const a = config.alerts;
  return {
    repeatMs: a.repeatMinutes * 60_000,
    groupWindowMs: a.groupWindowSeconds * 1000,
    hysteresisC: a.hysteresisC,
    offlineMs: a.offlineSeconds * 1000,
    flatlineMs: a.flatlineMinutes * 60_000,
    lowHashratePct: a.lowHashratePct,
    lowHashrateMs: a.lowHashrateMinutes * 60_000,
    rejectedPctMax: a.rejectedPctMax,
    quietHours: a.quietHours,
    timeZone: config.timezone,
  };
}

export function minerLimitsFrom(config: AlertConfig, minerName: string): MinerLimits {
  const key = minerName.toLowerCase();
  const own = config.miners.find((m) => m.name.toLowerCase() === key)?.limits ?? {};
  const global = config.limits;
  return {
    chipTempWarnC: own.chipTempWarnC ?? global.chipTempWarnC,
    chipTempCritC: own.chipTempCritC ?? global.chipTempCritC,
    vrTempWarnC: own.vrTempWarnC ?? global.vrTempWarnC,
    vrTempCritC: own.vrTempCritC ?? global.vrTempCritC,
  };
}
