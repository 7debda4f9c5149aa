/**
 * The limits a benchmark point must stay within (config `bench.*`, the model's power and input-voltage limits), checked
 * on every reading (a breach ends the point at once: safety first) and on the point's summary.
 */
import type { MinerModel } from '../axeos/models.js';
import type { Telemetry } from '../axeos/telemetry.js';
import type { Config } from '../config/schema.js';
import { slope } from './statistics.js';
import type { GateFailure, Measurement } from './types.js';

export interface BenchGates {
  /** Measured hashrate must be at least this fraction of expected. */
  minHashrateRatio: number;
  maxErrorPct: number;
  maxChipTempC: number;
  maxVrTempC: number;
  maxPowerW: number;
  /** Input voltage window in volts; null when the model is unknown. */
  inputWindowV: readonly [number, number] | null;
}

/** Without a known model, a 5 V board's plug limit (mrv777's 40 W) is the cautious guess. */
const UNKNOWN_MODEL_MAX_POWER_W = 40;

export function gatesFor(options: { bench: Config['bench']; model: MinerModel | undefined }): BenchGates {
  const { bench, model } = options;
  return {
    minHashrateRatio: bench.minHashratePct / 100,
    maxErrorPct: bench.maxErrorPct,
    maxChipTempC: bench.maxChipTempC,
    maxVrTempC: bench.maxVrTempC,
    maxPowerW: bench.maxPowerW ?? model?.maxPowerW ?? UNKNOWN_MODEL_MAX_POWER_W,
    inputWindowV: model?.inputWindowV ?? null,
  };
}

const fmt = (value: number, digits = 1): string => value.toFixed(digits);

/** A single reading over a hard limit: the point ends now and the strategy moves to safer settings. */
export function readingBreaches(reading: Telemetry, gates: BenchGates): GateFailure[] {
  const failures: GateFailure[] = [];
  if (reading.overheat) failures.push({ gate: 'overheat', detail: 'the firmware tripped its overheat protection' });
  if (reading.chipTempC !== null && reading.chipTempC > gates.maxChipTempC) {
    failures.push({ gate: 'chipTemp', detail: `chip ${fmt(reading.chipTempC)} °C > ${gates.maxChipTempC} °C` });
  }
  if (reading.vrTempC !== null && reading.vrTempC > gates.maxVrTempC) {
    failures.push({ gate: 'vrTemp', detail: `VR ${fmt(reading.vrTempC)} °C > ${gates.maxVrTempC} °C` });
  }
  if (reading.powerW !== null && reading.powerW > gates.maxPowerW) {
    failures.push({ gate: 'power', detail: `power ${fmt(reading.powerW)} W > ${gates.maxPowerW} W` });
  }
  const window = gates.inputWindowV;
  if (window && reading.inputVoltageV !== null && (reading.inputVoltageV < window[0] || reading.inputVoltageV > window[1])) {
    failures.push({ gate: 'inputVoltage', detail: `input ${fmt(reading.inputVoltageV, 2)} V outside ${window[0]}–${window[1]} V` });
  }
  return failures;
}

/**
 * How far ahead a rising temperature is projected: it must not reach the limit within this many seconds. Short on
 * purpose: the chip's own time constant (~30 s) and the fan PID bend every normal warm-up (after a restart, a higher
 * frequency) well before a straight line would.
 */
const RACING_HORIZON_S = 20;
const RACING_WINDOW_MS = 30_000;
/** Only this close to a limit does a climb count as racing: a warm-up after a restart climbs fast far below it. */
const RACING_MARGIN_C = 5;

