/**
 * The day `npm run bench:autopilot` replays: seven simulated miners (five Gammas with different silicon, a Supra, an
 * Ultra, on a mix of firmware), a room at 18 °C before dawn and 35 °C in the afternoon with a 38 °C spike, one fan
 * that dies for 30 minutes, and one miner that stops hashing until someone restarts it. The owner's limits are the
 * autopilot's defaults from the config (the same for every policy, so "inside the limits" means the same for all).
 */
import { modelById, type ModelId } from '../../src/axeos/models.js';
import type { Config } from '../../src/config/schema.js';
import type { AmbientPoint } from '../../src/sim/ambient.js';
import type { FirmwareId } from '../../src/sim/profiles.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** Midnight UTC of a summer day; the ambient schedule's times are UTC on the virtual clock. */
export const DAY_START = Date.UTC(2026, 6, 15);
/** The devices run (and the policies take over) this long before midnight, so the day starts warm. */
export const BEFORE_DAY_MS = 40 * MINUTE_MS;

export interface ScenarioDevice {
  name: string;
  model: ModelId;
  seed: number;
  firmware: FirmwareId;
  /** The fan dies at this minute of the day for `minutes`. */
  fanFailure?: { atMinute: number; minutes: number };
  /** The ASIC stops hashing at this minute of the day (the miner still answers) until it is restarted. */
  stall?: { atMinute: number };
}

export const SCENARIO_DEVICES: readonly ScenarioDevice[] = [
  { name: 'gamma-1', model: 'gamma', seed: 1, firmware: '2.12' },
  // Pause/resume (2.14+) is the only lever that stops an ASIC whose fan is dead before the firmware trips.
  { name: 'gamma-2', model: 'gamma', seed: 2, firmware: '2.15', fanFailure: { atMinute: 13 * 60, minutes: 30 } },
  { name: 'gamma-3', model: 'gamma', seed: 3, firmware: '2.12', stall: { atMinute: 10 * 60 } },
  { name: 'gamma-4', model: 'gamma', seed: 4, firmware: '2.10' },
  { name: 'gamma-5', model: 'gamma', seed: 5, firmware: '2.15' },
  { name: 'supra-1', model: 'supra', seed: 1, firmware: '2.10' },
  { name: 'ultra-1', model: 'ultra', seed: 1, firmware: '2.15' },
];

/** 18 °C before dawn, 35 °C through the afternoon with a 38 °C spike around 15:30, back to 21 °C by midnight. */
export const AMBIENT_DAY: readonly AmbientPoint[] = [
  { at: '00:00', ambientC: 21 },
  { at: '05:00', ambientC: 18 },
  { at: '09:00', ambientC: 24 },
  { at: '13:00', ambientC: 33 },
  { at: '14:30', ambientC: 35 },
  { at: '15:15', ambientC: 38 },
  { at: '15:45', ambientC: 38 },
  { at: '16:15', ambientC: 35 },
  { at: '18:00', ambientC: 33 },
  { at: '21:00', ambientC: 26 },
];

/**
 * The config every policy runs under: an owner who overclocks (the guard allows up to 800 MHz / 1300 mV beyond the
 * device's own options), so the benchmark's ladder reaches points that a hot afternoon makes unsafe; with the stock
 * options alone a Gamma's top point stays under 65 °C even in a 38 °C room and no policy would need to act.
 */
export const SCENARIO_CONFIG = {
  timezone: 'UTC',
  limits: { allowOverclock: true, maxFrequencyMhz: 800, maxCoreVoltageMv: 1300 },
} as const;

/** The owner's limits as the bench checks them: the autopilot defaults, with the model's power cap and input window. */
export interface OwnerLimits {
  chipTargetC: number;
  vrMaxC: number;
  fanMaxPct: number;
  powerCapW: number;
  errorMaxPct: number;
  inputVoltageMinV: number;
}

export function ownerLimits(config: Config, model: ModelId): OwnerLimits {
  const defaults = config.autopilot.defaults;
  const known = modelById(model);
  return {
    chipTargetC: defaults.chipTargetC,
    vrMaxC: defaults.vrMaxC,
    fanMaxPct: defaults.fanMaxPct,
    powerCapW: defaults.powerCapW ?? known?.maxPowerW ?? 40,
    errorMaxPct: defaults.errorMaxPct,
    inputVoltageMinV: defaults.inputVoltageMinV ?? known?.inputWindowV[0] ?? 4.8,
  };
}

export function describeScenario(): string {
  const faults = SCENARIO_DEVICES.flatMap((d) => [
    ...(d.fanFailure ? [`${d.name}'s fan dead ${clock(d.fanFailure.atMinute)}–${clock(d.fanFailure.atMinute + d.fanFailure.minutes)}`] : []),
    ...(d.stall ? [`${d.name} stops hashing at ${clock(d.stall.atMinute)} until restarted`] : []),
  ]);
  return `${SCENARIO_DEVICES.map((d) => `${d.name} (${d.firmware}, seed ${d.seed})`).join(', ')}; ambient ` +
    `${AMBIENT_DAY.map((p) => ('at' in p ? `${p.at} ${p.ambientC}` : '')).join(', ')} °C; ${faults.join('; ')}`;
}

export function clock(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
