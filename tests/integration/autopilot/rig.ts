/** The autopilot on simulated miners, the real collector, guard and a real SQLite file, on one virtual clock. */
import { createSimAutopilot, type SimAutopilot, type SimAutopilotMiner } from '../../../src/autopilot/sim-run.js';
import { AUTOPILOT_ACTOR, type DecisionRecord } from '../../../src/autopilot/index.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Actor } from '../../../src/control/actor.js';
import { openTempStore } from '../store/helpers.js';

export const OWNER: Actor = { kind: 'user', id: 'telegram:1', name: 'owner' };
export const MIN = 60_000;

export interface Rig extends SimAutopilot {
  cleanup(): Promise<void>;
  /** Decisions of one miner, oldest first. */
  log(miner?: string): DecisionRecord[];
  /** Advances minute by minute until `until` holds (or `maxMs` passed); returns the virtual ms it took. */
  advanceUntil(until: () => boolean, maxMs: number, stepMs?: number): Promise<number>;
  auditOf(miner?: string): AuditRow[];
}

export interface AuditRow {
  ts: number;
  actor_kind: string;
  action: string;
  result: string;
  after: string | null;
  detail: string | null;
}

export async function rig(options: { miners?: SimAutopilotMiner[]; autopilot?: Record<string, unknown>; startBenchmark?: (miner: string) => void } = {}): Promise<Rig> {
  const temp = openTempStore();
  const config = parseConfig({ timezone: 'UTC', autopilot: options.autopilot ?? {} }, {});
  const sim = await createSimAutopilot({
    miners: options.miners ?? [{ name: 'gamma', model: 'gamma', seed: 1, ambientC: 22 }], config, store: temp.store,
    ...(options.startBenchmark ? { startBenchmark: options.startBenchmark } : {}),
  });
  const world: Rig = {
    ...sim,
    cleanup: async () => {
      await sim.stop();
      temp.cleanup();
    },
    log: (miner = 'gamma') => sim.autopilot.decisions(miner, { limit: 10_000 }).reverse(),
    advanceUntil: async (until, maxMs, stepMs = 10_000) => {
      const start = sim.clock.now();
      while (!until() && sim.clock.now() - start < maxMs) await sim.advance(stepMs);
      return sim.clock.now() - start;
    },
    auditOf: (miner = 'gamma') => temp.store.db.prepare('SELECT ts, actor_kind, action, result, after, detail FROM audit WHERE miner_name = ? ORDER BY id').all(miner) as AuditRow[],
  };
  return world;
}

/** Benchmarked (from the simulator's truth) and turned on in a mode. */
export async function pilotOn(options: Parameters<typeof rig>[0] & { mode?: 'protect' | 'hashrate' | 'efficiency' } = {}): Promise<Rig> {
  const world = await rig(options);
  for (const name of world.devices.keys()) {
    world.benchmarkFromTruth(name);
    world.autopilot.setMode(name, options.mode ?? 'hashrate', AUTOPILOT_ACTOR);
  }
  return world;
}

export const moves = (log: readonly DecisionRecord[]): DecisionRecord[] => log.filter((d) => d.kind === 'up' || d.kind === 'down');
