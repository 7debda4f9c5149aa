import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/logger.js';
import { parseConfig } from '../../../src/config/load.js';
import { startService, type RunningService } from '../../../src/main.js';

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('console commands (no bot token needed)', () => {
  let service: RunningService | null = null;
  let dir = '';
  afterEach(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers typed commands as the local admin and writes charts and CSV files under data/out', async () => {
    dir = mkdtempSync(join(tmpdir(), 'axepilot-console-'));
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const config = parseConfig({ database: join(dir, 'axepilot.db'), pollIntervalSeconds: 2 }, {});
    service = await startService({ config, log: silentLogger(), console: { input, output } });
    const running = service;
    await until(() => running.collector.miners.every((m) => m.latestTelemetry !== null), 'first polls');

    input.write('/status\n');
    await until(() => printed.includes('Fleet:'), 'status');
    for (const loop of running.collector.miners) expect(printed).toContain(loop.miner.name);

    input.write('chart temp 1h\n');
    await until(() => /→ (\S+\.png)/.test(printed), 'chart path');
    const png = /→ (\S+\.png)/.exec(printed)?.[1] ?? '';
    expect(png.startsWith(join(dir, 'out'))).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(printed).toContain("/1 • 1h");

    running.collector.flush();
    input.write('/export all 1h\n');
    await until(() => /→ (\S+\.csv)/.test(printed), 'csv path');
    const csv = /→ (\S+\.csv)/.exec(printed)?.[1] ?? '';
    expect(existsSync(csv)).toBe(true);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^time,miner,hashrate_ghs,/);

    input.write('/status nosuch\n');
    await until(() => printed.includes('Usage: /status [miner|all]'), 'usage line');
  }, 30_000);
});
