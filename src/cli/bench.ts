/**
 * `axepilot bench <host-or-url>`: benchmarks one real miner (real clock, HTTP), or with `--sim <model> --seed <n>` an
 * in-process simulated one on a virtual clock (finishes in seconds). No prompt: the command is the owner's
 * confirmation. Progress goes to stderr, one line per point; `--json` prints exactly one JSON object on stdout.
 *
 * Crash safety: the guard writes the restore point to the service's database (AXEPILOT_DB, else config `database`)
 * before the first write, so a run killed even with SIGKILL is put back by the next `axepilot start` (or the next
 * `axepilot bench` of the same miner). SIGINT and SIGTERM restore the original settings, then exit.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { MinerClient } from '../axeos/client.js';
import { HttpTransport } from '../axeos/http-transport.js';
import { BenchRepository } from '../bench/repository.js';
import { runBenchmark, type BenchRunResult } from '../bench/run.js';
import { benchResultJson } from '../bench/result-json.js';
import { describeResult, type BenchProgress } from '../bench/progress.js';
import { formatSpan as formatDuration } from '../core/units.js';
import { createSimBench, driveVirtualClock } from '../bench/sim-run.js';
import { STRATEGIES } from '../bench/strategies/index.js';
import { BENCH_MODES, OBJECTIVES, describePoint, type BenchMode, type Objective } from '../bench/types.js';
import { RealClock, VirtualClock } from '../core/clock.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { loadConfig } from '../config/load.js';
import { minerBaseUrl, type Config } from '../config/schema.js';
import type { ModelId } from '../axeos/models.js';
import { parseModelList } from '../sim/fleet.js';
import { SettingsGuard } from '../control/guard.js';
import { normalizeMac } from '../store/miners.js';
import { openStore } from '../store/store.js';
import { errorGateNote, whatHappened } from '../bench/run-story.js';
import { finishPendingRestore } from './bench-restore.js';

const USAGE = `usage: axepilot bench <host-or-url> [--strategy smart|classic] [--objective efficiency|hashrate|balanced]
                       [--mode quick|full] [--apply] [--json]
       axepilot bench --sim <model> --seed <n> [--strategy …] [--objective …] [--mode …] [--json]`;

const EXIT = { done: 0, failed: 1, usage: 2, minerLost: 3, restorePending: 4, interrupted: 130 } as const;
/** How long a leftover restore point of this miner (an earlier run that was killed) may take to go back first. */
const RECOVERY_WAIT_MS = 60_000;

interface BenchArgs {
  host: string | null;
  sim: ModelId | null;
  seed: number;
  strategy: string;
  objective: Objective;
  mode: BenchMode;
  apply: boolean;
  json: boolean;
}

function parse(args: string[]): BenchArgs | string {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        strategy: { type: 'string', default: 'smart' },
        objective: { type: 'string', default: 'efficiency' },
        mode: { type: 'string', default: 'quick' },
        apply: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        sim: { type: 'string' },
        seed: { type: 'string', default: '1' },
      },
    });
  } catch (error) {
    return errorMessage(error);
  }
  const { values, positionals } = parsed;
  const host = positionals[0] ?? null;
  if (!host && !values.sim) return 'which miner? give its host or URL, or --sim <model>';
  if (host && values.sim) return 'give either a host or --sim, not both';
  if (!STRATEGIES.some((s) => s.name === values.strategy)) return `--strategy must be one of ${STRATEGIES.map((s) => s.name).join(', ')}`;
  const objective = OBJECTIVES.find((o) => o === values.objective);
  if (!objective) return `--objective must be one of ${OBJECTIVES.join(', ')}`;
  const mode = BENCH_MODES.find((m) => m === values.mode);
  if (!mode) return `--mode must be one of ${BENCH_MODES.join(', ')}`;
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) return `--seed must be a whole number, not "${values.seed}"`;
  let sim: ModelId | null = null;
  if (values.sim !== undefined) {
    try {
      sim = parseModelList(values.sim)[0] ?? null;
    } catch (error) {
      return `--sim: ${errorMessage(error)}`;
    }
  }
  return { host, sim, seed, strategy: values.strategy, objective, mode, apply: values.apply, json: values.json };
}

