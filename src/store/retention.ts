import type { Statement } from 'better-sqlite3';
import type { Config } from '../config/schema.js';
import type { Database } from './database.js';
import { guarded } from './errors.js';
import type { MetaKey, MetaRepository } from './meta.js';

export type RetentionWindows = Config['retention'];

export interface RetentionOptions {
  /** Rows per DELETE; each is its own short transaction. */
  batchSize?: number;
  /** Stop after this many batches (the rest is left for the next run); default: until done. */
  maxBatches?: number;
}

export interface RetentionResult {
  samples: number;
  minute: number;
  hour: number;
  /** Events and audit rows older than `eventDays`. */
  events: number;
  audit: number;
  /** False when maxBatches ran out before everything old was deleted. */
  finished: boolean;
}

const DAY_MS = 86_400_000;
const DEFAULT_BATCH_SIZE = 5_000;

type PrunedTable = 'samples' | 'rollup_minute' | 'rollup_hour';

interface TableStatements {
  /** The ts of the batchSize-th oldest row before the cutoff, if there are that many. */
  batchEnd: Statement<[number, number, number], number>;
  deleteThrough: Statement<[number, number]>;
  deleteBefore: Statement<[number, number]>;
}

/**
 * Deletes what is older than each retention window, oldest first, in bounded batches: a year-old backlog (after
 * shortening `rawDays`) must not lock the database for seconds while the collector wants to write.
 */
export class RetentionRepository {
  private readonly minerIds: Statement<[], number>;
  private readonly tables: Record<PrunedTable, TableStatements>;
  /** The log tables grow per event, not per poll; each batch is one indexed range on ts. */
  private readonly logDeletes: Record<'events' | 'audit', Statement<[number, number]>>;

  constructor(
    private readonly db: Database,
    private readonly meta: MetaRepository,
  ) {
    this.minerIds = db.prepare<[], number>('SELECT id FROM miners ORDER BY id').pluck();
    // Per miner: every statement is a range on the (miner_id, ts) primary key, never a scan of the whole table.
    const statements = (table: PrunedTable): TableStatements => ({
      batchEnd: db
        .prepare<[number, number, number], number>(
          `SELECT ts FROM ${table} WHERE miner_id = ? AND ts < ? ORDER BY ts LIMIT 1 OFFSET ?`,
        )
        .pluck(),
      deleteThrough: db.prepare(`DELETE FROM ${table} WHERE miner_id = ? AND ts <= ?`),
      deleteBefore: db.prepare(`DELETE FROM ${table} WHERE miner_id = ? AND ts < ?`),
    });
    const logDelete = (table: 'events' | 'audit'): Statement<[number, number]> =>
      db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ts < ? ORDER BY ts LIMIT ?)`);
    this.logDeletes = { events: logDelete('events'), audit: logDelete('audit') };
    this.tables = {
      samples: statements('samples'),
      rollup_minute: statements('rollup_minute'),
      rollup_hour: statements('rollup_hour'),
    };
  }

  /**
   * Deletes raw samples, minute and hour rollups older than their windows. Raw samples and minute rollups are also
   * kept until the hour rollup covers them, so that no data disappears before it has been summarized.
   */
  applyRetention(nowMs: number, windows: RetentionWindows, options: RetentionOptions = {}): RetentionResult {
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
    const budget = { batches: options.maxBatches ?? Infinity };
    const rolledUntil = this.meta.getNumber('rollup_hour.until') ?? -Infinity;
    const result: RetentionResult = { samples: 0, minute: 0, hour: 0, events: 0, audit: 0, finished: true };
    const plan: Array<[PrunedTable, 'samples' | 'minute' | 'hour', number]> = [
      ['samples', 'samples', Math.min(nowMs - windows.rawDays * DAY_MS, rolledUntil)],
      ['rollup_minute', 'minute', Math.min(nowMs - windows.minuteDays * DAY_MS, rolledUntil)],
      ['rollup_hour', 'hour', nowMs - windows.hourDays * DAY_MS],
    ];
    for (const [table, field, cutoff] of plan) {
      if (!Number.isFinite(cutoff)) continue;
      const outcome = this.prune(table, Math.floor(cutoff), batchSize, budget);
      result[field] = outcome.deleted;
      if (!outcome.finished) {
        result.finished = false;
        return result;
      }
    }
    const logCutoff = nowMs - windows.eventDays * DAY_MS;
    for (const table of ['events', 'audit'] as const) {
      const outcome = this.pruneLog(table, logCutoff, batchSize, budget);
      result[table] = outcome.deleted;
      if (!outcome.finished) {
        result.finished = false;
        return result;
      }
    }
    return result;
  }

  private pruneLog(table: 'events' | 'audit', cutoff: number, batchSize: number, budget: { batches: number }): { deleted: number; finished: boolean } {
    let deleted = 0;
    for (;;) {
      const changes = guarded(this.db, `delete old rows from ${table}`, () => this.logDeletes[table].run(cutoff, batchSize)).changes;
      deleted += changes;
      if (changes < batchSize) return { deleted, finished: true };
      if (budget.batches <= 0) return { deleted, finished: false };
      budget.batches -= 1;
    }
  }

  private prune(
    table: PrunedTable,
    cutoff: number,
    batchSize: number,
    budget: { batches: number },
  ): { deleted: number; finished: boolean } {
    const key: MetaKey = `${table}.prunedBefore`;
    // Recorded first: from the first deleted row on, reads older than the cutoff must go to a coarser table.
    const previous = this.meta.getNumber(key);
    if (previous === null || cutoff > previous) this.meta.setNumber(key, cutoff);

    const statements = this.tables[table];
    let deleted = 0;
    const action = `delete old rows from ${table}`;
    for (const minerId of guarded(this.db, action, () => this.minerIds.all())) {
      for (;;) {
        const batchEnd = guarded(this.db, action, () => statements.batchEnd.get(minerId, cutoff, batchSize - 1));
        if (batchEnd === undefined) {
          // Fewer than batchSize rows left: one short delete, not charged to the budget, finishes this miner.
          deleted += guarded(this.db, action, () => statements.deleteBefore.run(minerId, cutoff)).changes;
          break;
        }
        if (budget.batches <= 0) return { deleted, finished: false };
        budget.batches -= 1;
        deleted += guarded(this.db, action, () => statements.deleteThrough.run(minerId, batchEnd)).changes;
      }
    }
    return { deleted, finished: true };
  }
}
