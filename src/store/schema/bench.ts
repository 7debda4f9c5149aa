/** Tables of the benchmark engine (src/bench/): runs, measured points, saved profiles. Migration 3 in migrations.ts. */
export const BENCH_SCHEMA = `
  CREATE TABLE bench_runs (
    id INTEGER PRIMARY KEY,
    miner_name TEXT NOT NULL,
    miner_id INTEGER REFERENCES miners(id),
    strategy TEXT NOT NULL,
    objective TEXT NOT NULL,
    state TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    provenance TEXT,
    result TEXT
  );
  CREATE INDEX bench_runs_by_miner ON bench_runs (miner_name, started_at);

  CREATE TABLE bench_points (
    run_id INTEGER NOT NULL REFERENCES bench_runs(id),
    seq INTEGER NOT NULL,
    frequency_mhz REAL NOT NULL,
    core_voltage_mv REAL NOT NULL,
    verdict TEXT NOT NULL,
    measurement TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE bench_profiles (
    miner_name TEXT NOT NULL,
    profile TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES bench_runs(id),
    frequency_mhz REAL NOT NULL,
    core_voltage_mv REAL NOT NULL,
    measurement TEXT NOT NULL,
    PRIMARY KEY (miner_name, profile)
  ) WITHOUT ROWID;
`;
