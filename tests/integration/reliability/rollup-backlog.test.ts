import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MinerClient } from '../../../src/axeos/client.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { FleetCollector } from '../../../src/fleet/collector.js';
import { startSimFleet } from '../../../src/sim/fleet.js';
import { StoreMaintenance } from '../../../src/store/maintenance.js';
import { openStore } from '../../../src/store/store.js';
import { insertHistory } from '../../../bench/history.js';

const POLL_MS = 1_000;
const DAY = 86_400_000;

describe('a rollup backlog', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is rolled up while the live miners keep being polled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-backlog-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = openStore({ path: join(dir, 'axepilot.db'), pollIntervalMs: POLL_MS });
    cleanups.push(() => store.close());
    // A week of 10 miners never rolled up (axepilot stopped, or a restored backup): ~600,000 raw rows.
    const now = Date.now();
    const minerIds = Array.from({ length: 10 }, (_, i) =>
      store.miners.resolveMiner({ mac: `02:00:00:00:01:${String(i).padStart(2, '0')}`, host: `old-${i}.lan`, name: `old-${i}`, ts: now - 7 * DAY }).id);
    insertHistory(store, { minerIds, fromMs: now - 7 * DAY, toMs: now - 60_000, stepMs: 10_000 });

    const clock = new RealClock();
    const sims = await startSimFleet({ models: ['gamma', 'supra', 'ultra'], clock });
    cleanups.push(() => sims.close());
    const miners = sims.miners.map((sim) => {
      const transport = new HttpTransport({ baseUrl: sim.url });
      cleanups.push(() => transport.close());
      return { name: sim.name, host: sim.url, client: new MinerClient({ name: sim.name, transport, clock }) };
    });
    const collector = new FleetCollector({ miners, store, clock, log: silentLogger(), pollIntervalMs: POLL_MS });
    await collector.start();
    cleanups.push(() => collector.stop());
    await collector.whenAllPolled(10_000);

    const maintenance = new StoreMaintenance({ store, clock, log: silentLogger(), retention: parseConfig({}, {}).retention });
    let polls = 0;
    const off = collector.bus.on('sample', () => {
      polls++;
    });
    let longestGapMs = 0;
    let last = Date.now();
    const probe = setInterval(() => {
      const tick = Date.now();
      longestGapMs = Math.max(longestGapMs, tick - last);
      last = tick;
    }, 10);
    const started = Date.now();
    const report = await maintenance.runOnce(Date.now());
    const tookMs = Date.now() - started;
    clearInterval(probe);
    off();

    expect(report.minutes?.buckets).toBeGreaterThan(10 * 7 * 1440 * 0.99);
    expect(report.hours?.buckets).toBeGreaterThan(10 * 7 * 24 * 0.99);
    // Polls went on throughout: the event loop was never away for a poll interval, and polls arrived meanwhile.
    expect(longestGapMs).toBeLessThan(POLL_MS);
    expect(polls).toBeGreaterThanOrEqual(Math.floor(tookMs / POLL_MS / 2) * miners.length);
  }, 120_000);
});
