/**
 * Turns a point's readings into its Measurement: statistics (means with 95 % intervals) or the classic sweep's trimmed
 * means, reproduced as mrv777 computes them so the yardstick is faithful.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import { exact, mean, meanWithInterval, ratioEstimate, trimmedMean, type Estimate } from './statistics.js';
import type { Measurement, MeasurePlan, StopReason } from './types.js';

export interface SummaryInput {
  readings: readonly Telemetry[];
  expectedHashrateGhs: number;
  kind: MeasurePlan['summary'];
  settleMs: number;
  settled: boolean;
  measureMs: number;
  stoppedBy: StopReason;
}

const values = (readings: readonly Telemetry[], pick: (r: Telemetry) => number | null): number[] =>
  readings.flatMap((r) => {
    const v = pick(r);
    return v === null || !Number.isFinite(v) ? [] : [v];
  });

function range(list: number[]): { mean: number; max: number } | null {
  return list.length === 0 ? null : { mean: mean(list), max: Math.max(...list) };
}

/** mrv777 trims hashrate by value (3 highest, 3 lowest) and temperatures by their 6 lowest values, not by time. */
const CLASSIC_TRIM_HASHRATE = 3;
const CLASSIC_TRIM_TEMP_LOWEST = 6;

function classicTempRange(list: number[]): { mean: number; max: number } | null {
  if (list.length === 0) return null;
  const kept = list.length > CLASSIC_TRIM_TEMP_LOWEST ? trimmedMean(list, CLASSIC_TRIM_TEMP_LOWEST, 0) : mean(list);
  return { mean: kept, max: Math.max(...list) };
}

/**
 * The firmware counts exactly the nonces that are not errors, so expected × (1 − errors) is the hashrate the miner
 * delivers, without the counter window's noise (~5 % per reading on a Gamma, correlated over seconds, so a short mean
 * can be 5–8 % off). A dead hash domain (a quarter of a Gamma) or chip (a sixth of a Hex) makes the two disagree by
 * far more than that: beyond this, the measured hashrate wins.
 */
const MODEL_AGREEMENT = 0.1;

/** The hashrate J/TH is computed from: the error-corrected expected hashrate while the measurement agrees with it. */
function effectiveHashrate(measured: Estimate, expected: number, errorPct: Estimate | null): Estimate {
  if (!errorPct || !(measured.mean > 0)) return measured;
  const model: Estimate = {
    mean: expected * (1 - errorPct.mean / 100),
    halfWidth: (expected * errorPct.halfWidth) / 100,
    low: expected * (1 - errorPct.high / 100),
    high: expected * (1 - errorPct.low / 100),
    n: errorPct.n,
  };
  const tolerance = Math.max(MODEL_AGREEMENT, Number.isFinite(measured.halfWidth) ? (2 * measured.halfWidth) / measured.mean : 0);
  return Math.abs(measured.mean / model.mean - 1) <= tolerance ? model : measured;
}

export function summarize(input: SummaryInput): Measurement {
  const { readings, expectedHashrateGhs: expected, kind } = input;
  const hashrates = values(readings, (r) => r.hashrateGhs);
  const errors = values(readings, (r) => r.errorPct);
  const powers = values(readings, (r) => r.powerW);
  const chip = values(readings, (r) => r.chipTempC);
  const vr = values(readings, (r) => r.vrTempC);
  const input_ = values(readings, (r) => r.inputVoltageV);
  const fan = values(readings, (r) => r.fanPct);

  let hashrateGhs = meanWithInterval(hashrates);
  const errorPct = errors.length > 0 ? meanWithInterval(errors) : null;
  const powerW = meanWithInterval(powers);
  let effective: Estimate;
  if (kind === 'classic') {
    const trimmed = hashrates.length > 2 * CLASSIC_TRIM_HASHRATE ? trimmedMean(hashrates, CLASSIC_TRIM_HASHRATE, CLASSIC_TRIM_HASHRATE) : mean(hashrates);
    hashrateGhs = { ...hashrateGhs, mean: trimmed, low: trimmed - hashrateGhs.halfWidth, high: trimmed + hashrateGhs.halfWidth };
    // mrv777's J/TH: plain mean power over the trimmed mean hashrate.
    effective = hashrateGhs;
  } else {
    effective = effectiveHashrate(hashrateGhs, expected, errorPct);
  }
  const efficiencyJth = effective.mean > 0
    ? ratioEstimate(powerW, { ...effective, mean: effective.mean / 1000, halfWidth: effective.halfWidth / 1000, low: effective.low / 1000, high: effective.high / 1000 })
    : { mean: Infinity, halfWidth: Infinity, low: Infinity, high: Infinity, n: powerW.n };
  return {
    settleMs: input.settleMs,
    settled: input.settled,
    measureMs: input.measureMs,
    samples: readings.length,
    stoppedBy: input.stoppedBy,
    hashrateGhs,
    expectedHashrateGhs: expected,
    hashrateRatio: expected > 0 ? ratioEstimate(hashrateGhs, exact(expected)) : exact(0),
    effectiveHashrateGhs: effective,
    errorPct,
    powerW,
    efficiencyJth,
    chipTempC: kind === 'classic' ? classicTempRange(chip) : range(chip),
    vrTempC: kind === 'classic' ? classicTempRange(vr) : range(vr),
    inputVoltageV: input_.length === 0 ? null : { min: Math.min(...input_), max: Math.max(...input_) },
    fanPct: fan.length === 0 ? null : mean(fan),
  };
}
