import { StoreError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Database } from './database.js';
import { guarded } from './errors.js';
import { ALERTS_SCHEMA, ALERTS_THREAD_SCHEMA } from './schema/alerts.js';
import { AUTOPILOT_SCHEMA } from './schema/autopilot.js';
import { BENCH_SCHEMA } from './schema/bench.js';
import { CONTROL_IDENTITY_SCHEMA, CONTROL_SCHEMA } from './schema/control.js';

export interface Migration {
  /** What it changes, for the log. */
  description: string;
  /** SQL to run, or a function for changes that need to read data first. */
  up: string | ((db: Database) => void);
}

/**
 * The schema's history. Migration N (1-based) takes the database from `user_version` N-1 to N, in one transaction.
 *
 * To change the schema (a new table for alerts, the benchmark's crash-safe state, …), APPEND one entry at the end.
 * Never edit, reorder or remove an entry that has shipped: databases in the field already ran it.
 *
 * Size matters: axepilot polls every miner every 5 s for years on a Raspberry Pi. Hot tables are `WITHOUT ROWID` with
 * the primary key they are read by, timestamps are integer milliseconds, and rollups keep only what charts and
 * `/history` need.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'initial schema: miners, samples, minute and hour rollups, events, meta',
    up: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value NOT NULL
      ) WITHOUT ROWID;

      -- Identity is the MAC: a miner that changes IP keeps its history. Old or forked firmware may not send one.
      CREATE TABLE miners (
        id INTEGER PRIMARY KEY,
        mac TEXT UNIQUE,
        name TEXT NOT NULL,
        host TEXT NOT NULL,
        model TEXT,
        asic_model TEXT,
        hostname TEXT,
        firmware TEXT,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
      );
      CREATE INDEX miners_host ON miners (host);

      CREATE TABLE samples (
        miner_id INTEGER NOT NULL REFERENCES miners (id) ON DELETE CASCADE,
        ts INTEGER NOT NULL,
        hashrate_ghs REAL,
        expected_ghs REAL,
        chip_temp_c REAL,
        vr_temp_c REAL,
        power_w REAL,
        input_v REAL,
        core_mv INTEGER,
        core_actual_mv INTEGER,
        freq_mhz INTEGER,
        fan_pct INTEGER,
        fan_rpm INTEGER,
        error_pct REAL,
        shares_accepted INTEGER,
        shares_rejected INTEGER,
        best_diff REAL,
        uptime_s INTEGER,
        PRIMARY KEY (miner_id, ts)
      ) WITHOUT ROWID;

      ${rollupTable('rollup_minute')}
      ${rollupTable('rollup_hour')}

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        miner_id INTEGER REFERENCES miners (id) ON DELETE CASCADE,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        message TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX events_miner_ts ON events (miner_id, ts);
      CREATE INDEX events_ts ON events (ts);
    `,
  },
  { description: 'settings guard: audit log and restore points', up: CONTROL_SCHEMA },
  { description: 'benchmarks: runs, points, profiles', up: BENCH_SCHEMA },
  { description: 'alerts: state, outbox, chat subscriptions', up: ALERTS_SCHEMA },
  {
    description: 'watch spans: when axepilot was running, so uptime counts only the time it watched',
    up: 'CREATE TABLE watch_spans (started_at INTEGER PRIMARY KEY, last_at INTEGER NOT NULL) WITHOUT ROWID;',
  },
  { description: 'settings guard: restore points and undo keyed by the miner\'s MAC, with the host used', up: CONTROL_IDENTITY_SCHEMA },
  {
    description: 'energy counters: joules integrated from power per miner, for /metrics and Home Assistant',
    up: `
      -- One row per miner: the running integral of its power, and the last reading it was integrated to, so a restart
      -- continues the counter (and does not count the time axepilot was not watching).
      CREATE TABLE energy_totals (
        miner_id INTEGER PRIMARY KEY REFERENCES miners (id) ON DELETE CASCADE,
        joules REAL NOT NULL,
        last_ts INTEGER NOT NULL,
        last_power_w REAL NOT NULL
      );
    `,
  },
  { description: 'autopilot: per-miner state and decision log', up: AUTOPILOT_SCHEMA },
  { description: 'alerts: outbox rows and chat subscriptions keep their forum topic (thread)', up: ALERTS_THREAD_SCHEMA },
];

/** ts is the bucket's start; counters keep their maximum so later code can take deltas between buckets. */
function rollupTable(name: string): string {
  return `
    CREATE TABLE ${name} (
      miner_id INTEGER NOT NULL REFERENCES miners (id) ON DELETE CASCADE,
      ts INTEGER NOT NULL,
      sample_count INTEGER NOT NULL,
      covered_ms INTEGER NOT NULL,
      hashrate_ghs_avg REAL, hashrate_ghs_min REAL, hashrate_ghs_max REAL,
      chip_temp_c_avg REAL, chip_temp_c_min REAL, chip_temp_c_max REAL,
      vr_temp_c_avg REAL, vr_temp_c_min REAL, vr_temp_c_max REAL,
      power_w_avg REAL, power_w_min REAL, power_w_max REAL,
      expected_ghs_avg REAL,
      fan_pct_avg REAL,
      error_pct_avg REAL,
      input_v_avg REAL,
      core_mv_avg REAL,
      freq_mhz_avg REAL,
      shares_accepted_max INTEGER,
      shares_rejected_max INTEGER,
      best_diff_max REAL,
      uptime_s_max INTEGER,
      PRIMARY KEY (miner_id, ts)
    ) WITHOUT ROWID;`;
}

export interface MigrateOptions {
  log?: Logger;
  /** For tests; production uses MIGRATIONS. */
  migrations?: readonly Migration[];
}

/** Brings the database up to the newest schema; returns the versions before and after. */
export function migrate(db: Database, options: MigrateOptions = {}): { from: number; to: number } {
  const migrations = options.migrations ?? MIGRATIONS;
  const from = guarded(db, 'read the schema version', () => db.pragma('user_version', { simple: true }) as number);
  if (from > migrations.length) {
    throw new StoreError(
      `The database ${db.name} has schema version ${from}, newer than this axepilot knows (${migrations.length}). ` +
        'It was written by a newer axepilot: upgrade axepilot, or point it at another database file.',
    );
  }
  for (let version = from + 1; version <= migrations.length; version++) {
    const migration = migrations[version - 1];
    if (!migration) break;
    const apply = db.transaction(() => {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      // PRAGMA takes no bound parameters; version is a loop integer.
      db.pragma(`user_version = ${version}`);
    });
    guarded(db, `update the database schema to version ${version}`, () => apply.immediate());
    options.log?.info({ version, description: migration.description }, 'database schema updated');
  }
  return { from, to: Math.max(from, migrations.length) };
}
