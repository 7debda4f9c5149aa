import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MinerClient } from '../../../src/axeos/client.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { FleetCollector, type CollectedMiner } from '../../../src/fleet/collector.js';
import type { FleetEvents } from '../../../src/fleet/events.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { openStore, type Store } from '../../../src/store/store.js';

/** Waits (for real, briefly) until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fleet collector against simulated miners over HTTP', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function setup(miners: CollectedMiner[], store: Store, offlineAfterMs = 600): { collector: FleetCollector; events: Array<{ kind: keyof FleetEvents; miner: string; detail: unknown }> } {
    const collector = new FleetCollector({ miners, store, clock: new RealClock(), log: silentLogger(), pollIntervalMs: 100, offlineAfterMs });
    const events: Array<{ kind: keyof FleetEvents; miner: string; detail: unknown }> = [];
    for (const kind of ['online', 'offline', 'rebooted', 'settingsChanged'] as const) {
      collector.bus.on(kind, (payload) => {
        events.push({ kind, miner: payload.miner.name, detail: payload });
      });
    }
    cleanups.push(() => collector.stop());
    return { collector, events };
  }

  function tempStore(): Store {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-collector-'));
    const store = openStore({ path: join(dir, 'test.db'), pollIntervalMs: 100 });
    cleanups.push(() => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return store;
  }

  async function simFleet(): Promise<{ fleet: SimFleet; miners: Array<CollectedMiner & { client: MinerClient }> }> {
    const fleet = await startSimFleet({ models: ['gamma', 'supra', 'ultra'], clock: new RealClock() });
    cleanups.push(() => fleet.close());
    const miners = fleet.miners.map((m) => {
      const transport = new HttpTransport({ baseUrl: m.url, requestTimeoutMs: 300, connectTimeoutMs: 300 });
      cleanups.push(() => transport.close());
      return { name: m.name, host: m.url, client: new MinerClient({ name: m.name, transport }) };
    });
    return { fleet, miners };
  }

  it('writes every miner\'s polls with its identity and raises offline, online and rebooted', async () => {
    const store = tempStore();
    const { fleet, miners } = await simFleet();
    const { collector, events } = setup(miners, store);
    await collector.start();
    await until(() => events.filter((e) => e.kind === 'online').length === 3, 'three miners online');
    await until(() => collector.miners.every((loop) => loop.latestTelemetry !== null && loop.miner.minerId !== null), 'first polls');
    collector.flush();

    for (const sim of fleet.miners) {
      const loop = collector.find(sim.name);
      const record = store.miners.byName(sim.name);
      expect(record?.mac).toBe(sim.device.mac.toUpperCase());
      const rows = store.samples.range(record?.id ?? -1, 0, Date.now() + 1000);
      expect(rows.length).toBeGreaterThan(0);
      const last = rows.at(-1);
      const truth = sim.device.state();
      expect(last?.frequencyMhz).toBe(truth.settings.frequencyMhz);
      expect(last?.coreVoltageMv).toBe(truth.settings.coreVoltageMv);
      expect(loop?.latestTelemetry?.model).toBe(sim.device.model.id);
    }

    // A miner that drops off the network, then comes back.
    const supra = fleet.miners[1];
    if (!supra) throw new Error('no supra');
    supra.device.injectFault('offline');
    await until(() => events.some((e) => e.kind === 'offline' && e.miner === supra.name), 'offline');
    supra.device.clearFaults();
    await until(() => events.filter((e) => e.kind === 'online' && e.miner === supra.name).length === 2, 'back online');
    const back = events.filter((e) => e.kind === 'online' && e.miner === supra.name)[1]?.detail as FleetEvents['online'];
    expect(back.downMs).toBeGreaterThanOrEqual(600);

    // A reboot: uptime goes back to zero.
    const gamma = fleet.miners[0];
    if (!gamma) throw new Error('no gamma');
    await miners[0]?.client.restart();
    await until(() => events.some((e) => e.kind === 'rebooted' && e.miner === gamma.name), 'rebooted', 15_000);

    // Connection events are in the database for /events.
    collector.flush();
    const kinds = store.events.list({ limit: 50 }).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['online', 'offline', 'rebooted']));
  }, 30_000);

  it('records the time it was watching, from start to stop, so uptime counts only that', async () => {
    const store = tempStore();
    const { miners } = await simFleet();
    const { collector } = setup(miners, store);
    const startedAt = Date.now();
    await collector.start();
    await until(() => collector.miners.every((loop) => loop.latestTelemetry !== null), 'first polls');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await collector.stop();
    const stoppedAt = Date.now();
    const watched = store.watch.watchedMs(startedAt - 60_000, stoppedAt + 60 * 60_000);
    expect(watched).toBeGreaterThan(0);
    expect(watched).toBeLessThanOrEqual(stoppedAt - startedAt);
  });

  it('backs off from a dead miner instead of hammering it: full polls get rarer, only a probe keeps the interval', async () => {
    const store = tempStore();
    let connections = 0;
    const dead: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => dead.close(() => resolve())));
    const address = dead.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const transport = new HttpTransport({ baseUrl: `http://127.0.0.1:${port}`, requestTimeoutMs: 300, connectTimeoutMs: 300 });
    cleanups.push(() => transport.close());
    const { collector, events } = setup([{ name: 'dead', host: `http://127.0.0.1:${port}`, client: new MinerClient({ name: 'dead', transport }) }], store, 400);
    let polls = 0;
    collector.bus.on('pollFailed', () => {
      polls++;
    });
    await collector.start();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // At 100 ms without backoff this would be ~30 polls; 3 tries then doubling gives far fewer. The probes in between
    // (one small request per interval at most, 250 ms apart at the least) notice a return within one interval.
    expect(polls).toBeGreaterThanOrEqual(4);
    expect(polls).toBeLessThanOrEqual(10);
    expect(connections).toBeGreaterThan(polls);
    expect(connections).toBeLessThanOrEqual(polls + 3000 / 250);
    expect(events.filter((e) => e.kind === 'offline')).toHaveLength(1);
    expect(store.samples.count()).toBe(0);
  }, 15_000);
});
