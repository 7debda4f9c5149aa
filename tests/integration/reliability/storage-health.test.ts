import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthOf } from '../../../src/cli/health.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { startFakeTelegram } from '../../fakes/telegram-bot-api.js';

/** Waits (for real, in short steps) until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Makes the database really full: no page may be added, and the free space on the last page of the samples table is
 * used up, so the collector's next insert gets SQLite's own "database or disk is full" (SQLITE_FULL).
 */
function fillDatabase(service: RunningService): void {
  const db = service.store.db;
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const filler = db.prepare('INSERT INTO samples (miner_id, ts) VALUES (?, ?)');
  const minerId = service.collector.miners[0]?.miner.minerId ?? 1;
  for (let ts = 1; ts < 100_000; ts++) {
    try {
      filler.run(minerId, ts);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_FULL') return;
      throw error;
    }
  }
  throw new Error('the database never became full');
}

describe('a database that cannot be written', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('turns health red and raises a critical storage alert, and both clear once writes work again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-storage-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sims: SimFleet = await startSimFleet({ models: ['gamma', 'supra'], clock: new RealClock() });
    cleanups.push(() => sims.close());
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const database = join(dir, 'axepilot.db');
    const config = parseConfig(
      {
        database, pollIntervalSeconds: 2, timezone: 'UTC',
        miners: sims.miners.map((sim) => ({ name: sim.name, host: sim.url })),
        chat: { telegram: { token: fake.token, apiRoot: fake.apiRoot, alertChatIds: [1001] } },
        alerts: { groupWindowSeconds: 0 },
      },
      {},
    );
    const service = await startService({ config, log: silentLogger(), cwd: dir });
    cleanups.push(() => service.stop());
    await service.collector.whenAllPolled(15_000);
    const heartbeat = `${database}.heartbeat`;
    await until(() => healthOf(heartbeat, 2_000, Date.now()).healthy, 'a healthy heartbeat');

    fillDatabase(service);
    const storageAlert = (): boolean => service.alerts.engine.firing().some((alert) => alert.rule === 'storage-failing');
    await until(() => !service.health.verdict().healthy, 'health to turn red');
    expect(service.health.verdict().summary).toMatch(/cannot save samples.*disk holding .*axepilot\.db is full/);
    await until(() => !healthOf(heartbeat, 2_000, Date.now()).healthy, 'axepilot health to fail');
    expect(healthOf(heartbeat, 2_000, Date.now()).summary).toMatch(/^unhealthy: cannot save samples/);
    await until(storageAlert, 'the storage alert');
    const alert = service.alerts.engine.firing().find((a) => a.rule === 'storage-failing');
    expect(alert?.severity).toBe('critical');
    expect(alert?.summary).toMatch(/cannot save to the database: .*is full/);
    // The outbox is in the database that cannot be written: the critical alert goes to the alert chat directly.
    const texts = (): string[] => fake.sent(1001).map((message) => JSON.stringify(message));
    await until(() => texts().some((t) => t.includes('cannot save to the database')), 'the alert in the alert chat');

    service.store.db.pragma('max_page_count = 1073741823');
    await until(() => service.health.verdict().healthy, 'health to turn green again');
    await until(() => !storageAlert(), 'the storage alert to resolve');
    await until(() => healthOf(heartbeat, 2_000, Date.now()).healthy, 'axepilot health to pass again');
    expect(service.collector.flush()).toBe(true);
    await until(() => texts().some((t) => t.includes('saving to the database again')), 'the resolution in the alert chat');
  }, 60_000);
});
