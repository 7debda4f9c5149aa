import { describe, expect, it } from 'vitest';
import { AmbientSchedule } from '../../../src/sim/ambient.js';
import { getInfo, makeMiner, MINUTE, patch } from './sim-helpers.js';

const HOUR = 60 * MINUTE;
const MIDNIGHT = Date.UTC(2026, 0, 1);

describe('ambient schedule', () => {
  it('interpolates times of day, every day, across midnight too', () => {
    const schedule = AmbientSchedule.from([{ at: '04:00', ambientC: 18 }, { at: '15:00', ambientC: 35 }, { at: '16:00', ambientC: 38 }], MIDNIGHT);
    expect(schedule.at(MIDNIGHT + 4 * HOUR)).toBeCloseTo(18);
    expect(schedule.at(MIDNIGHT + 9.5 * HOUR)).toBeCloseTo(18 + 17 / 2);
    expect(schedule.at(MIDNIGHT + 15.5 * HOUR)).toBeCloseTo(36.5);
    // 16:00 → next day's 04:00 is 12 h, from 38 down to 18: midnight is two thirds of the way.
    expect(schedule.at(MIDNIGHT + 24 * HOUR)).toBeCloseTo(38 - (20 * 8) / 12);
    expect(schedule.at(MIDNIGHT + 2 * 24 * HOUR + 15 * HOUR)).toBeCloseTo(35);
  });

  it('holds the first and last value around offset points', () => {
    const schedule = AmbientSchedule.from([{ afterMs: HOUR, ambientC: 20 }, { afterMs: 3 * HOUR, ambientC: 30 }], MIDNIGHT);
    expect(schedule.at(MIDNIGHT)).toBe(20);
    expect(schedule.at(MIDNIGHT + 2 * HOUR)).toBeCloseTo(25);
    expect(schedule.at(MIDNIGHT + 10 * HOUR)).toBe(30);
  });

  it('names the bad point', () => {
    expect(() => AmbientSchedule.from([], MIDNIGHT)).toThrow('at least one point');
    expect(() => AmbientSchedule.from([{ at: '25:00', ambientC: 20 }], MIDNIGHT)).toThrow('point 1: "at" must be HH:MM');
    expect(() => AmbientSchedule.from([{ at: '01:00', ambientC: 20 }, { afterMs: 5, ambientC: 20 }], MIDNIGHT)).toThrow('not both');
    expect(() => AmbientSchedule.from([{ at: '01:00', ambientC: 200 }], MIDNIGHT)).toThrow('"ambientC" must be a number');
    expect(() => AmbientSchedule.from([{ ambientC: 20 }], MIDNIGHT)).toThrow('needs "at"');
  });

  it('drives the device through a day that nobody polls: temperatures follow the room', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 3 });
    await patch(miner, { autofanspeed: 0, manualFanSpeed: 60 });
    miner.setAmbientSchedule([{ at: '04:00', ambientC: 18 }, { at: '15:00', ambientC: 35 }]);
    await clock.advance(4 * HOUR);
    const night = miner.state();
    expect(night.ambientC).toBeCloseTo(18, 1);
    // One jump of eleven hours: integrated second by second, not crossed at the night's steady state.
    await clock.advance(11 * HOUR);
    const afternoon = miner.state();
    expect(afternoon.ambientC).toBeCloseTo(35, 1);
    expect(afternoon.ambientSchedule).toEqual([{ at: '04:00', ambientC: 18 }, { at: '15:00', ambientC: 35 }]);
    const steady = miner.truth.steadyState({ frequencyMhz: 525, coreVoltageMv: 1150, ambientC: 35, fan: { auto: false, pct: 60 } });
    expect(afternoon.chipTempC).toBeCloseTo(steady.chipTempC, 0);
    expect(afternoon.chipTempC - night.chipTempC).toBeGreaterThan(15);
    expect(Number((await getInfo(miner)).temp)).toBeGreaterThan(Number(night.chipTempC) + 15);
  });

  it('a fixed ambient ends the schedule', async () => {
    const { clock, miner } = makeMiner();
    miner.setAmbientSchedule([{ afterMs: 0, ambientC: 20 }, { afterMs: HOUR, ambientC: 30 }]);
    await clock.advance(30 * MINUTE);
    expect(miner.state().ambientC).toBeCloseTo(25, 1);
    miner.setAmbient(22);
    await clock.advance(30 * MINUTE);
    expect(miner.state()).toMatchObject({ ambientC: 22, ambientSchedule: null });
  });
});
