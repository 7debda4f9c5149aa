/**
 * A search strategy decides which operating points to measure and in what order; the engine applies, settles,
 * measures and judges each one. Strategies are small objects behind this one interface, registered in one list.
 */
import type { MinerModel } from '../../axeos/models.js';
import type { BenchGates } from '../gates.js';
import type { AllowedRanges } from '../guard-port.js';
import type { BenchMode, Objective, OperatingPoint, PointRequest, PointResult } from '../types.js';

export interface BenchDevice {
  miner: string;
  model: MinerModel | undefined;
  /** What the guard allows on this miner right now. */
  ranges: AllowedRanges;
  /** The settings in force when the benchmark began. */
  start: OperatingPoint;
  /** The firmware reports an ASIC error rate (ESP-Miner 2.11+). */
  hasErrorCounter: boolean;
  expectedHashrateGhs(point: OperatingPoint): number;
}

export interface StrategyContext {
  device: BenchDevice;
  mode: BenchMode;
  objective: Objective;
  gates: BenchGates;
  /** Applies, settles, measures and judges one point. Throws on cancel or when the miner is lost. */
  measure(request: PointRequest): Promise<PointResult>;
  /** Every point measured so far in this run, in order. */
  points(): readonly PointResult[];
  /** For the ETA in progress messages: how many more points the strategy expects, and roughly how long each takes. */
  expectRemaining(points: number, msPerPoint: number): void;
}

export interface StrategyOutcome {
  /**
   * The strategy's own pick per objective (smart confirms its pick with a longer measurement). Objectives left out
   * are chosen by the engine from all passing points.
   */
  picks: Partial<Record<Objective, PointResult>>;
}

export interface BenchStrategy {
  readonly name: string;
  /** One line for `--help` and the chat. */
  readonly description: string;
  search(context: StrategyContext): Promise<StrategyOutcome>;
}
