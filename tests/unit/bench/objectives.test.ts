import { describe, expect, it } from 'vitest';
import { choosePoint } from '../../../src/bench/objectives.js';
import type { PointResult, Verdict } from '../../../src/bench/types.js';
import { measurementOf } from './fakes.js';

function point(seq: number, hashrateGhs: number, powerW: number, verdict: Verdict = 'pass'): PointResult {
  return {
    seq, point: { frequencyMhz: 500 + seq, coreVoltageMv: 1100 }, purpose: 'test', verdict, failures: [],
    measurement: measurementOf({ expectedGhs: hashrateGhs, hashrateGhs, errorPct: 0.3, powerW }), startedAt: 0, endedAt: 0,
  };
}

describe('choosing the best point per objective', () => {
  // J/TH: 1 → 16.0, 2 → 15.0, 3 → 15.5, 4 → 17.0, 5 (failed) → 14.0
  const points = [point(1, 1000, 16), point(2, 1100, 16.5), point(3, 1200, 18.6), point(4, 1300, 22.1), point(5, 1400, 19.6, 'fail')];

  it('efficiency: the lowest J/TH among passing points only', () => {
    expect(choosePoint(points, 'efficiency')?.seq).toBe(2);
  });

  it('hashrate: the highest passing hashrate', () => {
    expect(choosePoint(points, 'hashrate')?.seq).toBe(4);
  });

  it('hashrate: near-equal hashrates are a tie broken by J/TH', () => {
    expect(choosePoint([point(1, 1300, 22.1), point(2, 1297, 20)], 'hashrate')?.seq).toBe(2);
  });

  it('balanced: the highest hashrate within 5 % of the best J/TH', () => {
    // Best 15.0; 15.5 is within 5 %, 17.0 is not.
    expect(choosePoint(points, 'balanced')?.seq).toBe(3);
  });

  it('nothing when nothing passed', () => {
    expect(choosePoint([point(1, 1000, 16, 'fail'), point(2, 1000, 16, 'beaten')], 'efficiency')).toBeNull();
  });
});
