import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../src/alerts/engine/engine.js';
import type { AlertNotification } from '../../../src/alerts/engine/notification.js';
import { minerState } from '../../../commands/status.js';
import { MinerClient } from '../../../src/axeos/client.js';
import { fleetViewOf } from '../../../src/chat/fleet-view.js';
import { parseConfig } from '../../../src/config/load.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { flushPending, VirtualClock } from '../../../src/core/clock.js';
import { createLogger, silentLogger } from '../../../src/core/logger.js';
import { FleetCollector } from '../../../src/fleet/collector.js';
import type { FleetEvents } from '../../../src/fleet/events.js';
import type { PolledMiner } from '../../../src/fleet/poll-loop.js';
import { startSimFleet } from '../../../src/sim/fleet.js';
import { openStore } from '../../../src/store/store.js';

/** The configured default poll interval. */
const POLL_MS = 5000;

/**
 * The collector on a virtual clock against a simulated miner over real HTTP on 127.0.0.1. Time moves only between
 * requests: after each step the rig waits (briefly, for real) until no request is in flight.
 */
async function rig(cleanups: Array<() => Promise<void> | void>) {
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 9));
  const fleet = await startSimFleet({ models: ['gamma'], clock });
  cleanups.push(() => fleet.close());
  const sim = fleet.miners[0];
  if (!sim) throw new Error('no simulated miner');
  const transport = new HttpTransport({ baseUrl: sim.url, requestTimeoutMs: 2000, connectTimeoutMs: 2000 });
  cleanups.push(() => transport.close());
  const client = new MinerClient({ name: 'gamma', transport, clock });
  let inFlight = 0;
  const track = async <T>(work: Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await work;
    } finally {
      inFlight--;
    }
  };
  const counted: PolledMiner & { probes: number } = {
    probes: 0,
    getInfo: (signal) => track(client.getInfo(signal)),
    getAsic: (signal) => track(client.getAsic(signal)),
    probe: (timeoutMs, signal) => {
      counted.probes++;
      return track(client.probe(timeoutMs, signal));
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-probe-'));
  const store = openStore({ path: join(dir, 'test.db'), pollIntervalMs: POLL_MS });
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const collector = new FleetCollector({
    miners: [{ name: 'gamma', host: sim.url, client: counted }],
    store, clock, log: silentLogger(), pollIntervalMs: POLL_MS, random: () => 0.5,
  });
  const events: Array<{ kind: keyof FleetEvents; at: number; detail: unknown }> = [];
  const samples: number[] = [];
  for (const kind of ['online', 'offline', 'rebooted', 'flapping'] as const) {
    collector.bus.on(kind, (payload) => {
      events.push({ kind, at: clock.now(), detail: payload });
    });
  }
  collector.bus.on('sample', () => {
    samples.push(clock.now());
  });
  cleanups.push(() => collector.stop());

  async function settle(): Promise<void> {
    for (let quiet = 0; quiet < 3; ) {
      await flushPending();
      if (inFlight > 0) {
        quiet = 0;
        await new Promise((resolve) => setTimeout(resolve, 2));
      } else {
        quiet++;
      }
    }
  }

  /** Runs the virtual clock for `ms`, one wake at a time, letting each poll's HTTP exchange finish in between. */
  async function run(ms: number): Promise<void> {
    const end = clock.now() + ms;
    while (clock.now() < end) {
      const next = clock.nextWake();
      const step = next === null ? end - clock.now() : Math.min(Math.max(next - clock.now(), 0), end - clock.now());
      await clock.advance(step);
      await settle();
    }
  }

  return { clock, sim, client, counted, store, collector, events, samples, run };
}

describe('a miner that comes back while the collector backs off', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is sampled within one poll interval after a 6-minute outage', async () => {
    const r = await rig(cleanups);
    await r.collector.start();
    await r.run(20_000);
    expect(r.samples.length).toBeGreaterThan(0);

    r.sim.device.injectFault('offline');
    await r.run(6 * 60_000);
    expect(r.events.filter((e) => e.kind === 'offline')).toHaveLength(1);
    const before = r.samples.length;
    // By now the backoff waits minutes between polls; the probes look every interval.
    r.sim.device.clearFaults();
    const backAt = r.clock.now();
    await r.run(3 * 60_000);

    const firstBack = r.samples.slice(before)[0];
    expect(firstBack).toBeDefined();
    expect((firstBack ?? Infinity) - backAt).toBeLessThanOrEqual(POLL_MS);
    const online = r.events.filter((e) => e.kind === 'online');
    expect(online).toHaveLength(2);
    expect(r.counted.probes).toBeGreaterThan(0);
  }, 60_000);

  it('sees a flapping miner in every cycle, with its reboots, and calls it flapping once', async () => {
    const r = await rig(cleanups);
    const alerts: AlertNotification[] = [];
    const engine = new AlertEngine({ config: parseConfig({}, {}), clock: r.clock, onNotification: (n) => alerts.push(n) });
    cleanups.push(engine.attachToFleet(r.collector.bus));
    await r.collector.start();
    await r.run(20_000);

    // Up 15 s out of every 55 s, rebooting each time (a crash loop): the review's measured case gave 0 samples.
    const upWindows: Array<[number, number]> = [];
    for (let cycle = 0; cycle < 4; cycle++) {
      await r.client.restart();
      r.sim.device.injectFault('offline');
      await r.run(40_000);
      r.sim.device.clearFaults();
      const from = r.clock.now();
      await r.run(15_000);
      engine.tick();
      upWindows.push([from, r.clock.now()]);
    }
    await r.run(15_000);
    engine.tick();

    for (const [from, to] of upWindows) {
      expect(r.samples.filter((t) => t >= from && t <= to).length).toBeGreaterThan(0);
    }
    const kinds = r.events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'offline')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'online')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'rebooted')).toHaveLength(4);
    const flapping = r.events.filter((e) => e.kind === 'flapping').map((e) => e.detail as FleetEvents['flapping']);
    expect(flapping.filter((f) => f.started)).toHaveLength(1);
    expect(flapping[0]).toMatchObject({ flapping: true, outages: 3 });
    expect(flapping.at(-1)?.reboots).toBeGreaterThanOrEqual(3);

    // /status says so rather than "ok" or "offline" at whatever instant it is asked.
    const view = fleetViewOf(r.collector).miners()[0];
    expect(view?.flapping).toBe(true);
    expect(view ? minerState(view, 70) : null).toBe('flapping');

    // The database keeps the series for /events: one "flapping" row, not one per further outage.
    r.collector.flush();
    const stored = r.store.events.list({ limit: 100 }).map((e) => e.kind);
    expect(stored.filter((k) => k === 'flapping')).toHaveLength(1);
    expect(stored.filter((k) => k === 'rebooted')).toHaveLength(4);

    // The owner hears one flapping alert (its 40 s outages are each below the 60 s offline alert, and its reboots
    // from the third outage on are counted there rather than announced one by one).
    const rules = alerts.map((n) => `${n.kind}:${n.rule}`);
    expect(rules.filter((k) => k === 'firing:flapping')).toHaveLength(1);
    expect(rules.filter((k) => k.endsWith(':offline'))).toHaveLength(0);
    expect(alerts.find((n) => n.rule === 'flapping')?.text).toMatch(/flapping: 3 outages and \d reboots? in the last 15 min/);
  }, 60_000);
});

