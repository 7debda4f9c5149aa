/** Settings writes per miner and source, counted from the guard's audit log (one indexed range query per scrape). */
import type { Actor } from '../../control/actor.js';
import type { Database } from '../../store/database.js';
import type { SettingsWriteCount } from './metrics.js';

/** The audit actions that write the miner's flash (as in control/audit-log.ts's write-rate bound). */
const WRITE_ACTIONS = "'set', 'undo', 'release', 'restore'";

export function sourceOf(kind: Actor['kind']): string {
  return kind === 'user' ? 'chat' : kind;
}

/** Writes that reached a miner (or may have: failed ones too) since `sinceTs`. */
export function settingsWritesSince(db: Database, sinceTs: number): SettingsWriteCount[] {
  if (!db.open) return [];
  const rows = db.prepare<[number], { miner_name: string; actor_kind: Actor['kind']; n: number }>(`
    SELECT miner_name, actor_kind, COUNT(*) AS n FROM audit
    WHERE ts >= ? AND result != 'refused' AND action IN (${WRITE_ACTIONS})
    GROUP BY miner_name, actor_kind`).all(sinceTs);
  return rows.map((row) => ({ miner: row.miner_name, source: sourceOf(row.actor_kind), count: row.n }));
}
