/** What the autopilot keeps per miner across restarts: plain JSON in `autopilot_miners`. */
import type { MinerSettings } from '../axeos/telemetry.js';
import { emptyMemory, type AutopilotLimits, type AutopilotMode, type PolicyMemory } from './types.js';

export interface HealingMemory {
  /** Since when the miner has answered with hashrate 0 (null: it hashes). */
  zeroSince: number | null;
  /** When the autopilot restarted it, within the restart window. */
  restarts: number[];
  /** When a person was called because restarts did not help (null: not now). */
  needsPersonSince: number | null;
  /** The firmware's overheat protection tripped: when, and the rung it ran then. */
  overheat: { at: number; frequencyMhz: number | null; coreVoltageMv: number | null } | null;
  /** When the autopilot paused mining because the fan stopped (null: it did not). */
  fanPausedAt: number | null;
}

export interface DriftMemory {
  /** Smoothed ratio of measured to benchmarked J/TH at the same rung (1.05 = 5 % worse). */
  ratio: number | null;
  ratioAt: number | null;
  since: number | null;
  notifiedAt: number | null;
  /** Reported, and a re-benchmark waits for the night window. */
  rebenchPending: boolean;
}

export interface MinerAutopilotState {
  mode: AutopilotMode;
  /** The rung the autopilot last put the miner on. */
  rung: { frequencyMhz: number; coreVoltageMv: number } | null;
  /** The owner's own settings when the autopilot was turned on (protect mode's top rung). */
  owner: MinerSettings | null;
  /** Limits the owner set from chat, over the config's. */
  limits: Partial<AutopilotLimits>;
  memory: PolicyMemory;
  healing: HealingMemory;
  pausedUntil: number | null;
  pauseReason: string | null;
  /** The last thing it wrote (to tell its own changes from anyone else's). */
  lastWritten: { at: number; settings: MinerSettings } | null;
  lastDecision: { at: number; text: string } | null;
  drift: DriftMemory;
  /** The voltage half of a step down, written once the frequency has ramped down (F↓ before V↓). */
  pendingVoltage: { coreVoltageMv: number; dueAt: number; reason: string } | null;
}

export function initialState(): MinerAutopilotState {
  return {
    mode: 'off', rung: null, owner: null, limits: {}, memory: emptyMemory(),
    healing: { zeroSince: null, restarts: [], needsPersonSince: null, overheat: null, fanPausedAt: null },
    pausedUntil: null, pauseReason: null, lastWritten: null, lastDecision: null,
    drift: { ratio: null, ratioAt: null, since: null, notifiedAt: null, rebenchPending: false },
    pendingVoltage: null,
  };
}

/** A stored state from an older axepilot may lack newer fields: fill them from the initial state. */
export function completeState(stored: Partial<MinerAutopilotState>): MinerAutopilotState {
  const base = initialState();
  return {
    ...base, ...stored,
    memory: { ...base.memory, ...(stored.memory ?? {}) },
    healing: { ...base.healing, ...(stored.healing ?? {}) },
    drift: { ...base.drift, ...(stored.drift ?? {}) },
  };
}
