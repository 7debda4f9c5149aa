import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelId } from '../../../src/axeos/models.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { insertHistory } from '../../../bench/history.js';

const MODELS: ModelId[] = ['gamma', 'supra', 'ultra', 'max', 'hex', 'gammaduo', 'nerdqaxe++', 'gammagt', 'suprahex', 'gamma'];
const POLL_MS = 2_000;
const DAY = 86_400_000;
/** A week of 10 miners at a 30 s poll: ~200,000 rows, a ~35 MB CSV. */
const HISTORY_STEP_MS = 30_000;

/** V8's collector on demand, so the probe sees what is really held rather than garbage not collected yet. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const consoleUser: ChatUser = { platform: 'console', id: 'local', displayName: 'console', chatId: 'console', isGroup: false };
const discordViewer: ChatUser = { platform: 'discord', id: '42', displayName: 'Ann', chatId: '7', isGroup: false };

describe('/export on a week of history of 10 live miners', () => {
  let dir = '';
  let sims: SimFleet;
  let service: RunningService;
  let historyRows = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axepilot-export-'));
    sims = await startSimFleet({ models: MODELS, clock: new RealClock() });
    const config = parseConfig(
      {
        database: join(dir, 'axepilot.db'), pollIntervalSeconds: POLL_MS / 1000, timezone: 'Europe/Berlin',
        miners: sims.miners.map((sim) => ({ name: sim.name, host: sim.url })),
        chat: { viewers: ['discord:42'] },
      },
      {},
    );
    service = await startService({ config, log: silentLogger(), cwd: dir });
    await service.collector.whenAllPolled(20_000);
    const minerIds = service.collector.miners.map((loop) => loop.miner.minerId ?? -1);
    const now = Date.now();
    historyRows = insertHistory(service.store, { minerIds, fromMs: now - 7 * DAY + 60_000, toMs: now - 60_000, stepMs: HISTORY_STEP_MS });
  }, 120_000);

  afterAll(async () => {
    await service.stop();
    await sims.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps polling while it streams the file to disk, and never holds the whole file in memory', async () => {
    const samplesBefore = service.store.samples.count();
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    let longestGapMs = 0;
    let last = Date.now();
    let ticks = 0;
    // A real-timer probe: each tick notes how long the event loop was away; every 20th also what the heap holds.
    const probe = setInterval(() => {
      const now = Date.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      if (++ticks % 20 === 0) {
        collectGarbage();
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }
      last = Date.now();
    }, 10);
    const reply = await service.router.handleText(consoleUser, '/export all 7d');
    clearInterval(probe);

    const block = reply?.blocks[0];
    expect(block?.kind).toBe('file');
    if (block?.kind !== 'file' || !('path' in block)) throw new Error('the export is not a file on disk');
    expect(block.caption).toMatch(/polls of all, last 7d \(times in Europe\/Berlin\)/);
    const bytes = statSync(block.path).size;
    expect(bytes).toBe(block.bytes);
    expect(bytes).toBeGreaterThan(30e6);
    // The rows are all there: one per stored poll, plus the header.
    const rows = Number(/^([\d,]+) polls/.exec(block.caption ?? '')?.[1]?.replace(/,/g, ''));
    expect(rows).toBeGreaterThanOrEqual(historyRows);
    rmSync(block.path);

    expect(heapPeak - heapBefore).toBeLessThan(bytes / 5);
    // Polls went on: the loop was never away for a whole poll interval, and the live miners kept being saved.
    expect(longestGapMs).toBeLessThan(POLL_MS);
    service.collector.flush();
    expect(service.store.samples.count()).toBeGreaterThan(samplesBefore);
  }, 180_000);

  it('answers with the size and the choices when the file would pass the platform limit', async () => {
    const reply = await service.router.handleText(discordViewer, '/export all 7d');
    const [block] = reply?.blocks ?? [];
    expect(block?.kind).toBe('text');
    expect(block?.kind === 'text' ? block.text : '').toMatch(
      /^The export of all, last 7d would be about \d+ MB \([\d,]+ polls\); Discord takes files up to 10 MB\. Choose: \/export all (2d|24h), \/export sim-gamma-1 7d, .*and one file per miner \(\/export <miner> 7d\)\.$/,
    );
    const labels = (reply?.buttons ?? []).flat().map((b) => b.label);
    expect(labels).toEqual([expect.stringMatching(/^Last (2d|24h)$/), 'sim-gamma-1', 'sim-supra-1', 'sim-ultra-1', 'sim-max-1']);
  });

  it('writes a gzip file when asked', async () => {
    const reply = await service.router.handleText(consoleUser, '/export all 24h gz');
    const block = reply?.blocks[0];
    if (block?.kind !== 'file' || !('path' in block)) throw new Error('the export is not a file on disk');
    expect(block.filename).toBe('axepilot-all-24h.csv.gz');
    const csv = gunzipSync(readFileSync(block.path)).toString('utf8');
    rmSync(block.path);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time,miner,hashrate_ghs,/);
    expect(lines[1]).toMatch(/^2\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00,sim-/);
    expect(lines.length).toBeGreaterThan(10 * (DAY / HISTORY_STEP_MS) * 0.99);
  });
});
