import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBench } from '../../../src/cli/bench.js';
import { makeTempDir } from '../store/helpers.js';

let temp: ReturnType<typeof makeTempDir>;
let stdout: string[];
let stderr: string[];
const saved = { config: process.env.AXEPILOT_CONFIG, db: process.env.AXEPILOT_DB };

beforeEach(() => {
  temp = makeTempDir();
  const configPath = join(temp.dir, 'axepilot.yaml');
  writeFileSync(configPath, 'demo: false\n');
  process.env.AXEPILOT_CONFIG = configPath;
  process.env.AXEPILOT_DB = join(temp.dir, 'axepilot.db');
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  if (saved.config === undefined) delete process.env.AXEPILOT_CONFIG;
  else process.env.AXEPILOT_CONFIG = saved.config;
  if (saved.db === undefined) delete process.env.AXEPILOT_DB;
  else process.env.AXEPILOT_DB = saved.db;
  temp.remove();
});

describe('axepilot bench', () => {
  it('--sim --json prints exactly one JSON object ending with the chosen point and the device time', async () => {
    expect(await runBench(['--sim', 'gamma', '--seed', '3', '--json'])).toBe(0);
    expect(stdout).toHaveLength(1);
    const text = stdout[0] ?? '';
    expect(text.endsWith('}\n')).toBe(true);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json).slice(-2)).toEqual(['chosen', 'deviceTimeS']);
    expect(json).toMatchObject({ strategy: 'smart', objective: 'efficiency', mode: 'quick', state: 'done', finalSettings: 'original' });
    expect(json.chosen).toEqual({
      frequencyMhz: expect.any(Number) as number, coreVoltageMv: expect.any(Number) as number,
      efficiencyJth: expect.any(Number) as number, hashrateGhs: expect.any(Number) as number,
    });
    expect(json.deviceTimeS).toBeGreaterThan(60);
    // Progress went to stderr, one line per point.
    const pointLines = stderr.join('').split('\n').filter((line) => line.startsWith('#'));
    expect(pointLines).toHaveLength((json.points as unknown[]).length);
  });

  it('runs the classic sweep and other objectives on request', async () => {
    expect(await runBench(['--sim', 'supra', '--seed', '1', '--strategy', 'classic', '--objective', 'hashrate', '--json'])).toBe(0);
    const json = JSON.parse(stdout[0] ?? '{}') as { strategy: string; objective: string; points: Array<{ frequencyMhz: number }> };
    expect(json).toMatchObject({ strategy: 'classic', objective: 'hashrate' });
    expect(json.points[0]?.frequencyMhz).toBe(500);
  });

  it('explains bad arguments with exit code 2', async () => {
    expect(await runBench([])).toBe(2);
    expect(await runBench(['--sim', 'gamma', '--objective', 'fastest'])).toBe(2);
    expect(await runBench(['--sim', 'banana'])).toBe(2);
    expect(await runBench(['10.0.0.5', '--sim', 'gamma'])).toBe(2);
    expect(stderr.join('')).toContain('--objective must be one of efficiency, hashrate, balanced');
    expect(stderr.join('')).toContain('unknown miner model "banana"');
    expect(stdout).toEqual([]);
  });

  it('fails before touching anything when the miner does not answer', async () => {
    await expect(runBench(['http://127.0.0.1:1', '--json'])).rejects.toThrow(/unreachable/);
    expect(stdout).toEqual([]);
  });
});
