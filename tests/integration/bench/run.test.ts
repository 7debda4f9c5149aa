import { afterEach, describe, expect, it } from 'vitest';
import { runBenchmark, type RunBenchmarkOptions } from '../../../src/bench/run.js';
import { driveVirtualClock } from '../../../src/bench/sim-run.js';
import type { BenchProgress } from '../../../src/bench/progress.js';
import { benchWorld, flashSettings, restorePointCount, type BenchWorld } from './harness.js';

let world: BenchWorld;
afterEach(async () => {
  await world.guard.stop();
  world.cleanup();
});

function run(extra: Partial<RunBenchmarkOptions> = {}): ReturnType<typeof runBenchmark> {
  return driveVirtualClock(world.clock, runBenchmark({
    miner: world.miner, client: world.client, guard: world.guard, clock: world.clock, config: world.config,
    repository: world.repository, ...extra,
  }));
}

const ORIGINAL = { frequencyMhz: 525, coreVoltageMv: 1150 };

describe('a smart benchmark on a simulated Gamma with real SQLite', () => {
  it('finds a point that passes and puts the original settings back at the end', async () => {
    world = await benchWorld({ seed: 3 });
    const events: BenchProgress[] = [];
    const result = await run({ onProgress: (e) => events.push(e) });
    expect(result.state).toBe('done');
    expect(result.chosen?.verdict).toBe('pass');
    const chosen = result.chosen?.point ?? ORIGINAL;
    const truth = world.device.truth.steadyState(chosen);
    expect(truth.errorPct).toBeLessThanOrEqual(2);
    expect(truth.overheats).toBe(false);
    // Far better than the stock point it started from.
    expect(truth.efficiencyJth).toBeLessThan(world.device.truth.steadyState(ORIGINAL).efficiencyJth * 0.95);
    expect(flashSettings(world)).toEqual(ORIGINAL);
    expect(result.finalSettings).toBe('original');
    expect(restorePointCount(world.store)).toBe(0);

    const saved = world.repository.run(result.runId ?? -1);
    expect(saved?.state).toBe('done');
    expect(saved?.provenance).toMatchObject({ model: 'gamma', firmware: 'v2.12.2', fanMode: 'auto', startSettings: ORIGINAL, strategy: 'smart' });
    expect(saved?.deviceTimeMs).toBe(result.deviceTimeMs);
    expect(world.repository.points(result.runId ?? -1)).toHaveLength(result.points.length);
    expect(world.repository.profiles(world.miner).map((p) => p.profile)).toEqual(['balanced', 'eco', 'max']);
    expect(world.repository.profile(world.miner, 'eco')?.point).toEqual(chosen);

    expect(events[0]?.kind).toBe('started');
    expect(events.at(-1)).toMatchObject({ kind: 'finished', state: 'done' });
    expect(events.filter((e) => e.kind === 'point-finished')).toHaveLength(result.points.length);
  });

  it('leaves the miner at the chosen point when asked to apply it', async () => {
    world = await benchWorld({ seed: 2 });
    const result = await run({ apply: true });
    expect(result.finalSettings).toBe('applied');
    expect(flashSettings(world)).toEqual(result.chosen?.point);
    expect(restorePointCount(world.store)).toBe(0);
  });

  it('a cancel in the middle of a point restores the original settings', async () => {
    world = await benchWorld({ seed: 1 });
    const controller = new AbortController();
    const result = await run({
      signal: controller.signal,
      onProgress: (e) => {
        if (e.kind === 'point-started' && e.seq === 3) void world.clock.sleep(7_000).then(() => controller.abort());
      },
    });
    expect(result.state).toBe('cancelled');
    expect(result.points).toHaveLength(2);
    expect(flashSettings(world)).toEqual(ORIGINAL);
    expect(restorePointCount(world.store)).toBe(0);
    expect(world.repository.run(result.runId ?? -1)?.state).toBe('cancelled');
    // A cancelled run saves no profiles.
    expect(world.repository.profiles(world.miner)).toEqual([]);
  });

  it('a failed read (HTTP 500 for a while) is retried and the run carries on', async () => {
    world = await benchWorld({ seed: 4 });
    const retries: string[] = [];
    const result = await run({
      onProgress: (e) => {
        if (e.kind === 'read-retry') retries.push(e.error);
        if (e.kind === 'point-started' && e.seq === 2) {
          world.device.injectFault('http500');
          void world.clock.sleep(12_000).then(() => world.device.clearFault('http500'));
        }
      },
    });
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toContain('HTTP 500');
    expect(result.state).toBe('done');
    expect(result.chosen?.verdict).toBe('pass');
    expect(flashSettings(world)).toEqual(ORIGINAL);
  });

  it('a miner that drops off ends the run after a bounded wait; its restore point brings it back when it returns', async () => {
    world = await benchWorld({ seed: 5 });
    const result = await run({
      retry: { baseMs: 2000, maxMs: 10_000, giveUpAfterMs: 60_000 },
      onProgress: (e) => {
        if (e.kind === 'point-started' && e.seq === 3) void world.clock.sleep(4_000).then(() => world.device.injectFault('offline'));
      },
    });
    expect(result.state).toBe('miner-lost');
    expect(result.error).toContain('did not answer');
    expect(result.finalSettings).toBe('restore-pending');
    expect(restorePointCount(world.store)).toBe(1);
    expect(flashSettings(world)).not.toEqual(ORIGINAL);

    world.device.clearFault('offline');
    await driveVirtualClock(world.clock, world.guard.recoverRestorePoints(AbortSignal.timeout(10_000)));
    expect(flashSettings(world)).toEqual(ORIGINAL);
    expect(restorePointCount(world.store)).toBe(0);
  });
});

