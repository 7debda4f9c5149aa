import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/sim/random.js';
import { bestOfShares, drawShares, shareRatePerS } from '../../../src/sim/shares.js';
import { suffixDifficulty } from '../../../src/sim/json-format.js';
import { getInfo, makeMiner, MINUTE } from './sim-helpers.js';

describe('shares', () => {
  it('arrive at hashrate / (difficulty × 2³²) per second', () => {
    expect(shareRatePerS(1072, 1000)).toBeCloseTo(0.2496, 3);
    const random = new SeededRandom(1);
    let total = 0;
    for (let i = 0; i < 3600; i++) total += drawShares(random, { hashrateGhs: 1072, poolDifficulty: 1000, dtS: 1, rejectedShare: 0 }).accepted;
    expect(total).toBeGreaterThan(0.2496 * 3600 * 0.9);
    expect(total).toBeLessThan(0.2496 * 3600 * 1.1);
  });

  it('draws the best of n shares with P(best < x) = (1 − d/x)ⁿ', () => {
    const random = new SeededRandom(2);
    const n = 10_000;
    const draws = Array.from({ length: 2001 }, () => bestOfShares(random, n, 1000)).sort((a, b) => a - b);
    // Median of the best: d / (1 − 2^(−1/n)) ≈ d·n / ln 2.
    const median = draws[1000] ?? 0;
    expect(median / ((1000 * n) / Math.LN2)).toBeGreaterThan(0.85);
    expect(median / ((1000 * n) / Math.LN2)).toBeLessThan(1.15);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(1000);
  });

  it('a simulated day costs one draw per step, and the counters add up', async () => {
    const { clock, miner } = makeMiner({ seed: 9, firmware: '2.12' });
    await clock.advance(24 * 60 * MINUTE);
    const info = await getInfo(miner);
    const accepted = Number(info.sharesAccepted);
    expect(accepted).toBeGreaterThan(0.2496 * 86400 * 0.9);
    expect(accepted).toBeLessThan(0.2496 * 86400 * 1.1);
    expect(Number(info.sharesRejected)).toBeGreaterThan(0);
    expect(Number(info.sharesRejected)).toBeLessThan(accepted * 0.01);
    const reasons = info.sharesRejectedReasons as Array<{ message: string; count: number }>;
    expect(reasons.reduce((sum, r) => sum + r.count, 0)).toBe(info.sharesRejected);
    expect(Number(info.bestSessionDiff)).toBeGreaterThan(1_000_000);
    expect(Number(info.bestDiff)).toBeGreaterThanOrEqual(Number(info.bestSessionDiff));
  });

  it('prints 2.10 difficulties with two decimals and a space', () => {
    expect(suffixDifficulty(2_030_000_000)).toBe('2.03 G');
    expect(suffixDifficulty(138_170_000)).toBe('138.17 M');
    expect(suffixDifficulty(483_000)).toBe('483.00 k');
    expect(suffixDifficulty(0)).toBe('0');
  });
});
