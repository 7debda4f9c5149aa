import type { Statement } from 'better-sqlite3';
import type { Database } from '../../store/database.js';
import { guarded } from '../../store/errors.js';
import type { AlertRecord } from './alert-record.js';
import type { Mute } from './mutes.js';
import type { MinerBests } from './observations.js';
import type { AlertStateStore } from './state-store.js';

const ALERT_PREFIX = 'alert:';
const MINER_PREFIX = 'miner:';
const MUTES_KEY = 'mutes';

/**
 * The engine's state in the `alert_state` table, one JSON value per key: `alert:<id>` per announced alert, `mutes`,
 * and `miner:<name>` per miner's records. Writes happen when an alert changes course, not on every poll, so a
 * key-value table is plenty; each write is its own statement, which SQLite makes atomic.
 */
export class SqliteAlertStateStore implements AlertStateStore {
  private readonly put: Statement<[string, string]>;
  private readonly remove: Statement<[string]>;
  private readonly byPrefix: Statement<[string], { key: string; value: string }>;
  private readonly byKey: Statement<[string], { value: string }>;

  constructor(private readonly db: Database) {
    this.put = db.prepare('INSERT INTO alert_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM alert_state WHERE key = ?');
    // The prefix never contains LIKE wildcards (it is one of the constants above).
    this.byPrefix = db.prepare("SELECT key, value FROM alert_state WHERE key LIKE ? || '%' ORDER BY key");
    this.byKey = db.prepare('SELECT value FROM alert_state WHERE key = ?');
  }

  loadAlerts(): AlertRecord[] {
    return this.readAll<AlertRecord>(ALERT_PREFIX, 'read alert state');
  }

  saveAlert(alert: AlertRecord): void {
    guarded(this.db, `save alert ${alert.id}`, () => this.put.run(ALERT_PREFIX + alert.id, JSON.stringify(alert)));
  }

  deleteAlert(id: string): void {
    guarded(this.db, `delete alert ${id}`, () => this.remove.run(ALERT_PREFIX + id));
  }

  loadMutes(): Mute[] {
    const row = guarded(this.db, 'read alert mutes', () => this.byKey.get(MUTES_KEY));
    if (!row) return [];
    const value: unknown = JSON.parse(row.value);
    return Array.isArray(value) ? (value as Mute[]) : [];
  }

  saveMutes(mutes: readonly Mute[]): void {
    guarded(this.db, 'save alert mutes', () => this.put.run(MUTES_KEY, JSON.stringify(mutes)));
  }

  loadMinerRecords(): MinerBests[] {
    return this.readAll<MinerBests>(MINER_PREFIX, "read miners' alert records");
  }

  saveMinerRecord(record: MinerBests): void {
    const key = MINER_PREFIX + record.miner.toLowerCase();
    guarded(this.db, `save the alert record of ${record.miner}`, () => this.put.run(key, JSON.stringify(record)));
  }

  private readAll<T>(prefix: string, action: string): T[] {
    const rows = guarded(this.db, action, () => this.byPrefix.all(prefix));
    return rows.map((row) => JSON.parse(row.value) as T);
  }
}