function progressPrinter(miner: string): (event: BenchProgress) => void {
  return (event) => {
    switch (event.kind) {
      case 'started':
        process.stderr.write(`benchmark of ${miner}: ${event.strategy}, objective ${event.objective}${event.runId === null ? '' : `, run ${event.runId}`}\n`);
        break;
      case 'point-finished':
        process.stderr.write(`${describeResult(event.result)}${event.etaMs === null ? '' : ` · ETA ${formatDuration(event.etaMs)}`}\n`);
        break;
      case 'read-retry':
        process.stderr.write(`  no good answer (${event.error}); retrying in ${formatDuration(event.delayMs)}\n`);
        break;
      case 'finished':
        process.stderr.write(`benchmark ${event.state} after ${formatDuration(event.deviceTimeMs)} of device time\n`);
        break;
      case 'point-started':
        break;
    }
  };
}

function printSummary(result: BenchRunResult): void {
  const lines = [`${result.miner}: ${whatHappened(result.state, result.points)} in ${formatDuration(result.deviceTimeMs)} (${result.strategy})`];
  const gateNote = errorGateNote(result.points);
  if (gateNote) lines.push(gateNote);
  for (const objective of result.points.length > 0 ? OBJECTIVES : []) {
    const pick = result.picks[objective];
    lines.push(`  ${objective.padEnd(10)} ${pick ? describeResult(pick) : 'no point passed every limit'}`);
  }
  const left = { original: 'back at its original settings', applied: 'at the chosen point', 'restore-pending': 'not confirmed back at its original settings yet' }[result.finalSettings];
  lines.push(`The miner is ${left}.${result.chosen && result.finalSettings !== 'applied' ? ` Apply the pick with --apply, or: ${describePoint(result.chosen.point)}.` : ''}`);
  if (result.error) lines.push(`Error: ${result.error}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function exitCode(result: Pick<BenchRunResult, 'state' | 'finalSettings'>): number {
  // Whatever the run found, a miner not confirmed back at its settings is not a clean end.
  if (result.finalSettings === 'restore-pending') return EXIT.restorePending;
  switch (result.state) {
    case 'done':
      return EXIT.done;
    case 'cancelled':
      return EXIT.interrupted;
    case 'miner-lost':
      return EXIT.minerLost;
    default:
      return EXIT.failed;
  }
}

/**
 * The configured name of the miner at this host (or, once it answered, with this MAC as the service last saw it), so
 * the run's rows carry the name the owner knows; the restore point also keeps the MAC and host, so the service finds
 * it under any configured name.
 */
function minerNameFor(host: string, config: Config, knownAs: string | null): string {
  const url = minerBaseUrl(host);
  const names = new Set(config.miners.map((m) => m.name));
  return config.miners.find((m) => minerBaseUrl(m.host) === url)?.name ?? (knownAs !== null && names.has(knownAs) ? knownAs : host);
}

/** SIGINT/SIGTERM abort the run (it restores, then the command exits); a third signal gives up waiting. */
function trapSignals(controller: AbortController, giveUp: AbortController): () => void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      process.stderr.write(`${signal}: stopping the benchmark and restoring the miner's settings…\n`);
      controller.abort(Object.assign(new Error(`interrupted by ${signal}`), { name: 'AbortError' }));
    } else if (count === 2) {
      giveUp.abort();
      process.stderr.write('still restoring; once more to quit anyway (the next `axepilot start` then restores)\n');
    } else {
      process.exit(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

async function benchRealMiner(args: BenchArgs & { host: string }, config: Config, log: Logger, signal: AbortSignal, waitSignal: AbortSignal): Promise<BenchRunResult> {
  const databasePath = config.database === ':memory:' ? ':memory:' : resolve(config.database);
  if (databasePath !== ':memory:') mkdirSync(dirname(databasePath), { recursive: true });
  const store = openStore({ path: databasePath, log });
  const transport = new HttpTransport({ baseUrl: minerBaseUrl(args.host) });
  const clock = new RealClock();
  const guard = new SettingsGuard({ store, clock, log, limits: config.limits });
  const repository = new BenchRepository(store.db);
  try {
    const probe = new MinerClient({ name: args.host, transport, clock });
    const asic = await probe.getAsic(signal).catch(() => null);
    let telemetry = (await probe.getInfo(signal)).telemetry;
    const mac = normalizeMac(telemetry.mac);
    const miner = minerNameFor(args.host, config, mac === null ? null : store.miners.list().find((m) => m.mac === mac)?.name ?? null);
    const client = new MinerClient({ name: miner, transport, clock });
    if (telemetry.autoFan === false) {
      process.stderr.write(`${miner}: its fan is on manual (${telemetry.fanPct ?? '?'} %), so every point runs at that duty; for steady chip ` +
        'temperatures set auto fan first (AxeOS, or /set <miner> fan auto in chat); the fan setting comes back at the end too\n');
    }
    guard.addMiner({
      name: miner, client, minerId: () => store.miners.byName(miner)?.id ?? null, host: minerBaseUrl(args.host),
      asic: () => asic,
      telemetry: () => telemetry,
    });
    if (guard.restorePointOf(miner)) {
      process.stderr.write(`${miner}: putting back the settings an earlier, interrupted run left behind…\n`);
      await guard.recoverRestorePoints(AbortSignal.any([signal, AbortSignal.timeout(RECOVERY_WAIT_MS)]));
      telemetry = (await client.getInfo(signal)).telemetry;
    }
    // No other process benchmarks this miner now (its restore point would have refused the lock): a run still marked
    // running was killed.
    if (!guard.restorePointOf(miner)) repository.markInterrupted(clock.now(), miner);
    const result = await runBenchmark({
      miner, client, guard, clock, config, strategy: args.strategy, objective: args.objective, mode: args.mode, apply: args.apply,
      actor: { kind: 'benchmark', id: 'cli', name: 'axepilot bench' }, repository, signal,
      minerId: store.miners.byName(miner)?.id ?? null,
      onProgress: progressPrinter(miner), log,
    });
    if (result.finalSettings !== 'restore-pending') return result;
    process.stderr.write(`${miner}: waiting for the miner to confirm its settings from before…\n`);
    const pending = await finishPendingRestore({ guard, miner, client, clock, signal: waitSignal });
    if (pending.restored) return { ...result, finalSettings: 'original' };
    return { ...result, error: [result.error, pending.message].filter(Boolean).join('; ') };
  } finally {
    await guard.stop();
    await transport.close();
    store.close();
  }
}

async function benchSimulatedMiner(args: BenchArgs & { sim: ModelId }, config: Config, log: Logger, signal: AbortSignal): Promise<BenchRunResult> {
  // A virtual-clock run on a simulated device has nothing worth keeping: its state lives in memory.
  const store = openStore({ path: ':memory:' });
  try {
    const clock = new VirtualClock();
    const sim = await createSimBench({ model: args.sim, seed: args.seed, clock, store, config, log });
    return await driveVirtualClock(clock, runBenchmark({
      miner: sim.miner, client: sim.client, guard: sim.guard, clock, config, strategy: args.strategy, objective: args.objective,
      mode: args.mode, apply: args.apply, repository: new BenchRepository(store.db), signal, onProgress: progressPrinter(sim.miner), log,
    }));
  } finally {
    store.close();
  }
}

export async function runBench(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    process.stderr.write(`axepilot bench: ${args}\n${USAGE}\n`);
    return EXIT.usage;
  }
  let config: Config;
  try {
    config = loadConfig().config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
  // stdout carries the result (and with --json nothing else), so the log goes to stderr.
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: pino.destination(2) });
  const controller = new AbortController();
  const giveUp = new AbortController();
  const untrap = trapSignals(controller, giveUp);
  try {
    const result = args.sim !== null
      ? await benchSimulatedMiner({ ...args, sim: args.sim }, config, log, controller.signal)
      : await benchRealMiner({ ...args, host: args.host ?? '' }, config, log, controller.signal, giveUp.signal);
    if (args.json) process.stdout.write(`${JSON.stringify(benchResultJson(result))}\n`);
    else printSummary(result);
    return exitCode(result);
  } finally {
    untrap();
  }
}
