import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';

/** A heartbeat older than this means the service is hung or gone (it writes every 15 s). */
const STALE_AFTER_MS = 90_000;

/** `axepilot health`: for Docker's HEALTHCHECK and systemd watchdogs. */
export function runHealth(_args: string[]): number {
  const { config } = loadConfig();
  const path = `${resolve(config.database)}.heartbeat`;
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch {
    process.stderr.write(`unhealthy: no heartbeat at ${path} (is the service running?)\n`);
    return 1;
  }
  if (ageMs > STALE_AFTER_MS) {
    process.stderr.write(`unhealthy: last heartbeat ${Math.round(ageMs / 1000)} s ago\n`);
    return 1;
  }
  process.stdout.write(`healthy: heartbeat ${Math.round(ageMs / 1000)} s ago\n`);
  return 0;
}
