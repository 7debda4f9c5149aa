/**
 * Tables of the autopilot (src/autopilot/): each miner's state (mode, rung, hold-offs, restarts, pause, limits set
 * from chat), so a restart of axepilot continues where it was, and the decision log with its reasons.
 */
export const AUTOPILOT_SCHEMA = `
  CREATE TABLE autopilot_miners (
    miner_name TEXT PRIMARY KEY COLLATE NOCASE,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE autopilot_decisions (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    miner_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_mhz REAL,
    to_mhz REAL,
    from_mv INTEGER,
    to_mv INTEGER,
    reason TEXT NOT NULL
  );
  CREATE INDEX autopilot_decisions_by_miner ON autopilot_decisions (miner_name, ts);
`;
