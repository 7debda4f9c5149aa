/**
 * A host that answers, but as another device (someone typed their router's address), is "not AxeOS", not offline;
 * a miner answering HTTP 500 or broken JSON is a miner in trouble, not another device.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MinerClient } from '../../../src/axeos/client.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { TypedEventBus } from '../../../src/core/events.js';
import type { FleetEvents } from '../../../src/fleet/events.js';
import { PollLoop } from '../../../src/fleet/poll-loop.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A web server on 127.0.0.1 that answers every request with `status` and `body`. */
async function webServer(status: number, body: string, contentType: string): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Polls the host until the loop has judged it offline (offlineAfterMs 0: the first failure decides). */
async function judge(url: string): Promise<{ loop: PollLoop; offline: FleetEvents['offline'][] }> {
  const transport = new HttpTransport({ baseUrl: url, requestTimeoutMs: 1000, connectTimeoutMs: 1000 });
  cleanups.push(() => transport.close());
  const bus = new TypedEventBus<FleetEvents>(() => undefined);
  const offline: FleetEvents['offline'][] = [];
  bus.on('offline', (event) => {
    offline.push(event);
  });
  const loop = new PollLoop({
    miner: { name: 'router', host: url, minerId: null }, client: new MinerClient({ name: 'router', transport }),
    clock: new RealClock(), bus, log: silentLogger(), intervalMs: 1000, offlineAfterMs: 0, onTelemetry: () => undefined,
  });
  await loop.pollOnce();
  return { loop, offline };
}

describe('a host that is not an AxeOS miner', () => {
  it.each([
    ['HTTP 404', 404, 'Not Found', 'text/plain'],
    ['a web page', 200, '<html><body>Router login</body></html>', 'text/html'],
    ['JSON that is not AxeOS', 200, '{"model":"RT-AX58U","firmware":"3.0"}', 'application/json'],
  ])('answering %s is not AxeOS', async (_what, status, body, type) => {
    const { loop, offline } = await judge(await webServer(status, body, type));
    expect(loop.health.answersNotAxeOs).toBe(true);
    expect(offline).toEqual([expect.objectContaining({ notAxeOs: true })]);
  });

  it.each([
    ['HTTP 500', 500, 'Internal Server Error', 'text/plain'],
    ['broken JSON', 200, '{"hashRate": 10', 'application/json'],
  ])('a miner answering %s is in trouble, not another device', async (_what, status, body, type) => {
    const { loop, offline } = await judge(await webServer(status, body, type));
    expect(loop.health.answersNotAxeOs).toBe(false);
    expect(offline).toEqual([expect.objectContaining({ notAxeOs: false })]);
  });
});
