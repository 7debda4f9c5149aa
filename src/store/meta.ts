import { randomBytes } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Database } from './database.js';
import { guarded } from './errors.js';

/** Names of the numbers the store keeps about itself. */
export type MetaKey =
  /** Every minute bucket starting before this has been rolled up. */
  | 'rollup_minute.until'
  /** Every hour bucket starting before this has been rolled up. */
  | 'rollup_hour.until'
  /** Retention deleted rows older than this; reads before it must use a coarser table. */
  | 'samples.prunedBefore'
  | 'rollup_minute.prunedBefore'
  | 'rollup_hour.prunedBefore'
  /** Set when the demo wrote its simulated history here: only such a database (or a new one) takes more of it. */
  | 'demo.historyUntil';

/** Secrets the store generates once and keeps (base64 text in the same table). */
export type SecretKey =
  /** Signs inline chat button data, so a crafted button id is refused (src/messaging/button-id.ts). */
  'chat.buttonKey';

/** A small key/value table for watermarks, so that rollups and retention never scan the big tables to find them. */
export class MetaRepository {
  private readonly getStatement: Statement<[string], number>;
  private readonly setStatement: Statement<[string, number]>;

  constructor(private readonly db: Database) {
    this.getStatement = db.prepare<[string], number>('SELECT value FROM meta WHERE key = ?').pluck();
    this.setStatement = db.prepare<[string, number]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  getNumber(key: MetaKey): number | null {
    const value = guarded(this.db, `read ${key}`, () => this.getStatement.get(key));
    return typeof value === 'number' ? value : null;
  }

  setNumber(key: MetaKey, value: number): void {
    guarded(this.db, `write ${key}`, () => this.setStatement.run(key, value));
  }

  /**
   * 32 random bytes made on first use and kept: the same after a restart, so what was signed before still verifies;
   * a new database (or a restored old backup) means a new key. `INSERT OR IGNORE` keeps two first uses on one key.
   */
  secret(key: SecretKey): Buffer {
    return guarded(this.db, `read ${key}`, () => {
      this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(key, randomBytes(32).toString('base64'));
      const value: unknown = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
      return Buffer.from(String(value), 'base64');
    });
  }
}
