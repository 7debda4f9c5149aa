import type { Statement, Transaction } from 'better-sqlite3';
import type { Telemetry } from '../axeos/telemetry.js';
import type { Database } from './database.js';
import { guarded } from './errors.js';

/** One stored poll, in the units of `Telemetry`; null where the miner gave no reading. */
export interface SampleRow {
  minerId: number;
  ts: number;
  hashrateGhs: number | null;
  expectedHashrateGhs: number | null;
  chipTempC: number | null;
  vrTempC: number | null;
  powerW: number | null;
  inputVoltageV: number | null;
  coreVoltageMv: number | null;
  coreVoltageActualMv: number | null;
  frequencyMhz: number | null;
  fanPct: number | null;
  fanRpm: number | null;
  errorPct: number | null;
  sharesAccepted: number | null;
  sharesRejected: number | null;
  bestDiff: number | null;
  uptimeS: number | null;
}

type SampleField = Exclude<keyof SampleRow, 'minerId' | 'ts'>;

/** Column ↔ field, in table order. Column names are short because they are repeated in every query plan and dump. */
export const SAMPLE_COLUMNS = [
  ['hashrate_ghs', 'hashrateGhs'],
  ['expected_ghs', 'expectedHashrateGhs'],
  ['chip_temp_c', 'chipTempC'],
  ['vr_temp_c', 'vrTempC'],
  ['power_w', 'powerW'],
  ['input_v', 'inputVoltageV'],
  ['core_mv', 'coreVoltageMv'],
  ['core_actual_mv', 'coreVoltageActualMv'],
  ['freq_mhz', 'frequencyMhz'],
  ['fan_pct', 'fanPct'],
  ['fan_rpm', 'fanRpm'],
  ['error_pct', 'errorPct'],
  ['shares_accepted', 'sharesAccepted'],
  ['shares_rejected', 'sharesRejected'],
  ['best_diff', 'bestDiff'],
  ['uptime_s', 'uptimeS'],
] as const satisfies ReadonlyArray<readonly [string, SampleField]>;

type SampleDbRow = { miner_id: number; ts: number } & Record<(typeof SAMPLE_COLUMNS)[number][0], number | null>;

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

function toDbRow(minerId: number, telemetry: Telemetry): SampleDbRow {
  const row = { miner_id: minerId, ts: Math.round(telemetry.ts) } as SampleDbRow;
  for (const [column, field] of SAMPLE_COLUMNS) row[column] = finiteOrNull(telemetry[field]);
  return row;
}

function toSampleRow(row: SampleDbRow): SampleRow {
  const sample = { minerId: row.miner_id, ts: row.ts } as SampleRow;
  for (const [column, field] of SAMPLE_COLUMNS) sample[field] = row[column];
  return sample;
}

const COLUMN_LIST = SAMPLE_COLUMNS.map(([column]) => column).join(', ');
const PARAM_LIST = SAMPLE_COLUMNS.map(([column]) => `@${column}`).join(', ');

/** Raw polls, one row per miner per poll. The hot table: kept for `retention.rawDays`, then only rollups remain. */
export class SampleRepository {
  private readonly insertStatement: Statement<[SampleDbRow]>;
  private readonly rangeStatement: Statement<[number, number, number], SampleDbRow>;
  private readonly latestStatement: Statement<[number], SampleDbRow>;
  private readonly countStatement: Statement<[], number>;
  private readonly countRangeStatement: Statement<[number, number, number], number>;
  private readonly pageStatement: Statement<[number, number, number, number], SampleDbRow>;
  private readonly insertBatch: Transaction<(rows: SampleDbRow[]) => void>;

  constructor(private readonly db: Database) {
    this.insertStatement = db.prepare(
      `INSERT OR REPLACE INTO samples (miner_id, ts, ${COLUMN_LIST}) VALUES (@miner_id, @ts, ${PARAM_LIST})`,
    );
    this.rangeStatement = db.prepare(
      'SELECT * FROM samples WHERE miner_id = ? AND ts >= ? AND ts < ? ORDER BY ts',
    );
    this.latestStatement = db.prepare('SELECT * FROM samples WHERE miner_id = ? ORDER BY ts DESC LIMIT 1');
    this.countStatement = db.prepare<[], number>('SELECT COUNT(*) FROM samples').pluck();
    this.countRangeStatement = db
      .prepare<[number, number, number], number>('SELECT COUNT(*) FROM samples WHERE miner_id = ? AND ts >= ? AND ts < ?')
      .pluck();
    this.pageStatement = db.prepare(
      'SELECT * FROM samples WHERE miner_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?',
    );
    // One transaction per poll round: one commit for the whole fleet instead of one per miner. Writers run it
    // IMMEDIATE so a second process (backup, export) makes them wait busy_timeout instead of failing with BUSY.
    this.insertBatch = db.transaction((rows: SampleDbRow[]) => {
      for (const row of rows) this.insertStatement.run(row);
    });
  }

  insertMany(rows: ReadonlyArray<{ minerId: number; telemetry: Telemetry }>): void {
    if (rows.length === 0) return;
    const dbRows = rows.map(({ minerId, telemetry }) => toDbRow(minerId, telemetry));
    guarded(this.db, `save ${rows.length} samples`, () => this.insertBatch.immediate(dbRows));
  }

  /** Samples with `fromMs <= ts < toMs`, oldest first. */
  range(minerId: number, fromMs: number, toMs: number): SampleRow[] {
    return guarded(this.db, 'read samples', () => this.rangeStatement.all(minerId, fromMs, toMs)).map(toSampleRow);
  }

  /**
   * At most `limit` samples from `fromMs` on, oldest first: long reads (exports) go page by page, each page a short
   * query, so the collector writes between pages (an open iterator would hold the connection).
   */
  page(minerId: number, fromMs: number, toMs: number, limit: number): SampleRow[] {
    return guarded(this.db, 'read samples', () => this.pageStatement.all(minerId, fromMs, toMs, limit)).map(toSampleRow);
  }

  /** How many samples `range` would return: one index range count, for sizing an export before running it. */
  countRange(minerId: number, fromMs: number, toMs: number): number {
    return guarded(this.db, 'count samples', () => this.countRangeStatement.get(minerId, fromMs, toMs)) ?? 0;
  }

  latest(minerId: number): SampleRow | null {
    const row = guarded(this.db, 'read the latest sample', () => this.latestStatement.get(minerId));
    return row ? toSampleRow(row) : null;
  }

  /** Scans the whole table: for tests and `axepilot health`, not for a hot path. */
  count(): number {
    return guarded(this.db, 'count samples', () => this.countStatement.get()) ?? 0;
  }
}
