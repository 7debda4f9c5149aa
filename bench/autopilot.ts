/**
 * `npm run bench:autopilot`: a simulated day for seven miners under each policy, side by side, on the virtual clock.
 * Policies: (a) stock settings, no control; (b) the seed autopilot's loop (as shipped, and with its thresholds at the
 * owner's limits); (c) Kywalh's LiveOptimizer engine (likewise); (d), (e) axepilot's autopilot in `hashrate` and
 * `efficiency` mode. Each miner is benchmarked once (the real smart benchmark) and every policy starts from that
 * result. Per policy: % of minutes inside every limit, firmware overheat trips, hashrate as % of the oracle's
 * (bench/autopilot/oracle.ts), J/TH, writes per miner-day, direction changes per hour, restarts, minutes from the
 * stall to hashing again.
 *
 * Nothing is asserted; the table goes to docs/performance.md ("Autopilot"). Targets for axepilot: inside the limits
 * ≥ 99.5 % of minutes, 0 firmware trips, ≥ 97 % of the oracle's hashrate, ≤ 48 writes per miner-day, and ahead of (b)
 * and (c) on hashrate at equal or better safety. Miners run in parallel child processes (`--jobs`, default 2);
 * `--only gamma-2,ultra-1` and `--policies stock,axepilot-hashrate` narrow the run.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseConfig } from '../src/config/load.js';
import { axepilotEfficiencyPolicy, axepilotHashratePolicy } from './autopilot/axepilot-policy.js';
import { benchmarkDevice } from './autopilot/benchmark.js';
import { runDay } from './autopilot/day.js';
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

/** One miner's day under every policy, in this process. */
export async function deviceDays(spec: ScenarioDevice, policies: readonly Policy[], log: (line: string) => void = () => undefined): Promise<DayMetrics[]> {
  const config = parseConfig(structuredClone(SCENARIO_CONFIG), {});
  const benchmark = await benchmarkDevice(spec, config);
  const limits = ownerLimits(config, spec.model);
  const oracle = oracleDay(spec, benchmark.passing, limits);
  log(`${spec.name}: ladder ${benchmark.ladder.map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`).join(' ')} (benchmark ${benchmark.deviceMinutes.toFixed(0)} min of device time)`);
  const days: DayMetrics[] = [];
  for (const policy of policies) {
    const t0 = performance.now();
    const day = await runDay({ spec, policy, benchmark, oracle, limits, config });
    days.push(day);
    log(`  ${spec.name} ${policy.name}: ${((day.hashrateGhs / day.oracleGhs) * 100).toFixed(1)} % of oracle, inside ${((day.insideMinutes / day.minutes) * 100).toFixed(2)} %, trips ${day.trips}, writes ${day.writes} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return days;
}

/** Every miner in a child process of its own, `jobs` at a time; the days come back as JSON on stdout. */
async function parallelDays(devices: readonly ScenarioDevice[], policies: readonly Policy[], jobs: number): Promise<{ days: DayMetrics[]; cpuS: number }> {
  const script = fileURLToPath(import.meta.url);
  const queue = [...devices];
  const days: DayMetrics[] = [];
  let cpuS = 0;
  const worker = async (): Promise<void> => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) {
      const child = spawn(process.execPath, [...process.execArgv, script, '--worker', spec.name, '--policies', policies.map(policyArg).join(',')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      if (code !== 0) throw new Error(`the day of ${spec.name} failed (exit ${code})`);
      const answer = JSON.parse(out) as { days: DayMetrics[]; cpuS: number };
      days.push(...answer.days.map((d) => ({ ...d, stallMinutes: d.stallMinutes === -1 ? Infinity : d.stallMinutes })));
      cpuS += answer.cpuS;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return { days, cpuS };
}

function policyArg(policy: Policy): string {
  return policy.name.replace(/ /g, '-');
}

function byOrder(devices: readonly ScenarioDevice[], policies: readonly Policy[], days: readonly DayMetrics[]): PolicySummary[] {
  const order = devices.map((d) => d.name);
  return policies.map((p) => summarize(p.name, days.filter((d) => d.policy === p.name).sort((a, b) => order.indexOf(a.device) - order.indexOf(b.device))));
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
  const devices = only ? SCENARIO_DEVICES.filter((d) => only.includes(d.name)) : SCENARIO_DEVICES;
  const policies = policyNames ? POLICIES.filter((p) => policyNames.includes(policyArg(p))) : POLICIES;
  const workerOf = arg('--worker')?.[0];
  if (workerOf !== undefined) {
    const spec = SCENARIO_DEVICES.find((d) => d.name === workerOf);
    if (!spec) throw new Error(`no scenario miner called ${workerOf}`);
    const days = await deviceDays(spec, policies, (line) => process.stderr.write(`${line}\n`));
    const cpu = process.cpuUsage(cpuBefore);
    // JSON has no Infinity: a stall that never healed travels as -1.
    const json = days.map((d) => ({ ...d, stallMinutes: d.stallMinutes === Infinity ? -1 : d.stallMinutes }));
    process.stdout.write(JSON.stringify({ days: json, cpuS: (cpu.user + cpu.system) / 1e6 }));
  } else {
    const jobs = Number(arg('--jobs')?.[0] ?? Math.min(2, cpus().length));
    const { days, cpuS } = await parallelDays(devices, policies, jobs);
    const summaries = byOrder(devices, policies, days);
    process.stdout.write(`# autopilot on a simulated day (${new Date().toISOString().slice(0, 10)})\n\n${describeScenario()}\n\n`);
    for (const p of policies) process.stdout.write(`- ${p.name}: ${p.describe}\n`);
    process.stdout.write(`\n${policyTable(summaries)}\n\n${minerTable(summaries)}\n`);
    const own = process.cpuUsage(cpuBefore);
    const totalCpu = cpuS + (own.user + own.system) / 1e6;
    process.stdout.write(`\n(${((performance.now() - started) / 1000).toFixed(1)} s wall time with ${jobs} jobs; ${totalCpu.toFixed(1)} s CPU in the simulated days)\n`);
  }
}
