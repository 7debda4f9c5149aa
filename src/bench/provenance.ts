/**
 * What a benchmark result was measured on and under which conditions, so a result can be trusted (or discarded) months
 * later: the board, its firmware, the fan mode, the pool, the room, and the rules the run used.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import type { BenchGates } from './gates.js';
import type { AllowedRanges } from './guard-port.js';
import type { BenchMode, Objective, OperatingPoint } from './types.js';

export interface BenchProvenance {
  miner: string;
  model: string | null;
  boardVersion: string | null;
  asicModel: string | null;
  asicCount: number | null;
  firmware: string | null;
  mac: string | null;
  fanMode: 'auto' | 'manual' | null;
  fanPct: number | null;
  tempTargetC: number | null;
  pool: string | null;
  /** The room, when the caller knows it (axepilot has no ambient sensor of its own). */
  ambientC: number | null;
  startChipTempC: number | null;
  startVrTempC: number | null;
  startSettings: OperatingPoint;
  strategy: string;
  objective: Objective;
  mode: BenchMode;
  ranges: AllowedRanges;
  gates: BenchGates;
  /** Settings were applied live (firmware 2.2+) rather than with a restart per change. */
  liveApply: boolean;
}

export function provenanceFrom(input: {
  miner: string;
  telemetry: Telemetry;
  start: OperatingPoint;
  strategy: string;
  objective: Objective;
  mode: BenchMode;
  ranges: AllowedRanges;
  gates: BenchGates;
  liveApply: boolean;
  ambientC: number | null;
}): BenchProvenance {
  const t = input.telemetry;
  return {
    miner: input.miner,
    model: t.model,
    boardVersion: t.boardVersion,
    asicModel: t.asicModel,
    asicCount: t.asicCount,
    firmware: t.firmware,
    mac: t.mac,
    fanMode: t.autoFan === null ? null : t.autoFan ? 'auto' : 'manual',
    fanPct: t.fanPct,
    tempTargetC: t.tempTargetC,
    pool: t.poolUrl,
    ambientC: input.ambientC,
    startChipTempC: t.chipTempC,
    startVrTempC: t.vrTempC,
    startSettings: input.start,
    strategy: input.strategy,
    objective: input.objective,
    mode: input.mode,
    ranges: input.ranges,
    gates: input.gates,
    liveApply: input.liveApply,
  };
}
