import { describe, expect, it } from 'vitest';
import { answerOf, getInfo, makeMiner, MINUTE, patch, post } from './sim-helpers.js';

describe('restart', () => {
  it('answers, goes silent for a few seconds, then comes back at uptime ~0 with its settings', async () => {
    const { clock, miner } = makeMiner({ model: 'gamma', seed: 6, firmware: '2.12' });
    await patch(miner, { frequency: 550, coreVoltage: 1175, temptarget: 58 });
    await clock.advance(30 * MINUTE);
    const before = await getInfo(miner);
    expect(Number(before.uptimeSeconds)).toBeGreaterThan(1700);
    expect(Number(before.sharesAccepted)).toBeGreaterThan(0);

    const answer = answerOf(await post(miner, '/api/system/restart'));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('restart');

    let silentS = 0;
    let cameBack = false;
    for (let i = 0; i < 30 && !cameBack; i++) {
      await clock.advance(500);
      const response = await miner.handle({ method: 'GET', path: '/api/system/info' });
      if (response.kind === 'no-answer') silentS += 0.5;
      else if (silentS > 0) cameBack = true;
    }
    expect(silentS).toBeGreaterThanOrEqual(4);
    expect(silentS).toBeLessThanOrEqual(6);
    const after = await getInfo(miner);
    expect(Number(after.uptimeSeconds)).toBeLessThan(10);
    expect(after.hashRate).toBe(0);
    expect(after.sharesAccepted).toBe(0);
    expect(after.bestSessionDiff).toBe(0);
    expect(after.bestDiff).toBe(before.bestDiff);
    expect(after.frequency).toBe(550);
    expect(after.coreVoltage).toBe(1175);
    expect(after.temptarget).toBe(58);
    expect(after.resetReason).toBe('Software reset via esp_restart');

    await clock.advance(MINUTE);
    const mining = await getInfo(miner);
    expect(Number(mining.hashRate)).toBeGreaterThan(1000);
    expect(miner.state().actualFrequencyMhz).toBe(550);
  });

  it('answers restart with JSON from 2.13 on', async () => {
    const { miner } = makeMiner({ model: 'ultra', seed: 6, firmware: '2.15' });
    const answer = answerOf(await post(miner, '/api/system/restart'));
    expect(answer.contentType).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({ message: 'System will restart shortly.' });
  });
});
