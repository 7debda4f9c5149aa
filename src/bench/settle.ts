/**
 * Waits for a new point to settle: polls every few seconds until the chip temperature stops moving (its slope over
 * the last 30 s below 0.05 °C/s), between a minimum and a maximum time, instead of the fixed 90 s everyone else waits.
 * Every reading is also checked for a breach, so a point that runs away ends during its settle already.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import type { Clock } from '../core/clock.js';
import type { PointWatch } from './point-watch.js';
import { slope } from './statistics.js';
import type { GateFailure, SettlePlan } from './types.js';

export const SETTLE_WINDOW_MS = 30_000;
export const SETTLED_SLOPE_C_PER_S = 0.05;
/** Readings the slope needs before it means anything. */
const MIN_SLOPE_READINGS = 4;

export interface SettleOptions {
  plan: SettlePlan;
  pollMs: number;
  clock: Clock;
  signal: AbortSignal;
  read: () => Promise<Telemetry>;
  watch: PointWatch;
}

export interface SettleOutcome {
  settleMs: number;
  /** The temperature had stopped moving (always true for a fixed wait that ran its course). */
  settled: boolean;
  breach: GateFailure[];
}

/** Whether the chip temperature has stopped moving over the last window of readings. */
export function temperatureSettled(readings: readonly Telemetry[], windowMs = SETTLE_WINDOW_MS): boolean {
  const last = readings[readings.length - 1];
  if (!last) return false;
  const recent = readings.filter((r) => r.ts >= last.ts - windowMs && r.chipTempC !== null);
  if (recent.length < MIN_SLOPE_READINGS) return false;
  // A miner that is not hashing yet (booting, ramping after a restart) is not settled whatever its temperature does.
  if ((last.hashrateGhs ?? 0) <= 0) return false;
  const perSecond = slope(recent.map((r) => ({ x: r.ts / 1000, y: r.chipTempC ?? 0 })));
  return Math.abs(perSecond) <= SETTLED_SLOPE_C_PER_S;
}

export async function settle(options: SettleOptions): Promise<SettleOutcome> {
  const { plan, clock, signal, watch } = options;
  const startedAt = clock.now();
  const readings: Telemetry[] = [];
  const elapsed = (): number => clock.now() - startedAt;
  const limitMs = plan.kind === 'fixed' ? plan.ms : plan.maxMs;
  while (elapsed() < limitMs) {
    await clock.sleep(Math.min(options.pollMs, limitMs - elapsed()), signal);
    if (elapsed() >= limitMs && plan.kind === 'fixed') break;
    const reading = await options.read();
    signal.throwIfAborted();
    readings.push(reading);
    const breach = watch.check(reading);
    if (breach.length > 0) return { settleMs: elapsed(), settled: false, breach };
    if (plan.kind === 'adaptive' && elapsed() >= plan.minMs && temperatureSettled(readings)) {
      return { settleMs: elapsed(), settled: true, breach: [] };
    }
  }
  return { settleMs: elapsed(), settled: plan.kind === 'fixed', breach: [] };
}
