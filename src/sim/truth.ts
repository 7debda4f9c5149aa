import { expectedHashrateGhs, type MinerModel } from '../axeos/models.js';
import { OVERHEAT, type BoardSpec } from './calibration.js';
import type { DeviceParameters } from './parameters.js';
import { asicPowerW, boardPowerW } from './power.js';
import { asicErrorPct, minStableVoltageMv } from './silicon.js';
import { airflowForChipConductance, chipConductance, steadyTemperatures, vrLossW } from './thermal.js';

/**
 * Ground truth for evaluating axepilot's benchmark engine: the noise-free steady state of this very device at any
 * operating point. axepilot's own code never reads it; a benchmark evaluation compares what the engine found with it.
 */
export interface SteadyState {
  hashrateGhs: number;
  expectedHashrateGhs: number;
  powerW: number;
  /** J/TH as AxeOS computes it: power / (hashrate / 1000). */
  efficiencyJth: number;
  chipTempC: number;
  vrTempC: number;
  errorPct: number;
  fanPct: number;
  /** The firmware's protection would trip here (chip or VR over its limit). */
  overheats: boolean;
}

export interface OperatingPoint {
  frequencyMhz: number;
  coreVoltageMv: number;
  /** Defaults to the device's current ambient. */
  ambientC?: number;
  /** Defaults to the device's current fan settings. */
  fan?: { auto: true; targetC: number; minPct: number } | { auto: false; pct: number };
  /** A dead fan (the 'fan-failure' fault): no airflow whatever the duty; only natural convection cools. */
  fanFailed?: boolean;
}

export interface TruthSource {
  model: MinerModel;
  board: BoardSpec;
  params: DeviceParameters;
  ambientC(): number;
  fan(): { auto: true; targetC: number; minPct: number } | { auto: false; pct: number };
  chipTripC: number;
}

export class SimTruth {
  constructor(private readonly source: TruthSource) {}

  /** The core voltage below which this device's errors climb steeply at `frequencyMhz` (default chip temp 60 °C). */
  minStableVoltageMv(frequencyMhz: number, chipTempC = 60): number {
    return minStableVoltageMv(this.source.params.silicon, frequencyMhz, chipTempC);
  }

  steadyState(point: OperatingPoint): SteadyState {
    const { model, board, params } = this.source;
    const ambientC = point.ambientC ?? this.source.ambientC();
    const fan = point.fan ?? this.source.fan();
    const coreVoltageMv = Math.min(board.regulatorMaxMv, point.coreVoltageMv);
    const hottestOffset = Math.max(...params.thermal.chipOffsetsC);
    let chipC = ambientC + 35;
    let fanPct = fan.auto ? 50 : fan.pct;
    let asicW = 0;
    const failed = point.fanFailed === true;
    for (let i = 0; i < 500; i++) {
      asicW = asicPowerW(params.power, { frequencyMhz: point.frequencyMhz, coreVoltageMv, chipTempC: chipC });
      // A dead fan leaves the PID pinned at 100 % for nothing.
      if (failed) fanPct = fan.auto ? 100 : Math.min(100, Math.max(0, fan.pct));
      else fanPct = fan.auto ? this.pidSteadyFan(asicW, fan, ambientC, hottestOffset) : Math.min(100, Math.max(0, fan.pct));
      const next = ambientC + asicW / chipConductance(params.thermal, failed ? 0 : fanPct);
      const delta = next - chipC;
      chipC += 0.5 * delta;
      if (Math.abs(delta) < 1e-7) break;
    }
    const temps = steadyTemperatures(params.thermal, {
      asicPowerW: asicW,
      vrLossW: vrLossW(asicW, true),
      airflowPct: failed ? 0 : fanPct,
      ambientC,
      coolingShare: 1,
    });
    const hotC = temps.chipC + hottestOffset;
    const errorPct = asicErrorPct(params.silicon, { frequencyMhz: point.frequencyMhz, coreVoltageMv, chipTempC: hotC });
    const expected = expectedHashrateGhs(point.frequencyMhz, model.smallCoresPerAsic, model.asicCount);
    const hashrateGhs = expected * (1 - errorPct / 100);
    const powerW = boardPowerW(params.power, asicW);
    return {
      hashrateGhs,
      expectedHashrateGhs: expected,
      powerW,
      efficiencyJth: hashrateGhs > 0 ? powerW / (hashrateGhs / 1000) : Infinity,
      chipTempC: hotC,
      vrTempC: temps.vrC,
      errorPct,
      fanPct,
      overheats: hotC > this.source.chipTripC || temps.vrC > OVERHEAT.vrTripC,
    };
  }

  /** Where the PID settles: the airflow that holds the hottest chip at target, clamped to [min, 100] %. */
  private pidSteadyFan(asicW: number, fan: { targetC: number; minPct: number }, ambientC: number, hottestOffset: number): number {
    const minPct = Math.min(100, Math.max(0, fan.minPct));
    const riseC = fan.targetC - hottestOffset - ambientC;
    if (riseC <= 0) return 100;
    const airflow = airflowForChipConductance(this.source.params.thermal, asicW / riseC);
    if (airflow === null) return asicW / riseC > chipConductance(this.source.params.thermal, 100) ? 100 : minPct;
    return Math.min(100, Math.max(minPct, airflow));
  }
}
