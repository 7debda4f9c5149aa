/**
 * The collector's cost: 1,000 simulated miners polled every 5 s over real HTTP on loopback, samples written to a real
 * SQLite file. The simulators run in a child process; this process's CPU time is the collector's alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MinerClient } from '../src/axeos/client.js';
import { HttpTransport } from '../src/axeos/http-transport.js';
import { normalizeInfo } from '../src/axeos/normalize.js';
import { RealClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { FleetCollector } from '../src/fleet/collector.js';
import { openStore } from '../src/store/store.js';
import type { Figure } from './figure.js';

const FIXTURE = new URL('../../shared/fixtures/axeos/gamma-BM1370-v2.12.2-2.json', import.meta.url);

export function benchNormalize(): Figure[] {
  const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
  const rounds = 200_000;
  for (let i = 0; i < 10_000; i++) normalizeInfo(raw, { ts: i });
  const started = performance.now();
  for (let i = 0; i < rounds; i++) normalizeInfo(raw, { ts: i });
  const seconds = (performance.now() - started) / 1000;
  return [{ name: 'normalize (v2.12 info → Telemetry)', value: rounds / seconds, unit: 'calls/s' }];
}

export function benchSampleWrites(): Figure[] {
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-bench-'));
  const store = openStore({ path: join(dir, 'bench.db') });
  try {
    const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
    const template = normalizeInfo(raw, { ts: 0 });
    const miners = Array.from({ length: 1000 }, (_, i) =>
      store.miners.resolveMiner({ mac: `AA:BB:CC:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, host: `http://10.0.${i >> 8}.${i & 255}`, name: `m${i}`, ts: 0 }),
    );
    // One batch = one collector flush: 1,000 miners' polls.
    const batches = 100;
    const started = performance.now();
    for (let b = 0; b < batches; b++) {
      store.samples.insertMany(miners.map((m) => ({ minerId: m.id, telemetry: { ...template, ts: b * 5000 } })));
    }
    const seconds = (performance.now() - started) / 1000;
    return [{ name: 'samples written to SQLite (batches of 1,000, WAL)', value: (batches * 1000) / seconds, unit: 'rows/s' }];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFarm(count: number): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./sim-farm.ts', import.meta.url).pathname, String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator farm exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /READY (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  return { port, stop: () => child.stdin.end() };
}

export async function benchCollector(options: { miners?: number; seconds?: number } = {}): Promise<Figure[]> {
  const count = options.miners ?? 1000;
  const seconds = options.seconds ?? 30;
  const farm = await startFarm(count);
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-bench-'));
  const store = openStore({ path: join(dir, 'collector.db') });
  const clock = new RealClock();
  const transports: HttpTransport[] = [];
  const miners = Array.from({ length: count }, (_, i) => {
    const transport = new HttpTransport({ baseUrl: `http://127.0.0.1:${farm.port}/m/${i}` });
    transports.push(transport);
    return { name: `sim-${i}`, host: `http://127.0.0.1:${farm.port}/m/${i}`, client: new MinerClient({ name: `sim-${i}`, transport, clock }) };
  });
  const collector = new FleetCollector({ miners, store, clock, log: silentLogger(), pollIntervalMs: 5000 });
  let polls = 0;
  collector.bus.on('sample', () => {
    polls++;
  });
  try {
    await collector.start();
    // The first interval spreads the start; measure a steady state after it.
    await clock.sleep(6000);
    const pollsBefore = polls;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await clock.sleep(seconds * 1000);
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    const measured = polls - pollsBefore;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return [
      { name: `collector: polls in ${seconds} s (${count} miners, 5 s interval)`, value: measured, unit: 'polls', note: `expected ≈ ${(count * seconds) / 5}` },
      { name: 'collector: CPU time per poll (HTTP + normalize + SQLite)', value: cpuMs / Math.max(1, measured), unit: 'ms' },
      { name: `collector: share of one core (${count} miners at 5 s)`, value: (cpuMs / wallMs) * 100, unit: '%', note: 'target < 25 %' },
    ];
  } finally {
    await collector.stop();
    await Promise.all(transports.map((t) => t.close()));
    store.close();
    farm.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
