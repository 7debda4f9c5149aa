import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { judgeHealth, STALL_INTERVALS, type HealthState } from '../core/service-health.js';

/**
 * `axepilot health`: for Docker's HEALTHCHECK and systemd watchdogs. Unhealthy when the heartbeat file is older than
 * two poll intervals (the service is stalled or gone), when polling has stalled, or when samples cannot be saved.
 */
export function runHealth(_args: string[]): number {
  const { config } = loadConfig();
  const path = `${resolve(config.database)}.heartbeat`;
  const verdict = healthOf(path, config.pollIntervalSeconds * 1000, Date.now());
  (verdict.healthy ? process.stdout : process.stderr).write(`${verdict.summary}\n`);
  return verdict.healthy ? 0 : 1;
}

/** Reads the heartbeat file at `path` as of `now` (the system clock: file times are the system's). */
export function healthOf(path: string, pollIntervalMs: number, now: number): { healthy: boolean; summary: string } {
  let ageMs: number;
  let content: string;
  try {
    ageMs = now - statSync(path).mtimeMs;
    content = readFileSync(path, 'utf8');
  } catch {
    return { healthy: false, summary: `unhealthy: no heartbeat at ${path} (is the service running?)` };
  }
  const state = parseState(content);
  const intervalMs = state?.pollIntervalMs ?? pollIntervalMs;
  const staleAfterMs = STALL_INTERVALS * intervalMs;
  if (ageMs > staleAfterMs) {
    return { healthy: false, summary: `unhealthy: no heartbeat for ${Math.round(ageMs / 1000)} s (the service is stalled or stopped)` };
  }
  if (!state) return { healthy: true, summary: `healthy: heartbeat ${Math.round(ageMs / 1000)} s ago` };
  // The state's times are the service's clock; judged as of the moment it was written, plus the file's age.
  return judgeHealth(state, state.at + Math.max(0, ageMs));
}

function parseState(content: string): HealthState | null {
  try {
    const value = JSON.parse(content) as Partial<HealthState> | null;
    return value && typeof value === 'object' && typeof value.at === 'number' && typeof value.pollIntervalMs === 'number'
      ? (value as HealthState)
      : null;
  } catch {
    // A heartbeat from an older version holds only a timestamp: its age is all there is to judge.
    return null;
  }
}
