import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = new URL('../../../bin/axepilot.js', import.meta.url).pathname;

interface Run {
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
  kill: (signal: NodeJS.Signals) => number;
}

function startAxepilot(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })),
  );
  return { output: () => out, exited, kill: (signal) => (child.kill(signal) ? Date.now() : -1) };
}

async function waitForOutput(run: Run, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!pattern.test(run.output())) {
    if (Date.now() - started > timeoutMs) throw new Error(`no ${pattern} in output:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start as a child process', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-start-'));
    dirs.push(dir);
    return dir;
  }

  it('runs the simulated demo fleet, reaches "polling", and exits 0 within 2 s of SIGTERM', async () => {
    const dir = tempDir();
    const config = join(dir, 'axepilot.yaml');
    writeFileSync(config, 'pollIntervalSeconds: 2\n');
    const run = startAxepilot(['start'], { AXEPILOT_CONFIG: config, AXEPILOT_DB: join(dir, 'axepilot.db') });
    await waitForOutput(run, /demo mode/);
    await waitForOutput(run, /"msg":"polling"/);
    await waitForOutput(run, /miner online/);
    const sentAt = run.kill('SIGTERM');
    const { code, atMs } = await run.exited;
    expect(code).toBe(0);
    expect(atMs - sentAt).toBeLessThan(2000);
    expect(run.output()).toMatch(/"msg":"stopped"/);
  }, 30_000);

  it('refuses a bad config with every problem and its path, without a stack trace', async () => {
    const dir = tempDir();
    const config = join(dir, 'axepilot.yaml');
    writeFileSync(config, 'miners:\n  - name: a\n    host: "ftp://x"\npollIntervalSeconds: 1\n');
    const run = startAxepilot(['start'], { AXEPILOT_CONFIG: config, AXEPILOT_DB: join(dir, 'axepilot.db') });
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.output()).toContain('miners[0].host:');
    expect(run.output()).toContain('pollIntervalSeconds: must be at least 2 seconds');
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('poll --json prints one object with the promised keys; exit 2 when unreachable, 3 when not AxeOS', async () => {
    const { startSimFleet } = await import('../../../src/sim/fleet.js');
    const { RealClock } = await import('../../../src/core/clock.js');
    const { POLL_JSON_KEYS } = await import('../../../src/axeos/telemetry.js');
    const fleet = await startSimFleet({ models: ['gamma'], clock: new RealClock() });
    try {
      const url = fleet.miners[0]?.url ?? '';
      const ok = startAxepilot(['poll', url, '--json'], {});
      expect((await ok.exited).code).toBe(0);
      const parsed = JSON.parse(ok.output().trim()) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual([...POLL_JSON_KEYS]);
      expect(parsed.model).toBe('gamma');
      expect(parsed.asicCount).toBe(1);

      await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ fault: 'garbage' }) });
      const garbage = startAxepilot(['poll', url, '--json'], {});
      expect((await garbage.exited).code).toBe(3);
      expect(garbage.output().trim().split('\n')).toHaveLength(1);

      await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ fault: 'offline' }) });
      const offline = startAxepilot(['poll', url, '--json'], {});
      expect((await offline.exited).code).toBe(2);
      expect(offline.output()).toMatch(/unreachable/);
    } finally {
      await fleet.close();
    }
  }, 60_000);
});
