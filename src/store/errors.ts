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

/** What a damage check found, per open database, until the next operation that works. */
const damageVerdicts = new WeakMap<BetterSqlite3.Database, unknown>();

/** Runs one database operation, turning SQLite failures into StoreError. */
export function guarded<T>(db: BetterSqlite3.Database, action: string, operation: () => T): T {
  try {
    const result = operation();
    damageVerdicts.delete(db);
    return result;
  } catch (error) {
    if (error instanceof SqliteError && isDamageCode(error.code)) throw checkedDamage(db, error, action);
    throw toStoreError(error, { path: db.name, action });
  }
}

function isDamageCode(code: string): boolean {
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/**
 * SQLite says "malformed" also when the disk returned garbage or nothing (a dying SD card, a disk that went away):
 * before telling the owner to restore a backup, quick_check looks at the file. Only damage it finds is called damage;
 * a check that fails with an I/O error is an I/O error; a check that finds the file sound points at the disk. Once per
 * run of failures (the check reads the whole file).
 */
function checkedDamage(db: BetterSqlite3.Database, error: InstanceType<typeof SqliteError>, action: string): unknown {
  const path = db.name;
  let verdict = damageVerdicts.get(db);
  if (verdict === undefined) {
    verdict = quickCheck(db);
    damageVerdicts.set(db, verdict);
  }
  if (verdict === 'ok') {
    return new StoreError(
      `Cannot ${action}: SQLite reported ${path} as damaged (${error.message}), but a check of the file found no damage: ` +
        'the disk most likely failed to read or write it. Check the disk or SD card; it may be failing. ' +
        'Restart axepilot once it works again.',
      { cause: error },
    );
  }
  if (verdict instanceof SqliteError && !isDamageCode(verdict.code)) {
    return new StoreError(describe(verdict.code, path, action, verdict.message), { cause: error });
  }
  return toStoreError(error, { path, action });
}

function quickCheck(db: BetterSqlite3.Database): unknown {
  try {
    const rows = db.pragma('quick_check', { simple: false }) as Array<{ quick_check: string }>;
    return rows.every((row) => row.quick_check === 'ok') ? 'ok' : 'damaged';
  } catch (checkError) {
    return checkError;
  }
}
