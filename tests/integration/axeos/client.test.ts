/**
 * MinerClient over each real HTTP transport (undici's pool, which the service uses, and node:http, which `axepilot
 * poll` uses) against a tiny AxeOS stand-in on 127.0.0.1: both must read every answer and name every failure alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MinerClient } from '../../../src/axeos/client.js';
import { ConnectFailure } from '../../../src/axeos/connect-failure.js';
import { HttpTransport, type HttpTransportOptions } from '../../../src/axeos/http-transport.js';
import { OneShotHttpTransport } from '../../../src/axeos/one-shot-transport.js';
import type { MinerTransport, TransportRequest } from '../../../src/axeos/transport.js';
import { isAbortError } from '../../../src/core/clock.js';
import { MinerApiError, MinerUnreachableError } from '../../../src/core/errors.js';
import { AxeOsStandIn, answerJson as json, answerText as text, closedPort, type SeenRequest } from './axeos-stand-in.js';

const INFO_V2_12 = {
  power: 18.75, voltage: 5093.75, temp: 60.125, hashRate: 1072.2, expectedHashrate: 1071, frequency: 525,
  smallCoreCount: 2040, ASICModel: 'BM1370', boardVersion: '601', version: 'v2.12.2', macAddr: '10:F5:12:33:BB:F0',
  uptimeSeconds: 18574, sharesAccepted: 4768, bestDiff: 49224525,
};

let standIn: AxeOsStandIn;
let baseUrl: string;
let seen: SeenRequest[];
let transport: MinerTransport;
let Transport: new (options: HttpTransportOptions) => MinerTransport = HttpTransport;
let client: MinerClient;

function useTransport(requestTimeoutMs = 2000): void {
  transport = new Transport({ baseUrl, requestTimeoutMs, connectTimeoutMs: 1000 });
  client = new MinerClient({ name: 'garage-gamma', transport });
}

beforeEach(async () => {
  standIn = new AxeOsStandIn();
  standIn.handler = (_request, res) => json(res, 200, INFO_V2_12);
  seen = standIn.seen;
  baseUrl = await standIn.listen();
});

afterEach(async () => {
  await transport.close();
  await standIn.close();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => { throw new Error('expected a failure'); },
    (error: unknown) => error,
  );
}

async function apiError(promise: Promise<unknown>, endpoint = '/api/system/info'): Promise<MinerApiError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(MinerApiError);
  const apiFailure = error as MinerApiError;
  expect(apiFailure.miner).toBe('garage-gamma');
  expect(apiFailure.endpoint).toBe(endpoint);
  return apiFailure;
}

describe.each([
  ['undici (the service)', HttpTransport],
  ['node:http (axepilot poll)', OneShotHttpTransport],
] as const)('over %s', (_name, transportClass) => {
  beforeEach(() => {
    Transport = transportClass;
    useTransport();
  });

  describe('getInfo', () => {
    it('returns normalized telemetry and the raw answer, sending no Origin header', async () => {
      const { telemetry, raw } = await client.getInfo();
      expect(telemetry).toMatchObject({ model: 'gamma', hashrateGhs: 1072.2, inputVoltageV: 5.094, firmware: 'v2.12.2', bestDiff: 49224525 });
      expect(raw).toEqual(INFO_V2_12);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.method).toBe('GET');
      expect(seen[0]?.url).toBe('/api/system/info');
      expect(seen[0]?.headers).not.toHaveProperty('origin');
    });

    it('keeps a path prefix from the base URL', async () => {
      await transport.close();
      transport = new Transport({ baseUrl: `${baseUrl}/miner1/` });
      client = new MinerClient({ name: 'garage-gamma', transport });
      await client.getInfo();
      expect(seen[0]?.url).toBe('/miner1/api/system/info');
    });

    it('reports HTTP 500 as an API error', async () => {
      standIn.handler = (_r, res) => text(res, 500, '');
      const error = await apiError(client.getInfo());
      expect(error.status).toBe(500);
      expect(error.message).toContain('answered HTTP 500');
    });

    it("reports AxeOS 2.5+'s plain-text 401 Unauthorized", async () => {
      standIn.handler = (_r, res) => text(res, 401, '401 Unauthorized');
      const error = await apiError(client.getInfo());
      expect(error.status).toBe(401);
      expect(error.message).toContain('answered HTTP 401: 401 Unauthorized');
    });

    it('reports an HTML page where JSON belongs', async () => {
      standIn.handler = (_r, res) => text(res, 200, '<!DOCTYPE html><html><head><title>AxeOS</title></head></html>', 'text/html');
      const error = await apiError(client.getInfo());
      expect(error.status).toBe(200);
      expect(error.message).toContain('answered HTML, not JSON: <!DOCTYPE html>');
    });

    it('reports plain text where JSON belongs, quoting its start', async () => {
      standIn.handler = (_r, res) => text(res, 200, 'OK '.repeat(40));
      const error = await apiError(client.getInfo());
      expect(error.message).toContain('answered text, not JSON: OK OK');
      expect(error.message.length).toBeLessThan(140);
    });

    it("reports 2.9+'s unknown-route 404 with its reason", async () => {
      standIn.handler = (_r, res) => json(res, 404, { error: 'unknown route' });
      const error = await apiError(client.getInfo());
      expect(error.status).toBe(404);
      expect(error.message).toContain('answered HTTP 404: unknown route');
    });

    it('reports JSON that is not AxeOS', async () => {
      standIn.handler = (_r, res) => json(res, 200, { error: 'unknown route' });
      const error = await apiError(client.getInfo());
      expect(error.message).toContain('answered JSON that is not AxeOS');
    });

    it('reports truncated JSON', async () => {
      standIn.handler = (_r, res) => text(res, 200, '{"power": 18.75, "voltage": 509', 'application/json');
      const error = await apiError(client.getInfo());
      expect(error.message).toContain('answered broken JSON: {"power": 18.75');
    });

    it('gives up on a miner that does not answer in time', async () => {
      useTransport(300);
      standIn.handler = () => undefined; // never answers; afterEach closes the socket
      const error = await failure(client.getInfo());
      expect(error).toBeInstanceOf(MinerUnreachableError);
      expect(error).toMatchObject({ miner: 'garage-gamma', endpoint: '/api/system/info' });
      expect((error as Error).message).toContain('timed out after 300 ms');
    });

    it('reports a closed port as unreachable: connection refused', async () => {
      const port = await closedPort();
      const refusedTransport = new Transport({ baseUrl: `http://127.0.0.1:${port}` });
      try {
        const error = await failure(new MinerClient({ name: 'shed-hex', transport: refusedTransport }).getInfo());
        expect(error).toBeInstanceOf(MinerUnreachableError);
        expect(error).toMatchObject({ miner: 'shed-hex', endpoint: '/api/system/info' });
        expect((error as Error).message).toContain('connection refused');
        expect((error as Error).cause).toBeInstanceOf(ConnectFailure);
      } finally {
        await refusedTransport.close();
      }
    });

    it("keeps the caller's abort an abort, not an unreachable miner", async () => {
      standIn.handler = () => undefined;
      const controller = new AbortController();
      const pending = failure(client.getInfo(controller.signal));
      await waitFor(() => seen.length === 1);
      controller.abort();
      expect(isAbortError(await pending)).toBe(true);
    });
  });

  describe('getAsic', () => {
    it('reads the options and lends asicCount to later polls (2.9+ dropped it from info)', async () => {
      standIn.handler = (request, res) => {
        if (request.url === '/api/system/asic') {
          json(res, 200, { ASICModel: 'BM1370', asicCount: 2, defaultFrequency: 400, frequencyOptions: [350, 375, 400, 410], defaultVoltage: 1150, voltageOptions: [1100, 1150] });
        } else {
          const { boardVersion: _b, expectedHashrate: _e, ...info } = INFO_V2_12;
          json(res, 200, info);
        }
      };
      const asic = await client.getAsic();
      expect(asic).toMatchObject({ asicCount: 2, frequencyOptionsMhz: [350, 375, 400, 410], defaultCoreVoltageMv: 1150 });
      const { telemetry } = await client.getInfo();
      expect(telemetry).toMatchObject({ asicCount: 2, model: 'gammaduo', expectedHashrateGhs: 2142 });
    });

    it.each([
      ['a 404', (res: ServerResponse) => json(res, 404, { error: 'unknown route' })],
      ['a redirect to the web UI (before 2.9)', (res: ServerResponse) => { res.writeHead(302, { location: '/' }); res.end(); }],
      ['the web UI page itself', (res: ServerResponse) => text(res, 200, '<html><body>AxeOS</body></html>', 'text/html')],
    ])('is null on firmware before 2.7: %s', async (_label, answer) => {
      standIn.handler = (_r, res) => answer(res);
      expect(await client.getAsic()).toBeNull();
    });

    it('still reports a broken miner as an error', async () => {
      standIn.handler = (_r, res) => text(res, 500, 'internal error');
      const error = await apiError(client.getAsic(), '/api/system/asic');
      expect(error.status).toBe(500);
    });
  });

  describe('patchSettings', () => {
    const infoFrom = (version: string) => (request: SeenRequest, res: ServerResponse) =>
      request.method === 'GET' ? json(res, 200, { ...INFO_V2_12, version }) : text(res, 200, '');
    const patchBody = (): unknown => JSON.parse(seen.find((r) => r.method === 'PATCH')?.body ?? 'null');

    it('uses manualFanSpeed on v2.11+, as JSON', async () => {
      standIn.handler = infoFrom('v2.12.2');
      await client.getInfo();
      await client.patchSettings({ frequencyMhz: 550, coreVoltageMv: 1180, autoFan: false, fanPct: 70 });
      const patch = seen.find((r) => r.method === 'PATCH');
      expect(patch?.url).toBe('/api/system');
      expect(patch?.headers['content-type']).toBe('application/json');
      expect(patch?.headers).not.toHaveProperty('origin');
      expect(patchBody()).toEqual({ frequency: 550, coreVoltage: 1180, autofanspeed: 0, manualFanSpeed: 70 });
    });

    it('uses fanspeed on v2.10', async () => {
      standIn.handler = infoFrom('v2.10.1');
      await client.getInfo();
      await client.patchSettings({ fanPct: 70 });
      expect(patchBody()).toEqual({ fanspeed: 70 });
    });

    it('sends both fan keys before it has seen the firmware', async () => {
      standIn.handler = (_r, res) => text(res, 200, '');
      await client.patchSettings({ fanPct: 70 });
      expect(patchBody()).toEqual({ manualFanSpeed: 70, fanspeed: 70 });
    });

    it('asks a NerdQAxe for fan mode 2', async () => {
      standIn.handler = (request, res) => request.method === 'GET'
        ? json(res, 200, { ...INFO_V2_12, deviceModel: 'NerdQAxe++', version: 'v1.0.35' })
        : text(res, 200, '');
      await client.getInfo();
      await client.patchSettings({ autoFan: true });
      expect(patchBody()).toEqual({ autofanspeed: 2 });
    });

    it("reports v2.11+'s 400 Wrong API input", async () => {
      standIn.handler = (_r, res) => text(res, 400, 'Wrong API input');
      const error = await apiError(client.patchSettings({ frequencyMhz: 9999 }), '/api/system');
      expect(error.status).toBe(400);
      expect(error.message).toContain('Wrong API input');
    });

    it('sends nothing when there is nothing to change', async () => {
      await client.patchSettings({});
      expect(seen).toHaveLength(0);
    });
  });

  describe('restart, pause, resume, identify', () => {
    const dropOnRestart = (version: string) => (request: SeenRequest, res: ServerResponse, req: IncomingMessage) => {
      if (request.method === 'GET') json(res, 200, { ...INFO_V2_12, version });
      else req.socket.destroy();
    };

    it('counts a dropped connection as a restart on v2.0.x, which reboots before answering', async () => {
      standIn.handler = dropOnRestart('v2.0.7-48-ge561f60');
      await client.getInfo();
      await expect(client.restart()).resolves.toBeUndefined();
      expect(seen.map((r) => `${r.method} ${r.url}`)).toContain('POST /api/system/restart');
    });

    it('treats the same drop on newer firmware as unreachable', async () => {
      standIn.handler = dropOnRestart('v2.12.2');
      await client.getInfo();
      const error = await failure(client.restart());
      expect(error).toBeInstanceOf(MinerUnreachableError);
      expect(error).toMatchObject({ endpoint: '/api/system/restart' });
    });

    it('posts restart, pause, resume and identify', async () => {
      standIn.handler = (_r, res) => json(res, 200, { message: 'ok' });
      await client.restart();
      await client.pause();
      await client.resume();
      await client.identify();
      expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /api/system/restart', 'POST /api/system/pause', 'POST /api/system/resume', 'POST /api/system/identify',
      ]);
    });

    it('reports identify on firmware that lacks it', async () => {
      standIn.handler = (_r, res) => json(res, 404, { error: 'unknown route' });
      const error = await apiError(client.identify(), '/api/system/identify');
      expect(error.status).toBe(404);
    });
  });

  describe('one request in flight per miner', () => {
    /** Counts overlapping calls above the HTTP pool, which would otherwise queue them out of sight. */
    class CountingTransport implements MinerTransport {
      active = 0;
      maxActive = 0;
      constructor(private readonly inner: MinerTransport) {}
      async request(request: TransportRequest) {
        this.active++;
        this.maxActive = Math.max(this.maxActive, this.active);
        try {
          return await this.inner.request(request);
        } finally {
          this.active--;
        }
      }
      close() {
        return this.inner.close();
      }
    }

    it('serializes concurrent callers', async () => {
      standIn.handler = (request, res) => {
        setTimeout(() => (request.method === 'GET' ? json(res, 200, INFO_V2_12) : text(res, 200, '')), 10);
      };
      const counting = new CountingTransport(transport);
      const shared = new MinerClient({ name: 'garage-gamma', transport: counting });
      await Promise.all([
        shared.getInfo(), shared.getInfo(), shared.patchSettings({ frequencyMhz: 550 }), shared.getInfo(), shared.identify(),
      ]);
      expect(seen).toHaveLength(5);
      expect(counting.maxActive).toBe(1);
      expect(standIn.maxInFlight).toBe(1);
    });
  });

  async function waitFor(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(condition()).toBe(true);
  }
});
