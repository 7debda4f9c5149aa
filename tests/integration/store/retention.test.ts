import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { addMiner, DAY, insertPolls, MINUTE, openTempStore, T0 } from './helpers.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => {
  ({ store, cleanup } = openTempStore({ pollIntervalMs: 10 * MINUTE }));
});
afterEach(() => cleanup());

const NOW = T0 + 10 * DAY;
const WINDOWS = { rawDays: 2, minuteDays: 5, hourDays: 8, eventDays: 4 };

function tsOf(table: string, minerId: number): number[] {
  return store.db.prepare<[number], number>(`SELECT ts FROM ${table} WHERE miner_id = ? ORDER BY ts`).pluck().all(minerId);
}

/** Two miners polled every 10 min for 10 days, rolled up to now. */
function tenDaysOfHistory(): number[] {
  const miners = [addMiner(store, 'a', 'AA:00:00:00:00:01'), addMiner(store, 'b', 'AA:00:00:00:00:02')];
  for (const minerId of miners) insertPolls(store, minerId, { fromMs: T0, toMs: NOW, stepMs: 10 * MINUTE }, () => ({ powerW: 20 }));
  store.rollups.rollUpMinutes(NOW);
  store.rollups.rollUpHours(NOW);
  return miners;
}

describe('retention', () => {
  it('deletes exactly what is older than each window, in small batches', () => {
    const miners = tenDaysOfHistory();
    const before = Object.fromEntries(
      ['samples', 'rollup_minute', 'rollup_hour'].map((t) => [t, miners.map((m) => tsOf(t, m))]),
    );

    const result = store.retention.applyRetention(NOW, WINDOWS, { batchSize: 7 });

    const expectKept = (table: string, days: number): number => {
      const cutoff = NOW - days * DAY;
      let deleted = 0;
      miners.forEach((minerId, i) => {
        const all = (before[table] as number[][])[i] ?? [];
        expect(tsOf(table, minerId)).toEqual(all.filter((ts) => ts >= cutoff));
        deleted += all.filter((ts) => ts < cutoff).length;
      });
      return deleted;
    };
    expect(result).toEqual({
      samples: expectKept('samples', WINDOWS.rawDays),
      minute: expectKept('rollup_minute', WINDOWS.minuteDays),
      hour: expectKept('rollup_hour', WINDOWS.hourDays),
      events: 0,
      audit: 0,
      finished: true,
    });
    // 8 days of raw polls at 10 min per miner, 5 of minute buckets, 2 of hours.
    expect(result.samples).toBe(2 * 8 * 144);
    expect(result.minute).toBe(2 * 5 * 144);
    expect(result.hour).toBe(2 * 2 * 24);
    expect(store.retention.applyRetention(NOW, WINDOWS)).toEqual({ samples: 0, minute: 0, hour: 0, events: 0, audit: 0, finished: true });
  });

  it('deletes events and audit rows older than eventDays, in batches', () => {
    const [minerId] = tenDaysOfHistory();
    for (let day = 0; day < 10; day++) {
      const ts = NOW - day * DAY - 1000;
      store.events.add({ minerId: minerId ?? null, ts, kind: 'offline', severity: 'warning', message: `day ${day}` });
      store.db
        .prepare('INSERT INTO audit (ts, miner_id, miner_name, actor_kind, actor_id, action, result) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(ts, minerId ?? null, 'm', 'user', 'telegram:1', 'set', 'ok');
    }
    const result = store.retention.applyRetention(NOW, WINDOWS, { batchSize: 2 });
    expect(result).toMatchObject({ events: 6, audit: 6, finished: true });
    expect(store.events.list({ limit: 100 }).map((e) => e.message)).toEqual(['day 0', 'day 1', 'day 2', 'day 3']);
  });

  it('stops after maxBatches and finishes on the next call', () => {
    tenDaysOfHistory();
    const partial = store.retention.applyRetention(NOW, WINDOWS, { batchSize: 100, maxBatches: 3 });
    expect(partial.finished).toBe(false);
    expect(partial.samples).toBe(300);
    const rest = store.retention.applyRetention(NOW, WINDOWS, { batchSize: 100 });
    expect(rest.finished).toBe(true);
    expect(partial.samples + rest.samples).toBe(2 * 8 * 144);
  });

  it('keeps raw samples the hour rollup has not summarized yet', () => {
    const minerId = addMiner(store);
    insertPolls(store, minerId, { fromMs: T0, toMs: NOW, stepMs: 10 * MINUTE });
    expect(store.retention.applyRetention(NOW, WINDOWS).samples).toBe(0);
    store.rollups.rollUpMinutes(NOW);
    store.rollups.rollUpHours(T0 + 3 * DAY);
    store.retention.applyRetention(NOW, WINDOWS);
    expect(tsOf('samples', minerId)[0]).toBe(T0 + 3 * DAY);
  });
});
