/**
 * (d), (e) axepilot's own autopilot: the real service (src/autopilot/) in the sim rig it ships with (fleet collector
 * polling the simulated miner, its bus feeding the autopilot, the real guard with the daily write budget), in
 * `hashrate` or `efficiency` mode. The miner's benchmark (the same run every policy starts from) is stored as its
 * latest benchmark, so the autopilot builds its ladder from it exactly as it would after `/bench`.
 */
import { AUTOPILOT_ACTOR } from '../../src/autopilot/index.js';
import { createSimAutopilot } from '../../src/autopilot/sim-run.js';
import type { AutopilotMode } from '../../src/autopilot/types.js';
import { BenchRepository } from '../../src/bench/repository.js';
import type { DayRun, Policy, PolicySetup } from './policy.js';
import { WARM_UP_MS } from './policy.js';

/** The fleet's poll interval in the bench (the config default is 5 s; 10 s halves the wall time of a day). */
export const AXEPILOT_POLL_MS = 10_000;

async function openAxepilot(setup: PolicySetup, mode: AutopilotMode): Promise<DayRun> {
  const { spec, clock, config, benchmark } = setup;
  const rig = await createSimAutopilot({
    miners: [{ name: spec.name, model: spec.model, seed: spec.seed, firmware: spec.firmware }],
    config, clock, pollIntervalMs: AXEPILOT_POLL_MS, warmUpMs: WARM_UP_MS,
  });
  const bench = new BenchRepository(rig.store.db);
  const runId = bench.createRun({
    minerName: spec.name, minerId: null, strategy: 'smart', objective: 'efficiency', mode: 'quick', startedAt: clock.now() - 1,
    provenance: benchmark.provenance,
  });
  for (const point of benchmark.points) bench.addPoint(runId, point);
  bench.finishRun(runId, {
    state: 'done', endedAt: clock.now(), deviceTimeMs: benchmark.endedAt - benchmark.startedAt,
    outcome: { picks: {}, finalSettings: 'original', error: null },
  });
  rig.autopilot.setMode(spec.name, mode, AUTOPILOT_ACTOR);
  const device = rig.devices.get(spec.name);
  if (!device) throw new Error(`${spec.name}: not in the autopilot rig`);
  return { miner: spec.name, device, guard: rig.guard, advance: (ms) => rig.advance(ms), stop: () => rig.stop() };
}

export const axepilotHashratePolicy: Policy = {
  name: 'axepilot hashrate',
  describe: 'axepilot\'s autopilot in `hashrate` mode (the real service, fed by the fleet collector polling every 10 s)',
  open: (setup) => openAxepilot(setup, 'hashrate'),
};

export const axepilotEfficiencyPolicy: Policy = {
  name: 'axepilot efficiency',
  describe: 'axepilot\'s autopilot in `efficiency` mode (same service, aiming for the ladder\'s best J/TH rung)',
  open: (setup) => openAxepilot(setup, 'efficiency'),
};
