import { describe, expect, it } from 'vitest';
import { backoffDelay, retry } from '../../../src/core/backoff.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { MinerUnreachableError } from '../../../src/core/errors.js';

describe('backoffDelay', () => {
  it('doubles from the base per failure up to the cap', () => {
    const policy = { baseMs: 1000, maxMs: 5000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, policy))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('with equal jitter waits between half and all of the delay', () => {
    const policy = { baseMs: 1000, maxMs: 60_000, jitter: 0.5 };
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
    expect(backoffDelay(3, policy, () => 0.999999)).toBe(4000);
  });
});

describe('retry', () => {
  const unreachable = () => new MinerUnreachableError({ miner: 'gamma', endpoint: '/api/system/info' }, 'timeout');

  it('retries what the error class says is worth it, with the backoff, and returns the first success', async () => {
    const clock = new VirtualClock(0);
    const startedAt: number[] = [];
    const done = retry(
      (attempt) => {
        startedAt.push(clock.now());
        return attempt < 3 ? Promise.reject(unreachable()) : Promise.resolve('ok');
      },
      { policy: { baseMs: 1000, maxMs: 10_000 }, clock, classify: (e) => ({ retry: e instanceof MinerUnreachableError }) },
    );
    await clock.advance(10_000);
    await expect(done).resolves.toBe('ok');
    expect(startedAt).toEqual([0, 1000, 3000]);
  });

  it('rethrows at once what is not worth retrying, and honours a wait the failure names', async () => {
    const clock = new VirtualClock(0);
    await expect(retry(() => Promise.reject(new Error('bad request')), { policy: { baseMs: 1000, maxMs: 1000 }, clock, classify: () => ({ retry: false }) }))
      .rejects.toThrow('bad request');
    const startedAt: number[] = [];
    const done = retry(
      (attempt) => {
        startedAt.push(clock.now());
        return attempt === 1 ? Promise.reject(new Error('429')) : Promise.resolve(attempt);
      },
      { policy: { baseMs: 1000, maxMs: 1000 }, clock, classify: () => ({ retry: true, afterMs: 7000 }) },
    );
    await clock.advance(7000);
    await expect(done).resolves.toBe(2);
    expect(startedAt).toEqual([0, 7000]);
  });

  it('gives up after maxAttempts with what giveUp makes of the last error', async () => {
    const clock = new VirtualClock(0);
    const done = retry(() => Promise.reject(unreachable()), {
      policy: { baseMs: 10, maxMs: 10, maxAttempts: 3 }, clock, classify: () => ({ retry: true }),
      giveUp: (error, { attempts }) => new Error(`lost after ${attempts}: ${(error as Error).message}`),
    });
    const settled = done.catch((error: unknown) => error);
    await clock.advance(100);
    expect(String(await settled)).toContain('lost after 3');
  });
});
