/**
 * What the bench measures of a miner's day, from the simulator's true state every 10 s and the guard's audit log,
 * and how the days add up per policy. A minute is inside the limits when every reading in it is: chip ≤ target, VR ≤
 * max (where the board has a VR sensor), fan duty ≤ cap, power ≤ cap, ASIC errors ≤ max (while hashing).
 */
import type { AuditEntry } from '../../src/control/audit-log.js';
import type { DaySample } from './day.js';
import type { OracleMinute } from './oracle.js';
import { MINUTE_MS, DAY_START, type OwnerLimits, type ScenarioDevice } from './scenario.js';

export type LimitName = 'chip' | 'vr' | 'fan' | 'power' | 'errors';

export interface DayMetrics {
  device: string;
  policy: string;
  minutes: number;
  insideMinutes: number;
  /** Minutes outside, per limit (a minute can break several). */
  outside: Record<LimitName, number>;
  /** Firmware overheat trips during the day. */
  trips: number;
  hashrateGhs: number;
  oracleGhs: number;
  powerW: number;
  /** Settings writes that reached the miner (audit rows 'set'/'undo' ok), any actor but the bench's setup. */
  writes: number;
  refusedWrites: number;
  restarts: number;
  /** Reversals of the frequency's direction during the day (down then up, or up then down). */
  directionChanges: number;
  /** Minutes from the stall to hashing again; null without a stall, Infinity when it never hashed again. */
  stallMinutes: number | null;
}

function breaches(s: DaySample, limits: OwnerLimits, hasVrSensor: boolean): LimitName[] {
  const out: LimitName[] = [];
  if (s.chipTempC > limits.chipTargetC) out.push('chip');
  if (hasVrSensor && s.vrTempC > limits.vrMaxC) out.push('vr');
  if (s.fanPct > limits.fanMaxPct) out.push('fan');
  if (s.powerW > limits.powerCapW) out.push('power');
  if (s.asicRunning && s.errorPct > limits.errorMaxPct) out.push('errors');
  return out;
}

export function dayMetrics(input: {
  spec: ScenarioDevice;
  policy: string;
  samples: readonly DaySample[];
  audit: readonly AuditEntry[];
  oracle: readonly OracleMinute[];
  limits: OwnerLimits;
  tripsBefore: number;
  hasVrSensor: boolean;
}): DayMetrics {
  const { samples, limits, spec } = input;
  const outside: Record<LimitName, number> = { chip: 0, vr: 0, fan: 0, power: 0, errors: 0 };
  const byMinute = new Map<number, Set<LimitName>>();
  for (const s of samples) {
    const minute = Math.floor((s.ts - 1 - DAY_START) / MINUTE_MS);
    const set = byMinute.get(minute) ?? new Set<LimitName>();
    for (const b of breaches(s, limits, input.hasVrSensor)) set.add(b);
    byMinute.set(minute, set);
  }
  let insideMinutes = 0;
  for (const set of byMinute.values()) {
    if (set.size === 0) insideMinutes++;
    for (const b of set) outside[b]++;
  }
  let directionChanges = 0;
  let lastDirection = 0;
  for (let i = 1; i < samples.length; i++) {
    const delta = (samples[i]?.frequencyMhz ?? 0) - (samples[i - 1]?.frequencyMhz ?? 0);
    if (delta === 0) continue;
    const direction = Math.sign(delta);
    if (lastDirection !== 0 && direction !== lastDirection) directionChanges++;
    lastDirection = direction;
  }
  let stallMinutes: number | null = null;
  if (spec.stall) {
    const stallAt = DAY_START + spec.stall.atMinute * MINUTE_MS;
    const healed = samples.find((s) => s.ts > stallAt && !s.stalled && s.hashrateGhs > 0);
    stallMinutes = healed ? (healed.ts - stallAt) / MINUTE_MS : Infinity;
  }
  const ok = (e: AuditEntry): boolean => e.result === 'ok' && e.actor.id !== 'bench';
  const isWrite = (e: AuditEntry): boolean => e.action === 'set' || e.action === 'undo';
  const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const last = samples[samples.length - 1];
  return {
    device: spec.name,
    policy: input.policy,
    minutes: byMinute.size,
    insideMinutes,
    outside,
    trips: (last?.overheatTrips ?? input.tripsBefore) - input.tripsBefore,
    hashrateGhs: mean(samples.map((s) => s.hashrateGhs)),
    oracleGhs: mean(input.oracle.map((m) => m.hashrateGhs)),
    powerW: mean(samples.map((s) => s.powerW)),
    writes: input.audit.filter((e) => isWrite(e) && ok(e)).length,
    refusedWrites: input.audit.filter((e) => isWrite(e) && e.result === 'refused').length,
    restarts: input.audit.filter((e) => e.action === 'restart' && ok(e)).length,
    directionChanges,
    stallMinutes,
  };
}

export interface PolicySummary {
  policy: string;
  days: DayMetrics[];
  insidePct: number;
  trips: number;
  /** Fleet hashrate over the oracle's, in %. */
  oraclePct: number;
  /** The worst miner's hashrate over its oracle's, in %. */
  worstOraclePct: number;
  jth: number;
  writesPerMinerDay: number;
  maxWritesPerMinerDay: number;
  directionChangesPerHour: number;
  restarts: number;
  stallMinutes: number | null;
}

export function summarize(policy: string, days: DayMetrics[]): PolicySummary {
  const sum = (pick: (d: DayMetrics) => number): number => days.reduce((a, d) => a + pick(d), 0);
  const stalls = days.flatMap((d) => (d.stallMinutes === null ? [] : [d.stallMinutes]));
  return {
    policy, days,
    insidePct: (sum((d) => d.insideMinutes) / sum((d) => d.minutes)) * 100,
    trips: sum((d) => d.trips),
    oraclePct: (sum((d) => d.hashrateGhs) / sum((d) => d.oracleGhs)) * 100,
    worstOraclePct: Math.min(...days.map((d) => (d.hashrateGhs / d.oracleGhs) * 100)),
    jth: (sum((d) => d.powerW) / sum((d) => d.hashrateGhs)) * 1000,
    writesPerMinerDay: sum((d) => d.writes) / days.length,
    maxWritesPerMinerDay: Math.max(...days.map((d) => d.writes)),
    directionChangesPerHour: sum((d) => d.directionChanges) / (days.length * 24),
    restarts: sum((d) => d.restarts),
    stallMinutes: stalls.length === 0 ? null : Math.max(...stalls),
  };
}
