/** Per miner, the settings each change replaced, newest on top: `/undo` writes the top back and pops it. */
import type { MinerSettings } from '../axeos/telemetry.js';
import type { Database } from '../store/database.js';
import { guarded } from '../store/errors.js';
import type { Actor } from './actor.js';
import { parseSettings } from './audit-log.js';

/** Enough to walk back an evening of experiments; older changes are what the audit log is for. */
const KEEP_PER_MINER = 20;

/** A miner's undo history follows the device: entries made under another name count when the MAC is the same. */
export interface UndoOwner {
  name: string;
  mac: string | null;
}

export interface UndoEntry {
  id: number;
  miner: string;
  /** When the change being undone was made. */
  ts: number;
  /** What to write back. */
  settings: MinerSettings;
  /** What the change wrote, for the confirmation text. */
  replaced: MinerSettings;
  actorId: string;
  actorName: string | null;
}

interface UndoRow {
  id: number;
  miner_name: string;
  ts: number;
  settings: string;
  replaced: string;
  actor_id: string;
  actor_name: string | null;
}

export class UndoStack {
  constructor(private readonly db: Database) {}

  push(entry: { miner: string; mac: string | null; ts: number; settings: MinerSettings; replaced: MinerSettings; actor: Actor }): void {
    guarded(this.db, 'save the undo history', () => {
      this.db.transaction(() => {
        this.db.prepare('INSERT INTO undo_stack (miner_name, miner_mac, ts, settings, replaced, actor_id, actor_name) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(entry.miner, entry.mac, entry.ts, JSON.stringify(entry.settings), JSON.stringify(entry.replaced), entry.actor.id, entry.actor.name ?? null);
        this.db.prepare(`
          DELETE FROM undo_stack WHERE miner_name = ? AND id NOT IN (
            SELECT id FROM undo_stack WHERE miner_name = ? ORDER BY id DESC LIMIT ?)`).run(entry.miner, entry.miner, KEEP_PER_MINER);
      })();
    });
  }

  top(miner: UndoOwner): UndoEntry | null {
    const row = guarded(this.db, 'read the undo history', () =>
      this.db.prepare<[string, string | null], UndoRow>(
        'SELECT * FROM undo_stack WHERE miner_name = ? OR (miner_mac IS NOT NULL AND miner_mac = ?) ORDER BY id DESC LIMIT 1',
      ).get(miner.name, miner.mac));
    if (!row) return null;
    return {
      id: row.id, miner: row.miner_name, ts: row.ts, settings: parseSettings(row.settings) ?? {},
      replaced: parseSettings(row.replaced) ?? {}, actorId: row.actor_id, actorName: row.actor_name,
    };
  }

  remove(id: number): void {
    guarded(this.db, 'update the undo history', () => this.db.prepare('DELETE FROM undo_stack WHERE id = ?').run(id));
  }
}
