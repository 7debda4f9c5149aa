/**
 * The limits and mode in force for one miner at one instant: fleet defaults, the miner's own config, what the owner
 * set from chat, and on top whatever schedule window is open now (in the config's `timezone`).
 */
import type { MinerModel } from '../axeos/models.js';
import type { Config } from '../config/schema.js';
import type { PolicyTuning } from './policy.js';
import type { AutopilotLimits, AutopilotMode } from './types.js';
import { inDailyWindow } from '../core/local-time.js';

type AutopilotConfig = Config['autopilot'];
type Schedule = AutopilotConfig['schedules'][number];

/** Without a known model, a 5 V board's plug limit is the cautious guess (the benchmark uses the same). */
const UNKNOWN_MODEL_MAX_POWER_W = 40;

/** The schedule windows open now for this miner, in config order (a later one wins where both set a key). */
export function openSchedules(config: Config, miner: string, now: number): Schedule[] {
  const key = miner.toLowerCase();
  return config.autopilot.schedules.filter((s) =>
    (!s.miners || s.miners.some((m) => m.toLowerCase() === key)) && inDailyWindow(s, now, config.timezone));
}

function configuredFor(config: Config, miner: string): Partial<AutopilotLimits> {
  const key = miner.toLowerCase();
  const entry = Object.entries(config.autopilot.miners).find(([name]) => name.toLowerCase() === key);
  return entry?.[1] ?? {};
}

const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

export function limitsFor(options: { config: Config; miner: string; model: MinerModel | undefined; fromChat: Partial<AutopilotLimits>; now: number }): AutopilotLimits {
  const { config, miner, model } = options;
  const merged: AutopilotLimits = {
    ...config.autopilot.defaults,
    ...defined(configuredFor(config, miner)),
    ...defined(options.fromChat),
  };
  for (const schedule of openSchedules(config, miner, options.now)) Object.assign(merged, defined(schedule.limits ?? {}));
  return {
    ...merged,
    powerCapW: merged.powerCapW ?? model?.maxPowerW ?? UNKNOWN_MODEL_MAX_POWER_W,
    inputVoltageMinV: merged.inputVoltageMinV ?? model?.inputWindowV[0] ?? null,
  };
}

/** The mode in force: the owner's, unless a schedule window changes it (never turning on a miner that is off). */
export function modeFor(config: Config, miner: string, ownerMode: AutopilotMode, now: number): AutopilotMode {
  if (ownerMode === 'off') return 'off';
  let mode = ownerMode;
  for (const schedule of openSchedules(config, miner, now)) if (schedule.mode) mode = schedule.mode;
  return mode;
}

export function tuningFrom(config: Config): PolicyTuning {
  const a = config.autopilot;
  return {
    windowMs: a.windowSeconds * 1000,
    settleMs: a.settleSeconds * 1000,
    holdMs: a.holdMinutes * 60_000,
    deadbandC: a.deadbandC,
    holdOffMs: a.holdOffMinutes * 60_000,
  };
}
