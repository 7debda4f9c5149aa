/**
 * What the Home Assistant bridge needs of an autopilot: its modes and states for a select and an enum sensor, and a
 * way to change a miner's mode and limits on the owner's behalf. `main` passes one when the autopilot runs; without it the
 * bridge publishes neither entity.
 */
import type { Actor } from '../../control/actor.js';

export interface AutopilotControl {
  /** The modes an owner can choose, e.g. `off`, `efficiency`, `hashrate`. */
  readonly modes: readonly string[];
  /** Every state the autopilot reports, for the enum sensor's options. */
  readonly states: readonly string[];
  /** The limits an owner may set from Home Assistant, each as a number entity with its range. */
  readonly limits: readonly AutopilotLimitControl[];
  /** The miner's mode, state and limits in force now (by the owner's name for the miner); null when the autopilot does not know it. */
  status(miner: string): { mode: string; state: string; limits: Readonly<Record<string, number | null>> } | null;
  /** Sets one limit (a `limits[].control`); rejects with the autopilot's own words when the value is not allowed. */
  setLimit(miner: string, control: string, value: number, actor: Actor): Promise<void>;
  /** Changes the mode; rejects with a GuardRefusal-like error whose message says why not. */
  setMode(miner: string, mode: string, actor: Actor): Promise<void>;
}

/** One autopilot limit as a Home Assistant number: its control name (`autopilot_fan_max`), words, unit and range. */
export interface AutopilotLimitControl {
  control: string;
  name: string;
  unit: string;
  min: number;
  max: number;
  step: number;
}
