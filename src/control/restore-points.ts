/**
 * Restore points: a miner's settings from before a benchmark or the autopilot took it, in SQLite before the first
 * test write, removed only once the miner confirmed them back. A crash (even kill -9) leaves the row for the next start.
 */
import type { MinerSettings } from '../axeos/telemetry.js';
import type { Database } from '../store/database.js';
import { guarded } from '../store/errors.js';
import type { Actor } from './actor.js';
import { parseSettings } from './audit-log.js';

export interface RestorePoint {
  miner: string;
  owner: Actor;
  settings: MinerSettings;
  createdAt: number;
  detail: string | null;
}

interface RestorePointRow {
  miner_name: string;
  owner_kind: Actor['kind'];
  owner_id: string;
  owner_name: string | null;
  settings: string;
  created_at: number;
  detail: string | null;
}

function toPoint(row: RestorePointRow): RestorePoint {
  return {
    miner: row.miner_name,
    owner: { kind: row.owner_kind, id: row.owner_id, ...(row.owner_name === null ? {} : { name: row.owner_name }) },
    settings: parseSettings(row.settings) ?? {},
    createdAt: row.created_at,
    detail: row.detail,
  };
}

export class RestorePoints {
  constructor(private readonly db: Database) {}

  /** Fails (StoreError) when the miner already has one: there is one lock holder per miner. */
  save(point: RestorePoint): void {
    guarded(this.db, 'save the restore point', () =>
      this.db.prepare(`
        INSERT INTO restore_points (miner_name, owner_kind, owner_id, owner_name, settings, created_at, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
        point.miner, point.owner.kind, point.owner.id, point.owner.name ?? null, JSON.stringify(point.settings),
        point.createdAt, point.detail,
      ));
  }

  get(miner: string): RestorePoint | null {
    const row = guarded(this.db, 'read the restore points', () =>
      this.db.prepare<[string], RestorePointRow>('SELECT * FROM restore_points WHERE miner_name = ?').get(miner));
    return row ? toPoint(row) : null;
  }

  all(): RestorePoint[] {
    return guarded(this.db, 'read the restore points', () =>
      this.db.prepare<[], RestorePointRow>('SELECT * FROM restore_points ORDER BY created_at').all().map(toPoint));
  }

  remove(miner: string): void {
    guarded(this.db, 'remove the restore point', () => this.db.prepare('DELETE FROM restore_points WHERE miner_name = ?').run(miner));
  }
}
