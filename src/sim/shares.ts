import type { SeededRandom } from './random.js';

/**
 * Shares without simulating nonces: the count in an interval is Poisson with rate hashrate / (difficulty × 2³²), and the
 * best share of n is drawn directly from P(best < x) = (1 − d/x)ⁿ, so a simulated day costs one draw per step.
 */
export interface ShareDraw {
  accepted: number;
  rejected: number;
  /** Best difficulty among this interval's shares, or 0 when none was found. */
  bestDifficulty: number;
}

const TWO_POW_32 = 4294967296;

/** Expected shares per second at a hashrate (GH/s) and pool difficulty. */
export function shareRatePerS(hashrateGhs: number, poolDifficulty: number): number {
  return (hashrateGhs * 1e9) / (poolDifficulty * TWO_POW_32);
}

/** Best difficulty among n shares that each met `difficulty`: inverse of (1 − d/x)ⁿ. */
export function bestOfShares(random: SeededRandom, shareCount: number, difficulty: number): number {
  if (shareCount <= 0) return 0;
  const u = random.next();
  // 1 − u^(1/n), computed without cancellation for large n.
  const tail = -Math.expm1(Math.log(Math.max(u, Number.MIN_VALUE)) / shareCount);
  return difficulty / Math.max(tail, Number.MIN_VALUE);
}

export function drawShares(random: SeededRandom, interval: { hashrateGhs: number; poolDifficulty: number; dtS: number; rejectedShare: number }): ShareDraw {
  const mean = shareRatePerS(interval.hashrateGhs, interval.poolDifficulty) * interval.dtS;
  const accepted = random.poisson(mean * (1 - interval.rejectedShare));
  const rejected = random.poisson(mean * interval.rejectedShare);
  return { accepted, rejected, bestDifficulty: bestOfShares(random, accepted + rejected, interval.poolDifficulty) };
}
