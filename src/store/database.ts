import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { StoreError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DAMAGED_REMEDY, toStoreError } from './errors.js';

export type Database = BetterSqlite3.Database;

export interface OpenDatabaseOptions {
  /** A file path, or `':memory:'` for tests. */
  path: string;
  log?: Logger;
}

const IN_MEMORY = ':memory:';
/** How many quick_check findings to show an owner; the rest only repeat the diagnosis. */
const PROBLEMS_SHOWN = 3;

/**
 * Opens (creating if needed) the database with the settings axepilot relies on: WAL so chat commands read while the
 * collector writes, NORMAL sync (safe with WAL, far fewer fsyncs on an SD card), a 5 s busy wait for a backup or
 * export running in another process. A damaged file is reported before anything writes to it.
 */
export function openDatabase(options: OpenDatabaseOptions): Database {
  const path = options.path === IN_MEMORY ? IN_MEMORY : resolve(options.path);
  if (path !== IN_MEMORY) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new StoreError(
        `Cannot create the folder for the database ${path}: ${errorMessage(error)}. ` +
          'Check the path and its permissions.',
        { cause: error },
      );
    }
  }

  let db: Database;
  try {
    db = new BetterSqlite3(path);
  } catch (error) {
    throw toStoreError(error, { path, action: 'open the database' });
  }

  try {
    db.pragma('busy_timeout = 5000');
    checkIntegrity(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    throw toStoreError(error, { path, action: 'open the database' });
  }
  options.log?.debug({ path }, 'database opened');
  return db;
}

/**
 * quick_check reads every page but skips the slow index cross-checks, so it stays within seconds even for a large file
 * on a Raspberry Pi, and it catches what a power cut or a dying SD card usually leaves behind.
 */
function checkIntegrity(db: Database, path: string): void {
  const findings = db.pragma('quick_check', { simple: false }) as Array<{ quick_check: string }>;
  const problems = findings.map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (problems.length === 0) return;
  const shown = problems.slice(0, PROBLEMS_SHOWN).join('; ');
  const more = problems.length > PROBLEMS_SHOWN ? ` and ${problems.length - PROBLEMS_SHOWN} more problems` : '';
  throw new StoreError(`The database file ${path} is damaged (${shown}${more}). ${DAMAGED_REMEDY}`);
}
