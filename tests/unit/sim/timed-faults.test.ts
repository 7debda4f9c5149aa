import { describe, expect, it } from 'vitest';
import { getInfo, makeMiner, MINUTE, post } from './sim-helpers.js';

describe('timed faults', () => {
  it('a fan that dies for 30 min in 10 min: on time, the chip overheats, then the fan spins again', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 2, firmware: '2.12' });
    await clock.advance(5 * MINUTE);
    miner.injectFault('fan-failure', { startInMs: 10 * MINUTE, durationMs: 30 * MINUTE });
    expect(miner.state().faultWindows).toEqual([
      { fault: 'fan-failure', startsAt: clock.now() + 10 * MINUTE, endsAt: clock.now() + 40 * MINUTE, untilRestart: false },
    ]);
    await clock.advance(9 * MINUTE);
    expect(miner.state().faults).toEqual([]);
    expect(Number((await getInfo(miner)).fanrpm)).toBeGreaterThan(0);
    await clock.advance(2 * MINUTE);
    expect(miner.state().faults).toEqual(['fan-failure']);
    expect((await getInfo(miner)).fanrpm).toBe(0);
    await clock.advance(30 * MINUTE);
    const after = miner.state();
    expect(after.faults).toEqual([]);
    expect(after.faultWindows).toEqual([]);
    expect(after.overheat.trips).toBeGreaterThanOrEqual(1);
    expect(after.fan.rpm).toBeGreaterThan(0);
  });

  it('starts and ends at its second even when nobody asks in between', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 2, firmware: '2.12' });
    await clock.advance(5 * MINUTE);
    miner.injectFault('fan-failure', { startInMs: MINUTE, durationMs: 5 * MINUTE });
    await clock.advance(30 * MINUTE);
    const state = miner.state();
    expect(state.faults).toEqual([]);
    expect(state.overheat.trips).toBeGreaterThanOrEqual(1);
  });

  it('a miner that stops hashing until it is restarted, and answers all the while', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 4, firmware: '2.12' });
    await clock.advance(10 * MINUTE);
    miner.injectFault('flatline', { durationMs: 120 * MINUTE, untilRestart: true });
    await clock.advance(10 * MINUTE);
    expect(miner.state().hashrateGhs).toBe(0);
    expect((await getInfo(miner)).hashRate).toBe(0);
    await post(miner, '/api/system/restart');
    await clock.advance(MINUTE);
    const state = miner.state();
    expect(state.faults).toEqual([]);
    expect(state.hashrateGhs).toBeGreaterThan(1000);
  });

  it('without untilRestart a restart does not cure it, and it ends after its duration', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 4, firmware: '2.12' });
    await clock.advance(10 * MINUTE);
    miner.injectFault('flatline', { durationMs: 20 * MINUTE });
    await post(miner, '/api/system/restart');
    await clock.advance(MINUTE);
    expect(miner.state()).toMatchObject({ faults: ['flatline'], hashrateGhs: 0 });
    await clock.advance(20 * MINUTE);
    expect(miner.state().hashrateGhs).toBeGreaterThan(1000);
  });
});
