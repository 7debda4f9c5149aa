import { openSync, readFileSync, writeFileSync, writeSync, closeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/core/errors.js';
import { openDatabase } from '../../../src/store/database.js';
import { MIGRATIONS, migrate } from '../../../src/store/migrations.js';
import { openStore } from '../../../src/store/store.js';
import { addMiner, makeTempDir, telemetry, T0 } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('openDatabase', () => {
  it('creates the parent folder and sets WAL, busy timeout, NORMAL sync and foreign keys', () => {
    const path = join(temp.dir, 'nested', 'deeper', 'axepilot.db');
    const db = openDatabase({ path });
    try {
      expect(existsSync(path)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('opens :memory: for unit tests', () => {
    const db = openDatabase({ path: ':memory:' });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a file that is not a database, naming the file and what to do', () => {
    const path = join(temp.dir, 'axepilot.db');
    writeFileSync(path, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
    const error = catchError(() => openDatabase({ path }));
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as StoreError).message;
    expect(message).toContain(path);
    expect(message).toMatch(/damaged|not an axepilot database/);
    expect(message).toMatch(/restore a backup/);
    expect(message).toMatch(/move it away/);
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('refuses a database whose pages were overwritten', () => {
    const path = join(temp.dir, 'axepilot.db');
    const store = openStore({ path });
    const minerId = addMiner(store);
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      minerId,
      telemetry: telemetry({ ts: T0 + i * 5000, hashrateGhs: 1000 + i, chipTempC: 60 }),
    }));
    store.samples.insertMany(rows);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const size = readFileSync(path).length;
    expect(size).toBeGreaterThan(16 * 4096);
    const fd = openSync(path, 'r+');
    // Keep the 100-byte header valid; wreck pages in the middle of the b-tree.
    writeSync(fd, Buffer.alloc(8 * 4096, 0xa5), 0, 8 * 4096, 4 * 4096);
    closeSync(fd);

    const error = catchError(() => openDatabase({ path }));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(path);
    expect((error as StoreError).message).toMatch(/damaged/);
  });
});

describe('migrate', () => {
  it('builds the schema from empty, sets user_version, and re-opening changes nothing', () => {
    const path = join(temp.dir, 'axepilot.db');
    const first = openDatabase({ path });
    expect(migrate(first)).toEqual({ from: 0, to: MIGRATIONS.length });
    expect(first.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = first
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(expect.arrayContaining(['events', 'meta', 'miners', 'rollup_hour', 'rollup_minute', 'samples', 'audit', 'restore_points', 'bench_runs', 'outbox']));
    const withoutRowid = first
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%' ORDER BY name")
      .pluck()
      .all();
    expect(withoutRowid).toEqual(expect.arrayContaining(['meta', 'rollup_hour', 'rollup_minute', 'samples']));
    first.close();

    const again = openDatabase({ path });
    expect(migrate(again)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    again.close();
  });

  it('applies an appended migration once, in order, and rolls back a failing one', () => {
    const db = openDatabase({ path: join(temp.dir, 'axepilot.db') });
    try {
      migrate(db);
      const extended = [...MIGRATIONS, { description: 'test table', up: 'CREATE TABLE later_feature (id INTEGER PRIMARY KEY)' }];
      expect(migrate(db, { migrations: extended })).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length + 1 });
      const broken = [
        ...extended,
        {
          description: 'fails halfway',
          up: (d: typeof db) => {
            d.exec('CREATE TABLE half_done (id INTEGER)');
            d.exec('INSERT INTO no_such_table VALUES (1)');
          },
        },
      ];
      expect(() => migrate(db, { migrations: broken })).toThrow(StoreError);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
      const halfDone = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half_done'").get() as { n: number };
      expect(halfDone.n).toBe(0);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer axepilot', () => {
    const path = join(temp.dir, 'axepilot.db');
    const db = openDatabase({ path });
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    const error = catchError(() => migrate(db));
    db.close();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/newer axepilot/);
  });
});

describe('write failures', () => {
  it('turns a full disk into a StoreError that says so', () => {
    const path = join(temp.dir, 'axepilot.db');
    const store = openStore({ path });
    try {
      const minerId = addMiner(store);
      const pages = store.db.pragma('page_count', { simple: true }) as number;
      store.db.pragma(`max_page_count = ${pages}`);
      const rows = Array.from({ length: 2000 }, (_, i) => ({ minerId, telemetry: telemetry({ ts: T0 + i * 5000, hashrateGhs: i }) }));
      const error = catchError(() => store.samples.insertMany(rows));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toMatch(/full/);
      expect((error as StoreError).message).toContain(path);
      // The failed batch left nothing half-written.
      expect(store.samples.count()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('turns a read-only database into a StoreError that says so', () => {
    const path = join(temp.dir, 'axepilot.db');
    const store = openStore({ path });
    try {
      store.db.pragma('query_only = ON');
      const error = catchError(() => store.events.add({ minerId: null, ts: T0, kind: 'online', severity: 'info', message: 'x' }));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toMatch(/read-only/);
    } finally {
      store.close();
    }
  });
});
