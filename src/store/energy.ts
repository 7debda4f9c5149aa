/** The running energy integral per miner (migration 5), so the Prometheus counter and the HA kWh sensor survive restarts. */
import type { Database } from './database.js';
import { guarded } from './errors.js';

export interface EnergyTotal {
  minerId: number;
  joules: number;
  /** The reading the integral reached: its time (ms) and power (W). */
  lastTs: number;
  lastPowerW: number;
}

interface EnergyRow {
  miner_id: number;
  joules: number;
  last_ts: number;
  last_power_w: number;
}

export class EnergyRepository {
  constructor(private readonly db: Database) {}

  all(): EnergyTotal[] {
    return guarded(this.db, 'read the energy totals', () =>
      this.db.prepare<[], EnergyRow>('SELECT * FROM energy_totals').all()
        .map((row) => ({ minerId: row.miner_id, joules: row.joules, lastTs: row.last_ts, lastPowerW: row.last_power_w })));
  }

  /** All in one transaction: a batch every minute costs one fsync, not one per miner. */
  save(totals: readonly EnergyTotal[]): void {
    if (totals.length === 0) return;
    guarded(this.db, 'write the energy totals', () => {
      const upsert = this.db.prepare<[number, number, number, number]>(`
        INSERT INTO energy_totals (miner_id, joules, last_ts, last_power_w) VALUES (?, ?, ?, ?)
        ON CONFLICT (miner_id) DO UPDATE SET joules = excluded.joules, last_ts = excluded.last_ts, last_power_w = excluded.last_power_w`);
      this.db.transaction(() => {
        for (const t of totals) upsert.run(t.minerId, t.joules, t.lastTs, t.lastPowerW);
      })();
    });
  }
}
