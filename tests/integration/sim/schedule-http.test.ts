import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { SimulatedMiner } from '../../../src/sim/device.js';
import { startSimServer, type SimServer } from '../../../src/sim/server.js';

const MINUTE = 60_000;

function call(url: string, options: { method?: string; body?: string } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        // The restart answers plain text on 2.12.
        const json = res.headers['content-type'] === 'application/json' ? JSON.parse(body) as Record<string, unknown> : { text: body };
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('ambient schedule and timed faults over /__sim/faults', () => {
  let server: SimServer | undefined;
  let clock: VirtualClock;

  async function start(): Promise<SimServer> {
    clock = new VirtualClock();
    server = await startSimServer({ device: new SimulatedMiner({ model: 'gamma', seed: 8, clock, firmware: '2.12' }) });
    return server;
  }

  const control = (command: unknown): Promise<{ status: number; json: Record<string, unknown> }> =>
    call(`${server?.url ?? ''}/__sim/faults`, { method: 'POST', body: JSON.stringify(command) });
  const state = async (): Promise<Record<string, unknown>> => (await call(`${server?.url ?? ''}/__sim/state`)).json;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a day of room temperature replayed on the virtual clock', async () => {
    await start();
    const set = await control({ ambientSchedule: [{ at: '00:00', ambientC: 18 }, { at: '12:00', ambientC: 30 }, { at: '15:00', ambientC: 36 }] });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ ambientC: 18, ambientSchedule: [{ at: '00:00', ambientC: 18 }, { at: '12:00', ambientC: 30 }, { at: '15:00', ambientC: 36 }] });
    await clock.advance(6 * 60 * MINUTE);
    expect((await state()).ambientC).toBeCloseTo(24, 1);
    await clock.advance(9 * 60 * MINUTE);
    expect((await state()).ambientC).toBeCloseTo(36, 1);
    const ended = await control({ ambientSchedule: null });
    expect(ended.json).toMatchObject({ ambientSchedule: null });
    expect(ended.json.ambientC).toBeCloseTo(36, 1);
  });

  it('a bad schedule answers 400 with the reason and changes nothing', async () => {
    await start();
    await control({ ambientC: 27 });
    const bad = await control({ ambientSchedule: [{ at: '9:70', ambientC: 20 }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('point 1: "at" must be HH:MM');
    expect((await control({ ambientSchedule: 'hot' })).status).toBe(400);
    expect((await control({ ambientC: 20, ambientSchedule: [] })).json.error).toContain('not both');
    expect(await state()).toMatchObject({ ambientC: 27, ambientSchedule: null });
  });

  it('a fan that fails for 30 min, and a stall that a restart cures', async () => {
    await start();
    await clock.advance(5 * MINUTE);
    const fan = await control({ fault: 'fan-failure', startInMs: MINUTE, durationMs: 30 * MINUTE });
    expect(fan.json).toMatchObject({ faults: [], faultWindows: [{ fault: 'fan-failure', untilRestart: false }] });
    await clock.advance(2 * MINUTE);
    expect((await state()).faults).toEqual(['fan-failure']);
    await clock.advance(30 * MINUTE);
    expect(await state()).toMatchObject({ faults: [], faultWindows: [] });

    expect((await control({ fault: 'flatline', durationMs: 60 * MINUTE, untilRestart: true })).json).toMatchObject({ faults: ['flatline'] });
    await clock.advance(MINUTE);
    expect(await state()).toMatchObject({ faults: ['flatline'], hashrateGhs: 0, online: true });
    expect((await call(`${server?.url ?? ''}/api/system/restart`, { method: 'POST' })).status).toBe(200);
    await clock.advance(MINUTE);
    const healed = await state();
    expect(healed.faults).toEqual([]);
    expect(healed.hashrateGhs).toBeGreaterThan(500);
  });

  it('refuses timing without a fault and bad durations', async () => {
    await start();
    expect((await control({ ambientC: 20, durationMs: 5 })).json.error).toContain('name one');
    expect((await control({ fault: 'flatline', durationMs: -1 })).json.error).toContain('"durationMs" must be');
    expect((await control({ fault: 'flatline', untilRestart: 'yes' })).json.error).toContain('"untilRestart" must be');
    expect((await state()).faults).toEqual([]);
  });
});
