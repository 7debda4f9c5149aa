import BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../core/errors.js';

const { SqliteError } = BetterSqlite3;

export const DAMAGED_REMEDY =
  'Stop axepilot, then restore a backup of this file or move it away so that a new, empty database is created.';

/**
 * What an owner should read when SQLite fails for a reason outside axepilot (disk full, failing SD card, read-only
 * file, damaged file, another program holding a lock). The collector logs this and keeps polling.
 */
function describe(code: string, path: string, action: string, detail: string): string {
  if (code === 'SQLITE_FULL') {
    return `Cannot ${action}: the disk holding ${path} is full. ` +
      'Free some space or lower the retention in axepilot.yaml.';
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return `Cannot ${action}: the disk reported an I/O error on ${path} (${code}). ` +
      'Check the disk or SD card; it may be failing.';
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
    return `Cannot ${action}: ${path} is read-only. ` +
      'Give the user running axepilot write access to the file and its folder.';
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `Cannot ${action}: the database file ${path} is damaged or is not an axepilot database (${detail}). ` +
      DAMAGED_REMEDY;
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `Cannot ${action}: ${path} has been locked by another program for more than 5 seconds. ` +
      'Close other programs using it.';
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return `Cannot ${action}: ${path} cannot be opened. Check that its folder exists and is writable.`;
  }
  return `Cannot ${action} in ${path}: ${detail} (${code}).`;
}

/** A SQLite failure as a StoreError with a message for a person; anything else (a bug) is returned unchanged. */
export function toStoreError(error: unknown, context: { path: string; action: string }): unknown {
  if (error instanceof StoreError) return error;
  if (error instanceof SqliteError) {
    return new StoreError(describe(error.code, context.path, context.action, error.message), { cause: error });
  }
  return error;
}

/** Runs one database operation, turning SQLite failures into StoreError. */
export function guarded<T>(db: BetterSqlite3.Database, action: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw toStoreError(error, { path: db.name, action });
  }
}
