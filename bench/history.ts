/**
 * Fills a database with past polls fast (one transaction of plain INSERTs per miner, as the reliability review's
 * genhist did): a week of 50 miners at 5 s is 6 M rows in ~15 s. For the heavy-work bench and the tests that need
 * a long history behind live miners.
 */
import type { Store } from '../src/store/store.js';

export interface HistoryOptions {
  minerIds: readonly number[];
  fromMs: number;
  toMs: number;
  stepMs: number;
}

export function insertHistory(store: Store, options: HistoryOptions): number {
  const insert = store.db.prepare(`INSERT OR REPLACE INTO samples (miner_id, ts, hashrate_ghs, expected_ghs, chip_temp_c,
    vr_temp_c, power_w, input_v, core_mv, core_actual_mv, freq_mhz, fan_pct, fan_rpm, error_pct, shares_accepted,
    shares_rejected, best_diff, uptime_s) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  let rows = 0;
  // A fixed sequence instead of Math.random: the same history every run.
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (const [i, minerId] of options.minerIds.entries()) {
    store.db.transaction(() => {
      let shares = 0;
      for (let ts = options.fromMs + i * 37; ts < options.toMs; ts += options.stepMs) {
        shares += random() < 0.2 ? 1 : 0;
        insert.run(minerId, ts, 1000 + 100 * Math.sin(ts / 3.6e6 + i) + random() * 50, 1100, 55 + random() * 5,
          60 + random() * 5, 18 + random(), 5.1, 1150, 1140, 525, 60, 5000, 0.5, shares, 0, 1e9,
          Math.floor((ts - options.fromMs) / 1000));
        rows++;
      }
    })();
  }
  return rows;
}
