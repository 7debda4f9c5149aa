import { SENSORS, type BoardSpec } from './calibration.js';
import type { SeededRandom } from './random.js';

/** What the board's sensors read of the true state: noise, the firmware's quantization, and its units. */
export interface SensorReadings {
  /** Hottest chip, °C in 0.125 steps. */
  chipC: number;
  /** Each chip (NerdQAxe's `asicTemps[]`). */
  chipsC: number[];
  /** VR in whole °C, or null when the board has no VR sensor. */
  vrC: number | null;
  powerW: number;
  inputVoltageMv: number;
  /** TPS546 boards: ASIC-rail current; INA260 boards: input current (mA). */
  currentMa: number;
  coreVoltageActualMv: number;
  fanRpm: number;
}

export interface TrueElectricalState {
  chipsC: number[];
  vrC: number;
  boardPowerW: number;
  asicPowerW: number;
  appliedCoreVoltageMv: number;
  asicCount: number;
  nominalInputV: number;
  fanDutyPct: number;
  fanSpinning: boolean;
  fanMaxRpm: number;
  /** The regulator's own set-point error for this device (mV). */
  regulatorOffsetMv: number;
}

const DROOP_MOHM = 0.75;
const INPUT_SOURCE_RISE = 1.025;
const INPUT_CABLE_MOHM = 10;

function quantize(value: number, step: number): number {
  return Math.round(value / step) * step;
}

export function readSensors(board: BoardSpec, state: TrueElectricalState, random: SeededRandom): SensorReadings {
  const chipsC = state.chipsC.map((c) => quantize(c + SENSORS.chipNoiseC * random.normal(), SENSORS.chipQuantumC));
  const vrReading = Math.round(state.vrC + SENSORS.vrNoiseC * random.normal());
  const powerW = state.boardPowerW * (1 + SENSORS.powerNoiseFraction * random.normal());
  const inputCurrentA = powerW / state.nominalInputV;
  const inputLsb = board.powerSensor === 'tps546' ? SENSORS.tpsVoltageLsbMv : SENSORS.inaLsb;
  const inputVoltageMv = quantize(
    state.nominalInputV * 1000 * INPUT_SOURCE_RISE - INPUT_CABLE_MOHM * inputCurrentA + 2 * random.normal(),
    inputLsb,
  );
  const running = state.appliedCoreVoltageMv > 0;
  // Chips on multi-ASIC boards sit in series on one rail, so the rail carries one chip's current.
  const railCurrentA = running ? state.asicPowerW / state.asicCount / (state.appliedCoreVoltageMv / 1000) : 0;
  const coreVoltageActualMv = running
    ? Math.round(state.appliedCoreVoltageMv + state.regulatorOffsetMv - DROOP_MOHM * railCurrentA + random.normal())
    : 0;
  const currentMa = board.powerSensor === 'tps546'
    ? quantize(railCurrentA * 1000, SENSORS.tpsCurrentLsbMa)
    : quantize((powerW / (inputVoltageMv / 1000)) * 1000, SENSORS.inaLsb);
  const fanRpm = state.fanSpinning
    ? Math.max(0, Math.round(state.fanMaxRpm * (state.fanDutyPct / 100) * (1 + SENSORS.fanRpmNoiseFraction * random.normal())))
    : 0;
  return {
    chipC: Math.max(...chipsC),
    chipsC,
    vrC: board.hasVrSensor ? vrReading : null,
    powerW,
    inputVoltageMv,
    currentMa,
    coreVoltageActualMv,
    fanRpm,
  };
}