describe('older firmware', () => {
  it('without an error counter (AxeOS 2.10), judges stability by the hashrate the errors cost, and still restores', async () => {
    world = await benchWorld({ seed: 6, firmware: '2.10' });
    const result = await run();
    expect(result.state).toBe('done');
    expect(result.points.every((p) => p.measurement?.errorPct === null)).toBe(true);
    expect(result.chosen?.verdict).toBe('pass');
    expect(world.device.truth.steadyState(result.chosen?.point ?? ORIGINAL).errorPct).toBeLessThanOrEqual(2);
    expect(flashSettings(world)).toEqual(ORIGINAL);
  });
});

describe('the classic sweep on a simulated Ultra', () => {
  it('reproduces mrv777\'s step pattern: restart, 90 s, 40 samples; +25 MHz in tolerance, else +20 mV −25 MHz', async () => {
    world = await benchWorld({ model: 'ultra', seed: 1 });
    const result = await run({ strategy: 'classic' });
    expect(result.state).toBe('done');
    const points = result.points;
    expect(points[0]?.point).toEqual({ frequencyMhz: 500, coreVoltageMv: 1150 });
    expect(points.length).toBeGreaterThan(3);
    for (let i = 0; i + 1 < points.length; i++) {
      const here = points[i];
      const next = points[i + 1];
      if (!here?.measurement || !next) throw new Error('missing point');
      const inTolerance = here.measurement.hashrateRatio.mean >= 0.94;
      expect(next.point).toEqual(inTolerance
        ? { frequencyMhz: here.point.frequencyMhz + 25, coreVoltageMv: here.point.coreVoltageMv }
        : { frequencyMhz: here.point.frequencyMhz - 25, coreVoltageMv: here.point.coreVoltageMv + 20 });
    }
    expect(points.some((p) => (p.measurement?.hashrateRatio.mean ?? 1) < 0.94)).toBe(true);
    for (const p of points) {
      expect(p.measurement?.samples).toBe(40);
      expect(p.measurement?.stoppedBy).toBe('fixed-window');
      expect(p.measurement?.settleMs).toBe(90_000);
      expect(p.endedAt - p.startedAt).toBeGreaterThanOrEqual(2_000 + 90_000 + 600_000);
    }
    const restarts = (world.store.db.prepare("SELECT COUNT(*) AS n FROM audit WHERE action = 'restart' AND result = 'ok'").get() as { n: number }).n;
    expect(restarts).toBe(points.length);
    // It stops when the next frequency would leave the allowed range (575 MHz on an Ultra).
    const last = points.at(-1);
    expect((last?.point.frequencyMhz ?? 0) + 25 > 575 || (last?.point.coreVoltageMv ?? 0) + 20 > 1300).toBe(true);
    expect(flashSettings(world)).toEqual({ frequencyMhz: 485, coreVoltageMv: 1200 });
  });
});
