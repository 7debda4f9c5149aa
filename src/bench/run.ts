/**
 * The benchmark run: one plain async function over a Clock, a MinerClient and the settings guard, so it runs the same
 * on real time against a real miner and on a virtual clock against a simulated one.
 *
 * Safety: the guard writes the restore point (the miner's settings, read fresh) to SQLite before the first write, and
 * every write carries the lock's token. Whatever way the run ends (normal end, error, cancel through the signal, a
 * lost miner), the lock is released with the original settings or, when the owner asked for it, the chosen point. A
 * crash (even kill -9) leaves the restore point in SQLite for `guard.recoverRestorePoints` at the next start.
 */
import type { MinerClient } from '../axeos/client.js';
import type { AsicInfo } from '../axeos/telemetry.js';
import { isAbortError, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import { appliesLive, describeDevice } from './bench-device.js';
import { gatesFor, type BenchGates } from './gates.js';
import type { BenchActor, BenchGuard, BenchLock } from './guard-port.js';
import { DEFAULT_RETRY, MinerLostError, readTelemetry, withRetry, type RetryPolicy, type RetryingOptions } from './miner-reader.js';
import { choosePoint } from './objectives.js';
import type { BestSoFar, ProgressListener } from './progress.js';
import { provenanceFrom, type BenchProvenance } from './provenance.js';
import type { BenchRepository, BenchRunOutcome, BenchRunState } from './repository.js';
import { runPoint, type PointSession } from './run-point.js';
import { strategyByName } from './strategies/index.js';
import type { BenchStrategy, StrategyContext } from './strategies/strategy.js';
import { OBJECTIVES, PROFILE_OF, type BenchMode, type Objective, type PointRequest, type PointResult } from './types.js';
import { WritePacer } from './write-pacer.js';

export interface RunBenchmarkOptions {
  /** The miner's name as the guard knows it. */
  miner: string;
  client: MinerClient;
  guard: BenchGuard;
  clock: Clock;
  config: { bench: Config['bench']; limits: Config['limits'] };
  strategy?: BenchStrategy | string;
  objective?: Objective;
  mode?: BenchMode;
  /** Leave the miner at the chosen point instead of its original settings. */
  apply?: boolean;
  /** Who holds the lock and makes the writes; the benchmark itself by default. */
  actor?: BenchActor;
  repository?: BenchRepository | null;
  minerId?: number | null;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  log?: Logger;
  /** The room temperature, when the caller knows it, for the provenance. */
  ambientC?: number | null;
  /** How often the miner is read while a point settles and is measured. */
  pollMs?: number;
  retry?: RetryPolicy;
}

export interface BenchRunResult {
  runId: number | null;
  miner: string;
  strategy: string;
  objective: Objective;
  mode: BenchMode;
  state: BenchRunState;
  startedAt: number;
  endedAt: number;
  /** From taking the miner (lock) to giving it back. */
  deviceTimeMs: number;
  points: PointResult[];
  picks: Partial<Record<Objective, PointResult>>;
  /** The pick for the run's objective. */
  chosen: PointResult | null;
  finalSettings: BenchRunOutcome['finalSettings'];
  error: string | null;
  provenance: BenchProvenance;
  gates: BenchGates;
}

export const DEFAULT_POLL_MS = 3_000;
const BENCH_ACTOR: BenchActor = { kind: 'benchmark', id: 'benchmark', name: 'benchmark' };

function bestSoFar(points: readonly PointResult[], objective: Objective): BestSoFar | null {
  const best = choosePoint(points, objective);
  if (!best?.measurement) return null;
  return { point: best.point, efficiencyJth: best.measurement.efficiencyJth.mean, hashrateGhs: best.measurement.effectiveHashrateGhs.mean };
}

function endState(error: unknown): BenchRunState {
  if (isAbortError(error)) return 'cancelled';
  if (error instanceof MinerLostError) return 'miner-lost';
  return 'failed';
}

export async function runBenchmark(options: RunBenchmarkOptions): Promise<BenchRunResult> {
  const { miner, client, guard, clock, log } = options;
  const strategy = typeof options.strategy === 'string' || options.strategy === undefined
    ? strategyByName(options.strategy ?? 'smart')
    : options.strategy;
  const objective = options.objective ?? 'efficiency';
  const mode = options.mode ?? 'quick';
  const actor = options.actor ?? BENCH_ACTOR;
  const signal = options.signal ?? new AbortController().signal;
  const emit: ProgressListener = (event) => {
    try {
      options.onProgress?.(event);
    } catch (error) {
      log?.warn({ err: errorMessage(error) }, 'benchmark progress listener failed');
    }
  };
  const retry: RetryingOptions = {
    miner, clock, signal, policy: options.retry ?? DEFAULT_RETRY,
    onRetry: (info) => {
      log?.warn({ miner, ...info }, 'benchmark: miner read failed, retrying');
      emit({ kind: 'read-retry', ...info, at: clock.now() });
    },
  };

  // Everything before the lock only reads: the miner is untouched if any of it fails.
  const asic: AsicInfo | null = await withRetry(() => client.getAsic(signal), retry);
  let lastReading = await readTelemetry(client, retry);
  const ranges = guard.allowedRanges(miner);
  const device = describeDevice({ miner, telemetry: lastReading, asic, ranges });
  const gates = gatesFor({ bench: options.config.bench, model: device.model });
  const liveApply = appliesLive(lastReading, device.model);
  const provenance = provenanceFrom({
    miner, telemetry: lastReading, start: device.start, strategy: strategy.name, objective, mode, ranges, gates, liveApply,
    ambientC: options.ambientC ?? null,
  });
  const repository = options.repository ?? null;
  const runId = repository?.createRun({
    minerName: miner, minerId: options.minerId ?? null, strategy: strategy.name, objective, mode, startedAt: clock.now(), provenance,
  }) ?? null;

  let lock: BenchLock;
  try {
    lock = await guard.acquireLock({ miner, owner: actor, detail: `benchmark${runId === null ? '' : ` run ${runId}`} (${strategy.name}, ${objective})` });
  } catch (error) {
    if (runId !== null) {
      repository?.finishRun(runId, {
        state: 'failed', endedAt: clock.now(), deviceTimeMs: 0, outcome: { picks: {}, finalSettings: 'original', error: errorMessage(error) },
      });
    }
    throw error;
  }

  const startedAt = clock.now();
  emit({ kind: 'started', miner, runId, strategy: strategy.name, objective, at: startedAt });
  const points: PointResult[] = [];
  const pointDurations: number[] = [];
  let expected = { points: 0, msPerPoint: 0 };
  const etaMs = (): number | null => {
    if (expected.points <= 0) return null;
    const measured = pointDurations.length > 0 ? pointDurations.reduce((a, b) => a + b, 0) / pointDurations.length : expected.msPerPoint;
    return expected.points * Math.max(measured, 1);
  };
  const session: PointSession = {
    miner, guard, lockToken: lock.token, actor, clock, signal, gates, liveApply, retry,
    pacer: new WritePacer({
      clock, minIntervalMs: options.config.limits.minWriteIntervalSeconds * 1000, maxPerHour: options.config.limits.maxWritesPerHour,
    }),
    pollMs: options.pollMs ?? DEFAULT_POLL_MS,
    read: async () => {
      lastReading = await readTelemetry(client, retry);
      return lastReading;
    },
    expectedHashrateGhs: (point) => device.expectedHashrateGhs(point),
    lastReading: () => lastReading,
  };
  const context: StrategyContext = {
    device, mode, objective, gates,
    points: () => points,
    expectRemaining: (count, msPerPoint) => {
      expected = { points: count, msPerPoint };
    },
    measure: async (request: PointRequest) => {
      const seq = points.length + 1;
      emit({ kind: 'point-started', seq, point: request.point, purpose: request.purpose, best: bestSoFar(points, objective), etaMs: etaMs(), at: clock.now() });
      const result = await runPoint(session, request, seq);
      points.push(result);
      pointDurations.push(result.endedAt - result.startedAt);
      if (expected.points > 0) expected = { ...expected, points: expected.points - 1 };
      if (runId !== null) repository?.addPoint(runId, result);
      log?.info({ miner, seq, point: request.point, verdict: result.verdict, failures: result.failures }, 'benchmark point');
      emit({ kind: 'point-finished', result, best: bestSoFar(points, objective), etaMs: etaMs(), at: clock.now() });
      return result;
    },
  };

  let state: BenchRunState = 'done';
  let error: string | null = null;
  const picks: Partial<Record<Objective, PointResult>> = {};
  try {
    const outcome = await strategy.search(context);
    for (const o of OBJECTIVES) {
      const pick = outcome.picks[o] ?? choosePoint(points, o);
      if (pick) picks[o] = pick;
    }
  } catch (failure) {
    state = endState(failure);
    error = state === 'cancelled' ? null : errorMessage(failure);
    if (state === 'failed') log?.error({ miner, err: failure instanceof Error ? failure.stack : error }, 'benchmark failed');
  }
  const chosen = picks[objective] ?? null;

  let finalSettings: BenchRunOutcome['finalSettings'] = 'original';
  const applyChosen = state === 'done' && options.apply === true && chosen !== null;
  try {
    await lock.release(applyChosen ? { apply: chosen.point } : { restore: 'original' });
    finalSettings = applyChosen ? 'applied' : 'original';
  } catch (releaseError) {
    // The restore point stays in SQLite; the guard puts the settings back as soon as the miner answers again.
    finalSettings = 'restore-pending';
    log?.warn({ miner, err: errorMessage(releaseError) }, 'benchmark: could not give the miner back yet; its restore point stays');
  }
  const endedAt = clock.now();
  if (runId !== null && repository) {
    if (state === 'done') {
      for (const o of OBJECTIVES) {
        const pick = picks[o];
        if (pick) repository.saveProfile({ minerName: miner, profile: PROFILE_OF[o], runId, point: pick, savedAt: endedAt });
      }
    }
    repository.finishRun(runId, {
      state, endedAt, deviceTimeMs: endedAt - startedAt,
      outcome: {
        picks: Object.fromEntries(Object.entries(picks).map(([o, p]) => [o, { seq: p.seq, point: p.point }])),
        finalSettings, error,
      },
    });
  }
  emit({ kind: 'finished', state, chosen, deviceTimeMs: endedAt - startedAt, at: endedAt });
  return {
    runId, miner, strategy: strategy.name, objective, mode, state, startedAt, endedAt, deviceTimeMs: endedAt - startedAt, points,
    picks, chosen, finalSettings, error, provenance, gates,
  };
}
