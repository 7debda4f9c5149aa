import { describe, expect, it } from 'vitest';
import { MODELS, expectedHashrateGhs } from '../../../src/axeos/models.js';
import { SimulatedMiner } from '../../../src/sim/device.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { averageInfo, getInfo, makeMiner, MINUTE } from './sim-helpers.js';

describe('expected hashrate = frequency × small cores × ASICs / 1000', () => {
  const table: Record<string, number> = {
    max: 285.6, ultra: 433.59, hex: 2601.54, supra: 625.24, suprahex: 3751.44, gamma: 1071, gammaduo: 1632, gammagt: 2142,
    'nerdqaxe++': 4896,
  };

  for (const model of MODELS) {
    it(`${model.id} reports and delivers it at its default settings`, async () => {
      const clock = new VirtualClock();
      const miner = new SimulatedMiner({ model: model.id, seed: 3, clock });
      const formula = expectedHashrateGhs(model.defaultFrequencyMhz, model.smallCoresPerAsic, model.asicCount);
      expect(formula).toBeCloseTo(table[model.id] ?? NaN, 1);
      await clock.advance(20 * MINUTE);
      const info = await getInfo(miner);
      if (model.firmware === 'nerdqaxe') expect(info.expectedHashrate).toBeUndefined();
      else expect(info.expectedHashrate).toBeCloseTo(formula, 3);
      // Healthy silicon at stock: only the small error floor is missing.
      expect(miner.state().hashrateGhs).toBeGreaterThan(formula * 0.99);
      expect(miner.state().hashrateGhs).toBeLessThanOrEqual(formula);
      expect(miner.truth.steadyState({ frequencyMhz: model.defaultFrequencyMhz, coreVoltageMv: model.defaultCoreVoltageMv }).expectedHashrateGhs)
        .toBeCloseTo(formula, 6);
    });
  }
});

describe('calibration against the captured Gamma', () => {
  it('stock 525 MHz / 1150 mV settles at ≈1072 GH/s, ≈18.8 W, chip ≈60 °C, fan 30–70 %, VR ≈62 °C', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 1 });
    await clock.advance(20 * MINUTE);
    const hashrate = await averageInfo(clock, miner, 'hashRate', { samples: 60 });
    const power = await averageInfo(clock, miner, 'power');
    const chip = await averageInfo(clock, miner, 'temp');
    const fan = await averageInfo(clock, miner, 'fanspeed');
    const vr = await averageInfo(clock, miner, 'vrTemp');
    expect(hashrate).toBeGreaterThan(1072 * 0.97);
    expect(hashrate).toBeLessThan(1072 * 1.03);
    expect(power).toBeGreaterThan(18.8 * 0.95);
    expect(power).toBeLessThan(18.8 * 1.05);
    expect(Math.abs(chip - 60)).toBeLessThan(1);
    expect(fan).toBeGreaterThan(30);
    expect(fan).toBeLessThan(70);
    expect(Math.abs(vr - 62)).toBeLessThan(5);
  });

  it('the fan band holds across the silicon lottery', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { miner } = makeMiner({ model: 'gamma', seed });
      const stock = miner.truth.steadyState({ frequencyMhz: 525, coreVoltageMv: 1150, ambientC: 25 });
      expect(stock.fanPct).toBeGreaterThan(30);
      expect(stock.fanPct).toBeLessThan(70);
      expect(stock.powerW).toBeGreaterThan(18.8 * 0.95);
      expect(stock.powerW).toBeLessThan(18.8 * 1.05);
    }
  });

  it('overclocked 625 MHz / 1250 mV draws ≈22.2 W and still holds 60 °C', () => {
    const { miner } = makeMiner({ model: 'gamma', seed: 1 });
    const oc = miner.truth.steadyState({ frequencyMhz: 625, coreVoltageMv: 1250, ambientC: 25 });
    expect(oc.powerW).toBeGreaterThan(22.2 * 0.95);
    expect(oc.powerW).toBeLessThan(22.2 * 1.05);
    expect(oc.chipTempC).toBeCloseTo(60, 1);
    expect(oc.hashrateGhs).toBeGreaterThan(1264 * 0.99);
  });

  it('other boards sit where the model table and the fixtures put them', () => {
    const steady = (model: 'supra' | 'ultra' | 'max' | 'hex' | 'nerdqaxe++', frequencyMhz?: number) => {
      const { miner } = makeMiner({ model, seed: 2 });
      return miner.truth.steadyState({
        frequencyMhz: frequencyMhz ?? miner.model.defaultFrequencyMhz,
        coreVoltageMv: miner.model.defaultCoreVoltageMv,
      });
    };
    expect(steady('supra').hashrateGhs).toBeCloseTo(625, -1);
    expect(steady('ultra').hashrateGhs).toBeCloseTo(434, -1);
    expect(steady('max').hashrateGhs).toBeCloseTo(286, -1);
    expect(steady('hex').hashrateGhs / 2600).toBeCloseTo(1, 1);
    expect(steady('hex', 525).powerW / 58).toBeCloseTo(1, 1);
    expect(steady('nerdqaxe++').hashrateGhs / 4896).toBeCloseTo(1, 1);
    for (const model of ['supra', 'ultra', 'max', 'hex', 'nerdqaxe++'] as const) {
      const s = steady(model);
      expect(s.chipTempC).toBeCloseTo(60, 0);
      expect(s.efficiencyJth).toBeGreaterThan(10);
      expect(s.efficiencyJth).toBeLessThan(60);
    }
  });
});
