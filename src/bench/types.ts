/** The benchmark's vocabulary: operating points, how to measure one, what came out, and the verdicts. */
import type { Estimate } from './statistics.js';

export const OBJECTIVES = ['efficiency', 'hashrate', 'balanced'] as const;
/** efficiency: lowest J/TH; hashrate: highest hashrate; balanced: highest hashrate within 5 % of the best J/TH. */
export type Objective = (typeof OBJECTIVES)[number];

export const BENCH_MODES = ['quick', 'full'] as const;
/** quick: coarser voltage and frequency steps, shorter confirmation; full: finer. */
export type BenchMode = (typeof BENCH_MODES)[number];

/** The profile each objective's best point is saved as. */
export const PROFILE_OF: Readonly<Record<Objective, BenchProfileName>> = { efficiency: 'eco', hashrate: 'max', balanced: 'balanced' };
export const PROFILE_NAMES = ['eco', 'max', 'balanced'] as const;
export type BenchProfileName = (typeof PROFILE_NAMES)[number];

export interface OperatingPoint {
  frequencyMhz: number;
  coreVoltageMv: number;
}

export type SettlePlan =
  /** Wait exactly this long (the classic sweep's 90 s), still watching the gates. */
  | { kind: 'fixed'; ms: number }
  /** Until the chip temperature stops moving, within [minMs, maxMs]. */
  | { kind: 'adaptive'; minMs: number; maxMs: number };

export interface MeasurePlan {
  sampleIntervalMs: number;
  minMs: number;
  maxMs: number;
  minSamples: number;
  /**
   * 'statistics': means with confidence intervals and early stops. 'classic': mrv777's summary (hashrate with the 3
   * highest and 3 lowest dropped, temperatures without the 6 lowest, plain power mean) over the whole window.
   */
  summary: 'statistics' | 'classic';
  /** Stop as soon as this metric's 95 % interval is within ± this fraction of its mean. */
  precision?: { metric: 'efficiency' | 'hashrate'; relativeHalfWidth: number };
  /** Stop once the error rate's interval is clearly above or clearly below this (%). */
  errorDecisionPct?: number;
  /** Stop once even the best plausible J/TH (the interval's low end) is worse than this. */
  beatenAboveJth?: number;
  /** Stop once the interval shows a gate clearly failing. */
  stopWhenFailing: boolean;
}

export interface PointRequest {
  point: OperatingPoint;
  /** Why this point, for progress and the results table ("knee 600 MHz", "confirm", "classic step"). */
  purpose: string;
  /** Restart the miner after applying (the classic sweep does; the engine adds it for firmware before 2.2). */
  restart: boolean;
  settle: SettlePlan;
  measure: MeasurePlan;
}

export type GateName =
  | 'hashrate' | 'errors' | 'chipTemp' | 'vrTemp' | 'power' | 'inputVoltage' | 'overheat' | 'settings' | 'rebooted';

export interface GateFailure {
  gate: GateName;
  /** In the owner's words, e.g. "chip 69.3 °C > 68 °C". */
  detail: string;
}

export type StopReason =
  | 'precise'
  | 'decided'
  | 'failing'
  | 'beaten'
  | 'breach'
  | 'max-duration'
  | 'fixed-window';

export interface Measurement {
  /** How long settling took and whether the temperature had stopped moving before its maximum. */
  settleMs: number;
  settled: boolean;
  measureMs: number;
  samples: number;
  stoppedBy: StopReason;
  /** The firmware's hashrate readings (GH/s). */
  hashrateGhs: Estimate;
  expectedHashrateGhs: number;
  /** Measured hashrate / expected, as a fraction. */
  hashrateRatio: Estimate;
  /**
   * The hashrate J/TH is computed from: expected × (1 − errors) while that agrees with the measured hashrate (the
   * firmware counts exactly those nonces, and the error rate is far less noisy), the measured hashrate otherwise.
   */
  effectiveHashrateGhs: Estimate;
  errorPct: Estimate | null;
  powerW: Estimate;
  efficiencyJth: Estimate;
  chipTempC: { mean: number; max: number } | null;
  vrTempC: { mean: number; max: number } | null;
  inputVoltageV: { min: number; max: number } | null;
  fanPct: number | null;
}

export type Verdict = 'pass' | 'fail' | 'beaten' | 'refused' | 'no-data';

export interface PointResult {
  seq: number;
  point: OperatingPoint;
  purpose: string;
  verdict: Verdict;
  failures: GateFailure[];
  measurement: Measurement | null;
  startedAt: number;
  endedAt: number;
}

export function describePoint(point: OperatingPoint): string {
  return `${Math.round(point.frequencyMhz)} MHz / ${Math.round(point.coreVoltageMv)} mV`;
}
