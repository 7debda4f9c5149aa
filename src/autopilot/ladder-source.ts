/** Where a miner's ladder comes from: its latest benchmark with passing points, read from the benchmark tables. */
import { BenchRepository } from '../bench/repository.js';
import type { Store } from '../store/store.js';
import { guarded } from '../store/errors.js';
import { ladderFromBenchmark } from './ladder.js';
import type { Rung } from './types.js';

export interface BenchmarkLadder {
  runId: number;
  finishedAt: number | null;
  /** One rung per frequency with a voltage margin (hashrate and protect mode). */
  rungs: Rung[];
  /** One rung per frequency at its best J/TH (efficiency mode). */
  efficientRungs: Rung[];
}

export class LadderSource {
  private readonly bench: BenchRepository;

  constructor(private readonly store: Store) {
    this.bench = new BenchRepository(store.db);
  }

  /** The newest finished benchmark of this miner that left at least one rung; null when there is none. */
  latest(miner: string, frequencyOptions: readonly number[]): BenchmarkLadder | null {
    const runs = guarded(this.store.db, 'read benchmark runs', () =>
      this.store.db.prepare<[string], { id: number; ended_at: number | null }>(
        `SELECT id, ended_at FROM bench_runs WHERE miner_name = ? COLLATE NOCASE AND state IN ('done', 'cancelled', 'interrupted', 'miner-lost')
         ORDER BY started_at DESC, id DESC LIMIT 5`,
      ).all(miner));
    for (const run of runs) {
      const points = this.bench.points(run.id);
      const source = `benchmark ${run.id}`;
      const rungs = ladderFromBenchmark(points, { frequencyOptions, source, choice: 'robust' });
      if (rungs.length > 0) {
        return { runId: run.id, finishedAt: run.ended_at, rungs, efficientRungs: ladderFromBenchmark(points, { frequencyOptions, source, choice: 'efficient' }) };
      }
    }
    return null;
  }
}
