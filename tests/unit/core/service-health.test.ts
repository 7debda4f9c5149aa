import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthOf } from '../../../src/cli/health.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { ServiceHealth } from '../../../src/core/service-health.js';

const POLL_MS = 5_000;

describe('service health', () => {
  it('turns red two poll intervals after the last poll cycle, and green with the next one', async () => {
    const clock = new VirtualClock();
    const health = new ServiceHealth({ clock, pollIntervalMs: POLL_MS });
    health.pollCycleDone();
    health.writeSucceeded();
    await clock.advance(2 * POLL_MS);
    expect(health.verdict().healthy).toBe(true);
    await clock.advance(1);
    expect(health.verdict()).toMatchObject({ healthy: false, summary: 'unhealthy: polling has stalled: the last poll cycle was 10 s ago' });
    health.pollCycleDone();
    expect(health.verdict().healthy).toBe(true);
  });

  it('turns red at the first failed write, with the error, until a write succeeds', async () => {
    const clock = new VirtualClock();
    const health = new ServiceHealth({ clock, pollIntervalMs: POLL_MS });
    health.pollCycleDone();
    health.writeFailed(new Error('Cannot save 3 samples: the disk holding /data/axepilot.db is full.'));
    await clock.advance(1_000);
    health.pollCycleDone();
    health.writeFailed(new Error('Cannot save 5 samples: the disk holding /data/axepilot.db is full.'));
    expect(health.verdict().summary).toBe('unhealthy: cannot save samples for 1 s: Cannot save 5 samples: the disk holding /data/axepilot.db is full.');
    health.writeSucceeded();
    expect(health.verdict().healthy).toBe(true);
  });
});

describe('axepilot health reads the heartbeat file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function heartbeatFile(content: string, ageMs: number, now: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-health-'));
    dirs.push(dir);
    const path = join(dir, 'axepilot.db.heartbeat');
    writeFileSync(path, content);
    const at = (now - ageMs) / 1000;
    utimesSync(path, at, at);
    return path;
  }

  it('fails when the file is older than two poll intervals: the service is stalled or stopped', () => {
    const now = Date.now();
    const health = new ServiceHealth({ clock: new VirtualClock(now - 11_000), pollIntervalMs: POLL_MS });
    health.pollCycleDone();
    const state = JSON.stringify(health.state());
    expect(healthOf(heartbeatFile(state, 9_000, now), POLL_MS, now).healthy).toBe(true);
    expect(healthOf(heartbeatFile(state, 11_000, now), POLL_MS, now).summary).toBe('unhealthy: no heartbeat for 11 s (the service is stalled or stopped)');
  });

  it('fails on a fresh file that reports failing writes', () => {
    const now = Date.now();
    const clock = new VirtualClock(now);
    const health = new ServiceHealth({ clock, pollIntervalMs: POLL_MS });
    health.pollCycleDone();
    health.writeFailed(new Error('the disk reported an I/O error'));
    const verdict = healthOf(heartbeatFile(JSON.stringify(health.state()), 0, now), POLL_MS, now);
    expect(verdict).toMatchObject({ healthy: false, summary: 'unhealthy: cannot save samples for 0 s: the disk reported an I/O error' });
  });
});
