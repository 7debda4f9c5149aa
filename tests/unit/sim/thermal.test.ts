import { describe, expect, it } from 'vitest';
import { FanPid } from '../../../src/sim/fan-pid.js';
import { averageInfo, makeMiner, MINUTE, patch } from './sim-helpers.js';

describe('thermal behaviour', () => {
  it('a warmer room raises the chip and the fan', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 1 });
    await clock.advance(20 * MINUTE);
    const coolFan = await averageInfo(clock, miner, 'fanspeed');
    miner.setAmbient(33);
    await clock.advance(15 * MINUTE);
    const warmFan = await averageInfo(clock, miner, 'fanspeed');
    expect(warmFan).toBeGreaterThan(coolFan + 10);
    // The PID still holds the target while it has headroom.
    expect(Math.abs(await averageInfo(clock, miner, 'temp') - 60)).toBeLessThan(1);
  });

  it('pins the fan at 100 % and lets the chip pass the target when it cannot hold it', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 1, ambientC: 42 });
    await clock.advance(20 * MINUTE);
    const state = miner.state();
    expect(state.fan.dutyPct).toBe(100);
    expect(state.chipTempC).toBeGreaterThan(62);
    expect(state.overheat.tripped).toBe(false);
    const truth = miner.truth.steadyState({ frequencyMhz: 525, coreVoltageMv: 1150 });
    expect(truth.fanPct).toBe(100);
    expect(truth.chipTempC).toBeCloseTo(state.chipTempC, 0);
  });

  it('with the fan on manual, the VR follows the room and the load', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 1 });
    expect((await patch(miner, { autofanspeed: 0, manualFanSpeed: 70 })).status).toBe(200);
    await clock.advance(20 * MINUTE);
    const stockVr = miner.state().vrTempC;
    miner.setAmbient(35);
    await clock.advance(10 * MINUTE);
    const warmVr = miner.state().vrTempC;
    expect(warmVr).toBeGreaterThan(stockVr + 8);
    await patch(miner, { frequency: 625, coreVoltage: 1250 });
    await clock.advance(10 * MINUTE);
    expect(miner.state().vrTempC).toBeGreaterThan(warmVr + 1);
    expect(miner.state().fan.dutyPct).toBe(70);
  });
});

describe('fan PID', () => {
  it('saturates at 100 % without winding up, and comes back down promptly', () => {
    const pid = new FanPid(25);
    let duty = 0;
    for (let i = 0; i < 600; i++) duty = pid.compute({ inputC: 80, targetC: 60, dtS: 1, minPct: 25, maxPct: 100 });
    expect(duty).toBe(100);
    // Ten minutes pinned high must not keep the fan high once the chip is below target.
    for (let i = 0; i < 5; i++) duty = pid.compute({ inputC: 50, targetC: 60, dtS: 1, minPct: 25, maxPct: 100 });
    expect(duty).toBeLessThan(60);
  });

  it('never goes below the minimum fan speed', () => {
    const pid = new FanPid(50);
    let duty = 100;
    for (let i = 0; i < 600; i++) duty = pid.compute({ inputC: 30, targetC: 60, dtS: 1, minPct: 25, maxPct: 100 });
    expect(duty).toBe(25);
  });

  it('holds its output where the temperature sits on target', () => {
    const pid = new FanPid(47);
    let duty = 0;
    for (let i = 0; i < 10; i++) duty = pid.compute({ inputC: 60, targetC: 60, dtS: 1, minPct: 25, maxPct: 100 });
    expect(duty).toBeCloseTo(47, 6);
  });
});
