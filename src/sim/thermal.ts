import { COOLING, SILICON_SPREAD, VR_THERMAL, type BoardSpec } from './calibration.js';
import type { SeededRandom } from './random.js';

/**
 * First-order thermal model of the chip (die + heatsink as one node) and of the voltage regulator, both cooled by
 * the fan's airflow. Exact exponential steps, so a step of any length is stable.
 */
export interface ThermalModel {
  /** Chip-to-air conductance at 50 % airflow (W/K). */
  chipConductance50: number;
  /** Heat capacity of the chip node (J/K). */
  chipHeatCapacity: number;
  vrConductance50: number;
  vrHeatCapacity: number;
  /** Offset of each chip from the lumped chip node (°C); the hottest is what `temp` reports. */
  chipOffsetsC: number[];
}

export interface Temperatures {
  chipC: number;
  vrC: number;
}

export function drawThermalModel(options: {
  board: BoardSpec;
  asicCount: number;
  /** ASIC power at the model's stock settings and 60 °C, to place stock at 60 °C / 50 % fan. */
  stockAsicPowerW: number;
  random: SeededRandom;
}): ThermalModel {
  const { board, random } = options;
  const rise = COOLING.calibrationChipC - COOLING.calibrationAmbientC;
  const chipConductance50 = (options.stockAsicPowerW / rise) * (1 + random.uniform(-1, 1) * SILICON_SPREAD.coolingFraction);
  const vrLossW = VR_THERMAL.quiescentW + VR_THERMAL.lossFraction * options.stockAsicPowerW;
  const vrOwnRise = VR_THERMAL.calibrationVrC - COOLING.calibrationAmbientC - VR_THERMAL.chipCoupling * rise;
  const vrConductance50 = vrLossW / vrOwnRise;
  const chipOffsetsC = options.asicCount === 1
    ? [0]
    : Array.from({ length: options.asicCount }, () => random.uniform(-SILICON_SPREAD.chipSpreadC, SILICON_SPREAD.chipSpreadC));
  return {
    chipConductance50,
    chipHeatCapacity: board.chipTimeConstantS * chipConductance50,
    vrConductance50,
    vrHeatCapacity: VR_THERMAL.timeConstantS * vrConductance50,
    chipOffsetsC,
  };
}

function airflowShape(airflowPct: number): number {
  return Math.pow(Math.min(100, Math.max(0, airflowPct)) / 100, COOLING.airflowExponent);
}

export function chipConductance(model: ThermalModel, airflowPct: number, coolingShare = 1): number {
  return model.chipConductance50 * (COOLING.naturalShare + COOLING.forcedShare * airflowShape(airflowPct)) * coolingShare;
}

export function vrConductance(model: ThermalModel, airflowPct: number, coolingShare = 1): number {
  return model.vrConductance50 * (VR_THERMAL.naturalShare + VR_THERMAL.forcedShare * airflowShape(airflowPct)) * coolingShare;
}

/** Airflow (%) at which the chip conductance equals `conductance`, or null when no airflow in 0–100 % reaches it. */
export function airflowForChipConductance(model: ThermalModel, conductance: number): number | null {
  const shape = (conductance / model.chipConductance50 - COOLING.naturalShare) / COOLING.forcedShare;
  if (shape < 0 || shape > 1) return null;
  return 100 * Math.pow(shape, 1 / COOLING.airflowExponent);
}

export function vrLossW(asicPowerW: number, asicRunning: boolean): number {
  return asicRunning ? VR_THERMAL.quiescentW + VR_THERMAL.lossFraction * asicPowerW : VR_THERMAL.quiescentW;
}

export interface ThermalInputs {
  asicPowerW: number;
  vrLossW: number;
  airflowPct: number;
  ambientC: number;
  /** 1 normally; the 'overheat' fault blocks most of the airflow. */
  coolingShare: number;
}

/** Where the temperatures settle if the inputs stay as they are. */
export function steadyTemperatures(model: ThermalModel, inputs: ThermalInputs): Temperatures {
  const chipC = inputs.ambientC + inputs.asicPowerW / chipConductance(model, inputs.airflowPct, inputs.coolingShare);
  return { chipC, vrC: vrSteadyC(model, inputs, chipC) };
}

function vrSteadyC(model: ThermalModel, inputs: ThermalInputs, chipC: number): number {
  return inputs.ambientC + inputs.vrLossW / vrConductance(model, inputs.airflowPct, inputs.coolingShare)
    + VR_THERMAL.chipCoupling * (chipC - inputs.ambientC);
}

/** Advances both nodes by `dtS` seconds with the inputs held constant over the step. */
export function stepTemperatures(model: ThermalModel, now: Temperatures, inputs: ThermalInputs, dtS: number): Temperatures {
  const chipG = chipConductance(model, inputs.airflowPct, inputs.coolingShare);
  const chipTarget = inputs.ambientC + inputs.asicPowerW / chipG;
  const chipC = chipTarget + (now.chipC - chipTarget) * Math.exp((-dtS * chipG) / model.chipHeatCapacity);
  const vrG = vrConductance(model, inputs.airflowPct, inputs.coolingShare);
  const vrTarget = vrSteadyC(model, inputs, chipC);
  const vrC = vrTarget + (now.vrC - vrTarget) * Math.exp((-dtS * vrG) / model.vrHeatCapacity);
  return { chipC, vrC };
}

/** The hottest chip, which is what the firmware reports as `temp` and protects on. */
export function hottestChipC(model: ThermalModel, chipC: number): number {
  return chipC + Math.max(...model.chipOffsetsC);
}
