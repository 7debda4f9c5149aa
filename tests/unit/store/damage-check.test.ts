import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { guarded } from '../../../src/store/errors.js';

const malformed = (): never => {
  throw new BetterSqlite3.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT');
};

describe('"damaged" only after a check finds damage', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function database(rows: number): { path: string; db: BetterSqlite3.Database } {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-damage-'));
    dirs.push(dir);
    const path = join(dir, 'axepilot.db');
    const db = new BetterSqlite3(path);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`value ${i} ${'x'.repeat(100)}`);
    })();
    return { path, db };
  }

  it('points at the disk when SQLite says "malformed" but quick_check finds the file sound', () => {
    const { db } = database(100);
    expect(() => guarded(db, 'save 3 samples', malformed)).toThrow(
      /^Cannot save 3 samples: SQLite reported .*axepilot\.db as damaged .* a check of the file found no damage.*SD card/,
    );
    db.close();
  });

  it('says damaged, with the remedy, when quick_check finds damage', () => {
    const { path, db } = database(5_000);
    db.close();
    // Random bytes over pages in the middle of the file, as a bad SD card block leaves them.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(statSync(path).size / 2 / 4096) * 4096);
    closeSync(fd);
    const reopened = new BetterSqlite3(path);
    expect(() => guarded(reopened, 'read samples', malformed)).toThrow(/damaged or is not an axepilot database.*restore a backup/);
    reopened.close();
  });
});
