import { describe, expect, it } from 'vitest';
import type { Rung } from '../../../src/autopilot/types.js';
import type { DaySample } from '../../../bench/autopilot/day.js';
import { dayMetrics } from '../../../bench/autopilot/metrics.js';
import { oracleDay } from '../../../bench/autopilot/oracle.js';
import { DAY_START, MINUTE_MS, type OwnerLimits } from '../../../bench/autopilot/scenario.js';

const limits: OwnerLimits = { chipTargetC: 65, vrMaxC: 85, fanMaxPct: 100, powerCapW: 40, errorMaxPct: 2, inputVoltageMinV: 4.8 };
const rung = (frequencyMhz: number, coreVoltageMv: number): Rung => ({
  frequencyMhz, coreVoltageMv, hashrateGhs: null, powerW: null, efficiencyJth: null, chipTempC: null, source: 'test',
});

describe('the oracle', () => {
  it('runs the top rung in the cool night, a lower one in the hot afternoon, and nothing while the fan is dead', () => {
    const spec = { name: 'gamma-1', model: 'gamma' as const, seed: 1, firmware: '2.12' as const, fanFailure: { atMinute: 13 * 60, minutes: 30 } };
    const day = oracleDay(spec, [rung(525, 1090), rung(750, 1230), rung(800, 1289)], limits);
    expect(day).toHaveLength(1440);
    expect(day[4 * 60]?.rung?.frequencyMhz).toBe(800);
    expect(day[15 * 60 + 30]?.rung?.frequencyMhz).toBeLessThan(800);
    expect(day[13 * 60 + 10]).toMatchObject({ rung: null, hashrateGhs: 0 });
    expect(day[13 * 60 + 40]?.hashrateGhs).toBeGreaterThan(0);
  });
});

describe('a day\'s metrics', () => {
  const sample = (minute: number, second: number, over: Partial<DaySample> = {}): DaySample => ({
    ts: DAY_START + minute * MINUTE_MS + second * 1000, hashrateGhs: 1000, powerW: 20, chipTempC: 60, vrTempC: 60, fanPct: 50,
    errorPct: 0.5, asicRunning: true, frequencyMhz: 600, coreVoltageMv: 1200, overheatTrips: 0, stalled: false, ...over,
  });

  it('counts a minute outside when any reading in it breaks a limit, and each reversal of the frequency', () => {
    const samples = [
      sample(0, 30), sample(0, 60),
      sample(1, 30, { chipTempC: 65.5 }), sample(1, 60, { frequencyMhz: 575 }),
      sample(2, 30, { frequencyMhz: 550, errorPct: 3, asicRunning: false }), sample(2, 60, { frequencyMhz: 575, overheatTrips: 1 }),
      sample(3, 30, { frequencyMhz: 600, fanPct: 100.5, overheatTrips: 1 }), sample(3, 60, { frequencyMhz: 575, overheatTrips: 1 }),
    ];
    const m = dayMetrics({
      spec: { name: 'g', model: 'gamma', seed: 1, firmware: '2.12' }, policy: 'p', samples, audit: [], tripsBefore: 0, hasVrSensor: true, limits,
      oracle: [{ ambientC: 20, rung: null, hashrateGhs: 1000, powerW: 20 }],
    });
    expect(m).toMatchObject({ minutes: 4, insideMinutes: 2, outside: { chip: 1, fan: 1, errors: 0 }, trips: 1, directionChanges: 2, stallMinutes: null });
  });

  it('measures the stall from its start to the first hashing reading', () => {
    const samples = [sample(10, 10, { stalled: true, hashrateGhs: 0 }), sample(15, 0, { stalled: false, hashrateGhs: 0 }), sample(16, 30)];
    const m = dayMetrics({
      spec: { name: 'g', model: 'gamma', seed: 1, firmware: '2.12', stall: { atMinute: 10 } }, policy: 'p', samples, audit: [], tripsBefore: 0,
      hasVrSensor: true, limits, oracle: [],
    });
    expect(m.stallMinutes).toBeCloseTo(6.5);
  });
});
