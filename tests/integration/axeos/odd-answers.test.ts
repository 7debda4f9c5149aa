/**
 * What the review's hostile devices showed about errors and transport: a device that does not speak HTTP is named
 * with the miner and endpoint (and `axepilot poll` exits 2 for it), a binary answer is described rather than pasted,
 * credentials in a miner URL reach the miner as basic auth, and the probe used while backing off answers cheaply.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MinerClient } from '../../../src/axeos/client.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { MinerApiError, MinerUnreachableError } from '../../../src/core/errors.js';
import { minerCredentials } from '../../../src/config/host.js';
import { runPoll } from '../../../src/cli/poll.js';
import { AxeOsStandIn, answerJson, closedPort } from './axeos-stand-in.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A raw TCP server that says `banner` to every connection and closes it (port 24218: an SSH server). */
async function notHttp(banner: string): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.end(banner);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  }));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function clientFor(baseUrl: string, name = 'garage-gamma'): MinerClient {
  const transport = new HttpTransport({ baseUrl, requestTimeoutMs: 2000, connectTimeoutMs: 1000, credentials: minerCredentials(baseUrl) });
  cleanups.push(() => transport.close());
  return new MinerClient({ name, transport });
}

async function standIn(): Promise<{ standIn: AxeOsStandIn; url: string }> {
  const server = new AxeOsStandIn();
  const url = await server.listen();
  cleanups.push(() => server.close());
  return { standIn: server, url };
}

describe('a device that does not speak HTTP', () => {
  it('is unreachable, with the miner and endpoint named', async () => {
    const port = await notHttp('SSH-2.0-OpenSSH_9.0\r\n\u0000\u0001\u0002');
    const error = await clientFor(`http://127.0.0.1:${port}`).getInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinerUnreachableError);
    expect((error as Error).message).toBe('garage-gamma: /api/system/info unreachable (answered something that is not HTTP)');
  });

  it('makes `axepilot poll` exit 2 (unreachable), as the README promises', async () => {
    const port = await notHttp('SSH-2.0-OpenSSH_9.0\r\n');
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const code = await runPoll([`127.0.0.1:${port}`]);
    expect(code).toBe(2);
    expect(written.join('')).toContain(`127.0.0.1:${port}: /api/system/info unreachable (answered something that is not HTTP)`);
  });
});

describe('a binary answer', () => {
  it('is described in a few printable words, never pasted', async () => {
    const { standIn: server, url } = await standIn();
    const zipped = gzipSync(Buffer.alloc(200_000, '0'));
    server.handler = (_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(zipped);
    };
    const error = await clientFor(url).getInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinerApiError);
    const message = (error as Error).message;
    expect(message).toMatch(/^garage-gamma: \/api\/system\/info answered text, not JSON: binary data \(\d+ bytes\)$/);
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\ufffd]/);
  });
});

describe('credentials in a miner URL', () => {
  it('go to the miner as HTTP basic auth, and the path has none of them', async () => {
    const { standIn: server, url } = await standIn();
    server.handler = (_request, res) => answerJson(res, 200, { hashRate: 1000, ASICModel: 'BM1370', macAddr: '10:F5:12:33:BB:F0' });
    const withCredentials = url.replace('http://', 'http://admin:S3cret%40pw@');
    await clientFor(withCredentials).getInfo();
    const seen = server.seen[0];
    expect(seen?.headers.authorization).toBe(`Basic ${Buffer.from('admin:S3cret@pw').toString('base64')}`);
    expect(seen?.url).toBe('/api/system/info');
  });

  it('are not sent when the URL has none', async () => {
    const { standIn: server, url } = await standIn();
    server.handler = (_request, res) => answerJson(res, 200, { hashRate: 1000, ASICModel: 'BM1370' });
    await clientFor(url).getInfo();
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
  });
});

describe('the probe while backing off', () => {
  it('is one small GET that any HTTP answer satisfies, and false where nothing listens', async () => {
    const { standIn: server, url } = await standIn();
    server.handler = (_request, res) => answerJson(res, 404, { error: 'unknown route' });
    expect(await clientFor(url).probe(500)).toBe(true);
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/system/asic']);
    expect(await clientFor(`http://127.0.0.1:${await closedPort()}`).probe(500)).toBe(false);
  });

  it('gives up after its own short deadline, not the poll timeout', async () => {
    const { standIn: server, url } = await standIn();
    server.handler = () => undefined; // never answers
    expect(await clientFor(url).probe(200)).toBe(false);
    const transport = new HttpTransport({ baseUrl: url, requestTimeoutMs: 8000 });
    cleanups.push(() => transport.close());
    const error = await transport.request({ method: 'GET', path: '/api/system/asic', timeoutMs: 200 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('timed out after 200 ms');
  });
});
