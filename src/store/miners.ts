import type { Statement } from 'better-sqlite3';
import type { Database } from './database.js';
import { guarded } from './errors.js';

export interface MinerRecord {
  id: number;
  /** Upper-case `AA:BB:…`; null while the firmware has not sent one. */
  mac: string | null;
  name: string;
  host: string;
  model: string | null;
  asicModel: string | null;
  hostname: string | null;
  firmware: string | null;
  firstSeen: number;
  lastSeen: number;
}

export interface ResolveMinerInput {
  mac: string | null;
  host: string;
  name: string;
  model?: string | null;
  asicModel?: string | null;
  hostname?: string | null;
  firmware?: string | null;
  /** When the miner answered, ms since the epoch. */
  ts: number;
}

interface MinerDbRow {
  id: number;
  mac: string | null;
  name: string;
  host: string;
  model: string | null;
  asic_model: string | null;
  hostname: string | null;
  firmware: string | null;
  first_seen: number;
  last_seen: number;
}

function toRecord(row: MinerDbRow): MinerRecord {
  return {
    id: row.id,
    mac: row.mac,
    name: row.name,
    host: row.host,
    model: row.model,
    asicModel: row.asic_model,
    hostname: row.hostname,
    firmware: row.firmware,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}

/** `10:f5:12:33:bb:f0`, `10-F5-…` and ` 10:F5:… ` are the same device. */
export function normalizeMac(mac: string | null | undefined): string | null {
  const trimmed = mac?.trim().toUpperCase().replaceAll('-', ':') ?? '';
  return trimmed === '' ? null : trimmed;
}

interface UpdateParams {
  id: number;
  mac: string | null;
  name: string;
  host: string;
  model: string | null;
  asic_model: string | null;
  hostname: string | null;
  firmware: string | null;
  ts: number;
}

/** The miners table: identity by MAC, so that a miner keeps its history when DHCP gives it a new IP. */
export class MinerRepository {
  private readonly byMacStatement: Statement<[string], MinerDbRow>;
  private readonly byHostStatement: Statement<[string], MinerDbRow>;
  private readonly byIdStatement: Statement<[number], MinerDbRow>;
  private readonly byNameStatement: Statement<[string], MinerDbRow>;
  private readonly listStatement: Statement<[], MinerDbRow>;
  private readonly insertStatement: Statement<[Omit<UpdateParams, 'id'>], MinerDbRow>;
  private readonly updateStatement: Statement<[UpdateParams], MinerDbRow>;

  constructor(private readonly db: Database) {
    this.byMacStatement = db.prepare('SELECT * FROM miners WHERE mac = ?');
    // A row without MAC is the better match for a host; otherwise the most recently seen miner there.
    this.byHostStatement = db.prepare(
      'SELECT * FROM miners WHERE host = ? ORDER BY mac IS NULL DESC, last_seen DESC LIMIT 1',
    );
    this.byIdStatement = db.prepare('SELECT * FROM miners WHERE id = ?');
    // Names come from the config and may move to a replacement device: the newest one is meant.
    this.byNameStatement = db.prepare('SELECT * FROM miners WHERE name = ? ORDER BY last_seen DESC LIMIT 1');
    this.listStatement = db.prepare('SELECT * FROM miners ORDER BY name, id');
    this.insertStatement = db.prepare(`
      INSERT INTO miners (mac, name, host, model, asic_model, hostname, firmware, first_seen, last_seen)
      VALUES (@mac, @name, @host, @model, @asic_model, @hostname, @firmware, @ts, @ts)
      RETURNING *`);
    // Identity fields a poll did not report keep their last known value.
    this.updateStatement = db.prepare(`
      UPDATE miners SET
        mac = COALESCE(@mac, mac), name = @name, host = @host,
        model = COALESCE(@model, model), asic_model = COALESCE(@asic_model, asic_model),
        hostname = COALESCE(@hostname, hostname), firmware = COALESCE(@firmware, firmware),
        last_seen = MAX(last_seen, @ts)
      WHERE id = @id
      RETURNING *`);
  }

  /**
   * The miner that answered: found by MAC, else by host. A row first seen without MAC gets its MAC once the firmware
   * sends one; a known MAC at a new host keeps its id and history, and the host is updated.
   */
  resolveMiner(input: ResolveMinerInput): MinerRecord {
    const mac = normalizeMac(input.mac);
    const params: Omit<UpdateParams, 'id'> = {
      mac,
      name: input.name,
      host: input.host,
      model: input.model ?? null,
      asic_model: input.asicModel ?? null,
      hostname: input.hostname ?? null,
      firmware: input.firmware ?? null,
      ts: Math.round(input.ts),
    };
    const resolve = this.db.transaction((): MinerDbRow => {
      const known = (mac !== null ? this.byMacStatement.get(mac) : undefined) ?? this.findByHost(input.host, mac);
      if (known) {
        const updated = this.updateStatement.get({ ...params, id: known.id });
        if (updated) return updated;
      }
      const inserted = this.insertStatement.get(params);
      if (!inserted) throw new Error('INSERT … RETURNING returned no row');
      return inserted;
    });
    return toRecord(guarded(this.db, `record miner ${input.name}`, () => resolve.immediate()));
  }

  list(): MinerRecord[] {
    return guarded(this.db, 'list miners', () => this.listStatement.all()).map(toRecord);
  }

  byId(id: number): MinerRecord | null {
    const row = guarded(this.db, 'read a miner', () => this.byIdStatement.get(id));
    return row ? toRecord(row) : null;
  }

  byName(name: string): MinerRecord | null {
    const row = guarded(this.db, 'read a miner', () => this.byNameStatement.get(name));
    return row ? toRecord(row) : null;
  }

  /** A host row is only ours if it has no MAC yet, or the poll itself sent none (firmware that never reports it). */
  private findByHost(host: string, mac: string | null): MinerDbRow | undefined {
    const row = this.byHostStatement.get(host);
    if (!row) return undefined;
    if (mac === null || row.mac === null) return row;
    return undefined;
  }
}
