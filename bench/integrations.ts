/**
 * What the integrations cost: a Prometheus scrape of 1,000 miners (over real HTTP on loopback, from the last poll)
 * and the Home Assistant state publishes for 1,000 miners through an embedded broker. From the scrape's CPU time it
 * derives the share of one core a 15 s scrape interval costs.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Aedes } from 'aedes';
import { connectAsync } from 'mqtt';
import { normalizeInfo } from '../src/axeos/normalize.js';
import type { Telemetry } from '../src/axeos/telemetry.js';
import { parseConfig } from '../src/config/load.js';
import { RealClock } from '../src/core/clock.js';
import { TypedEventBus } from '../src/core/events.js';
import { silentLogger } from '../src/core/logger.js';
import type { FleetEvents } from '../src/fleet/events.js';
import type { HealthReport } from '../src/integrations/http/health.js';
import { HttpEndpoint } from '../src/integrations/http/server.js';
import { MqttBridge } from '../src/integrations/mqtt/bridge.js';
import { AxepilotMetrics } from '../src/integrations/prometheus/metrics.js';
import { PollStats } from '../src/integrations/prometheus/poll-stats.js';
import { WatchedMiners, type WatchedLoop } from '../src/integrations/watched-miners.js';
import type { Figure } from './figure.js';

const FIXTURE = new URL('../../shared/fixtures/axeos/gamma-BM1370-v2.12.2-2.json', import.meta.url);

interface BenchLoop extends WatchedLoop {
  latestTelemetry: Telemetry;
}

function fleet(count: number): BenchLoop[] {
  const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
  const template = normalizeInfo(raw, { ts: Date.now() });
  return Array.from({ length: count }, (_, i) => ({
    miner: { name: `miner-${i}`, host: `http://10.0.${i >> 8}.${i & 255}`, minerId: i + 1 },
    latestTelemetry: { ...template, mac: `AA:BB:CC:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, hashrateGhs: 1000 + i },
    asicInfo: null,
    health: { isOnline: true, lastGoodPollAt: template.ts },
  }));
}

export async function benchScrape(count = 1000): Promise<Figure[]> {
  const loops = fleet(count);
  const miners = new WatchedMiners({ loops: () => loops, energyJoules: (id) => (id ?? 0) * 1000 });
  const metrics = new AxepilotMetrics({ miners, polls: new PollStats() });
  const endpoint = new HttpEndpoint({
    listen: '127.0.0.1:0', token: null, metrics, miners, log: silentLogger(), health: { report: () => ({ healthy: true }) as HealthReport },
  });
  await endpoint.start();
  try {
    const url = `${endpoint.url ?? ''}/metrics`;
    let body = '';
    for (let i = 0; i < 5; i++) body = await (await fetch(url)).text();
    const rounds = 30;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < rounds; i++) body = await (await fetch(url)).text();
    const wallMs = (performance.now() - started) / rounds;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000 / rounds;
    const series = body.split('\n').filter((line) => line.startsWith('axepilot_miner_')).length;
    return [
      { name: `scrape of ${count} miners over HTTP: time`, value: wallMs, unit: 'ms', note: `mean of ${rounds}` },
      { name: '… CPU time per scrape (this process, client included)', value: cpuMs, unit: 'ms' },
      { name: '… axepilot_miner_* series', value: series, unit: 'series', note: `${(series / count).toFixed(1)} per miner` },
      { name: '… response size', value: body.length / 1024, unit: 'KiB' },
      { name: '… share of one core at a 15 s scrape interval', value: (cpuMs / 15_000) * 100, unit: '%', note: 'target < 1 %' },
    ];
  } finally {
    await endpoint.stop();
  }
}

export async function benchMqttStates(count = 1000): Promise<Figure[]> {
  const broker = await Aedes.createBroker();
  const server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no broker port');
  const url = `mqtt://127.0.0.1:${address.port}`;
  const loops = fleet(count);
  const miners = new WatchedMiners({ loops: () => loops, energyJoules: () => 0 });
  const config = parseConfig({ mqtt: { enabled: true, url, stateIntervalSeconds: 3600 } }, {}).mqtt;
  const bridge = new MqttBridge({ config, miners, bus: new TypedEventBus<FleetEvents>(), clock: new RealClock(), log: silentLogger(), guard: null });
  const listener = await connectAsync(url, { clientId: 'bench-listener' });
  let received = 0;
  listener.on('message', () => received++);
  await listener.subscribeAsync('axepilot/+/state', { qos: 0 });
  try {
    await bridge.start();
    const connectDeadline = Date.now() + 10_000;
    while (received < count && Date.now() < connectDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const rounds = 5;
    let syncMs = 0;
    let published = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let round = 1; round <= rounds; round++) {
      for (const loop of loops) loop.latestTelemetry = { ...loop.latestTelemetry, hashrateGhs: (loop.latestTelemetry.hashrateGhs ?? 0) + 1 };
      const before = performance.now();
      published += bridge.publishStates();
      syncMs += performance.now() - before;
      const target = count * (round + 1);
      const deadline = Date.now() + 10_000;
      while (received < target && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    }
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return [
      { name: `MQTT state publish, ${count} miners changed: bridge time per publish (wall)`, value: (syncMs / published) * 1000, unit: 'µs', note: 'state JSON + discovery check + client.publish' },
      { name: '… whole process CPU per publish (bridge + loopback broker + listener)', value: (cpuMs / published) * 1000, unit: 'µs', note: `${published} publishes in ${Math.round(wallMs)} ms` },
      { name: `… share of one core, ${count} miners every 30 s`, value: ((cpuMs / published) * count / 30_000) * 100, unit: '%', note: 'all in one process' },
    ];
  } finally {
    await listener.endAsync();
    await bridge.stop();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