/** Temperature racing up: within 5 °C of a limit, and the last 30 s of readings, extended 20 s ahead, cross it. */
export function racingTowardLimit(readings: readonly Telemetry[], gates: BenchGates): GateFailure[] {
  const last = readings[readings.length - 1];
  if (!last) return [];
  const recent = readings.filter((r) => r.ts >= last.ts - RACING_WINDOW_MS);
  if (recent.length < 3) return [];
  const failures: GateFailure[] = [];
  const check = (pick: (r: Telemetry) => number | null, limit: number, gate: 'chipTemp' | 'vrTemp', label: string): void => {
    const points = recent.flatMap((r) => {
      const y = pick(r);
      return y === null ? [] : [{ x: r.ts / 1000, y }];
    });
    const current = points[points.length - 1]?.y;
    if (current === undefined || points.length < 3) return;
    const perSecond = slope(points);
    if (perSecond > 0 && current >= limit - RACING_MARGIN_C && current + perSecond * RACING_HORIZON_S > limit) {
      failures.push({ gate, detail: `${label} ${fmt(current)} °C rising ${fmt(perSecond, 2)} °C/s toward ${limit} °C` });
    }
  };
  check((r) => r.chipTempC, gates.maxChipTempC, 'chipTemp', 'chip');
  check((r) => r.vrTempC, gates.maxVrTempC, 'vrTemp', 'VR');
  return failures;
}

/**
 * The share of expected the miner delivers: the effective hashrate (expected × (1 − counted errors) while the
 * counters agree with it within their noise, else the measured one) over expected. A single short mean of a hashrate
 * that is ±5 % per reading would fail good points at random.
 */
function deliveredRatio(measurement: Measurement): { mean: number; high: number } {
  const expected = measurement.expectedHashrateGhs;
  if (!(expected > 0)) return { mean: measurement.hashrateRatio.mean, high: measurement.hashrateRatio.high };
  return { mean: measurement.effectiveHashrateGhs.mean / expected, high: measurement.effectiveHashrateGhs.high / expected };
}

/** The point's verdict on its summary: point estimates against every gate. */
export function judgeMeasurement(measurement: Measurement, gates: BenchGates): GateFailure[] {
  const failures: GateFailure[] = [];
  const ratio = deliveredRatio(measurement).mean;
  if (!(ratio >= gates.minHashrateRatio)) {
    failures.push({ gate: 'hashrate', detail: `hashrate ${fmt(ratio * 100)} % of expected < ${fmt(gates.minHashrateRatio * 100, 0)} %` });
  }
  if (measurement.errorPct && measurement.errorPct.mean > gates.maxErrorPct) {
    failures.push({ gate: 'errors', detail: `ASIC errors ${fmt(measurement.errorPct.mean, 2)} % > ${gates.maxErrorPct} %` });
  }
  if (measurement.chipTempC && measurement.chipTempC.mean > gates.maxChipTempC) {
    failures.push({ gate: 'chipTemp', detail: `chip ${fmt(measurement.chipTempC.mean)} °C > ${gates.maxChipTempC} °C` });
  }
  if (measurement.vrTempC && measurement.vrTempC.mean > gates.maxVrTempC) {
    failures.push({ gate: 'vrTemp', detail: `VR ${fmt(measurement.vrTempC.mean)} °C > ${gates.maxVrTempC} °C` });
  }
  if (measurement.powerW.mean > gates.maxPowerW) {
    failures.push({ gate: 'power', detail: `power ${fmt(measurement.powerW.mean)} W > ${gates.maxPowerW} W` });
  }
  return failures;
}

/** Gates the interval already shows failing, whatever more readings would say. */
export function clearlyFailing(measurement: Measurement, gates: BenchGates): GateFailure[] {
  const failures: GateFailure[] = [];
  const delivered = deliveredRatio(measurement);
  if (delivered.high < gates.minHashrateRatio) {
    failures.push({
      gate: 'hashrate',
      detail: `hashrate at most ${fmt(delivered.high * 100)} % of expected < ${fmt(gates.minHashrateRatio * 100, 0)} %`,
    });
  }
  if (measurement.errorPct && measurement.errorPct.low > gates.maxErrorPct) {
    failures.push({ gate: 'errors', detail: `ASIC errors at least ${fmt(measurement.errorPct.low, 2)} % > ${gates.maxErrorPct} %` });
  }
  return failures;
}
