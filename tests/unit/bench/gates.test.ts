import { describe, expect, it } from 'vitest';
import { modelById } from '../../../src/axeos/models.js';
import { clearlyFailing, gatesFor, judgeMeasurement, racingTowardLimit, readingBreaches } from '../../../src/bench/gates.js';
import { parseConfig } from '../../../src/config/load.js';
import { DEFAULT_GATES, measurementOf, reading } from './fakes.js';

describe('gates', () => {
  it('come from config bench.* and the model table', () => {
    const config = parseConfig({}, {});
    expect(gatesFor({ bench: config.bench, model: modelById('gamma') })).toEqual({
      minHashrateRatio: 0.94, maxErrorPct: 2, maxChipTempC: 68, maxVrTempC: 90, maxPowerW: 40, inputWindowV: [4.8, 5.5],
    });
    expect(gatesFor({ bench: config.bench, model: modelById('nerdqaxe++') }).maxPowerW).toBe(100);
    const custom = parseConfig({ bench: { maxPowerW: 25, maxChipTempC: 65, minHashratePct: 90, maxErrorPct: 3.5 } }, {});
    expect(gatesFor({ bench: custom.bench, model: modelById('gamma') })).toMatchObject({
      maxPowerW: 25, maxChipTempC: 65, minHashrateRatio: 0.9, maxErrorPct: 3.5,
    });
    expect(gatesFor({ bench: config.bench, model: undefined })).toMatchObject({ maxPowerW: 40, inputWindowV: null });
  });

  it('a single reading over a hard limit is a breach, each named', () => {
    expect(readingBreaches(reading({ ts: 0 }), DEFAULT_GATES)).toEqual([]);
    const hot = readingBreaches(reading({ ts: 0, chipTempC: 68.5, vrTempC: 91, powerW: 41, inputVoltageV: 4.7, overheat: true }), DEFAULT_GATES);
    expect(hot.map((f) => f.gate)).toEqual(['overheat', 'chipTemp', 'vrTemp', 'power', 'inputVoltage']);
    expect(hot[1]?.detail).toBe('chip 68.5 °C > 68 °C');
    // No VR sensor (Supra, Ultra) and no reading are not breaches.
    expect(readingBreaches(reading({ ts: 0, vrTempC: null, inputVoltageV: null }), DEFAULT_GATES)).toEqual([]);
  });

  it('sees a temperature racing toward its limit, but not a normal warm-up', () => {
    const rising = [0, 5, 10, 15, 20].map((s, i) => reading({ ts: s * 1000, chipTempC: 58 + i * 1.5 }));
    expect(racingTowardLimit(rising, DEFAULT_GATES).map((f) => f.gate)).toEqual(['chipTemp']);
    // A restart's warm-up climbs as fast, but far below the limit.
    const warmUp = [0, 5, 10, 15, 20].map((s, i) => reading({ ts: s * 1000, chipTempC: 55 + i * 1.5 }));
    expect(racingTowardLimit(warmUp, DEFAULT_GATES)).toEqual([]);
    expect(racingTowardLimit(rising.slice(0, 2), DEFAULT_GATES)).toEqual([]);
  });

  it('judges a summary by its point estimates and sees clear failures by the interval', () => {
    const good = measurementOf({ expectedGhs: 1071, hashrateGhs: 1065, errorPct: 0.5, powerW: 18 });
    expect(judgeMeasurement(good, DEFAULT_GATES)).toEqual([]);
    const errors = measurementOf({ expectedGhs: 1071, hashrateGhs: 1040, errorPct: 2.4, errorHalfWidth: 0.6, powerW: 18 });
    expect(judgeMeasurement(errors, DEFAULT_GATES).map((f) => f.gate)).toEqual(['errors']);
    // 2.4 ± 0.6 could still be under 2 %: not clearly failing yet.
    expect(clearlyFailing(errors, DEFAULT_GATES)).toEqual([]);
    const bad = measurementOf({ expectedGhs: 1071, hashrateGhs: 900, errorPct: 15, powerW: 18 });
    expect(clearlyFailing(bad, DEFAULT_GATES).map((f) => f.gate)).toEqual(['hashrate', 'errors']);
    const hot = measurementOf({ expectedGhs: 1071, hashrateGhs: 1065, errorPct: 0.2, powerW: 41, chipTempC: 69 });
    expect(judgeMeasurement(hot, DEFAULT_GATES).map((f) => f.gate)).toEqual(['chipTemp', 'power']);
  });
});
