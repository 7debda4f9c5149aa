import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HeavyWorkThread } from '../../../src/chat/heavy-work.js';
import { inlineHeavyWork } from '../../../src/chat/heavy-work-jobs.js';
import { parseConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/core/logger.js';
import { openStore } from '../../../src/store/store.js';
import { insertHistory } from '../../../bench/history.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);

describe('the heavy-work thread', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('draws fleet charts and computes the digest on its own read connection, with the same result as inline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-heavy-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'axepilot.db');
    const store = openStore({ path, pollIntervalMs: 60_000 });
    cleanups.push(() => store.close());
    const miners = ['gamma', 'supra', 'ultra'].map((name, i) => ({
      name, minerId: store.miners.resolveMiner({ mac: `02:00:00:00:02:0${i}`, host: `${name}.lan`, name, ts: NOW - 2 * DAY }).id,
    }));
    insertHistory(store, { minerIds: miners.map((m) => m.minerId), fromMs: NOW - 2 * DAY, toMs: NOW, stepMs: 60_000 });
    store.rollups.rollUpMinutes(NOW);
    const config = parseConfig({ timezone: 'UTC', pollIntervalSeconds: 60 }, {});
    const heavy = new HeavyWorkThread({ store, config, path, pollIntervalMs: 60_000, log: silentLogger() });
    await heavy.start();
    cleanups.push(() => heavy.stop());
    expect(await heavy.whenReady()).toBe(true);

    const job = { metric: 'hashrate' as const, miners, fleet: true, rangeLabel: '24h', fromMs: NOW - DAY, toMs: NOW };
    const chart = await heavy.chart(job);
    const digest = await heavy.digestNumbers({ miners, now: NOW });
    expect(heavy.answeredInThread).toBe(2);
    const inline = inlineHeavyWork(store, config);
    expect(chart.title).toBe('Fleet hashrate, last 24h');
    expect(chart.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(chart.png.equals((await inline.chart(job)).png)).toBe(true);
    expect(digest).toEqual(await inline.digestNumbers({ miners, now: NOW }));
    expect(digest.fleet.hashrateGhs).toBeGreaterThan(3 * 900);
  }, 60_000);
});
