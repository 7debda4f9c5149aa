import { describe, expect, it } from 'vitest';
import { fitKneeLine, fitPowerModel, PRIOR_KNEE_SLOPE_MV_PER_MHZ } from '../../../src/bench/strategies/knee-model.js';

describe('the knee line', () => {
  it('goes through two measured knees', () => {
    const line = fitKneeLine([{ frequencyMhz: 500, voltageMv: 1050, atFloor: false }, { frequencyMhz: 600, voltageMv: 1120, atFloor: false }]);
    expect(line?.(550)).toBeCloseTo(1085, 6);
  });

  it('uses a typical slope through a single knee, and never a falling line', () => {
    const one = fitKneeLine([{ frequencyMhz: 600, voltageMv: 1120, atFloor: false }, { frequencyMhz: 450, voltageMv: 1000, atFloor: true }]);
    expect(one?.(500)).toBeCloseTo(1120 - 100 * PRIOR_KNEE_SLOPE_MV_PER_MHZ, 6);
    const falling = fitKneeLine([{ frequencyMhz: 500, voltageMv: 1100, atFloor: false }, { frequencyMhz: 510, voltageMv: 1098, atFloor: false }]);
    expect(falling?.(605)).toBeCloseTo(1099 + 100 * PRIOR_KNEE_SLOPE_MV_PER_MHZ, 6);
    expect(fitKneeLine([])).toBeNull();
  });
});

describe('the power model', () => {
  it('recovers idle, dynamic and static power from measurements', () => {
    const truth = (f: number, mv: number): number => 5 + 0.0099 * (mv / 1000) ** 2 * f + 6 * (mv / 1000);
    const samples = [[525, 1150], [525, 1080], [625, 1150], [625, 1110], [490, 1050]].map(([f = 0, v = 0]) => ({
      point: { frequencyMhz: f, coreVoltageMv: v }, powerW: truth(f, v),
    }));
    const model = fitPowerModel(samples);
    expect(model?.({ frequencyMhz: 575, coreVoltageMv: 1120 })).toBeCloseTo(truth(575, 1120), 6);
  });

  it('falls back to scaling with V²·f from too few points', () => {
    const model = fitPowerModel([{ point: { frequencyMhz: 500, coreVoltageMv: 1000 }, powerW: 10 }]);
    expect(model?.({ frequencyMhz: 1000, coreVoltageMv: 1000 })).toBeCloseTo(20, 6);
    expect(fitPowerModel([])).toBeNull();
  });
});
