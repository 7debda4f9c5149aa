/**
 * What the Home Assistant bridge needs of an autopilot: its modes and states for a select and an enum sensor, and a
 * way to change a miner's mode on the owner's behalf. `main` passes one when the autopilot runs; without it the
 * bridge publishes neither entity.
 */
import type { Actor } from '../../control/actor.js';

export interface AutopilotControl {
  /** The modes an owner can choose, e.g. `off`, `efficiency`, `hashrate`. */
  readonly modes: readonly string[];
  /** Every state the autopilot reports, for the enum sensor's options. */
  readonly states: readonly string[];
  /** The miner's mode and state now (by the owner's name for the miner); null when the autopilot does not know it. */
  status(miner: string): { mode: string; state: string } | null;
  /** Changes the mode; rejects with a GuardRefusal-like error whose message says why not. */
  setMode(miner: string, mode: string, actor: Actor): Promise<void>;
}
