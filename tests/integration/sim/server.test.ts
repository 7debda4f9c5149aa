import { Agent, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { SimulatedMiner } from '../../../src/sim/device.js';
import { startSimServer, type SimServer } from '../../../src/sim/server.js';

interface HttpAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

function call(url: string, options: { method?: string; body?: string; agent?: Agent } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', ...(options.agent ? { agent: options.agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const control = (server: SimServer, command: Record<string, unknown>): Promise<HttpAnswer> =>
  call(`${server.url}/__sim/faults`, { method: 'POST', body: JSON.stringify(command) });

/** Waits (a few real milliseconds at a time) until the server is parked on the virtual clock. */
async function untilSleeping(clock: VirtualClock): Promise<void> {
  for (let i = 0; i < 200 && clock.pendingSleeps === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(clock.pendingSleeps).toBeGreaterThan(0);
}

describe('simulated miner over real HTTP on 127.0.0.1', () => {
  let server: SimServer | undefined;
  let clock: VirtualClock;
  let device: SimulatedMiner;

  async function start(): Promise<SimServer> {
    clock = new VirtualClock();
    device = new SimulatedMiner({ model: 'gamma', seed: 21, clock, firmware: '2.12' });
    server = await startSimServer({ device });
    return server;
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves the AxeOS API and the sim state', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    await clock.advance(60_000);
    const info = await call(`${s.url}/api/system/info`);
    expect(info.status).toBe(200);
    expect(info.contentType).toBe('application/json');
    expect(JSON.parse(info.body)).toMatchObject({ ASICModel: 'BM1370', hostname: 'sim-gamma-21', uptimeSeconds: 60 });
    const patched = await call(`${s.url}/api/system`, { method: 'PATCH', body: '{"frequency":550}' });
    expect(patched.status).toBe(200);
    const state = JSON.parse((await call(`${s.url}/__sim/state`)).body) as { settings: { frequencyMhz: number }; online: boolean };
    expect(state.settings.frequencyMhz).toBe(550);
    expect(state.online).toBe(true);
    expect((await call(`${s.url}/api/nothing`)).status).toBe(404);
  });

  it("'offline' closes the socket without an answer; the control route still clears it", async () => {
    const s = await start();
    expect((await control(s, { fault: 'offline' })).status).toBe(200);
    await expect(call(`${s.url}/api/system/info`)).rejects.toMatchObject({ code: 'ECONNRESET' });
    const state = JSON.parse((await call(`${s.url}/__sim/state`)).body) as { online: boolean; faults: string[] };
    expect(state.online).toBe(false);
    expect(state.faults).toEqual(['offline']);
    expect((await control(s, { clear: true })).status).toBe(200);
    expect((await call(`${s.url}/api/system/info`)).status).toBe(200);
  });

  it("'http500' answers 500 and 'garbage' answers 200 with a body that is not JSON", async () => {
    const s = await start();
    await control(s, { fault: 'http500' });
    expect((await call(`${s.url}/api/system/info`)).status).toBe(500);
    await control(s, { clear: 'http500' });
    await control(s, { fault: 'garbage' });
    const garbage = await call(`${s.url}/api/system/info`);
    expect(garbage.status).toBe(200);
    expect(() => JSON.parse(garbage.body) as unknown).toThrow();
    await control(s, { clear: true });
    expect(JSON.parse((await call(`${s.url}/api/system/info`)).body)).toHaveProperty('ASICModel');
  });

  it("'slow' answers only after the delay has passed on the device's clock", async () => {
    const s = await start();
    await control(s, { fault: 'slow', delayMs: 15_000 });
    let settled = false;
    const pending = call(`${s.url}/api/system/info`).finally(() => {
      settled = true;
    });
    await untilSleeping(clock);
    expect(settled).toBe(false);
    await clock.advance(15_000);
    expect((await pending).status).toBe(200);
    await control(s, { clear: true });
  });

  it('rejects bad control commands', async () => {
    const s = await start();
    expect((await control(s, { fault: 'meltdown' })).status).toBe(400);
    expect((await call(`${s.url}/__sim/faults`, { method: 'POST', body: 'nope' })).status).toBe(400);
    const warm = await control(s, { ambientC: 35 });
    expect(JSON.parse(warm.body)).toMatchObject({ ambientC: 35 });
  });

  it('close() ends keep-alive connections and requests parked on a delay', async () => {
    const s = await start();
    const agent = new Agent({ keepAlive: true });
    expect((await call(`${s.url}/api/system/info`, { agent })).status).toBe(200);
    await control(s, { fault: 'slow', delayMs: 60_000 });
    const parked = call(`${s.url}/api/system/info`, { agent }).then(() => 'answered', () => 'dropped');
    await untilSleeping(clock);
    await s.close();
    server = undefined;
    expect(await parked).toBe('dropped');
    agent.destroy();
  });
});
