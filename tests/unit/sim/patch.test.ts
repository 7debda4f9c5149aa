import { describe, expect, it } from 'vitest';
import { getInfo, makeMiner, MINUTE, patch } from './sim-helpers.js';

describe('PATCH /api/system on 2.12', () => {
  it('refuses a known key with a wrong type and saves nothing of that body', async () => {
    const { miner } = makeMiner({ firmware: '2.12' });
    const refused = await patch(miner, { temptarget: 55, frequency: 'fast' });
    expect(refused).toEqual({ status: 400, body: 'Wrong API input' });
    const info = await getInfo(miner);
    expect(info.temptarget).toBe(60);
    expect(info.frequency).toBe(525);
  });

  it('refuses out-of-range values', async () => {
    const { miner } = makeMiner({ firmware: '2.12' });
    expect((await patch(miner, { temptarget: 70 })).status).toBe(400);
    expect((await patch(miner, { manualFanSpeed: 101 })).status).toBe(400);
    expect((await patch(miner, { overheat_mode: 1 })).status).toBe(400);
    expect((await patch(miner, { autofanspeed: 2 })).status).toBe(400);
    expect((await patch(miner, '{"frequency": 5')).status).toBe(400);
  });

  it('ignores unknown keys with 200 and an empty body', async () => {
    const { miner } = makeMiner({ firmware: '2.12' });
    expect(await patch(miner, { somethingNew: 1, temptarget: 62 })).toEqual({ status: 200, body: '' });
    expect((await getInfo(miner)).temptarget).toBe(62);
  });

  it('does not check frequencyOptions, and ramps a new frequency live in 6.25 MHz steps', async () => {
    const { clock, miner } = makeMiner({ firmware: '2.15' });
    await clock.advance(2 * MINUTE);
    expect((await patch(miner, { frequency: 587.5 })).status).toBe(200);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      await clock.advance(1000);
      seen.push(Number((await getInfo(miner)).actualFrequency));
    }
    expect(seen[0]).toBeGreaterThan(525);
    expect(seen[0]).toBeLessThan(587.5);
    for (const mhz of seen) expect((mhz - 525) % 6.25).toBe(0);
    expect(seen.at(-1)).toBe(587.5);
    expect((await getInfo(miner)).frequency).toBe(587.5);
  });

  it('switches the fan between auto and manual with manualFanSpeed; `fanspeed` is ignored from 2.11', async () => {
    const { clock, miner } = makeMiner({ firmware: '2.12' });
    await clock.advance(5 * MINUTE);
    expect((await patch(miner, { autofanspeed: 0, manualFanSpeed: 80, fanspeed: 30 })).status).toBe(200);
    await clock.advance(2000);
    expect((await getInfo(miner)).fanspeed).toBe(80);
    await patch(miner, { autofanspeed: 1 });
    await clock.advance(10 * MINUTE);
    expect(Number((await getInfo(miner)).fanspeed)).toBeLessThan(70);
  });
});

describe('PATCH /api/system on 2.10', () => {
  it('takes the manual fan duty as `fanspeed`, ignores `manualFanSpeed`, and never answers 400 for a range', async () => {
    const { clock, miner } = makeMiner({ firmware: '2.10' });
    expect((await patch(miner, { autofanspeed: 0, manualFanSpeed: 90 })).status).toBe(200);
    await clock.advance(2000);
    expect((await getInfo(miner)).fanspeed).toBe(100);
    expect((await patch(miner, { fanspeed: 40, temptarget: 70 })).status).toBe(200);
    await clock.advance(2000);
    const info = await getInfo(miner);
    expect(info.fanspeed).toBe(40);
    expect(info.temptarget).toBe(70);
  });
});

describe('PATCH on NerdQAxe', () => {
  it('uses pidTargetTemp and an autofanspeed mode', async () => {
    const { miner } = makeMiner({ model: 'nerdqaxe++' });
    expect((await patch(miner, { pidTargetTemp: 58, autofanspeed: 0, manualFanSpeed: 70 })).status).toBe(200);
    const info = await getInfo(miner);
    expect(info.pidTargetTemp).toBe(58);
    expect(info.autofanspeed).toBe(0);
    expect(info.manualFanSpeed).toBe(70);
  });
});
