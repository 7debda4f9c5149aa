import type { MinerModel } from '../axeos/models.js';
import { BOARDS, type BoardSpec } from './calibration.js';
import { asicPowerW, drawPowerModel, type PowerModel } from './power.js';
import { SeededRandom } from './random.js';
import { drawSilicon, type Silicon } from './silicon.js';
import { drawThermalModel, type ThermalModel } from './thermal.js';

/** Everything about one device that its seed decides: silicon lottery, power and cooling scatter, fan, regulator. */
export interface DeviceParameters {
  silicon: Silicon;
  power: PowerModel;
  thermal: ThermalModel;
  fanMaxRpm: number;
  regulatorOffsetMv: number;
}

export function drawDeviceParameters(model: MinerModel, seed: number): { board: BoardSpec; params: DeviceParameters } {
  const board = BOARDS[model.id];
  const random = SeededRandom.derive(seed, 'silicon');
  const silicon = drawSilicon(model.asicModel, random, SeededRandom.derive(seed, 'error-curve'));
  const power = drawPowerModel({ asicModel: model.asicModel, asicCount: model.asicCount, board, random });
  // Cooling is sized for the model's nominal silicon, so a hungrier device runs its fan harder.
  const nominal = drawPowerModel({ asicModel: model.asicModel, asicCount: model.asicCount, board, random: new ZeroSpread() });
  const stockAsicPowerW = asicPowerW(nominal, {
    frequencyMhz: model.defaultFrequencyMhz,
    coreVoltageMv: model.defaultCoreVoltageMv,
    chipTempC: 60,
  });
  const thermal = drawThermalModel({ board, asicCount: model.asicCount, stockAsicPowerW, random });
  return {
    board,
    params: {
      silicon,
      power,
      thermal,
      fanMaxRpm: Math.round(board.fanMaxRpm * random.uniform(0.95, 1.05)),
      regulatorOffsetMv: random.uniform(-4, 4),
    },
  };
}

/** A stream whose uniform draws all land mid-range, for the nominal (spread-free) model. */
class ZeroSpread extends SeededRandom {
  constructor() {
    super(0);
  }

  override next(): number {
    return 0.5;
  }
}
