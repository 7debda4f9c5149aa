import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../config/load.js';

/** `axepilot backup <file>`: SQLite's online backup, consistent even while the service writes. */
export async function runBackup(args: string[]): Promise<number> {
  const target = args[0];
  if (!target) {
    process.stderr.write('usage: axepilot backup <file>\n');
    return 2;
  }
  const { config } = loadConfig();
  const path = resolve(config.database);
  if (!existsSync(path)) {
    process.stderr.write(`axepilot backup: no database at ${path}; set AXEPILOT_DB (or "database" in the config) to the one the service uses\n`);
    return 1;
  }
  const source = new Database(path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(resolve(target));
  } finally {
    source.close();
  }
  process.stdout.write(`backed up ${resolve(config.database)} to ${resolve(target)}\n`);
  return 0;
}
