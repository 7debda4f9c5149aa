/**
 * Does heavy work stall the service? The real service polls 50 simulated miners (a child process, over HTTP, every
 * 2 s) on top of a week of history, while `/chart fleet hashrate 7d`, `/digest` and `/export all 7d` run one after the
 * other, then a 7-day rollup backlog is worked off. For each: event-loop delay p99 and max
 * (perf_hooks.monitorEventLoopDelay, 10 ms resolution), the longest gap a 10 ms timer saw (the histogram under-reports
 * one long block), the wall time, and for the export the process's peak RSS. Target: p99 < 50 ms.
 * Run alone with `node --import tsx bench/heavy-work.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ChatUser } from '../src/chat/identity.js';
import { parseConfig } from '../src/config/load.js';
import { RealClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { startService, type RunningService } from '../src/main.js';
import { StoreMaintenance } from '../src/store/maintenance.js';
import { startFarm } from './collector.js';
import type { Figure } from './figure.js';
import { insertHistory } from './history.js';

const MINERS = 50;
const POLL_S = 2;
const DAY = 86_400_000;
/** A week at 15 s: 2 M raw rows. The charts and the digest read the same rollups at any step; the export scales with it. */
const HISTORY_STEP_MS = 15_000;
const CONSOLE: ChatUser = { platform: 'console', id: 'local', displayName: 'bench', chatId: 'bench', isGroup: false };

interface Measured {
  wallMs: number;
  p99Ms: number;
  maxMs: number;
  longestGapMs: number;
  peakRssMb: number;
}

async function measure(work: () => Promise<unknown>): Promise<Measured> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let longestGapMs = 0;
  let peakRss = process.memoryUsage().rss;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  histogram.enable();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  histogram.disable();
  clearInterval(probe);
  return { wallMs, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, longestGapMs, peakRssMb: peakRss / 1048576 };
}

function figures(what: string, m: Measured, extra = ''): Figure[] {
  const round = (v: number): number => Math.round(v * 10) / 10;
  return [
    { name: `${what}: event-loop delay p99`, value: round(m.p99Ms), unit: 'ms', note: `target < 50; wall time ${round(m.wallMs / 1000)} s${extra}` },
    { name: `${what}: event-loop delay max`, value: round(m.maxMs), unit: 'ms', note: `longest gap of a 10 ms timer ${Math.round(m.longestGapMs)} ms` },
  ];
}

export async function benchHeavyWork(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-bench-heavy-'));
  const farm = await startFarm(MINERS);
  let service: RunningService | null = null;
  try {
    const config = parseConfig(
      {
        database: join(dir, 'axepilot.db'), pollIntervalSeconds: POLL_S, timezone: 'UTC',
        chat: { viewers: ['telegram:1'] },
        miners: Array.from({ length: MINERS }, (_, i) => ({ name: `m${String(i).padStart(3, '0')}`, host: `http://127.0.0.1:${farm.port}/m/${i}` })),
      },
      {},
    );
    service = await startService({ config, log: silentLogger(), cwd: dir, clock: new RealClock() });
    await service.collector.whenAllPolled(30_000);
    if (!(await service.heavy.whenReady())) process.stderr.write('the heavy-work thread did not start: the figures are inline\n');
    const minerIds = service.collector.miners.map((loop) => loop.miner.minerId ?? -1);
    const now = Date.now();
    let t = performance.now();
    const rows = insertHistory(service.store, { minerIds, fromMs: now - 7 * DAY, toMs: now - 60_000, stepMs: HISTORY_STEP_MS });
    const insertS = (performance.now() - t) / 1000;
    t = performance.now();
    service.store.rollups.rollUpMinutes(Date.now());
    service.store.rollups.rollUpHours(Date.now());
    const rollupS = (performance.now() - t) / 1000;
    process.stderr.write(`history: ${rows} rows in ${insertS.toFixed(1)} s, rolled up in ${rollupS.toFixed(1)} s\n`);

    const router = service.router;
    const run = (line: string) => async (): Promise<void> => {
      const reply = await router.handleText(CONSOLE, line);
      for (const block of reply?.blocks ?? []) if (block.kind === 'file' && 'path' in block) rmSync(block.path, { force: true });
    };
    const out: Figure[] = [];
    out.push(...figures('idle, polling only (10 s)', await measure(() => new Promise((resolve) => setTimeout(resolve, 10_000)))));
    out.push(...figures('/chart fleet hashrate 7d', await measure(run('/chart fleet hashrate 7d'))));
    out.push(...figures('/digest', await measure(run('/digest'))));
    let exportRows = 0;
    let exportPath: string | null = null;
    const rssBeforeMb = process.memoryUsage().rss / 1048576;
    const exported = await measure(async () => {
      const reply = await router.handleText(CONSOLE, '/export all 7d');
      const block = reply?.blocks[0];
      if (block?.kind === 'file' && 'path' in block) {
        exportRows = Number(/^([\d,]+)/.exec(block.caption ?? '')?.[1]?.replace(/,/g, '') ?? 0);
        exportPath = block.path;
      }
    });
    // Removed after the measurement: unlinking a 300 MB file is the bench's own work, not the service's.
    if (exportPath !== null) rmSync(exportPath, { force: true });
    out.push(...figures('/export all 7d (console, no size limit)', exported, `; ${exportRows.toLocaleString('en-US')} rows`));
    out.push({ name: '/export all 7d: peak RSS of the service', value: Math.round(exported.peakRssMb), unit: 'MB', note: `the whole process, 50 miners polling; ${Math.round(rssBeforeMb)} MB just before the export` });
    out.push({ name: '/export all 7d: RSS the export added', value: Math.round(exported.peakRssMb - rssBeforeMb), unit: 'MB', note: 'peak during the export minus RSS just before it (worker thread included)' });
    const telegramViewer: ChatUser = { platform: 'telegram', id: '1', displayName: 'viewer', chatId: '1', isGroup: false };
    const refused = await measure(async () => {
      await router.handleText(telegramViewer, '/export all 7d');
    });
    out.push({ name: '/export all 7d from Telegram: refused with the size', value: Math.round(refused.wallMs), unit: 'ms', note: 'over 50 MB: the answer offers a shorter range, gzip or one miner' });

    // A week never rolled up (axepilot stopped, a restored backup): what the first maintenance tick works off.
    service.store.db.exec("DELETE FROM rollup_minute; DELETE FROM rollup_hour; DELETE FROM meta WHERE key LIKE 'rollup%'");
    const maintenance = new StoreMaintenance({ store: service.store, clock: new RealClock(), retention: config.retention, log: silentLogger() });
    out.push(...figures('7-day rollup backlog of 50 miners', await measure(() => maintenance.runOnce(Date.now()))));
    out.push({ name: 'history behind the figures', value: rows, unit: 'raw rows', note: `50 miners × 7 d at ${HISTORY_STEP_MS / 1000} s` });
    return out;
  } finally {
    await service?.stop();
    farm.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printFigures } = await import('./figure.js');
  printFigures('Heavy work while 50 miners poll', await benchHeavyWork());
}
