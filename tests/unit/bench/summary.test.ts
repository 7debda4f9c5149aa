import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/bench/summary.js';
import { reading } from './fakes.js';

const common = { settleMs: 0, settled: true, measureMs: 600_000, stoppedBy: 'fixed-window' as const };

describe('summaries of a point', () => {
  it('classic: hashrate without its 3 highest and 3 lowest, temperatures without their 6 lowest, plain mean power', () => {
    const hashrates = [100, 1000, 1001, 999, 1000, 1000, 2000, 1001, 999, 5, 3000, 1000];
    const temps = [40, 41, 42, 43, 44, 45, 60, 60, 60, 60, 60, 60];
    const readings = hashrates.map((h, i) => reading({ ts: i * 15_000, hashrateGhs: h, chipTempC: temps[i] ?? 60, powerW: 18 + (i % 2) }));
    const m = summarize({ readings, expectedHashrateGhs: 1071, kind: 'classic', ...common });
    expect(m.hashrateGhs.mean).toBeCloseTo(1000, 6);
    expect(m.chipTempC?.mean).toBe(60);
    expect(m.powerW.mean).toBe(18.5);
    // mrv777's J/TH: mean power over the trimmed hashrate.
    expect(m.efficiencyJth.mean).toBeCloseTo(18.5, 6);
  });

  it('computes J/TH from the error-corrected expected hashrate while the measurement agrees with it', () => {
    const readings = Array.from({ length: 20 }, (_, i) => reading({ ts: i * 3000, hashrateGhs: 1060 + (i % 3) * 10, errorPct: 1, powerW: 18 }));
    const m = summarize({ readings, expectedHashrateGhs: 1071, kind: 'statistics', ...common });
    expect(m.effectiveHashrateGhs.mean).toBeCloseTo(1071 * 0.99, 6);
    expect(m.efficiencyJth.mean).toBeCloseTo(18 / 1.06029, 3);
    expect(m.hashrateRatio.mean).toBeCloseTo(1069.5 / 1071, 6);
  });

  it('trusts the measured hashrate when a dead hash domain makes it disagree', () => {
    const readings = Array.from({ length: 20 }, (_, i) => reading({ ts: i * 3000, hashrateGhs: 800 + (i % 2), errorPct: 0.2, powerW: 18 }));
    const m = summarize({ readings, expectedHashrateGhs: 1071, kind: 'statistics', ...common });
    expect(m.effectiveHashrateGhs.mean).toBeCloseTo(800.5, 6);
  });

  it('leaves what the firmware does not report empty', () => {
    const readings = [reading({ ts: 0, errorPct: null, vrTempC: null, inputVoltageV: null })];
    const m = summarize({ readings, expectedHashrateGhs: 1071, kind: 'statistics', ...common });
    expect(m.errorPct).toBeNull();
    expect(m.vrTempC).toBeNull();
    expect(m.inputVoltageV).toBeNull();
    expect(m.effectiveHashrateGhs.mean).toBe(1070);
  });
});
