import { describe, expect, it } from 'vitest';
import { averageInfo, makeMiner, MINUTE, patch } from './sim-helpers.js';

describe('truth: the noise-free steady state of this device', () => {
  it('matches what the device settles at, at a point away from stock', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 13, firmware: '2.12' });
    await patch(miner, { frequency: 600, coreVoltage: 1200 });
    await clock.advance(20 * MINUTE);
    const truth = miner.truth.steadyState({ frequencyMhz: 600, coreVoltageMv: 1200 });
    const power = await averageInfo(clock, miner, 'power');
    const hashrate = await averageInfo(clock, miner, 'hashRate_10m', { samples: 5, everyMs: 10 * MINUTE });
    const fan = await averageInfo(clock, miner, 'fanspeed');
    expect(power / truth.powerW).toBeCloseTo(1, 1);
    expect(hashrate / truth.hashrateGhs).toBeCloseTo(1, 1);
    expect(Math.abs(fan - truth.fanPct)).toBeLessThan(3);
    expect(Math.abs(miner.state().chipTempC - truth.chipTempC)).toBeLessThan(1);
    expect(truth.efficiencyJth).toBeCloseTo(truth.powerW / (truth.hashrateGhs / 1000), 9);
  });

  it('knows where this device stops being stable', () => {
    const { miner } = makeMiner({ model: 'gamma', seed: 13 });
    const vmin = miner.truth.minStableVoltageMv(600);
    expect(miner.truth.minStableVoltageMv(650)).toBeGreaterThan(vmin);
    // Each device's error curve has its own width (6–20 mV per e-fold): a few widths either side of the knee.
    const width = miner.params.silicon.errorCurveWidthMv;
    const clean = miner.truth.steadyState({ frequencyMhz: 600, coreVoltageMv: Math.ceil(vmin + 3 * width) });
    const unstable = miner.truth.steadyState({ frequencyMhz: 600, coreVoltageMv: Math.floor(vmin - 5 * width) });
    expect(clean.errorPct).toBeLessThan(1);
    expect(unstable.errorPct).toBeGreaterThan(20);
    expect(unstable.hashrateGhs).toBeLessThan(clean.hashrateGhs * 0.8);
  });

  it('says when a point would trip the firmware protection', () => {
    const { miner } = makeMiner({ model: 'gamma', seed: 13 });
    expect(miner.truth.steadyState({ frequencyMhz: 525, coreVoltageMv: 1150, ambientC: 25 }).overheats).toBe(false);
    expect(miner.truth.steadyState({ frequencyMhz: 900, coreVoltageMv: 1400, ambientC: 40 }).overheats).toBe(true);
  });
});

describe('cost', () => {
  it('runs ten simulated hours of physics (measured by the bench, not asserted here)', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 14 });
    for (let i = 0; i < 600; i++) {
      await clock.advance(MINUTE);
      miner.state();
    }
    expect(miner.state().uptimeS).toBe(36_000);
    expect(miner.state().shares.accepted).toBeGreaterThan(8000);
  });
});
