import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import type { AsicInfo } from '../../../src/axeos/telemetry.js';
import { allowedRanges, deviceOptions, rangeRefusal, type DeviceOptions } from '../../../src/control/limits.js';

/** A Gamma's own options, as its /api/system/asic reports them. */
const GAMMA_ASIC: AsicInfo = {
  asicModel: 'BM1370', deviceModel: 'Gamma', asicCount: 1, defaultFrequencyMhz: 525, defaultCoreVoltageMv: 1150,
  frequencyOptionsMhz: [525, 400, 490, 550, 600, 625], voltageOptionsMv: [1000, 1060, 1100, 1150, 1200, 1250],
};

const limitsWith = (overrides: Record<string, unknown> = {}) => parseConfig({ limits: overrides }, {}).limits;
const options = deviceOptions(GAMMA_ASIC, null) as DeviceOptions;
const refusal = (settings: Parameters<typeof rangeRefusal>[1], limits = limitsWith()) => rangeRefusal('gamma', settings, options, limits);

describe('device options', () => {
  it('come sorted from /api/system/asic, else from the model table, else are unknown', () => {
    expect(options).toMatchObject({ frequencyOptions: [400, 490, 525, 550, 600, 625], source: 'device' });
    const fromModel = deviceOptions(null, { model: 'supra' } as never);
    expect(fromModel).toMatchObject({ source: 'model table', frequencyOptions: [400, 425, 450, 475, 490, 500, 525, 550, 575] });
    expect(deviceOptions(null, { model: null, boardVersion: '601', asicModel: 'BM1370', asicCount: 1 } as never)?.voltageOptions).toContain(1150);
    expect(deviceOptions(null, null)).toBeNull();
    expect(rangeRefusal('old', { frequencyMhz: 500 }, null, limitsWith())).toContain('not known yet');
    expect(rangeRefusal('old', { tempTargetC: 60 }, null, limitsWith())).toBeNull();
  });
});

describe('frequency and voltage ranges', () => {
  it('allows the options themselves and anything between the lowest and the highest', () => {
    expect(refusal({ frequencyMhz: 400 })).toBeNull();
    expect(refusal({ frequencyMhz: 625 })).toBeNull();
    expect(refusal({ frequencyMhz: 512.5 })).toBeNull();
    expect(refusal({ coreVoltageMv: 1125 })).toBeNull();
  });

  it('refuses below the lowest option and above the highest, naming the allowed range', () => {
    expect(refusal({ frequencyMhz: 350 })).toBe("gamma: 350 MHz is outside 400–625 MHz (the device's own options)");
    expect(refusal({ frequencyMhz: 700 })).toBe(
      "gamma: 700 MHz is outside 400–625 MHz (the device's own options; set limits.allowOverclock to go beyond)",
    );
    expect(refusal({ coreVoltageMv: 1300 })).toContain('outside 1000–1250 mV');
    expect(refusal({ coreVoltageMv: 1150.5 })).toContain('whole number of mV');
    expect(refusal({ frequencyMhz: Number.NaN })).toContain('is not a frequency');
  });

  it('goes beyond the options only with allowOverclock and a ceiling, never above the ceiling', () => {
    const noCeiling = limitsWith({ allowOverclock: true });
    expect(refusal({ frequencyMhz: 700 }, noCeiling)).toContain('limits.maxFrequencyMhz is not set');
    expect(refusal({ coreVoltageMv: 1300 }, noCeiling)).toContain('limits.maxCoreVoltageMv is not set');
    const overclock = limitsWith({ allowOverclock: true, maxFrequencyMhz: 800, maxCoreVoltageMv: 1300 });
    expect(refusal({ frequencyMhz: 700, coreVoltageMv: 1280 }, overclock)).toBeNull();
    expect(refusal({ frequencyMhz: 850 }, overclock)).toBe('gamma: 850 MHz is above limits.maxFrequencyMhz (800 MHz); allowed 400–800 MHz');
    expect(allowedRanges(options, overclock)).toMatchObject({ frequencyMhz: [400, 800], coreVoltageMv: [1000, 1300] });
  });

  it('keeps a ceiling below the highest option even without overclocking', () => {
    const capped = limitsWith({ maxFrequencyMhz: 575 });
    expect(refusal({ frequencyMhz: 600 }, capped)).toBe('gamma: 600 MHz is above limits.maxFrequencyMhz (575 MHz); allowed 400–575 MHz');
    expect(refusal({ frequencyMhz: 550 }, capped)).toBeNull();
    expect(allowedRanges(options, capped).frequencyMhz).toEqual([400, 575]);
    expect(allowedRanges(options, limitsWith()).frequencyMhz).toEqual([400, 625]);
  });
});

describe('fan and temperature target', () => {
  it('holds a manual fan at or above the configured floor and at most 100 %', () => {
    expect(refusal({ autoFan: false, fanPct: 20 })).toBeNull();
    expect(refusal({ autoFan: false, fanPct: 10 })).toBe(
      'gamma: manual fan 10 % is below limits.minManualFanPct (20 %); allowed 20–100 %',
    );
    expect(refusal({ autoFan: false, fanPct: 0 })).toContain('below limits.minManualFanPct');
    expect(refusal({ autoFan: false, fanPct: 101 })).toContain('outside 20–100 %');
    expect(refusal({ autoFan: false, fanPct: 50.5 })).toContain('whole %');
    expect(refusal({ autoFan: false })).toContain('needs a speed');
    expect(refusal({ autoFan: true })).toBeNull();
    expect(refusal({ autoFan: false, fanPct: 10 }, limitsWith({ minManualFanPct: 5 }))).toBeNull();
  });

  it('allows fan targets of 35–66 °C, the firmware range', () => {
    expect(refusal({ tempTargetC: 35 })).toBeNull();
    expect(refusal({ tempTargetC: 66 })).toBeNull();
    expect(refusal({ tempTargetC: 34 })).toBe("gamma: fan target 34 °C is outside 35–66 °C (whole degrees; the firmware's range)");
    expect(refusal({ tempTargetC: 67 })).toContain('outside 35–66 °C');
    expect(refusal({ tempTargetC: 60.5 })).toContain('outside 35–66 °C');
  });
});
