/**
 * `npm run bench:autopilot`: a simulated day for seven miners under each policy, side by side, on the virtual clock.
 * Policies: (a) stock settings, no control; (b) the seed autopilot's loop; (c) Kywalh's LiveOptimizer engine;
 * (d), (e) axepilot's autopilot in `hashrate` and `efficiency` mode. Each miner is benchmarked once (the real smart
 * benchmark) and every policy starts from that result. Per policy: % of minutes inside every limit, firmware
 * overheat trips, hashrate as % of the oracle's (bench/autopilot/oracle.ts), J/TH, writes per miner-day, direction
 * changes per hour, restarts, minutes from the stall to hashing again.
 *
 * Nothing is asserted; the table goes to docs/performance.md ("Autopilot"). Targets for axepilot: inside the limits
 * ≥ 99.5 % of minutes, 0 firmware trips, ≥ 97 % of the oracle's hashrate, ≤ 48 writes per miner-day, and ahead of (b)
 * and (c) on hashrate at equal or better safety. `--only gamma-2,ultra-1` and `--policies stock,seed` narrow the run.
 */
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../src/config/load.js';
import { benchmarkDevice } from './autopilot/benchmark.js';
import { runDay } from './autopilot/day.js';
import { axepilotEfficiencyPolicy, axepilotHashratePolicy } from './autopilot/axepilot-policy.js';
import { liveOptimizerAtOwnerLimitsPolicy, liveOptimizerPolicy } from './autopilot/live-optimizer.js';
import { summarize, type DayMetrics, type PolicySummary } from './autopilot/metrics.js';
import { oracleDay } from './autopilot/oracle.js';
import { stockPolicy, type Policy } from './autopilot/policy.js';
import { describeScenario, ownerLimits, SCENARIO_CONFIG, SCENARIO_DEVICES, type ScenarioDevice } from './autopilot/scenario.js';
import { seedAtOwnerLimitsPolicy, seedAutopilotPolicy } from './autopilot/seed-autopilot.js';
import { minerTable, policyTable } from './autopilot/table.js';

export const POLICIES: readonly Policy[] = [
  stockPolicy, seedAutopilotPolicy, seedAtOwnerLimitsPolicy, liveOptimizerPolicy, liveOptimizerAtOwnerLimitsPolicy,
  axepilotHashratePolicy, axepilotEfficiencyPolicy,
];

export async function autopilotBench(options: { devices?: readonly ScenarioDevice[]; policies?: readonly Policy[]; log?: (line: string) => void } = {}): Promise<PolicySummary[]> {
  const devices = options.devices ?? SCENARIO_DEVICES;
  const policies = options.policies ?? POLICIES;
  const log = options.log ?? ((): void => undefined);
  const config = parseConfig(structuredClone(SCENARIO_CONFIG), {});
  const days = new Map<string, DayMetrics[]>(policies.map((p) => [p.name, []]));
  for (const spec of devices) {
    const started = performance.now();
    const benchmark = await benchmarkDevice(spec, config);
    const limits = ownerLimits(config, spec.model);
    const oracle = oracleDay(spec, benchmark.ladder, limits);
    log(`${spec.name}: ladder ${benchmark.ladder.map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`).join(' ')} (benchmark ${benchmark.deviceMinutes.toFixed(0)} min of device time)`);
    for (const policy of policies) {
      const t0 = performance.now();
      const day = await runDay({ spec, policy, benchmark, oracle, limits, config });
      days.get(policy.name)?.push(day);
      log(`  ${policy.name}: ${((day.hashrateGhs / day.oracleGhs) * 100).toFixed(1)} % of oracle, inside ${((day.insideMinutes / day.minutes) * 100).toFixed(2)} %, trips ${day.trips}, writes ${day.writes} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
    log(`  (${((performance.now() - started) / 1000).toFixed(1)} s for ${spec.name})`);
  }
  return policies.map((p) => summarize(p.name, days.get(p.name) ?? []));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const arg = (flag: string): string[] | null => {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? (process.argv[i + 1] ?? '').split(',').filter((x) => x !== '') : null;
  };
  const only = arg('--only');
  const policyNames = arg('--policies');
  // Policy names have spaces ("axepilot hashrate"): match on the start of each given word.
  const devices = only ? SCENARIO_DEVICES.filter((d) => only.includes(d.name)) : SCENARIO_DEVICES;
  const policies = policyNames ? POLICIES.filter((p) => policyNames.some((n) => p.name === n || p.name.replace(' ', '-') === n)) : POLICIES;
  const summaries = await autopilotBench({ devices, policies, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`# autopilot on a simulated day (${new Date().toISOString().slice(0, 10)})\n\n${describeScenario()}\n\n`);
  for (const p of policies) process.stdout.write(`- ${p.name}: ${p.describe}\n`);
  process.stdout.write(`\n${policyTable(summaries)}\n\n${minerTable(summaries)}\n`);
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(`\n(${((performance.now() - started) / 1000).toFixed(1)} s wall time, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)\n`);
}
