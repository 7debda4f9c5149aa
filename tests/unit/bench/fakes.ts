/** Stand-ins for unit tests of the benchmark: measurements built from numbers, and a synthetic miner for strategies. */
import type { Telemetry } from '../../../src/axeos/telemetry.js';
import { gatesFor, judgeMeasurement, type BenchGates } from '../../../src/bench/gates.js';
import type { AllowedRanges } from '../../../src/bench/guard-port.js';
import type { BenchDevice, StrategyContext } from '../../../src/bench/strategies/strategy.js';
import { exact, type Estimate } from '../../../src/bench/statistics.js';
import type { BenchMode, Measurement, Objective, OperatingPoint, PointRequest, PointResult } from '../../../src/bench/types.js';
import { parseConfig } from '../../../src/config/load.js';
import { modelById } from '../../../src/axeos/models.js';

export const GAMMA_RANGES: AllowedRanges = {
  frequencyMhz: [400, 625], coreVoltageMv: [1000, 1250],
  frequencyOptions: [400, 490, 525, 550, 600, 625], voltageOptions: [1000, 1060, 1100, 1150, 1200, 1250],
};

export const DEFAULT_GATES: BenchGates = gatesFor({ bench: parseConfig({}, {}).bench, model: modelById('gamma') });

const around = (mean: number, halfWidth: number, n = 10): Estimate => ({ mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n });

export function measurementOf(values: {
  expectedGhs: number;
  hashrateGhs: number;
  hashrateHalfWidth?: number;
  errorPct: number | null;
  errorHalfWidth?: number;
  powerW: number;
  chipTempC?: number;
  vrTempC?: number | null;
}): Measurement {
  const hashrate = around(values.hashrateGhs, values.hashrateHalfWidth ?? values.hashrateGhs * 0.01);
  const power = around(values.powerW, values.powerW * 0.002);
  const jth = values.powerW / (values.hashrateGhs / 1000);
  return {
    settleMs: 10_000, settled: true, measureMs: 20_000, samples: 7, stoppedBy: 'decided',
    hashrateGhs: hashrate,
    expectedHashrateGhs: values.expectedGhs,
    hashrateRatio: around(values.hashrateGhs / values.expectedGhs, hashrate.halfWidth / values.expectedGhs),
    effectiveHashrateGhs: hashrate,
    errorPct: values.errorPct === null ? null : around(values.errorPct, values.errorHalfWidth ?? values.errorPct * 0.05),
    powerW: power,
    efficiencyJth: around(jth, jth * 0.01),
    chipTempC: { mean: values.chipTempC ?? 60, max: (values.chipTempC ?? 60) + 0.3 },
    vrTempC: values.vrTempC === null ? null : { mean: values.vrTempC ?? 62, max: (values.vrTempC ?? 62) + 1 },
    inputVoltageV: { min: 5.05, max: 5.1 },
    fanPct: 50,
  };
}

/**
 * A miner made of formulas: errors climb exponentially below a knee line (floor + 2 % at the knee, ×e every 9 mV
 * lower), power follows the CMOS model, and points beyond `hot` overheat.
 */
export interface SyntheticMiner {
  kneeMv(frequencyMhz: number): number;
  floorPct: number;
  /** Points at or above this frequency and voltage are too hot. */
  hot?: OperatingPoint;
  cores?: number;
}

export function syntheticErrorPct(miner: SyntheticMiner, point: OperatingPoint): number {
  return Math.min(100, miner.floorPct + 2 * Math.exp((miner.kneeMv(point.frequencyMhz) - point.coreVoltageMv) / 9));
}

export function syntheticPowerW(point: OperatingPoint): number {
  const v = point.coreVoltageMv / 1000;
  return 5 + 0.0099 * v * v * point.frequencyMhz + 6 * v;
}

export function syntheticResult(miner: SyntheticMiner, request: PointRequest, seq: number, gates = DEFAULT_GATES): PointResult {
  const { point } = request;
  const expected = (point.frequencyMhz * (miner.cores ?? 2040)) / 1000;
  const errorPct = syntheticErrorPct(miner, point);
  const hot = miner.hot !== undefined && point.frequencyMhz >= miner.hot.frequencyMhz && point.coreVoltageMv >= miner.hot.coreVoltageMv;
  const measurement = measurementOf({
    expectedGhs: expected, hashrateGhs: expected * (1 - errorPct / 100), errorPct, powerW: syntheticPowerW(point), chipTempC: hot ? 70 : 60,
  });
  if (hot) {
    return { seq, point, purpose: request.purpose, verdict: 'fail', failures: [{ gate: 'chipTemp', detail: 'chip 70 °C > 68 °C' }], measurement, startedAt: 0, endedAt: 0 };
  }
  const failures = judgeMeasurement(measurement, gates);
  return { seq, point, purpose: request.purpose, verdict: failures.length > 0 ? 'fail' : 'pass', failures, measurement, startedAt: 0, endedAt: 0 };
}

export function syntheticContext(options: {
  miner: SyntheticMiner;
  ranges?: AllowedRanges;
  start?: OperatingPoint;
  mode?: BenchMode;
  objective?: Objective;
  hasErrorCounter?: boolean;
}): { context: StrategyContext; requests: PointRequest[]; results: PointResult[] } {
  const requests: PointRequest[] = [];
  const results: PointResult[] = [];
  const device: BenchDevice = {
    miner: 'synthetic', model: modelById('gamma'), ranges: options.ranges ?? GAMMA_RANGES,
    start: options.start ?? { frequencyMhz: 525, coreVoltageMv: 1150 }, hasErrorCounter: options.hasErrorCounter ?? true,
    expectedHashrateGhs: (p) => (p.frequencyMhz * (options.miner.cores ?? 2040)) / 1000,
  };
  const context: StrategyContext = {
    device, mode: options.mode ?? 'quick', objective: options.objective ?? 'efficiency', gates: DEFAULT_GATES,
    points: () => results,
    expectRemaining: () => undefined,
    measure: (request) => {
      requests.push(request);
      const result = syntheticResult(options.miner, request, results.length + 1);
      results.push(result);
      return Promise.resolve(result);
    },
  };
  return { context, requests, results };
}

/** A reading with everything a gate looks at, plus what the test sets. */
export function reading(values: Partial<Telemetry> & { ts: number }): Telemetry {
  return {
    mac: null, hostname: null, ipv4: null, model: 'gamma', boardVersion: '601', asicModel: 'BM1370', asicCount: 1,
    smallCoreCount: 2040, firmware: 'v2.12.2', hashrateGhs: 1070, hashrate1mGhs: null, hashrate10mGhs: null,
    hashrate1hGhs: null, expectedHashrateGhs: 1071, efficiencyJth: null, errorPct: 0.2, chipTempC: 60,
    chipTemp2C: null, vrTempC: 62, powerW: 18.8, inputVoltageV: 5.08, currentA: null, coreVoltageMv: 1150,
    coreVoltageActualMv: null, frequencyMhz: 525, fanPct: 48, fanRpm: null, autoFan: true, tempTargetC: 60,
    sharesAccepted: null, sharesRejected: null, bestDiff: null, bestSessionDiff: null, poolDifficulty: null,
    networkDifficulty: null, blocksFound: null, usingFallbackPool: null, poolUrl: null, uptimeS: 600, overheat: false,
    powerFault: null, hardwareFault: null, miningPaused: null, wifiRssi: null, poolUser: null, poolResponseMs: null,
    ...values,
  };
}

export { exact };
