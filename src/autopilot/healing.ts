/**
 * Healing decisions, pure: a miner that answers but hashes nothing for `zeroHashRestartMinutes` is restarted (the
 * "flatline", ESP-Miner issue 1053), at most `maxRestarts` in the window and each further one after a doubled wait;
 * past that, a person is needed. Never while it is paused, benchmarking or in the firmware's overheat mode.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import type { HealingMemory } from './state.js';

export interface HealingTuning {
  zeroMs: number;
  maxRestarts: number;
  restartWindowMs: number;
}

export type HealVerdict =
  | { action: 'none' }
  | { action: 'restart'; reason: string }
  | { action: 'needs-person'; reason: string };

const minutes = (ms: number): number => Math.round(ms / 60_000);

export function zeroHashCheck(input: { now: number; telemetry: Telemetry; healing: HealingMemory; tuning: HealingTuning; blocked: boolean }): { verdict: HealVerdict; healing: HealingMemory } {
  const { now, telemetry, tuning } = input;
  const restarts = input.healing.restarts.filter((t) => t > now - tuning.restartWindowMs);
  const healing: HealingMemory = { ...input.healing, restarts };
  const hashrate = telemetry.hashrateGhs;
  if (hashrate === null) return { verdict: { action: 'none' }, healing };
  if (hashrate > 0) return { verdict: { action: 'none' }, healing: { ...healing, zeroSince: null, needsPersonSince: null } };
  if (input.blocked || telemetry.overheat === true || telemetry.miningPaused === true) {
    return { verdict: { action: 'none' }, healing: { ...healing, zeroSince: null } };
  }
  const zeroSince = healing.zeroSince ?? now;
  const stalled = { ...healing, zeroSince };
  if (now - zeroSince < tuning.zeroMs) return { verdict: { action: 'none' }, healing: stalled };
  if (restarts.length >= tuning.maxRestarts) {
    if (healing.needsPersonSince !== null) return { verdict: { action: 'none' }, healing: stalled };
    return {
      verdict: {
        action: 'needs-person',
        reason: `no hashrate for ${minutes(now - zeroSince)} min although it answers, and ${restarts.length} restarts in ` +
          `${minutes(tuning.restartWindowMs) / 60} h did not help: it needs a person (power-cycle it, check the pool and the board)`,
      },
      healing: { ...stalled, needsPersonSince: now },
    };
  }
  const last = restarts[restarts.length - 1];
  if (last !== undefined && now - last < tuning.zeroMs * 2 ** restarts.length) return { verdict: { action: 'none' }, healing: stalled };
  return {
    verdict: { action: 'restart', reason: `no hashrate for ${minutes(now - zeroSince)} min although it answers (restart ${restarts.length + 1} of ${tuning.maxRestarts})` },
    healing: { ...healing, restarts: [...restarts, now], zeroSince: null },
  };
}

/**
 * Whether the firmware's own protection changed the settings: it leaves the fan on manual 100 % (every ESP-Miner
 * version, AXEOS.md "Firmware protection"), and either latches 50 MHz (≤ 2.10) or backs off 100 MHz (2.11+).
 */
export function looksLikeOverheatTrip(after: { autoFan: boolean | null; fanPct: number | null }, overheat: boolean | null): boolean {
  return overheat === true || (after.autoFan === false && after.fanPct === 100);
}

/**
 * A fan that reads 0 rpm at a real duty while the chip warms has stopped: without airflow a chip passes the firmware's
 * 75 °C trip within a minute even at the lowest frequency, so the only safe move is to stop hashing. Boards without
 * a tachometer report no reading (null), not 0, so they never look stopped.
 */
export function fanStopped(telemetry: Telemetry, chipTargetC: number, deadbandC: number): boolean {
  return telemetry.fanRpm === 0 && (telemetry.fanPct ?? 0) >= 20 && telemetry.chipTempC !== null && telemetry.chipTempC > chipTargetC - deadbandC;
}
