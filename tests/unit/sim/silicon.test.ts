import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/sim/random.js';
import { asicErrorPct, drawSilicon, minStableVoltageMv } from '../../../src/sim/silicon.js';
import { averageInfo, getInfo, makeMiner, MINUTE, patch } from './sim-helpers.js';

describe('silicon lottery', () => {
  it('errors sit on a small floor above Vmin and climb steeply below it', () => {
    const silicon = drawSilicon('BM1370', new SeededRandom(5));
    const vmin = minStableVoltageMv(silicon, 525);
    const at = (mv: number): number => asicErrorPct(silicon, { frequencyMhz: 525, coreVoltageMv: mv, chipTempC: 60 });
    expect(at(vmin + 60)).toBeGreaterThanOrEqual(0.1);
    expect(at(vmin + 60)).toBeLessThan(0.55);
    expect(at(vmin)).toBeGreaterThan(at(vmin + 60));
    expect(at(vmin - 20)).toBeGreaterThan(5);
    expect(at(vmin - 6 * silicon.errorCurveWidthMv)).toBeGreaterThan(80);
  });

  it('draws each device its own error-curve width (6–20 mV) and knee slope, and every curve adds ~2 % at the knee', () => {
    const drawn = Array.from({ length: 60 }, (_, seed) => drawSilicon('BM1370', new SeededRandom(seed), new SeededRandom(1000 + seed)));
    const widths = drawn.map((s) => s.errorCurveWidthMv);
    const slopes = drawn.map((s) => s.vminSlopeMvPerMhz);
    expect(Math.min(...widths)).toBeLessThan(8);
    expect(Math.max(...widths)).toBeGreaterThan(18);
    for (const w of widths) expect(w >= 6 && w <= 20).toBe(true);
    expect(Math.max(...slopes) - Math.min(...slopes)).toBeGreaterThan(0.3);
    for (const s of drawn) {
      const at = (mv: number): number => asicErrorPct(s, { frequencyMhz: 525, coreVoltageMv: mv, chipTempC: 60 });
      expect(at(minStableVoltageMv(s, 525)) - s.errorFloorPct).toBeCloseTo(2, 5);
      // A wide curve is already well above its floor 15 mV over the knee; a sharp one is not.
      expect(at(minStableVoltageMv(s, 525) + 15) - s.errorFloorPct).toBeGreaterThan(s.errorCurveWidthMv > 16 ? 0.7 : 0);
    }
  });

  it('needs more voltage for more frequency and a little more when hot', () => {
    const silicon = drawSilicon('BM1370', new SeededRandom(5));
    expect(minStableVoltageMv(silicon, 625)).toBeGreaterThan(minStableVoltageMv(silicon, 525) + 50);
    expect(minStableVoltageMv(silicon, 525, 70)).toBeGreaterThan(minStableVoltageMv(silicon, 525, 60));
  });

  it('seeds differ by up to ±30 mV around the model line', () => {
    const vmins = Array.from({ length: 50 }, (_, seed) => minStableVoltageMv(drawSilicon('BM1370', new SeededRandom(seed)), 525));
    expect(Math.max(...vmins) - Math.min(...vmins)).toBeGreaterThan(30);
    for (const v of vmins) expect(Math.abs(v - (680 + 0.7 * 525))).toBeLessThanOrEqual(30);
  });
});

describe('undervolting a simulated Gamma', () => {
  it('raises the error rate and lowers the hashrate below Vmin', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 4, firmware: '2.12' });
    await clock.advance(15 * MINUTE);
    const stockErrors = await averageInfo(clock, miner, 'errorPercentage');
    const stockHashrate = await averageInfo(clock, miner, 'hashRate_1m', { samples: 10, everyMs: 60_000 });
    const vmin = Math.round(miner.truth.minStableVoltageMv(525));
    expect((await patch(miner, { coreVoltage: vmin - 30 })).status).toBe(200);
    await clock.advance(5 * MINUTE);
    const lowErrors = await averageInfo(clock, miner, 'errorPercentage');
    const lowHashrate = await averageInfo(clock, miner, 'hashRate_1m', { samples: 10, everyMs: 60_000 });
    expect(stockErrors).toBeLessThan(0.6);
    expect(lowErrors).toBeGreaterThan(10);
    expect(lowHashrate).toBeLessThan(stockHashrate * 0.9);
    // It also draws less power: that is what tempts a naive tuner.
    expect(miner.state().powerW).toBeLessThan(miner.truth.steadyState({ frequencyMhz: 525, coreVoltageMv: 1150 }).powerW);
  });

  it('applies the new voltage live, without a restart', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 4 });
    await clock.advance(2 * MINUTE);
    const uptime = Number((await getInfo(miner)).uptimeSeconds);
    await patch(miner, { coreVoltage: 1100 });
    await clock.advance(2000);
    const info = await getInfo(miner);
    expect(info.coreVoltage).toBe(1100);
    expect(Math.abs(Number(info.coreVoltageActual) - 1100)).toBeLessThan(20);
    expect(Number(info.uptimeSeconds)).toBeGreaterThan(uptime);
  });
});
