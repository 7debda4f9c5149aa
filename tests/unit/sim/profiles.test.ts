import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerOf, getInfo, getJson, makeMiner, MINUTE, post } from './sim-helpers.js';

const FIXTURES = '/work/shared/fixtures/axeos';
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8')) as Record<string, unknown>;

function typeOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** Every key the real firmware sends is there, with the same JSON type and in the same order. */
function expectSameShape(simulated: Record<string, unknown>, real: Record<string, unknown>): void {
  const simKeys = Object.keys(simulated);
  for (const key of Object.keys(real)) {
    expect(simKeys, `missing key ${key}`).toContain(key);
    expect(typeOf(simulated[key]), `type of ${key}`).toBe(typeOf(real[key]));
  }
  const sharedOrder = simKeys.filter((k) => k in real);
  expect(sharedOrder).toEqual(Object.keys(real).filter((k) => k in simulated));
}

describe('firmware profiles', () => {
  it('2.10: string bestDiff with the space, temp2 0, no rolling hashrates or error %, tab-pretty, like the fixture', async () => {
    const { clock, miner } = makeMiner({ firmware: '2.10', seed: 8 });
    await clock.advance(30 * MINUTE);
    const raw = answerOf(await miner.handle({ method: 'GET', path: '/api/system/info' })).body;
    expect(raw).toMatch(/^\{\n\t"power":\t/);
    const info = JSON.parse(raw) as Record<string, unknown>;
    expect(info.bestDiff).toMatch(/^\d+\.\d{2} [kMGTPE]$/);
    expect(info.bestSessionDiff).toMatch(/^(\d+|\d+\.\d{2} [kMGTPE])$/);
    expect(info.temp2).toBe(0);
    expect(info).not.toHaveProperty('hashRate_1m');
    expect(info).not.toHaveProperty('errorPercentage');
    expect(info).not.toHaveProperty('manualFanSpeed');
    expect(info).not.toHaveProperty('asicCount');
    expect(info.version).toBe('v2.10.1');
    expectSameShape(info, fixture('gamma-BM1370-v2.10.1-1.json'));
  });

  it('2.12: numbers, temp2 -1, rolling hashrates, error %, manualFanSpeed, blocks, like the fixture', async () => {
    const { clock, miner } = makeMiner({ firmware: '2.12', seed: 8 });
    await clock.advance(30 * MINUTE);
    const info = await getInfo(miner);
    expect(typeof info.bestDiff).toBe('number');
    expect(typeof info.bestSessionDiff).toBe('number');
    expect(info.temp2).toBe(-1);
    for (const key of ['hashRate_1m', 'hashRate_10m', 'hashRate_1h', 'errorPercentage', 'blockFound', 'networkDifficulty']) {
      expect(typeof info[key], key).toBe('number');
    }
    expect(info.manualFanSpeed).toBe(100);
    expect(info).not.toHaveProperty('asicCount');
    expect(info).not.toHaveProperty('actualFrequency');
    expectSameShape(info, fixture('gamma-BM1370-v2.12.2-2.json'));
  });

  it('2.15: compact JSON, actualFrequency, miningPaused, and pause/resume', async () => {
    const { clock, miner } = makeMiner({ firmware: '2.15', seed: 8 });
    await clock.advance(5 * MINUTE);
    const raw = answerOf(await miner.handle({ method: 'GET', path: '/api/system/info' })).body;
    expect(raw.startsWith('{"power":')).toBe(true);
    const info = JSON.parse(raw) as Record<string, unknown>;
    expect(info.actualFrequency).toBe(525);
    expect(info.miningPaused).toBe(false);
    expect(answerOf(await post(miner, '/api/system/pause')).status).toBe(200);
    await clock.advance(10_000);
    const paused = await getInfo(miner);
    expect(paused.miningPaused).toBe(true);
    expect(paused.actualFrequency).toBe(50);
    expect(paused.coreVoltageActual).toBe(0);
    expect(paused.hashRate).toBe(0);
    expect(answerOf(await post(miner, '/api/system/resume')).status).toBe(200);
    await clock.advance(MINUTE);
    expect((await getInfo(miner)).actualFrequency).toBe(525);
  });

  it('nerdqaxe: deviceModel, hostip, asicTemps, autofanspeed 2, no expectedHashrate', async () => {
    const { clock, miner } = makeMiner({ model: 'nerdqaxe++', seed: 8 });
    await clock.advance(10 * MINUTE);
    const info = await getInfo(miner);
    expect(info.deviceModel).toBe('NerdQAxe++');
    expect(info.hostip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(info).not.toHaveProperty('ipv4');
    expect(info).not.toHaveProperty('expectedHashrate');
    expect(info).not.toHaveProperty('boardVersion');
    expect(info.autofanspeed).toBe(2);
    expect(info.asicCount).toBe(4);
    const temps = info.asicTemps as number[];
    expect(temps).toHaveLength(4);
    expect(info.temp).toBe(Math.max(...temps));
    expect(String(info.version)).not.toMatch(/^v/);
    expect(typeof info.hashRate_1d).toBe('number');
  });

  it('/api/system/asic carries asicCount and the model options', async () => {
    const { miner } = makeMiner({ firmware: '2.10' });
    const asic = await getJson(miner, '/api/system/asic');
    expect(asic).toMatchObject({ ASICModel: 'BM1370', asicCount: 1, defaultFrequency: 525, defaultVoltage: 1150 });
    expect(asic.frequencyOptions).toEqual([400, 490, 525, 550, 600, 625]);
    expect(asic.voltageOptions).toEqual([1000, 1060, 1100, 1150, 1200, 1250]);
  });

  it('unknown /api routes answer 404 JSON; profile-gated routes exist only where the firmware has them', async () => {
    const { miner } = makeMiner({ firmware: '2.12' });
    const unknown = answerOf(await miner.handle({ method: 'GET', path: '/api/system/nothing' }));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ error: 'unknown route' });
    expect(answerOf(await post(miner, '/api/system/pause')).status).toBe(404);
    expect(answerOf(await post(miner, '/api/system/identify')).status).toBe(200);
    expect(await getJson(miner, '/api/system/statistics')).toMatchObject({ labels: [], statistics: [] });
    const old = makeMiner({ firmware: '2.10' }).miner;
    expect(answerOf(await post(old, '/api/system/identify')).status).toBe(404);
  });

  it('boards without a VR sensor report vrTemp 0 (Supra 401 on INA260)', async () => {
    const { clock, miner } = makeMiner({ model: 'supra', firmware: '2.10' });
    await clock.advance(5 * MINUTE);
    const info = await getInfo(miner);
    expect(info.vrTemp).toBe(0);
    expect(info.boardVersion).toBe('401');
    expect(miner.state().vrTempC).toBeGreaterThan(30);
  });

  it('refuses a firmware the board cannot run', () => {
    expect(() => makeMiner({ model: 'gamma', firmware: 'nerdqaxe' })).toThrow(/does not run/);
    expect(() => makeMiner({ model: 'nerdqaxe++', firmware: '2.12' })).toThrow(/does not run/);
  });
});
