/**
 * The autopilot as Home Assistant sees it: a select with the owner's modes, an enum sensor with what it does now, and
 * a number per limit. A mode or limit chosen in HA goes through the same door as `/autopilot <miner> on …` and
 * `/autopilot <miner> set …` in chat: the autopilot's own checks (hashrate and efficiency need a benchmark; a limit
 * out of its range is refused) and its decision log, with Home Assistant named as who asked.
 */
import type { Clock } from '../../core/clock.js';
import type { Actor } from '../../control/actor.js';
import { AUTOPILOT_MODES, LIMIT_LABELS, type AutopilotMode, type LimitKey } from '../../autopilot/types.js';
import type { AutopilotStatus } from '../../autopilot/service.js';
import type { AutopilotControl, AutopilotLimitControl } from './autopilot-port.js';

/** What it does now: off, paused (an outside change, for a while), or the mode in force (a schedule may change it). */
export const AUTOPILOT_STATES = ['off', 'paused', 'protect', 'hashrate', 'efficiency'] as const;

export interface AutopilotLike {
  status(miner?: string): AutopilotStatus[];
  setMode(miner: string, mode: AutopilotMode, by: Actor): string;
  setLimit(miner: string, key: LimitKey, value: number | null, by: Actor): string;
}

/**
 * Each limit's number entity. The ranges are the config's (`autopilotLimitsShape`); the two the config leaves open
 * (power cap, input voltage floor) get the widest a Bitaxe-family board can use, so HA can draw a box for them.
 */
const LIMIT_CONTROLS: ReadonlyArray<{ key: LimitKey; control: string; min: number; max: number; step: number }> = [
  { key: 'chipTargetC', control: 'autopilot_chip_target', min: 35, max: 74, step: 1 },
  { key: 'vrMaxC', control: 'autopilot_vr_max', min: 40, max: 104, step: 1 },
  { key: 'fanMaxPct', control: 'autopilot_fan_max', min: 20, max: 100, step: 1 },
  { key: 'powerCapW', control: 'autopilot_power_cap', min: 5, max: 200, step: 1 },
  { key: 'errorMaxPct', control: 'autopilot_error_max', min: 0, max: 100, step: 0.1 },
  { key: 'inputVoltageMinV', control: 'autopilot_input_min', min: 3, max: 15, step: 0.1 },
];

export const AUTOPILOT_LIMIT_CONTROLS: readonly AutopilotLimitControl[] = LIMIT_CONTROLS.map(({ key, control, min, max, step }) => ({
  control, name: `Autopilot ${LIMIT_LABELS[key].name}`, unit: LIMIT_LABELS[key].unit, min, max, step,
}));

const isMode = (value: string): value is AutopilotMode => (AUTOPILOT_MODES as readonly string[]).includes(value);

export function autopilotControlOf(autopilot: AutopilotLike, clock: Clock): AutopilotControl {
  return {
    modes: AUTOPILOT_MODES,
    states: AUTOPILOT_STATES,
    limits: AUTOPILOT_LIMIT_CONTROLS,
    status(miner) {
      let status: AutopilotStatus | undefined;
      try {
        status = autopilot.status(miner)[0];
      } catch {
        // A miner the autopilot does not know (not polled yet): HA shows the entity as unknown.
        return null;
      }
      if (!status) return null;
      const paused = status.pausedUntil !== null && status.pausedUntil > clock.now();
      const limits = Object.fromEntries(LIMIT_CONTROLS.map(({ key, control }) => [control, status.limits[key]]));
      return { mode: status.mode, state: status.mode === 'off' ? 'off' : paused ? 'paused' : status.modeNow, limits };
    },
    setLimit(miner, control, value, actor) {
      const limit = LIMIT_CONTROLS.find((l) => l.control === control);
      if (!limit) return Promise.reject(new Error(`no autopilot limit called "${control}"`));
      try {
        autopilot.setLimit(miner, limit.key, value, actor);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    setMode(miner, mode, actor) {
      // The bridge checks the payload against `modes`; this guards any other caller.
      if (!isMode(mode)) return Promise.reject(new Error(`autopilot mode must be one of ${AUTOPILOT_MODES.join(', ')}`));
      try {
        autopilot.setMode(miner, mode, actor);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
