import { describe, expect, it } from 'vitest';
import {
  batchMeans, lag1Autocorrelation, mean, meanWithInterval, ratioEstimate, slope, tQuantile975, trimmedMean, exact,
} from '../../../src/bench/statistics.js';
import { SeededRandom } from '../../../src/sim/random.js';

/** An AR(1) series around `level`: each reading keeps `rho` of the last one's deviation. */
function ar1(random: SeededRandom, n: number, level: number, sigma: number, rho: number): number[] {
  const out: number[] = [];
  let noise = 0;
  for (let i = 0; i < n; i++) {
    noise = rho * noise + Math.sqrt(1 - rho * rho) * sigma * random.normal();
    out.push(level + noise);
  }
  return out;
}

describe('Student t quantiles', () => {
  it('matches the table values and moves toward 1.96 for many degrees of freedom', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(9)).toBeCloseTo(2.262, 3);
    expect(tQuantile975(30)).toBeCloseTo(2.042, 3);
    expect(tQuantile975(11)).toBeGreaterThan(2.179);
    expect(tQuantile975(11)).toBeLessThan(2.228);
    expect(tQuantile975(10_000)).toBeCloseTo(1.96, 2);
    expect(tQuantile975(0.5)).toBe(Infinity);
  });
});

describe('confidence intervals', () => {
  it('gives the textbook interval for independent readings', () => {
    // n = 10, mean 10, sample sd 1 exactly: half-width t(9) × 1/√10.
    const values = [9, 11, 9, 11, 9, 11, 9, 11, 10 - Math.SQRT1_2, 10 + Math.SQRT1_2];
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - 10) ** 2, 0) / 9);
    const estimate = meanWithInterval(values);
    expect(estimate.mean).toBeCloseTo(10, 10);
    expect(lag1Autocorrelation(values)).toBe(0);
    expect(estimate.halfWidth).toBeCloseTo((2.262 * sd) / Math.sqrt(10), 3);
    expect(estimate.low).toBeCloseTo(10 - estimate.halfWidth, 10);
  });

  it('widens the interval for autocorrelated readings, which a naive t interval would not', () => {
    const random = new SeededRandom(7);
    const values = ar1(random, 60, 1000, 12, 0.85);
    const naive = (2.0 * Math.sqrt(values.reduce((s, v) => s + (v - mean(values)) ** 2, 0) / 59)) / Math.sqrt(60);
    expect(meanWithInterval(values).halfWidth).toBeGreaterThan(2 * naive);
  });

  it('covers the true mean about 95 % of the time on autocorrelated readings (batch means and AR(1) routes)', () => {
    const random = new SeededRandom(42);
    for (const n of [20, 200]) {
      let covered = 0;
      const trials = 400;
      for (let t = 0; t < trials; t++) {
        const estimate = meanWithInterval(ar1(random, n, 500, 6, 0.8));
        if (estimate.low <= 500 && 500 <= estimate.high) covered++;
      }
      expect(covered / trials).toBeGreaterThan(0.88);
      expect(covered / trials).toBeLessThan(0.995);
    }
  });

  it('batch means: the mean of equal batches, the interval from their spread', () => {
    const estimate = batchMeans([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], 5);
    expect(estimate.mean).toBe(3);
    // Batch means 1..5: sd √2.5, t(4) = 2.776.
    expect(estimate.halfWidth).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 3);
  });

  it('says it knows nothing from one reading, and everything from identical ones', () => {
    expect(meanWithInterval([5]).halfWidth).toBe(Infinity);
    expect(meanWithInterval([5, 5, 5, 5]).halfWidth).toBe(0);
    expect(meanWithInterval([]).n).toBe(0);
  });

  it('propagates the relative error of a ratio', () => {
    const ratio = ratioEstimate({ mean: 20, halfWidth: 0.2, low: 19.8, high: 20.2, n: 10 }, exact(2));
    expect(ratio.mean).toBe(10);
    expect(ratio.halfWidth).toBeCloseTo(0.1, 10);
  });
});

describe('the classic summary helpers', () => {
  it('trims by value, not by time', () => {
    expect(trimmedMean([100, 1, 50, 50, 50, 2, 99, 50, 3, 98], 3, 3)).toBe(50);
    expect(trimmedMean([40, 41, 42, 60, 61, 62, 60, 61], 6, 0)).toBe(61.5);
  });

  it('fits the slope of a reading over time', () => {
    expect(slope([{ x: 0, y: 60 }, { x: 10, y: 61 }, { x: 20, y: 62 }])).toBeCloseTo(0.1, 10);
    expect(slope([{ x: 5, y: 60 }])).toBe(0);
  });
});
