import type { Logger } from '../core/logger.js';
import { openDatabase, type Database } from './database.js';
import { EventRepository } from './events.js';
import { MetaRepository } from './meta.js';
import { migrate } from './migrations.js';
import { MinerRepository } from './miners.js';
import { RetentionRepository } from './retention.js';
import { RollupRepository } from './rollups.js';
import { SampleRepository } from './samples.js';
import { SeriesRepository } from './series.js';
import { WatchLog } from './watch.js';

export interface OpenStoreOptions {
  /** A file path, or `':memory:'` for tests. */
  path: string;
  log?: Logger;
  /**
   * The collector's poll interval (`pollIntervalSeconds` × 1000), default 5 s: how long one sample counts for in
   * uptime and energy when the next one is missing.
   */
  pollIntervalMs?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 5_000;

/** The database and its repositories, opened and migrated; `main` closes it last. */
export class Store {
  readonly meta: MetaRepository;
  readonly miners: MinerRepository;
  readonly samples: SampleRepository;
  readonly rollups: RollupRepository;
  readonly series: SeriesRepository;
  readonly events: EventRepository;
  readonly retention: RetentionRepository;
  /** When axepilot was watching (one span per run). */
  readonly watch: WatchLog;

  constructor(
    readonly db: Database,
    options: { pollIntervalMs?: number } = {},
  ) {
    const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.meta = new MetaRepository(db);
    this.watch = new WatchLog(db);
    this.miners = new MinerRepository(db);
    this.samples = new SampleRepository(db);
    this.rollups = new RollupRepository(db, this.meta, { pollIntervalMs });
    this.series = new SeriesRepository({
      db,
      samples: this.samples,
      rollups: this.rollups,
      meta: this.meta,
      watch: this.watch,
      pollIntervalMs,
    });
    this.events = new EventRepository(db);
    this.retention = new RetentionRepository(db, this.meta);
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Safe to call twice: shutdown paths may overlap. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Opens the database file (checking it), brings its schema up to date and returns the repositories. */
export function openStore(options: OpenStoreOptions): Store {
  const db = openDatabase({ path: options.path, log: options.log });
  try {
    migrate(db, { log: options.log });
    return new Store(db, { pollIntervalMs: options.pollIntervalMs });
  } catch (error) {
    db.close();
    throw error;
  }
}