describe('two configured names that turn out to be one miner', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps the first, refuses the second with one clear log line, and stops polling it', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 11, 2, 9));
    const fleet = await startSimFleet({ models: ['gamma'], clock });
    cleanups.push(() => fleet.close());
    const url = fleet.miners[0]?.url ?? '';
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-samemac-'));
    const store = openStore({ path: join(dir, 'test.db'), pollIntervalMs: POLL_MS });
    cleanups.push(() => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
    const miners = ['gamma', 'gamma-again'].map((name) => {
      const transport = new HttpTransport({ baseUrl: url });
      cleanups.push(() => transport.close());
      return { name, host: name === 'gamma' ? url : `${url}/`, client: new MinerClient({ name, transport, clock }) };
    });
    const collector = new FleetCollector({ miners, store, clock, log, pollIntervalMs: POLL_MS });
    const [first, second] = collector.miners;
    if (!first || !second) throw new Error('two loops expected');
    expect(await first.pollOnce()).not.toBeNull();
    expect(await second.pollOnce()).toBeNull();
    expect(await first.pollOnce()).not.toBeNull();
    collector.flush();

    expect(store.miners.list().map((m) => m.name)).toEqual(['gamma']);
    expect(second.latestTelemetry).toBeNull();
    const refusals = lines.map((l) => JSON.parse(l) as { msg: string }).filter((l) => l.msg.includes('same miner'));
    expect(refusals.map((l) => l.msg)).toEqual([
      expect.stringMatching(/^gamma-again is the same miner as gamma \(MAC [0-9A-F:]{17}\): not polling it under a second name; remove one of them from the config$/),
    ]);
  });
});
