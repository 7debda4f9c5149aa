import { describe, expect, it } from 'vitest';
import { errorReading, fitErrorCurve, gateCrossingMv, headroomMv } from '../../../src/bench/strategies/error-curve.js';
import type { PointResult } from '../../../src/bench/types.js';
import { measurementOf } from './fakes.js';

/** A probe on a logistic error curve (floor 0.3 %, +2 % at `kneeMv`, `widthMv` per e-fold), read with or without a counter. */
function probe(widthMv: number, kneeMv: number, voltageMv: number, counted: boolean): PointResult {
  const extra = 100 / (1 + Math.exp(-((kneeMv - voltageMv) - widthMv * Math.log(49)) / widthMv));
  const errorPct = 0.3 + extra;
  const measurement = {
    ...measurementOf({ expectedGhs: 1000, hashrateGhs: 1000 * (1 - errorPct / 100), hashrateHalfWidth: 5, errorPct: counted ? errorPct : null, errorHalfWidth: errorPct * 0.05, powerW: 18 }),
    measureMs: 60_000,
  };
  return { seq: 1, point: { frequencyMhz: 600, coreVoltageMv: voltageMv }, purpose: 'knee', verdict: 'pass', failures: [], measurement, startedAt: 0, endedAt: 0 };
}

describe('the device\'s own error curve', () => {
  it.each([6, 12, 18])('recovers a %i mV wide curve from the run\'s counted probes, and where it crosses the gate', (widthMv) => {
    const results = [1250, 1190, 1180, 1170].map((v) => probe(widthMv, 1180, v, true));
    const curve = fitErrorCurve(results);
    expect(curve.widthMv).toBeCloseTo(widthMv, 0);
    // The knee is where the curve adds 2 % over its floor: the gate at floor + 2 %.
    expect(gateCrossingMv(curve, 600, 2 + curve.floorPct)).toBeCloseTo(1180, -1);
  });

  it('reads errors from the missing hashrate without a counter, but only where a long probe shows 8 % or more', () => {
    const results = [1180, 1160, 1150, 1140].map((v) => probe(10, 1180, v, false));
    const curve = fitErrorCurve(results);
    expect(curve.widthMv).toBeCloseTo(10, 0);
    expect(gateCrossingMv(curve, 600, 2.3)).toBeGreaterThan(1170);
    expect(gateCrossingMv(curve, 600, 2.3)).toBeLessThan(1190);
    const short = { ...probe(10, 1180, 1110, false), measurement: { ...probe(10, 1180, 1110, false).measurement!, measureMs: 9_000 } };
    expect(errorReading(short.measurement)).toBeNull();
  });

  it('says how far above the gate a reading sits, on this curve\'s width', () => {
    expect(headroomMv(2, 2, 0.3, 10)).toBeCloseTo(0, 6);
    expect(headroomMv(0.3 + 1.7 / Math.E, 2, 0.3, 10)).toBeCloseTo(10, 0);
    expect(headroomMv(0.3 + 1.7 / Math.E, 2, 0.3, 20)).toBeCloseTo(20, 0);
    expect(headroomMv(5, 2, 0.3, 10)).toBeLessThan(0);
  });
});
