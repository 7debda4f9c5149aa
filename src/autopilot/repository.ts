/** The autopilot's tables (src/store/schema/autopilot.ts): per-miner state and the decision log. */
import type { Database } from '../store/database.js';
import { guarded } from '../store/errors.js';
import { completeState, type MinerAutopilotState } from './state.js';

export type DecisionKind = 'down' | 'up' | 'start' | 'restart' | 'recover' | 'pause' | 'resume' | 'mode' | 'limit' | 'hold' | 'drift' | 'needs-person';

export interface DecisionRecord {
  id: number;
  ts: number;
  miner: string;
  kind: DecisionKind;
  fromMhz: number | null;
  toMhz: number | null;
  fromMv: number | null;
  toMv: number | null;
  reason: string;
}

interface DecisionRow {
  id: number;
  ts: number;
  miner_name: string;
  kind: DecisionKind;
  from_mhz: number | null;
  to_mhz: number | null;
  from_mv: number | null;
  to_mv: number | null;
  reason: string;
}

const toDecision = (row: DecisionRow): DecisionRecord => ({
  id: row.id, ts: row.ts, miner: row.miner_name, kind: row.kind, fromMhz: row.from_mhz, toMhz: row.to_mhz,
  fromMv: row.from_mv, toMv: row.to_mv, reason: row.reason,
});

export class AutopilotRepository {
  constructor(private readonly db: Database) {}

  load(miner: string): MinerAutopilotState | null {
    const row = guarded(this.db, 'read autopilot state', () =>
      this.db.prepare<[string], { state: string }>('SELECT state FROM autopilot_miners WHERE miner_name = ?').get(miner));
    return row ? completeState(JSON.parse(row.state) as Partial<MinerAutopilotState>) : null;
  }

  save(miner: string, state: MinerAutopilotState, now: number): void {
    guarded(this.db, 'save autopilot state', () =>
      this.db.prepare(`INSERT INTO autopilot_miners (miner_name, state, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (miner_name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`)
        .run(miner, JSON.stringify(state), now));
  }

  addDecision(entry: Omit<DecisionRecord, 'id'>): void {
    guarded(this.db, 'record an autopilot decision', () =>
      this.db.prepare(`INSERT INTO autopilot_decisions (ts, miner_name, kind, from_mhz, to_mhz, from_mv, to_mv, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(entry.ts, entry.miner, entry.kind, entry.fromMhz, entry.toMhz, entry.fromMv, entry.toMv, entry.reason));
  }

  /** Newest first. */
  decisions(miner: string, query: { limit: number; sinceTs?: number }): DecisionRecord[] {
    return guarded(this.db, 'read autopilot decisions', () =>
      this.db.prepare<[string, number, number], DecisionRow>(
        'SELECT * FROM autopilot_decisions WHERE miner_name = ? COLLATE NOCASE AND ts >= ? ORDER BY ts DESC, id DESC LIMIT ?',
      ).all(miner, query.sinceTs ?? 0, query.limit).map(toDecision));
  }

  /** Decisions of every miner in [fromMs, toMs), for the digest's count. */
  countBetween(fromMs: number, toMs: number): number {
    return guarded(this.db, 'count autopilot decisions', () =>
      (this.db.prepare<[number, number], { n: number }>(
        `SELECT COUNT(*) AS n FROM autopilot_decisions WHERE ts >= ? AND ts < ? AND kind IN ('down', 'up', 'start', 'restart', 'recover')`,
      ).get(fromMs, toMs)?.n ?? 0));
  }
}
