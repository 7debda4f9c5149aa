import { describe, expect, it } from 'vitest';
import { ceilingIndex, ladderFromBenchmark, nearestRungIndex, onFrequencyGrid, protectLadder, summarizeWindow, updateDrift } from '../../../src/autopilot/index.js';
import type { Measurement, PointResult } from '../../../src/bench/types.js';

const est = (mean: number): Measurement['hashrateGhs'] => ({ mean, halfWidth: 0, low: mean, high: mean, n: 30 });

function point(frequencyMhz: number, coreVoltageMv: number, hashrateGhs: number, powerW: number, verdict: PointResult['verdict'] = 'pass'): PointResult {
  return {
    seq: 0, point: { frequencyMhz, coreVoltageMv }, purpose: 'test', verdict, failures: [], startedAt: 0, endedAt: 0,
    measurement: {
      settleMs: 0, settled: true, measureMs: 0, samples: 30, stoppedBy: 'precise', hashrateGhs: est(hashrateGhs), expectedHashrateGhs: hashrateGhs,
      hashrateRatio: est(1), effectiveHashrateGhs: est(hashrateGhs), errorPct: est(0.5), powerW: est(powerW),
      efficiencyJth: est(powerW / (hashrateGhs / 1000)), chipTempC: { mean: 60, max: 61 }, vrTempC: null, inputVoltageV: null, fanPct: 50,
    },
  };
}

const OPTIONS = [400, 490, 525, 550, 600, 625];

