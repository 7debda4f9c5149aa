/**
 * How long an `axepilot` command takes from the shell, the way an owner runs it (`npx axepilot …`): the compiled
 * dist/ (what `npm ci` builds) against the TypeScript sources through tsx (the fallback, and what every call cost
 * before the build step), with `node -e 0` as the floor no Node.js program starts below. Median of 5 runs each. npx
 * itself (npm's start and its lookup of the command) is about 0.55 s of every npx figure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { RealClock } from '../src/core/clock.js';
import { startSimFleet } from '../src/sim/fleet.js';
import type { Figure } from './figure.js';

const ROOT = join(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist', '.built');
const RUNS = 5;

/** Not spawnSync: the simulated miner answering `poll` lives in this process and must keep running. */
async function medianMs(args: string[], runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(args[0] ?? 'node', args.slice(1), { cwd: ROOT, stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', () => resolve());
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export async function benchCliStart(): Promise<Figure[]> {
  const npx = ['npx', '--no-install', 'axepilot'];
  const sim = await startSimFleet({ models: ['gamma'], clock: new RealClock() });
  try {
    const host = sim.miners[0]?.url ?? '';
    const figures: Figure[] = [{ name: 'node -e 0 (the floor)', value: await medianMs(['node', '-e', '0']), unit: 'ms' }];
    // Built afresh: a dist/ older than one source file would send every call through the tsx fallback.
    spawnSync('npm', ['run', 'prepare'], { cwd: ROOT, stdio: 'ignore' });
    figures.push(
      { name: 'node bin/axepilot.js --help (dist)', value: await medianMs(['node', 'bin/axepilot.js', '--help']), unit: 'ms', note: 'without npx' },
      { name: 'node bin/axepilot.js poll --json (dist)', value: await medianMs(['node', 'bin/axepilot.js', 'poll', host, '--json']), unit: 'ms', note: 'without npx' },
      { name: 'npx axepilot --help (dist)', value: await medianMs([...npx, '--help']), unit: 'ms', note: 'target < 1,000' },
      { name: 'npx axepilot poll --json (dist)', value: await medianMs([...npx, 'poll', host, '--json']), unit: 'ms', note: 'target < 1,000; one simulated Gamma' },
    );
    // The same calls on the sources through tsx, as before the build step (and when dist/ is older than src/).
    renameSync(STAMP, `${STAMP}.away`);
    try {
      figures.push(
        { name: 'npx axepilot --help (tsx)', value: await medianMs([...npx, '--help'], 3), unit: 'ms', note: 'the fallback' },
        { name: 'npx axepilot poll --json (tsx)', value: await medianMs([...npx, 'poll', host, '--json'], 3), unit: 'ms', note: 'the fallback' },
      );
    } finally {
      renameSync(`${STAMP}.away`, STAMP);
    }
    return figures;
  } finally {
    await sim.close();
  }
}
