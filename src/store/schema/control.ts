/**
 * Tables of the settings guard (src/control/): the audit log of every write to a miner, the undo history, and the
 * restore points that make benchmarks and the autopilot crash-safe. Migration 2 in migrations.ts.
 */
export const CONTROL_SCHEMA = `
  -- Every settings change, restart, lock, restore or refusal: who, what, from → to, result.
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    miner_id INTEGER REFERENCES miners(id) ON DELETE SET NULL,
    miner_name TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT,
    result TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'failed')),
    detail TEXT
  );
  CREATE INDEX audit_by_miner ON audit (miner_name, ts);
  CREATE INDEX audit_by_ts ON audit (ts);

  -- Per miner, a stack of the settings each change replaced (only the keys it changed); /undo pops the newest.
  CREATE TABLE undo_stack (
    id INTEGER PRIMARY KEY,
    miner_name TEXT NOT NULL,
    ts INTEGER NOT NULL,
    settings TEXT NOT NULL,
    replaced TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT
  );
  CREATE INDEX undo_by_miner ON undo_stack (miner_name, id);

  -- Settings to put back when a benchmark or the autopilot ends, whatever way it ends (even kill -9: the next start
  -- finds the row). One per miner at most: the lock holder's.
  CREATE TABLE restore_points (
    miner_name TEXT PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    owner_name TEXT,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    detail TEXT
  ) WITHOUT ROWID;
`;

/**
 * Migration: restore points and undo entries know the device, not only the name it had (issue 9). A run of
 * `axepilot bench 192.168.1.20` with no config, killed, must be found again when the same miner (same MAC) is later
 * configured as "gamma"; the host the run used is kept with it for a device that has not answered yet.
 */
export const CONTROL_IDENTITY_SCHEMA = `
  ALTER TABLE restore_points ADD COLUMN miner_mac TEXT;
  ALTER TABLE restore_points ADD COLUMN host TEXT;
  CREATE INDEX restore_points_by_mac ON restore_points (miner_mac);
  ALTER TABLE undo_stack ADD COLUMN miner_mac TEXT;
  CREATE INDEX undo_by_mac ON undo_stack (miner_mac, id);
`;
