import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/core/errors.js';
import { toStoreError } from '../../../src/store/errors.js';

const context = { path: '/data/axepilot.db', action: 'save 3 samples' };
const sqliteFailure = (code: string, message: string) => new BetterSqlite3.SqliteError(message, code);

describe('toStoreError', () => {
  it.each([
    ['SQLITE_FULL', 'database or disk is full', /disk holding \/data\/axepilot\.db is full/],
    ['SQLITE_IOERR_WRITE', 'disk I/O error', /I\/O error on \/data\/axepilot\.db \(SQLITE_IOERR_WRITE\).*SD card/],
    ['SQLITE_READONLY', 'attempt to write a readonly database', /\/data\/axepilot\.db is read-only.*write access/],
    ['SQLITE_CORRUPT', 'database disk image is malformed', /damaged.*restore a backup.*move it away/],
    ['SQLITE_NOTADB', 'file is not a database', /not an axepilot database/],
    ['SQLITE_BUSY', 'database is locked', /locked by another program/],
  ])('explains %s to a person', (code, message, expected) => {
    const error = toStoreError(sqliteFailure(code, message), context);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/^Cannot save 3 samples/);
    expect((error as StoreError).message).toMatch(expected);
    expect((error as StoreError).cause).toBeInstanceOf(BetterSqlite3.SqliteError);
  });

  it('leaves errors that are not SQLite failures alone', () => {
    const bug = new TypeError('x is undefined');
    expect(toStoreError(bug, context)).toBe(bug);
  });
});
