import type { Statement } from 'better-sqlite3';
import type { Database } from './database.js';
import { guarded } from './errors.js';

export type EventSeverity = 'info' | 'warning' | 'critical';

/** What happened; later features (alerts, benchmark, autopilot) add their own kinds. */
export type EventKind = 'online' | 'offline' | 'rebooted' | 'settingsChanged' | (string & {});

export interface NewEvent {
  /** null for fleet-wide events. */
  minerId: number | null;
  ts: number;
  kind: EventKind;
  severity: EventSeverity;
  /** One line for the owner, as shown by `/events`. */
  message: string;
  /** Details for later code (old/new settings, readings); stored as JSON. */
  data?: Record<string, unknown> | null;
}

export interface EventRecord extends Omit<NewEvent, 'data'> {
  id: number;
  data: Record<string, unknown> | null;
}

export interface ListEventsQuery {
  minerId?: number;
  limit: number;
  /** Only events strictly older than this: the paging cursor. */
  beforeTs?: number;
}

interface EventDbRow {
  id: number;
  miner_id: number | null;
  ts: number;
  kind: string;
  severity: EventSeverity;
  message: string;
  data: string | null;
}

function parseData(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  const isRecord = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isRecord ? (value as Record<string, unknown>) : null;
}

function toRecord(row: EventDbRow): EventRecord {
  return {
    id: row.id,
    minerId: row.miner_id,
    ts: row.ts,
    kind: row.kind,
    severity: row.severity,
    message: row.message,
    data: parseData(row.data),
  };
}

/** The miners' history as the owner reads it: came online, went offline, rebooted, settings changed, alerts. */
export class EventRepository {
  private readonly insertStatement: Statement<[Omit<EventDbRow, 'id'>], EventDbRow>;
  private readonly listAll: Statement<[number, number], EventDbRow>;
  private readonly listForMiner: Statement<[number, number, number], EventDbRow>;

  constructor(private readonly db: Database) {
    this.insertStatement = db.prepare(`
      INSERT INTO events (miner_id, ts, kind, severity, message, data)
      VALUES (@miner_id, @ts, @kind, @severity, @message, @data)
      RETURNING *`);
    this.listAll = db.prepare('SELECT * FROM events WHERE ts < ? ORDER BY ts DESC, id DESC LIMIT ?');
    this.listForMiner = db.prepare(
      'SELECT * FROM events WHERE miner_id = ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT ?',
    );
  }

  add(event: NewEvent): EventRecord {
    const row = guarded(this.db, `record the event "${event.message}"`, () =>
      this.insertStatement.get({
        miner_id: event.minerId,
        ts: Math.round(event.ts),
        kind: event.kind,
        severity: event.severity,
        message: event.message,
        data: event.data ? JSON.stringify(event.data) : null,
      }),
    );
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    return toRecord(row);
  }

  /** Newest first. */
  list(query: ListEventsQuery): EventRecord[] {
    const before = query.beforeTs ?? Number.MAX_SAFE_INTEGER;
    const limit = Math.max(0, Math.floor(query.limit));
    const rows = guarded(this.db, 'read events', () =>
      query.minerId === undefined
        ? this.listAll.all(before, limit)
        : this.listForMiner.all(query.minerId, before, limit),
    );
    return rows.map(toRecord);
  }
}
