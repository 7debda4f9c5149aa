/**
 * The promise owners care most about, tested with real processes: a benchmark killed with SIGKILL mid-point is
 * restored by the next `axepilot start`, within one poll interval; SIGTERM restores before the command exits.
 * The classic strategy writes its first test point at once (smart measures the starting point first), which keeps
 * these real-time tests short; the restore path is the guard's and the same for every strategy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/core/clock.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';

const BIN = new URL('../../../bin/axepilot.js', import.meta.url).pathname;
const POLL_INTERVAL_MS = 2000;

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => out, exited };
}

async function until(check: () => boolean, what: string, output: () => string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('benchmark crash safety across processes', () => {
  let fleet: SimFleet | null = null;
  let dir = '';
  const children: Child[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    await fleet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function setup(): Promise<{ env: Record<string, string>; url: string; settings: () => { frequencyMhz: number; coreVoltageMv: number }; db: string }> {
    dir = mkdtempSync(join(tmpdir(), 'axepilot-bench-proc-'));
    fleet = await startSimFleet({ models: ['gamma'], clock: new RealClock() });
    const sim = fleet.miners[0];
    if (!sim) throw new Error('no simulated miner');
    const config = join(dir, 'axepilot.yaml');
    writeFileSync(config, `miners:\n  - name: gamma\n    host: ${sim.url}\npollIntervalSeconds: ${POLL_INTERVAL_MS / 1000}\n`);
    const db = join(dir, 'axepilot.db');
    return {
      env: { AXEPILOT_CONFIG: config, AXEPILOT_DB: db },
      url: sim.url,
      settings: () => sim.device.state().settings,
      db,
    };
  }

  function restorePoints(db: string): number {
    const handle = new Database(db, { readonly: true });
    try {
      return (handle.prepare('SELECT count(*) AS n FROM restore_points').get() as { n: number }).n;
    } finally {
      handle.close();
    }
  }

  it('SIGKILL mid-point: the next start restores the original settings within one poll interval', async () => {
    const { env, url, settings, db } = await setup();
    const original = { ...settings() };
    const bench = run(['bench', url, '--strategy', 'classic'], env);
    children.push(bench);
    await until(() => settings().frequencyMhz !== original.frequencyMhz || settings().coreVoltageMv !== original.coreVoltageMv, 'a test point', bench.output);
    bench.process.kill('SIGKILL');
    await bench.exited;
    expect(settings()).not.toMatchObject({ frequencyMhz: original.frequencyMhz, coreVoltageMv: original.coreVoltageMv });
    expect(restorePoints(db)).toBe(1);

    const service = run(['start'], env);
    children.push(service);
    await until(() => /"msg":"polling"/.test(service.output()), 'the service polling', service.output);
    const pollingAt = Date.now();
    await until(
      () => settings().frequencyMhz === original.frequencyMhz && settings().coreVoltageMv === original.coreVoltageMv,
      'restored settings',
      service.output,
    );
    expect(Date.now() - pollingAt).toBeLessThanOrEqual(POLL_INTERVAL_MS);
    await until(() => restorePoints(db) === 0, 'the restore point removed', service.output, 5000);
    service.process.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  }, 60_000);

  it('SIGTERM mid-point: the command restores the original settings before it exits', async () => {
    const { env, url, settings, db } = await setup();
    const original = { ...settings() };
    const bench = run(['bench', url, '--strategy', 'classic'], env);
    children.push(bench);
    await until(() => settings().frequencyMhz !== original.frequencyMhz || settings().coreVoltageMv !== original.coreVoltageMv, 'a test point', bench.output);
    bench.process.kill('SIGTERM');
    const { code } = await bench.exited;
    expect(code).not.toBeNull();
    expect(settings()).toMatchObject({ frequencyMhz: original.frequencyMhz, coreVoltageMv: original.coreVoltageMv });
    expect(restorePoints(db)).toBe(0);
    expect(bench.output()).toMatch(/original settings/);
  }, 60_000);

  it('SIGKILL of a run on an unconfigured host: restored by the next start once the same miner is configured under another name', async () => {
    const { env, url, settings, db } = await setup();
    const config = env.AXEPILOT_CONFIG ?? '';
    // No miners configured: `axepilot bench 127.0.0.1:<port>` knows the miner only by the host it was given.
    writeFileSync(config, `pollIntervalSeconds: ${POLL_INTERVAL_MS / 1000}\n`);
    const original = { ...settings() };
    const bench = run(['bench', url.replace(/^http:\/\//, ''), '--strategy', 'classic'], env);
    children.push(bench);
    await until(() => settings().frequencyMhz !== original.frequencyMhz || settings().coreVoltageMv !== original.coreVoltageMv, 'a test point', bench.output);
    bench.process.kill('SIGKILL');
    await bench.exited;
    expect(restorePoints(db)).toBe(1);

    writeFileSync(config, `miners:\n  - name: gamma\n    host: ${url}\npollIntervalSeconds: ${POLL_INTERVAL_MS / 1000}\n`);
    const service = run(['start'], env);
    children.push(service);
    await until(
      () => settings().frequencyMhz === original.frequencyMhz && settings().coreVoltageMv === original.coreVoltageMv,
      'restored settings',
      service.output,
    );
    await until(() => restorePoints(db) === 0, 'the restore point removed', service.output, 5000);
    expect(service.output()).not.toMatch(/not configured; kept until it is/);
    service.process.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  }, 60_000);
});
