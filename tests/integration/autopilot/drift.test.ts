import { afterEach, describe, expect, it } from 'vitest';
import { AUTOPILOT_ACTOR } from '../../../src/autopilot/index.js';
import { MIN, rig, type Rig } from './rig.js';

let world: Rig | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

/** The benchmark measured this much less power than the miner draws now: dust, a drying pad, an ageing regulator. */
function benchmarkDrewLess(w: Rig, runId: number, share: number): void {
  const rows = w.store.db.prepare('SELECT seq, measurement FROM bench_points WHERE run_id = ?').all(runId) as Array<{ seq: number; measurement: string }>;
  const update = w.store.db.prepare('UPDATE bench_points SET measurement = ? WHERE run_id = ? AND seq = ?');
  for (const row of rows) {
    const m = JSON.parse(row.measurement) as { powerW: { mean: number; low: number; high: number }; efficiencyJth: { mean: number; low: number; high: number } };
    for (const key of ['powerW', 'efficiencyJth'] as const) {
      m[key] = { ...m[key], mean: m[key].mean * share, low: m[key].low * share, high: m[key].high * share };
    }
    update.run(JSON.stringify(m), runId, row.seq);
  }
}

describe('drift: the nightly re-benchmark', () => {
  it('reports efficiency worse than the benchmark, then starts one quick re-benchmark when the owner\'s night window opens', async () => {
    const started: Array<{ miner: string; at: number }> = [];
    world = await rig({
      autopilot: { drift: { thresholdPct: 5, hours: 0.5, rebenchWindow: { from: '02:00', to: '03:00' } } },
      startBenchmark: (miner) => started.push({ miner, at: w.clock.now() }),
    });
    const w = world;
    benchmarkDrewLess(w, w.benchmarkFromTruth('gamma'), 0.85);
    w.autopilot.setMode('gamma', 'hashrate', AUTOPILOT_ACTOR);
    await w.advanceUntil(() => w.log().some((d) => d.kind === 'drift'), 90 * MIN, MIN);
    const drift = w.log().find((d) => d.kind === 'drift');
    expect(drift?.reason).toMatch(/more energy per hash than its benchmark for 0\.5 h .*A quick re-benchmark runs in the night window 02:00–03:00\.$/);
    // Found before the window: it waits for the night instead of benchmarking at once.
    expect(new Date(drift?.ts ?? 0).getUTCHours()).toBeLessThan(2);
    const windowOpens = Date.UTC(2026, 0, 1, 2, 0);
    await w.advanceUntil(() => w.clock.now() >= windowOpens - MIN, 3 * 60 * MIN, MIN);
    await w.advance(windowOpens - MIN - w.clock.now());
    expect(started).toEqual([]);
    await w.advance(2 * MIN);
    expect(started).toHaveLength(1);
    expect(started[0]?.miner).toBe('gamma');
    expect(started[0]?.at).toBeGreaterThanOrEqual(windowOpens);
    // Once per drift report: the rest of the window and the next hours start nothing more.
    await w.advance(90 * MIN);
    expect(started).toHaveLength(1);
  }, 180_000);
});
