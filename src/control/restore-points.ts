/**
 * Restore points: a miner's settings from before a benchmark or the autopilot took it, in SQLite before the first
 * test write, removed only once the miner confirmed them back. A crash (even kill -9) leaves the row for the next start.
 *
 * A row belongs to a device, not to a name: it keeps the MAC the miner reported and the host the run reached it at,
 * so a run of `axepilot bench 192.168.1.20` is found again when the same miner is configured as "gamma".
 */
import type { MinerSettings } from '../axeos/telemetry.js';
import type { Database } from '../store/database.js';
import { guarded } from '../store/errors.js';
import { normalizeMac } from '../store/miners.js';
import type { Actor } from './actor.js';
import { parseSettings } from './audit-log.js';

export interface RestorePoint {
  /** The name the run used (the row's key). */
  miner: string;
  /** The device's MAC as it reported it when the run took it; null when it did not say. */
  mac: string | null;
  /** The base URL the run reached it at. */
  host: string | null;
  owner: Actor;
  settings: MinerSettings;
  createdAt: number;
  detail: string | null;
}

/** Who a miner is, as far as this process knows: its name, its MAC once it answered, the host it is reached at. */
export interface MinerIdentity {
  name: string;
  mac: string | null;
  host: string | null;
}

interface RestorePointRow {
  miner_name: string;
  miner_mac: string | null;
  host: string | null;
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
    mac: row.miner_mac,
    host: row.host,
    owner: { kind: row.owner_kind, id: row.owner_id, ...(row.owner_name === null ? {} : { name: row.owner_name }) },
    settings: parseSettings(row.settings) ?? {},
    createdAt: row.created_at,
    detail: row.detail,
  };
}

/**
 * Whether a restore point is this miner's. Two known MACs decide alone (a host reassigned by DHCP to another device
 * is not the same miner, and a renamed miner still is); otherwise the same name or the same host does.
 */
export function belongsTo(point: Pick<RestorePoint, 'miner' | 'mac' | 'host'>, miner: MinerIdentity): boolean {
  const a = normalizeMac(point.mac);
  const b = normalizeMac(miner.mac);
  if (a !== null && b !== null) return a === b;
  if (point.miner.toLowerCase() === miner.name.toLowerCase()) return true;
  return point.host !== null && miner.host !== null && point.host === miner.host;
}

export class RestorePoints {
  constructor(private readonly db: Database) {}

  /** Fails (StoreError) when the miner already has one: there is one lock holder per miner. */
  save(point: RestorePoint): void {
    guarded(this.db, 'save the restore point', () =>
      this.db.prepare(`
        INSERT INTO restore_points (miner_name, miner_mac, host, owner_kind, owner_id, owner_name, settings, created_at, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        point.miner, normalizeMac(point.mac), point.host, point.owner.kind, point.owner.id, point.owner.name ?? null,
        JSON.stringify(point.settings), point.createdAt, point.detail,
      ));
  }

  /** This miner's restore point, whatever name the run that left it used. */
  forMiner(miner: MinerIdentity): RestorePoint | null {
    return this.all().find((p) => belongsTo(p, miner)) ?? null;
  }

  all(): RestorePoint[] {
    return guarded(this.db, 'read the restore points', () =>
      this.db.prepare<[], RestorePointRow>('SELECT * FROM restore_points ORDER BY created_at').all().map(toPoint));
  }

  /** Removes the row a point was read from (by the name it was saved under). */
  remove(point: Pick<RestorePoint, 'miner'>): void {
    guarded(this.db, 'remove the restore point', () => this.db.prepare('DELETE FROM restore_points WHERE miner_name = ?').run(point.miner));
  }
}
