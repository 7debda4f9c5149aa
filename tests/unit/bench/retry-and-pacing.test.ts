import { describe, expect, it } from 'vitest';
import { MinerLostError, withRetry } from '../../../src/bench/miner-reader.js';
import { WritePacer } from '../../../src/bench/write-pacer.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { MinerApiError, MinerUnreachableError } from '../../../src/core/errors.js';
import { driveVirtualClock } from '../../../src/bench/sim-run.js';

const context = { miner: 'gamma', endpoint: '/api/system/info' };

describe('a failed read is retried, not the end of the run', () => {
  it('retries unreachable and garbled answers with doubling pauses until one succeeds', async () => {
    const clock = new VirtualClock();
    const retries: number[] = [];
    let calls = 0;
    const result = await driveVirtualClock(clock, withRetry(
      () => {
        calls++;
        if (calls === 1) return Promise.reject(new MinerUnreachableError(context, 'connection refused'));
        if (calls === 2) return Promise.reject(new MinerApiError(context, 'answered HTTP 500', 500));
        return Promise.resolve('reading');
      },
      {
        miner: 'gamma', clock, signal: new AbortController().signal, policy: { baseMs: 2000, maxMs: 20_000, giveUpAfterMs: 60_000 },
        onRetry: (info) => retries.push(info.delayMs),
      },
    ));
    expect(result).toBe('reading');
    expect(retries).toEqual([2000, 4000]);
  });

  it('gives up after the bounded wait with MinerLostError', async () => {
    const clock = new VirtualClock();
    const started = clock.now();
    const failing = withRetry(() => Promise.reject(new MinerUnreachableError(context, 'timeout')), {
      miner: 'gamma', clock, signal: new AbortController().signal, policy: { baseMs: 1000, maxMs: 8000, giveUpAfterMs: 30_000 },
    });
    await expect(driveVirtualClock(clock, failing)).rejects.toBeInstanceOf(MinerLostError);
    expect(clock.now() - started).toBeLessThanOrEqual(30_000);
    expect(clock.now() - started).toBeGreaterThan(10_000);
  });

  it('does not retry a bug, and stops at once when cancelled', async () => {
    const clock = new VirtualClock();
    const options = { miner: 'gamma', clock, signal: new AbortController().signal, policy: { baseMs: 1000, maxMs: 1000, giveUpAfterMs: 10_000 } };
    await expect(withRetry(() => Promise.reject(new TypeError('bug')), options)).rejects.toBeInstanceOf(TypeError);
    const controller = new AbortController();
    const pending = withRetry(() => Promise.reject(new MinerUnreachableError(context, 'refused')), { ...options, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('write pacing', () => {
  it('keeps the minimum interval and the hourly bound of config limits', async () => {
    const clock = new VirtualClock();
    const pacer = new WritePacer({ clock, minIntervalMs: 5000, maxPerHour: 3 });
    const signal = new AbortController().signal;
    const times: number[] = [];
    const start = clock.now();
    for (let i = 0; i < 4; i++) {
      await driveVirtualClock(clock, pacer.beforeWrite(signal));
      times.push(clock.now() - start);
    }
    expect(times).toEqual([0, 5000, 10_000, 3_600_000]);
  });
});
