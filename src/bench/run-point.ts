/**
 * One benchmark point from start to verdict: apply the settings through the guard (with the lock's token), restart
 * only when the plan or old firmware needs it, settle, measure, judge.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import type { Clock } from '../core/clock.js';
import { UserError, errorMessage } from '../core/errors.js';
import { judgeMeasurement, type BenchGates } from './gates.js';
import type { BenchActor, BenchGuard } from './guard-port.js';
import { measure } from './measure.js';
import { withRetry, type RetryingOptions } from './miner-reader.js';
import { PointWatch } from './point-watch.js';
import { settle } from './settle.js';
import { summarize } from './summary.js';
import type { GateFailure, OperatingPoint, PointRequest, PointResult, Verdict } from './types.js';
import type { WritePacer } from './write-pacer.js';

/** mrv777 waits 2 s between its PATCH and the restart. */
const PAUSE_BEFORE_RESTART_MS = 2_000;

export interface PointSession {
  miner: string;
  guard: BenchGuard;
  lockToken: string;
  actor: BenchActor;
  clock: Clock;
  signal: AbortSignal;
  pacer: WritePacer;
  gates: BenchGates;
  /** Firmware 2.2+ (and NerdQAxe) applies frequency and voltage live; older firmware needs a restart. */
  liveApply: boolean;
  pollMs: number;
  retry: RetryingOptions;
  read: () => Promise<Telemetry>;
  expectedHashrateGhs: (point: OperatingPoint) => number;
  /** The settings the miner reported last, to skip writing what is already set. */
  lastReading: () => Telemetry | null;
}

function alreadySet(reading: Telemetry | null, point: OperatingPoint): boolean {
  return reading !== null && reading.frequencyMhz !== null && reading.coreVoltageMv !== null
    && Math.abs(reading.frequencyMhz - point.frequencyMhz) < 0.5 && Math.abs(reading.coreVoltageMv - point.coreVoltageMv) < 0.5;
}

export async function runPoint(session: PointSession, request: PointRequest, seq: number): Promise<PointResult> {
  const { clock, signal, guard } = session;
  const startedAt = clock.now();
  const result = (verdict: Verdict, failures: GateFailure[], measurement: PointResult['measurement']): PointResult => ({
    seq, point: request.point, purpose: request.purpose, verdict, failures, measurement, startedAt, endedAt: clock.now(),
  });

  const restart = request.restart || !session.liveApply;
  if (restart || !alreadySet(session.lastReading(), request.point)) {
    try {
      await session.pacer.beforeWrite(signal);
      await withRetry(
        () => guard.apply({
          miner: session.miner, settings: request.point, actor: session.actor, lockToken: session.lockToken,
          reason: `benchmark: ${request.purpose}`,
        }),
        session.retry,
      );
    } catch (error) {
      // GuardRefusal is a UserError: the point is outside what the guard allows; the strategy moves on.
      if (error instanceof UserError) return result('refused', [{ gate: 'settings', detail: errorMessage(error) }], null);
      throw error;
    }
  }
  if (restart) {
    await clock.sleep(PAUSE_BEFORE_RESTART_MS, signal);
    await withRetry(() => guard.restart({ miner: session.miner, actor: session.actor, lockToken: session.lockToken }), session.retry);
  }

  const watch = new PointWatch(request.point, session.gates, restart);
  const settled = await settle({ plan: request.settle, pollMs: session.pollMs, clock, signal, read: session.read, watch });
  if (settled.breach.length > 0) {
    // Ended while settling: what it read so far still shows the owner where the limit was.
    const partial = watch.readings.length === 0 ? null : summarize({
      readings: watch.readings, expectedHashrateGhs: session.expectedHashrateGhs(request.point), kind: 'statistics',
      settleMs: settled.settleMs, settled: false, measureMs: 0, stoppedBy: 'breach',
    });
    return result('fail', settled.breach, partial);
  }

  const outcome = await measure({
    plan: request.measure, clock, signal, read: session.read, watch, gates: session.gates,
    expectedHashrateGhs: session.expectedHashrateGhs(request.point), settleMs: settled.settleMs, settled: settled.settled,
  });
  if (!outcome.measurement) return result('no-data', outcome.breach, null);
  if (outcome.breach.length > 0) return result('fail', outcome.breach, outcome.measurement);
  const failures = judgeMeasurement(outcome.measurement, session.gates);
  if (failures.length > 0) return result('fail', failures, outcome.measurement);
  if (outcome.measurement.stoppedBy === 'beaten') return result('beaten', [], outcome.measurement);
  return result('pass', [], outcome.measurement);
}
