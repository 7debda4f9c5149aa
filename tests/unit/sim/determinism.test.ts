import { describe, expect, it } from 'vitest';
import { answerOf, getInfo, makeMiner, MINUTE, patch } from './sim-helpers.js';

async function script(seed: number, pollEveryMs: number): Promise<string[]> {
  const { clock, miner } = makeMiner({ model: 'gamma', seed });
  const bodies: string[] = [];
  for (let t = 0; t < 20 * MINUTE; t += pollEveryMs) {
    await clock.advance(pollEveryMs);
    if (t === 5 * MINUTE) await patch(miner, { frequency: 600, coreVoltage: 1200 });
    bodies.push(answerOf(await miner.handle({ method: 'GET', path: '/api/system/info' })).body);
  }
  return bodies;
}

describe('determinism', () => {
  it('the same seed gives the same readings, byte for byte', async () => {
    expect(await script(11, 15_000)).toEqual(await script(11, 15_000));
  });

  it('different seeds give different devices', async () => {
    const a = makeMiner({ seed: 11 });
    const b = makeMiner({ seed: 12 });
    await a.clock.advance(10 * MINUTE);
    await b.clock.advance(10 * MINUTE);
    const [ia, ib] = [await getInfo(a.miner), await getInfo(b.miner)];
    expect(ia.macAddr).not.toBe(ib.macAddr);
    expect(a.miner.truth.minStableVoltageMv(525)).not.toBe(b.miner.truth.minStableVoltageMv(525));
    expect(ia.power).not.toBe(ib.power);
  });

  it('how often someone polls does not change what the device reads', async () => {
    const often = makeMiner({ seed: 11 });
    const rarely = makeMiner({ seed: 11 });
    for (let i = 0; i < 90; i++) {
      await often.clock.advance(10_000);
      await getInfo(often.miner);
    }
    await rarely.clock.advance(15 * MINUTE);
    expect(await getInfo(often.miner)).toEqual(await getInfo(rarely.miner));
  });

  it('keeps a given MAC and hostname', async () => {
    const { miner } = makeMiner();
    const named = new (miner.constructor as typeof import('../../../src/sim/device.js').SimulatedMiner)({
      model: 'gamma', seed: 1, clock: miner.clock, mac: 'AA:BB:CC:DD:EE:01', hostname: 'garage',
    });
    const info = await getInfo(named);
    expect(info.macAddr).toBe('AA:BB:CC:DD:EE:01');
    expect(info.hostname).toBe('garage');
  });
});
