import { ASIC_PHYSICS, LEAKAGE, SILICON_SPREAD, type BoardSpec } from './calibration.js';
import type { AsicModel } from '../axeos/models.js';
import type { SeededRandom } from './random.js';

/** How one device turns volts and megahertz into watts. */
export interface PowerModel {
  asicCount: number;
  dynamicW: number;
  staticWPerV: number;
  boardOverheadW: number;
  regulatorEfficiency: number;
}

export function drawPowerModel(options: { asicModel: AsicModel; asicCount: number; board: BoardSpec; random: SeededRandom }): PowerModel {
  const asic = ASIC_PHYSICS[options.asicModel];
  const { random } = options;
  return {
    asicCount: options.asicCount,
    dynamicW: asic.dynamicW * (1 + random.uniform(-1, 1) * SILICON_SPREAD.dynamicPowerFraction),
    staticWPerV: asic.staticWPerV * (1 + random.uniform(-1, 1) * SILICON_SPREAD.staticPowerFraction),
    boardOverheadW: options.board.boardOverheadW,
    regulatorEfficiency: options.board.regulatorEfficiency,
  };
}

/**
 * Power drawn by all the ASICs together: dynamic C·V²·f plus static leakage that grows with voltage and temperature.
 * Zero when the core rail is off (stopped, paused, booting).
 */
export function asicPowerW(model: PowerModel, point: { frequencyMhz: number; coreVoltageMv: number; chipTempC: number }): number {
  if (point.coreVoltageMv <= 0) return 0;
  const volts = point.coreVoltageMv / 1000;
  const dynamic = model.dynamicW * volts * volts * point.frequencyMhz;
  const chipC = Math.min(point.chipTempC, LEAKAGE.capC);
  const leakageScale = 1 - LEAKAGE.share + LEAKAGE.share * Math.exp((chipC - 60) / LEAKAGE.tempScaleC);
  const staticPart = model.staticWPerV * volts * leakageScale;
  return model.asicCount * (dynamic + staticPart);
}

/** What the board reports as `power`: the ASIC share through the regulator plus the fixed overhead. */
export function boardPowerW(model: PowerModel, asicW: number): number {
  return asicW / model.regulatorEfficiency + model.boardOverheadW;
}
