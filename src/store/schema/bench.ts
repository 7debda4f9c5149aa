/**
 * Tables of the benchmark engine (src/bench/): runs with their provenance, every measured point with its verdict, and
 * the best point per objective saved as the miner's profiles. Migration 3 in migrations.ts.
 */
export const BENCH_SCHEMA = `
  -- One benchmark run. state: running → done | cancelled | failed | miner-lost. A row left 'running' by a crash is
  -- marked 'interrupted' at the next start (the guard's restore point puts the settings back).
  CREATE TABLE bench_runs (
    id INTEGER PRIMARY KEY,
    miner_name TEXT NOT NULL,
    miner_id INTEGER REFERENCES miners(id) ON DELETE SET NULL,
    strategy TEXT NOT NULL,
    objective TEXT NOT NULL,
    mode TEXT NOT NULL,
    state TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    device_time_ms INTEGER,
    -- JSON: model, board, firmware, fan mode, pool, ambient/start chip temperature, allowed ranges, gates
    provenance TEXT NOT NULL,
    -- JSON: the pick per objective, how the run ended, what the miner was left at
    result TEXT
  );
  CREATE INDEX bench_runs_by_miner ON bench_runs (miner_name, started_at);

  CREATE TABLE bench_points (
    run_id INTEGER NOT NULL REFERENCES bench_runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    frequency_mhz REAL NOT NULL,
    core_voltage_mv REAL NOT NULL,
    purpose TEXT NOT NULL,
    verdict TEXT NOT NULL,
    -- JSON array of {gate, detail}
    failures TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER NOT NULL,
    -- JSON Measurement, null when the point ended before any reading
    measurement TEXT,
    PRIMARY KEY (run_id, seq)
  ) WITHOUT ROWID;

  -- The best point per objective of the latest run that found one: eco (efficiency), max (hashrate), balanced.
  CREATE TABLE bench_profiles (
    miner_name TEXT NOT NULL,
    profile TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES bench_runs(id) ON DELETE CASCADE,
    frequency_mhz REAL NOT NULL,
    core_voltage_mv REAL NOT NULL,
    measurement TEXT,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (miner_name, profile)
  ) WITHOUT ROWID;
`;
