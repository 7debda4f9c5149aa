import { describe, expect, it } from 'vitest';
import { answerOf, getInfo, makeMiner, MINUTE, patch } from './sim-helpers.js';

describe('overheat protection, v2.11+ style (2.12 profile)', () => {
  it('stops the ASIC, pins the fan, and resumes 100 MHz / 100 mV lower once cool', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 2, firmware: '2.12' });
    await clock.advance(15 * MINUTE);
    miner.injectFault('overheat');
    let trippedAt: number | null = null;
    for (let i = 0; i < 300 && trippedAt === null; i++) {
      await clock.advance(1000);
      if ((await getInfo(miner)).overheat_mode === 1) trippedAt = clock.now();
    }
    expect(trippedAt).not.toBeNull();
    await clock.advance(3000);
    const tripped = await getInfo(miner);
    expect(tripped.hashRate).toBe(0);
    expect(tripped.coreVoltageActual).toBe(0);
    expect(tripped.autofanspeed).toBe(0);
    expect(tripped.manualFanSpeed).toBe(100);
    expect(tripped.fanspeed).toBe(100);
    expect(Number(tripped.temp)).toBeGreaterThan(70);
    miner.clearFaults();
    // It waits at least 30 s even when cool, and until the chip is at or under 45 °C.
    await clock.advance(20_000);
    expect((await getInfo(miner)).overheat_mode).toBe(1);
    for (let i = 0; i < 600 && (await getInfo(miner)).overheat_mode === 1; i++) await clock.advance(1000);
    const resumed = await getInfo(miner);
    expect(resumed.overheat_mode).toBe(0);
    expect(clock.now() - (trippedAt ?? 0)).toBeGreaterThanOrEqual(30_000);
    expect(resumed.frequency).toBe(425);
    expect(resumed.coreVoltage).toBe(1050);
    expect(resumed.autofanspeed).toBe(0);
    expect(resumed.fanspeed).toBe(100);
    await clock.advance(2 * MINUTE);
    const mining = await getInfo(miner);
    expect(Number(mining.hashRate)).toBeGreaterThan(0.9 * 425 * 2040 / 1000);
  });

  it('never backs off below 400 MHz / 1000 mV', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 2, firmware: '2.12' });
    await patch(miner, { frequency: 450, coreVoltage: 1050 });
    await clock.advance(10 * MINUTE);
    miner.injectFault('fan-failure');
    for (let i = 0; i < 900 && miner.state().overheat.mode === 0; i++) await clock.advance(1000);
    expect(miner.state().overheat.mode).toBe(1);
    expect(miner.state().fan.rpm).toBe(0);
    miner.clearFaults();
    for (let i = 0; i < 900 && miner.state().overheat.mode === 1; i++) await clock.advance(1000);
    expect(miner.state().settings.frequencyMhz).toBe(400);
    expect(miner.state().settings.coreVoltageMv).toBe(1000);
  });
});

describe('overheat protection, ≤ 2.10 style', () => {
  it('reboots into 50 MHz / 1000 mV and stays there until PATCHed back', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 2, firmware: '2.10' });
    await clock.advance(15 * MINUTE);
    miner.injectFault('overheat');
    let silent = false;
    for (let i = 0; i < 300 && !silent; i++) {
      await clock.advance(1000);
      silent = (await miner.handle({ method: 'GET', path: '/api/system/info' })).kind === 'no-answer';
    }
    expect(silent).toBe(true);
    miner.clearFaults();
    await clock.advance(6000);
    const rebooted = await getInfo(miner);
    expect(rebooted.uptimeSeconds).toBeLessThan(10);
    expect(rebooted.overheat_mode).toBe(1);
    expect(rebooted.frequency).toBe(50);
    expect(rebooted.coreVoltage).toBe(1000);
    expect(rebooted.autofanspeed).toBe(0);
    // Cool for ten minutes: nothing happens by itself.
    await clock.advance(10 * MINUTE);
    expect(miner.state().actualFrequencyMhz).toBe(50);
    expect(miner.state().overheat.mode).toBe(1);
    // Settings alone do not leave safe mode…
    expect((await patch(miner, { frequency: 525, coreVoltage: 1150 })).status).toBe(200);
    await clock.advance(MINUTE);
    expect(miner.state().actualFrequencyMhz).toBe(50);
    // …clearing the flag does.
    expect((await patch(miner, { overheat_mode: 0 })).status).toBe(200);
    await clock.advance(MINUTE);
    expect(miner.state().actualFrequencyMhz).toBe(525);
    expect(miner.state().hashrateGhs).toBeGreaterThan(1000);
  });
});

describe('NerdQAxe protection', () => {
  it('shuts the ASICs down until the next restart', async () => {
    const { clock, miner } = makeMiner({ model: 'nerdqaxe++', seed: 2 });
    await clock.advance(15 * MINUTE);
    miner.injectFault('overheat');
    for (let i = 0; i < 300 && !miner.state().shutdown; i++) await clock.advance(1000);
    miner.clearFaults();
    await clock.advance(10 * MINUTE);
    const info = await getInfo(miner);
    expect(info.shutdown).toBe(true);
    expect(info.hashRate).toBe(0);
    answerOf(await miner.handle({ method: 'POST', path: '/api/system/restart' }));
    await clock.advance(2 * MINUTE);
    expect((await getInfo(miner)).shutdown).toBe(false);
    expect(miner.state().hashrateGhs).toBeGreaterThan(4000);
  });
});
