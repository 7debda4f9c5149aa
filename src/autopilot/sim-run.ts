/**
 * The autopilot against in-process simulated miners on a virtual clock: devices, clients, the real fleet collector
 * (its bus feeds the autopilot), the real settings guard and the autopilot service, all on one store. Used by tests
 * and `npm run bench:autopilot`; a simulated day runs in seconds.
 */
import { MinerClient } from '../axeos/client.js';
import { modelById, type ModelId } from '../axeos/models.js';
import { VirtualClock } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { parseConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { SettingsGuard } from '../control/guard.js';
import { guardedMinerOf } from '../control/fleet-miners.js';
import { FleetCollector } from '../fleet/collector.js';
import { gatesFor } from '../bench/gates.js';
import { BenchRepository } from '../bench/repository.js';
import { runBenchmark } from '../bench/run.js';
import { driveVirtualClock } from '../bench/sim-run.js';
import type { Measurement, PointResult } from '../bench/types.js';
import { SimulatedMiner } from '../sim/device.js';
import type { FirmwareId } from '../sim/profiles.js';
import { SimTransport } from '../sim/transport.js';
import { openStore, type Store } from '../store/store.js';
import type { AutopilotNotice } from './notices.js';
import { AutopilotService } from './service.js';

export interface SimAutopilotMiner {
  name: string;
  model: ModelId;
  seed: number;
  firmware?: FirmwareId;
  ambientC?: number;
  /** Default: one per miner of the rig. The simulator derives its MAC from the seed, and the collector treats two
   * miners with one MAC as one miner under two names. */
  mac?: string;
}

export interface SimAutopilot {
  clock: VirtualClock;
  store: Store;
  config: Config;
  devices: Map<string, SimulatedMiner>;
  collector: FleetCollector;
  guard: SettingsGuard;
  autopilot: AutopilotService;
  /** Every notice the autopilot sent, in order. */
  notices: AutopilotNotice[];
  /** Stores a benchmark of the miner made of the simulator's noise-free truth (fast); returns the run id. */
  benchmarkFromTruth(miner: string): number;
  /** Runs the real benchmark engine on the miner through the guard (slower, minutes of device time). */
  runBenchmark(miner: string, mode?: 'quick' | 'full'): Promise<void>;
  /** Moves the virtual clock; polls, decisions and writes happen on the way. */
  advance(ms: number): Promise<void>;
  /** Stops the autopilot and the collector, and closes the store unless it was given. */
  stop(): Promise<void>;
}

const SIM_TIMEOUT_MS = 5_000;

export async function createSimAutopilot(options: {
  miners: readonly SimAutopilotMiner[];
  config?: Config;
  /** A store to use (tests pass a file; default: in memory). */
  store?: Store;
  clock?: VirtualClock;
  log?: Logger;
  pollIntervalMs?: number;
  /** Time the devices run before the fleet starts polling (default 10 min: a miner that has been hashing a while). */
  warmUpMs?: number;
  /** What the autopilot's nightly re-benchmark starts (main: the benchmark service); none = it only suggests one. */
  startBenchmark?: (miner: string) => void;
}): Promise<SimAutopilot> {
  const clock = options.clock ?? new VirtualClock();
  const config = options.config ?? parseConfig({ timezone: 'UTC' }, {});
  const store = options.store ?? openStore({ path: ':memory:' });
  const log = options.log ?? silentLogger();
  const devices = new Map<string, SimulatedMiner>();
  const clients = new Map<string, MinerClient>();
  for (const [index, m] of options.miners.entries()) {
    const mac = m.mac ?? `02:A0:00:00:${(index >> 8).toString(16).toUpperCase().padStart(2, '0')}:${(index & 255).toString(16).toUpperCase().padStart(2, '0')}`;
    const device = new SimulatedMiner({
      model: m.model, seed: m.seed, clock, mac, ...(m.firmware ? { firmware: m.firmware } : {}), ...(m.ambientC === undefined ? {} : { ambientC: m.ambientC }),
    });
    devices.set(m.name, device);
    clients.set(m.name, new MinerClient({ name: m.name, transport: new SimTransport({ device, timeoutMs: SIM_TIMEOUT_MS }), clock }));
  }
  await clock.advance(options.warmUpMs ?? 10 * 60_000);
  const collector = new FleetCollector({
    miners: options.miners.map((m) => ({ name: m.name, host: `sim://${m.name}`, client: required(clients.get(m.name)) })),
    store, clock, log, pollIntervalMs: options.pollIntervalMs ?? config.pollIntervalSeconds * 1000, random: () => 0.5,
  });
  const guard = new SettingsGuard({
    store, clock, log, limits: config.limits, timeZone: config.timezone,
    dailyWriteBudgets: { autopilot: config.autopilot.maxWritesPerDay },
  });
  for (const loop of collector.miners) guard.addMiner(guardedMinerOf(loop, required(clients.get(loop.miner.name))));
  const notices: AutopilotNotice[] = [];
  const autopilot = new AutopilotService({
    store, clock, log, config, guard, bus: collector.bus, notify: (n) => notices.push(n),
    ...(options.startBenchmark ? { startBenchmark: options.startBenchmark } : {}),
  });
  await collector.start();
  await autopilot.start();
  // Every miner answers its first poll (and has its /asic options) before anything else happens.
  await clock.advance((options.pollIntervalMs ?? config.pollIntervalSeconds * 1000) + 1000);

  const bench = new BenchRepository(store.db);
  return {
    clock, store, config, devices, collector, guard, autopilot, notices,
    benchmarkFromTruth: (miner) => insertTruthBenchmark({ bench, config, miner, device: required(devices.get(miner)), guard, now: clock.now() }),
    runBenchmark: async (miner, mode = 'quick') => {
      await driveVirtualClock(clock, runBenchmark({
        miner, client: required(clients.get(miner)), guard, clock, config, strategy: 'smart', mode, objective: 'efficiency', repository: bench, log,
      }));
    },
    advance: async (ms) => {
      await clock.advance(ms);
      await autopilot.idle();
    },
    stop: async () => {
      await autopilot.stop();
      await collector.stop();
      await guard.stop();
      if (!options.store) store.close();
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('unknown simulated miner');
  return value;
}

const estimate = (mean: number): Measurement['hashrateGhs'] => ({ mean, halfWidth: 0, low: mean, high: mean, n: 60 });

/**
 * A benchmark of the truth: for each frequency on the device's grid (its options and 25 MHz steps), the lowest
 * voltage option that is stable there, judged by the benchmark's own gates at the room's current temperature.
 */
function insertTruthBenchmark(input: { bench: BenchRepository; config: Config; miner: string; device: SimulatedMiner; guard: SettingsGuard; now: number }): number {
  const { bench, config, miner, device, guard, now } = input;
  const ranges = guard.allowedRanges(miner);
  const gates = gatesFor({ bench: config.bench, model: modelById(device.model.id) });
  const [fMin, fMax] = ranges.frequencyMhz;
  const frequencies = new Set<number>(ranges.frequencyOptions.filter((f) => f >= fMin && f <= fMax));
  for (let f = fMin; f <= fMax; f += 25) frequencies.add(f);
  const voltages = [...new Set([...ranges.voltageOptions, ...Array.from({ length: 41 }, (_, i) => ranges.coreVoltageMv[0] + i * 10)])]
    .filter((v) => v >= ranges.coreVoltageMv[0] && v <= ranges.coreVoltageMv[1]).sort((a, b) => a - b);
  const runId = bench.createRun({
    minerName: miner, minerId: null, strategy: 'truth', objective: 'efficiency', mode: 'quick', startedAt: now,
    provenance: { miner, strategy: 'truth' } as never,
  });
  let seq = 0;
  for (const frequencyMhz of [...frequencies].sort((a, b) => a - b)) {
    for (const coreVoltageMv of voltages) {
      const s = device.truth.steadyState({ frequencyMhz, coreVoltageMv });
      const passes = s.hashrateGhs >= gates.minHashrateRatio * s.expectedHashrateGhs && s.errorPct <= gates.maxErrorPct
        && s.chipTempC <= gates.maxChipTempC && (!device.board.hasVrSensor || s.vrTempC <= gates.maxVrTempC) && s.powerW <= gates.maxPowerW && !s.overheats;
      if (!passes) continue;
      const effective = s.expectedHashrateGhs * (1 - s.errorPct / 100);
      const measurement: Measurement = {
        settleMs: 0, settled: true, measureMs: 600_000, samples: 60, stoppedBy: 'precise',
        hashrateGhs: estimate(s.hashrateGhs), expectedHashrateGhs: s.expectedHashrateGhs, hashrateRatio: estimate(s.hashrateGhs / s.expectedHashrateGhs),
        effectiveHashrateGhs: estimate(effective), errorPct: estimate(s.errorPct), powerW: estimate(s.powerW),
        efficiencyJth: estimate(s.powerW / (effective / 1000)), chipTempC: { mean: s.chipTempC, max: s.chipTempC },
        vrTempC: { mean: s.vrTempC, max: s.vrTempC }, inputVoltageV: null, fanPct: s.fanPct,
      };
      const point: PointResult = {
        seq: ++seq, point: { frequencyMhz, coreVoltageMv }, purpose: 'truth', verdict: 'pass', failures: [], measurement, startedAt: now, endedAt: now,
      };
      bench.addPoint(runId, point);
      break;
    }
  }
  bench.finishRun(runId, { state: 'done', endedAt: now, deviceTimeMs: 0, outcome: { picks: {}, finalSettings: 'original', error: null } });
  return runId;
}
