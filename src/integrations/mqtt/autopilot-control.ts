/**
 * The autopilot as Home Assistant sees it: a select with the owner's modes and an enum sensor with what it does now.
 * A mode chosen in HA goes through the same door as `/autopilot <miner> on …` in chat: the autopilot's own checks
 * (hashrate and efficiency need a benchmark) and its decision log, with Home Assistant named as who asked.
 */
import type { Clock } from '../../core/clock.js';
import type { Actor } from '../../control/actor.js';
import { AUTOPILOT_MODES, type AutopilotMode } from '../../autopilot/types.js';
import type { AutopilotStatus } from '../../autopilot/service.js';
import type { AutopilotControl } from './autopilot-port.js';

/** What it does now: off, paused (an outside change, for a while), or the mode in force (a schedule may change it). */
export const AUTOPILOT_STATES = ['off', 'paused', 'protect', 'hashrate', 'efficiency'] as const;

export interface AutopilotLike {
  status(miner?: string): AutopilotStatus[];
  setMode(miner: string, mode: AutopilotMode, by: Actor): string;
}

const isMode = (value: string): value is AutopilotMode => (AUTOPILOT_MODES as readonly string[]).includes(value);

export function autopilotControlOf(autopilot: AutopilotLike, clock: Clock): AutopilotControl {
  return {
    modes: AUTOPILOT_MODES,
    states: AUTOPILOT_STATES,
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
      return { mode: status.mode, state: status.mode === 'off' ? 'off' : paused ? 'paused' : status.modeNow };
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