describe('the ladder', () => {
  it('is the passing points on the front of hashrate against power, lowest first, on the firmware grid only', () => {
    const points = [
      point(500, 1100, 1000, 16),
      point(525, 1120, 1050, 16.8),
      point(525, 1130, 1051, 16.9), // the best J/TH at least 10 mV above the edge: the efficient choice at 525 MHz
      point(525, 1150, 1052, 17.0), // 30 mV above the knee: the robust choice at 525 MHz
      point(550, 1130, 1100, 17.2),
      point(550, 1130, 1090, 17.3), // measured twice: one rung, judged by the worse measurement
      point(555, 1150, 1110, 17.6), // 555 MHz is neither an option nor a 6.25 MHz step
      point(575, 1160, 1150, 19, 'fail'),
      point(600, 1180, 1190, 18.9),
      point(450, 1100, 900, 16.5), // hashes less and draws more than 500 MHz: dominated
    ];
    const efficient = ladderFromBenchmark(points, { frequencyOptions: OPTIONS, source: 'benchmark 7', choice: 'efficient' });
    // 525/1120 is the edge (the lowest that passed): its J/TH is the best, but a few degrees warmer it errs.
    expect(efficient.map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`)).toEqual(['500/1100', '525/1130', '550/1130', '600/1180']);
    expect(efficient[2]).toMatchObject({ hashrateGhs: 1090, powerW: 17.3 });
    expect(efficient[0]).toMatchObject({ source: 'benchmark 7', efficiencyJth: 16 });
    const robust = ladderFromBenchmark(points, { frequencyOptions: OPTIONS, source: 'benchmark 7' });
    expect(robust.map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`)).toEqual(['500/1100', '525/1150', '550/1130', '600/1180']);
    expect(onFrequencyGrid(556.25, OPTIONS)).toBe(true);
    expect(onFrequencyGrid(555, OPTIONS)).toBe(false);
  });

  it('without an error counter (firmware before 2.11) takes a pass only with the margin above every fail at its frequency and no fail above it', () => {
    const blind = (p: PointResult): PointResult => ({ ...p, measurement: p.measurement ? { ...p.measurement, errorPct: null } : null });
    const points = [
      point(525, 1050, 1050, 17.5),
      point(525, 1030, 1050, 17.1),
      point(525, 1010, 800, 16.8, 'fail'),
      point(600, 1220, 1200, 24), // a lone pass 10 mV above a fail: 4 % errors hide in the hashrate's noise
      point(600, 1210, 1100, 23.7, 'fail'),
      point(625, 1280, 1240, 25.4), // a higher voltage failed at this frequency: the pass was luck
      point(625, 1300, 1000, 26, 'fail'),
    ];
    const seen = ladderFromBenchmark(points, { frequencyOptions: OPTIONS, source: 'b' });
    expect(seen.map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`)).toEqual(['525/1050', '600/1220', '625/1280']);
    const robust = ladderFromBenchmark(points.map(blind), { frequencyOptions: OPTIONS, source: 'b' });
    expect(robust.map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`)).toEqual(['525/1050']);
    const efficient = ladderFromBenchmark(points.map(blind), { frequencyOptions: OPTIONS, source: 'b', choice: 'efficient' });
    expect(efficient.map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`)).toEqual(['525/1050']);
  });

  it('aims for the top in hashrate and protect mode, for the best J/TH in efficiency mode', () => {
    const ladder = ladderFromBenchmark([point(500, 1100, 1000, 16), point(550, 1130, 1100, 17.2), point(600, 1180, 1190, 19.5)], { frequencyOptions: OPTIONS, source: 'b' });
    expect(ceilingIndex(ladder, 'hashrate')).toBe(2);
    expect(ceilingIndex(ladder, 'efficiency')).toBe(1);
    expect(nearestRungIndex(ladder, { frequencyMhz: 575, coreVoltageMv: 1200 })).toBe(1);
    expect(nearestRungIndex(ladder, { frequencyMhz: 600, coreVoltageMv: 1180 })).toBe(2);
  });

  it("protect mode keeps the owner's point on top, with slower points at no more voltage below it", () => {
    const bench = ladderFromBenchmark([point(500, 1100, 1000, 16), point(550, 1200, 1100, 17.2)], { frequencyOptions: OPTIONS, source: 'b' });
    expect(protectLadder({ frequencyMhz: 575, coreVoltageMv: 1150 }, bench, OPTIONS).map((r) => `${r.frequencyMhz}/${r.coreVoltageMv} ${r.source}`))
      .toEqual(['500/1100 b', '575/1150 your settings']);
    expect(protectLadder({ frequencyMhz: 525, coreVoltageMv: 1150 }, [], OPTIONS).map((r) => r.frequencyMhz)).toEqual([400, 490, 525]);
  });
});

describe('window statistics and drift', () => {
  it('takes medians of temperatures, so one odd reading moves nothing, and the slope per minute', () => {
    const readings = [60, 60.2, 95, 60.4, 60.6].map((chip, i) => ({
      ts: i * 15_000, chipTempC: chip, vrTempC: 70, powerW: 18, fanPct: 50, autoFan: true, errorPct: 0.4, inputVoltageV: 5.1, hashrateGhs: 1000,
    }));
    const stats = summarizeWindow(readings);
    expect(stats?.chipTempC).toBe(60.4);
    expect(stats?.autoFan).toBe(true);
    const steady = readings.filter((_, i) => i !== 2).map((r, i) => ({ ...r, ts: i * 15_000 }));
    expect(summarizeWindow(steady)?.chipSlopeCPerMin).toBeCloseTo(0.8, 5);
  });

  it('reports efficiency worse than the benchmark for the configured hours at a comparable temperature, once a day', () => {
    let drift = { ratio: null, ratioAt: null, since: null, notifiedAt: null, rebenchPending: false } as Parameters<typeof updateDrift>[0];
    const reports: number[] = [];
    for (let minute = 0; minute < 8 * 60; minute++) {
      const result = updateDrift(drift, { now: minute * 60_000, measuredJth: 17, benchJth: 16, chipTempC: 61, benchChipTempC: 60, thresholdPct: 5, hoursMs: 3 * 3_600_000 });
      drift = result.drift;
      if (result.report) reports.push(minute);
    }
    expect(reports).toHaveLength(1);
    expect(reports[0]).toBeGreaterThanOrEqual(180);
    // Far hotter than during the benchmark: not comparable, nothing learned.
    const hot = updateDrift({ ...drift, ratio: null, since: null }, { now: 0, measuredJth: 20, benchJth: 16, chipTempC: 70, benchChipTempC: 60, thresholdPct: 5, hoursMs: 1 });
    expect(hot.drift.ratio).toBeNull();
  });
});
