import { describe, expect, it } from 'vitest';
import { stopReason } from '../../../src/bench/measure.js';
import type { MeasurePlan } from '../../../src/bench/types.js';
import { DEFAULT_GATES, measurementOf } from './fakes.js';

const plan = (extra: Partial<MeasurePlan> = {}): MeasurePlan => ({
  sampleIntervalMs: 3000, minMs: 6000, maxMs: 60_000, minSamples: 3, summary: 'statistics', stopWhenFailing: true, ...extra,
});

describe('when a point stops', () => {
  it('stops once the interval is tight enough, not before', () => {
    const loose = measurementOf({ expectedGhs: 1071, hashrateGhs: 1065, hashrateHalfWidth: 20, errorPct: 0.3, powerW: 18 });
    const tight = measurementOf({ expectedGhs: 1071, hashrateGhs: 1065, hashrateHalfWidth: 8, errorPct: 0.3, powerW: 18 });
    const precise = plan({ precision: { metric: 'hashrate', relativeHalfWidth: 0.01 } });
    expect(stopReason(loose, precise, DEFAULT_GATES)).toBeNull();
    expect(stopReason(tight, precise, DEFAULT_GATES)).toBe('precise');
  });

  it('stops once the error rate is clearly on one side of the threshold', () => {
    const decide = plan({ errorDecisionPct: 1 });
    const below = measurementOf({ expectedGhs: 1071, hashrateGhs: 1065, errorPct: 0.5, errorHalfWidth: 0.1, powerW: 18 });
    const above = measurementOf({ expectedGhs: 1071, hashrateGhs: 1055, errorPct: 1.5, errorHalfWidth: 0.2, powerW: 18 });
    const unsure = measurementOf({ expectedGhs: 1071, hashrateGhs: 1060, errorPct: 0.95, errorHalfWidth: 0.2, powerW: 18 });
    expect(stopReason(below, decide, DEFAULT_GATES)).toBe('decided');
    expect(stopReason(above, decide, DEFAULT_GATES)).toBe('decided');
    expect(stopReason(unsure, decide, DEFAULT_GATES)).toBeNull();
  });

  it('without an error counter, decides on the hashrate those errors would cost', () => {
    const decide = plan({ errorDecisionPct: 2 });
    const short = measurementOf({ expectedGhs: 1000, hashrateGhs: 950, hashrateHalfWidth: 10, errorPct: null, powerW: 18 });
    const full = measurementOf({ expectedGhs: 1000, hashrateGhs: 995, hashrateHalfWidth: 5, errorPct: null, powerW: 18 });
    expect(stopReason(short, decide, DEFAULT_GATES)).toBe('decided');
    expect(stopReason(full, decide, DEFAULT_GATES)).toBe('decided');
  });

  it('stops a clearly failing point, and a clearly beaten one', () => {
    const failing = measurementOf({ expectedGhs: 1071, hashrateGhs: 800, errorPct: 25, powerW: 18 });
    expect(stopReason(failing, plan(), DEFAULT_GATES)).toBe('failing');
    expect(stopReason(failing, plan({ stopWhenFailing: false }), DEFAULT_GATES)).toBeNull();
    const worse = measurementOf({ expectedGhs: 1071, hashrateGhs: 1065, errorPct: 0.3, powerW: 19 });
    expect(stopReason(worse, plan({ beatenAboveJth: 17 }), DEFAULT_GATES)).toBe('beaten');
    expect(stopReason(worse, plan({ beatenAboveJth: 18 }), DEFAULT_GATES)).toBeNull();
  });

  it('never stops the classic sweep early: it always takes its 40 samples', () => {
    const failing = measurementOf({ expectedGhs: 1071, hashrateGhs: 800, errorPct: 25, powerW: 18 });
    expect(stopReason(failing, plan({ summary: 'classic', errorDecisionPct: 1 }), DEFAULT_GATES)).toBeNull();
  });
});
