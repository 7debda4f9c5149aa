import { describe, expect, it } from 'vitest';
import { nextPollDelayMs } from '../../../src/fleet/backoff.js';
import { MinerHealth } from '../../../src/fleet/miner-health.js';
import type { Telemetry } from '../../../src/axeos/telemetry.js';

const poll = (overrides: Partial<Telemetry>): Telemetry =>
  ({ uptimeS: 100, frequencyMhz: 525, coreVoltageMv: 1150, autoFan: true, fanPct: 40, tempTargetC: 60, ...overrides }) as Telemetry;

describe('MinerHealth', () => {
  it('goes online on the first good poll and offline only after 30 s without one', () => {
    const health = new MinerHealth(30_000);
    expect(health.recordSuccess(poll({}), 0)).toEqual([{ kind: 'online', downMs: null }]);
    expect(health.recordFailure('timeout', 5_000, 0)).toEqual([]);
    expect(health.recordFailure('timeout', 29_999, 0)).toEqual([]);
    expect(health.recordFailure('timeout', 30_000, 0)).toEqual([{ kind: 'offline', lastGoodAt: 0, reason: 'timeout', notAxeOs: false }]);
    expect(health.recordFailure('timeout', 60_000, 0)).toEqual([]);
    expect(health.recordSuccess(poll({ uptimeS: 200 }), 90_000)).toEqual([{ kind: 'online', downMs: 90_000 }]);
  });

  it('announces a miner that never answered as offline once', () => {
    const health = new MinerHealth(30_000);
    expect(health.recordFailure('refused', 10_000, 0)).toEqual([]);
    expect(health.recordFailure('refused', 31_000, 0)).toHaveLength(1);
    expect(health.recordFailure('refused', 62_000, 0)).toEqual([]);
  });

  it('sees a reboot when uptime goes down, and settings changes', () => {
    const health = new MinerHealth(30_000);
    health.recordSuccess(poll({ uptimeS: 5000 }), 0);
    expect(health.recordSuccess(poll({ uptimeS: 3 }), 5000)).toEqual([{ kind: 'rebooted', previousUptimeS: 5000, uptimeS: 3 }]);
    // Uptime 3 s, then an outage of 20 s, back at uptime 6 s: it rebooted during the outage.
    expect(health.recordSuccess(poll({ uptimeS: 6 }), 25_000)).toEqual([{ kind: 'rebooted', previousUptimeS: 3, uptimeS: 6 }]);
    // Normal progress is no reboot, even when the answer took 4 s to arrive.
    expect(health.recordSuccess(poll({ uptimeS: 10 }), 30_000)).toEqual([]);
    expect(health.recordSuccess(poll({ uptimeS: 15 }), 35_000 + 4000, 35_000)).toEqual([]);
    expect(health.recordSuccess(poll({ uptimeS: 20 }), 40_000)).toEqual([]);
    const changes = health.recordSuccess(poll({ uptimeS: 25, frequencyMhz: 600 }), 45_000);
    expect(changes).toEqual([expect.objectContaining({ kind: 'settingsChanged' })]);
  });
});

describe('poll backoff', () => {
  const half = (): number => 0.5;
  it('keeps the interval for the first failures, then doubles up to 5 minutes', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 10, 20].map((n) => nextPollDelayMs(n, { intervalMs: 5000 }, half));
    expect(delays).toEqual([5000, 5000, 5000, 10_000, 20_000, 40_000, 80_000, 300_000, 300_000]);
  });
  it('jitters by at most 10 %', () => {
    expect(nextPollDelayMs(0, { intervalMs: 5000 }, () => 0)).toBe(4500);
    expect(nextPollDelayMs(0, { intervalMs: 5000 }, () => 0.999_999)).toBeCloseTo(5500, 0);
  });
});
