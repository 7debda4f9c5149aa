/**
 * Tables of the settings guard (src/control/): the audit log of every write to a miner, the undo history, and the
 * restore points that make benchmarks and the autopilot crash-safe. Migration 2 in migrations.ts.
 */
export const CONTROL_SCHEMA = `
  -- Every settings change, restart or refusal: who, what, from → to, result.
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    miner_id INTEGER REFERENCES miners(id),
    miner_name TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT,
    result TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX audit_by_miner ON audit (miner_name, ts);
  CREATE INDEX audit_by_ts ON audit (ts);

  -- Settings to put back when a benchmark or the autopilot ends, whatever way it ends (even kill -9: the next start
  -- finds the row). One per miner at most: the lock holder's.
  CREATE TABLE restore_points (
    miner_name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    detail TEXT
  ) WITHOUT ROWID;
`;
