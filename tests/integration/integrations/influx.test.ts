import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Telemetry } from '../../../src/axeos/telemetry.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { InfluxPush } from '../../../src/integrations/influx/push.js';
import { WatchedMiners, type WatchedLoop } from '../../../src/integrations/watched-miners.js';
import { sampleTelemetry } from '../../unit/integrations/telemetry-fixture.js';

interface Write {
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A stand-in InfluxDB on 127.0.0.1 that records each write and answers with the status the test sets. */
async function startInflux(): Promise<{ url: string; writes: Write[]; status: { code: number }; close(): Promise<void> }> {
  const writes: Write[] = [];
  const status = { code: 204 };
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      writes.push({ url: request.url ?? '', authorization: request.headers.authorization, body });
      response.writeHead(status.code).end(status.code === 204 ? undefined : '{"message":"nope"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, writes, status, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Line protocol, strictly: measurement,tags fields timestamp; every field a float. */
const LINE = /^axepilot_miner((?:,[a-z_]+=(?:[^,= \\]|\\[,= \\])+)+) ((?:[a-z0-9_]+=-?\d+(?:\.\d+)?(?:e[+-]?\d+)?,?)+) (\d{10})$/;

type MutableLoop = { -readonly [K in keyof WatchedLoop]: WatchedLoop[K] };

function loop(name: string, telemetry: Telemetry | null, minerId = 1): MutableLoop {
  return { miner: { name, host: 'http://192.168.1.20', minerId }, latestTelemetry: telemetry, asicInfo: null, health: { isOnline: telemetry !== null, lastGoodPollAt: telemetry?.ts ?? null } };
}

describe('InfluxDB line-protocol push', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('writes one batch per interval to /api/v2/write with the token, in valid line protocol, only new polls', async () => {
    const influx = await startInflux();
    closers.push(() => influx.close());
    const clock = new VirtualClock();
    const gamma = loop('gamma, the attic', sampleTelemetry({ ts: clock.now() }), 1);
    const supra = loop('supra', sampleTelemetry({ ts: clock.now(), mac: 'AA:BB:CC:00:00:02', model: 'supra' }), 2);
    const miners = new WatchedMiners({ loops: () => [gamma, supra], energyJoules: (id) => (id === 1 ? 3600 : null) });
    const config = parseConfig({ export: { influx: { enabled: true, url: influx.url, org: 'home', bucket: 'miners', intervalSeconds: 15 } } }, { AXEPILOT_INFLUX_TOKEN: 'tok' }).export.influx;
    const push = new InfluxPush({ config, miners, clock, log: createLogger({ level: 'silent' }) });
    await push.start();
    closers.push(() => push.stop());

    await clock.advance(15_000);
    await waitFor(() => influx.writes.length === 1);
    const [write] = influx.writes;
    expect(write?.url).toBe('/api/v2/write?org=home&bucket=miners&precision=s');
    expect(write?.authorization).toBe('Token tok');
    const lines = write!.body.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(LINE);
    expect(lines[0]).toContain('axepilot_miner,miner=aabbcc000001,name=gamma\\,\\ the\\ attic,model=gamma ');
    expect(lines[0]).toContain('hashrate_hashes_per_second=1200000000000.0');
    expect(lines[0]).toContain('temperature_asic_celsius=55.5');
    expect(lines[0]).toContain('energy_joules_total=3600.0');
    expect(lines[0]).toMatch(new RegExp(` ${Math.floor(clock.now() / 1000) - 15}$`));

    // Nothing new polled: nothing sent again.
    await clock.advance(15_000);
    await push.stop();
    expect(influx.writes).toHaveLength(1);
  });

  it('keeps lines while the server fails, drops the oldest beyond the bound with a counted warning, and catches up', async () => {
    const influx = await startInflux();
    closers.push(() => influx.close());
    influx.status.code = 503;
    const clock = new VirtualClock();
    const gamma = loop('gamma', null);
    const miners = new WatchedMiners({ loops: () => [gamma], energyJoules: () => null });
    const warnings: string[] = [];
    const log = createLogger({ level: 'warn', pretty: false, destination: { write: (line: string) => void warnings.push(line) } });
    const config = parseConfig({ export: { influx: { enabled: true, url: influx.url, db: 'axepilot', maxBufferedLines: 100 } } }, {}).export.influx;
    const push = new InfluxPush({ config, miners, clock, log });
    for (let i = 0; i < 150; i++) {
      gamma.latestTelemetry = sampleTelemetry({ ts: clock.now() + i * 1000 });
      gamma.health = { isOnline: true, lastGoodPollAt: gamma.latestTelemetry.ts };
      await push.pushOnce();
    }
    expect(push.buffered).toBe(100);
    expect(push.dropped).toBe(50);
    expect(warnings.join('\n')).toContain('dropped the oldest lines');
    influx.status.code = 204;
    await push.pushOnce();
    expect(push.buffered).toBe(0);
    const last = influx.writes.at(-1)!;
    expect(last.url).toBe('/write?db=axepilot&precision=s');
    const sent = last.body.trim().split('\n');
    expect(sent).toHaveLength(100);
    // The newest 100 polls survived: the first kept is poll 50.
    expect(sent[0]).toMatch(new RegExp(` ${Math.floor((clock.now() + 50_000) / 1000)}$`));
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
