/** The audit table: every write, restart, lock, restore and refusal, who asked, from → to, and how it went. */
import type { MinerSettings } from '../axeos/telemetry.js';
import type { Database } from '../store/database.js';
import { guarded } from '../store/errors.js';
import type { Actor } from './actor.js';

export type AuditAction = 'set' | 'undo' | 'restart' | 'pause' | 'resume' | 'identify' | 'lock' | 'release' | 'restore';
export type AuditResult = 'ok' | 'refused' | 'failed';

/** Actions that PATCH the miner's settings (flash writes), for the write-rate bound. */
const WRITE_ACTIONS: readonly AuditAction[] = ['set', 'undo', 'release', 'restore'];

export interface NewAuditEntry {
  ts: number;
  minerId: number | null;
  miner: string;
  actor: Actor;
  action: AuditAction;
  before: MinerSettings | null;
  after: MinerSettings | null;
  result: AuditResult;
  detail: string | null;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
}

interface AuditRow {
  id: number;
  ts: number;
  miner_id: number | null;
  miner_name: string;
  actor_kind: Actor['kind'];
  actor_id: string;
  actor_name: string | null;
  action: AuditAction;
  before: string | null;
  after: string | null;
  result: AuditResult;
  detail: string | null;
}

export function parseSettings(text: string | null): MinerSettings | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
}

function toEntry(row: AuditRow): AuditEntry {
  const actor: Actor = { kind: row.actor_kind, id: row.actor_id, ...(row.actor_name === null ? {} : { name: row.actor_name }) };
  return {
    id: row.id, ts: row.ts, minerId: row.miner_id, miner: row.miner_name, actor, action: row.action,
    before: parseSettings(row.before), after: parseSettings(row.after), result: row.result, detail: row.detail,
  };
}

export class AuditLog {
  constructor(private readonly db: Database) {}

  record(entry: NewAuditEntry): number {
    return guarded(this.db, 'write the audit log', () => {
      const result = this.db.prepare(`
        INSERT INTO audit (ts, miner_id, miner_name, actor_kind, actor_id, actor_name, action, before, after, result, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        entry.ts, entry.minerId, entry.miner, entry.actor.kind, entry.actor.id, entry.actor.name ?? null, entry.action,
        entry.before ? JSON.stringify(entry.before) : null, entry.after ? JSON.stringify(entry.after) : null,
        entry.result, entry.detail,
      );
      return Number(result.lastInsertRowid);
    });
  }

  /** Newest first; one miner or all. */
  list(query: { miner?: string; limit: number }): AuditEntry[] {
    return guarded(this.db, 'read the audit log', () => {
      const rows = query.miner === undefined
        ? this.db.prepare<[number], AuditRow>('SELECT * FROM audit ORDER BY ts DESC, id DESC LIMIT ?').all(query.limit)
        : this.db.prepare<[string, number], AuditRow>(
          'SELECT * FROM audit WHERE miner_name = ? COLLATE NOCASE ORDER BY ts DESC, id DESC LIMIT ?',
        ).all(query.miner, query.limit);
      return rows.map(toEntry);
    });
  }

  /** One miner's rows in [fromTs, toTs], oldest first: what axepilot did around an event the poll loop saw. */
  between(miner: string, fromTs: number, toTs: number): AuditEntry[] {
    return guarded(this.db, 'read the audit log', () =>
      this.db.prepare<[string, number, number], AuditRow>(
        'SELECT * FROM audit WHERE miner_name = ? COLLATE NOCASE AND ts >= ? AND ts <= ? ORDER BY ts, id',
      ).all(miner, fromTs, toTs).map(toEntry));
  }

  /** When settings were written to a miner since `sinceTs` (failed attempts too: they may have reached the flash). */
  writeTimes(miner: string, sinceTs: number, actorKind?: Actor['kind']): number[] {
    return guarded(this.db, 'read the audit log', () =>
      this.db.prepare<[string, number, string | null, string | null], { ts: number }>(
        `SELECT ts FROM audit WHERE miner_name = ? AND ts > ? AND result != 'refused' AND (? IS NULL OR actor_kind = ?)
           AND action IN (${WRITE_ACTIONS.map((a) => `'${a}'`).join(', ')}) ORDER BY ts`,
      ).all(miner, sinceTs, actorKind ?? null, actorKind ?? null).map((row) => row.ts));
  }
}
