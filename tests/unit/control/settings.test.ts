import { describe, expect, it } from 'vitest';
import { describeChange, replacedValues, settingsConfirmed, settingsFromTelemetry } from '../../../src/control/settings.js';
import { telemetry } from '../../integration/store/helpers.js';

describe('settings', () => {
  it('reads the writable settings from a poll, with the manual duty only in manual mode', () => {
    const auto = telemetry({ ts: 0, frequencyMhz: 525, coreVoltageMv: 1150, autoFan: true, fanPct: 43.7, tempTargetC: 60 });
    expect(settingsFromTelemetry(auto)).toEqual({ frequencyMhz: 525, coreVoltageMv: 1150, autoFan: true, tempTargetC: 60 });
    const manual = telemetry({ ts: 0, autoFan: false, fanPct: 59.6 });
    expect(settingsFromTelemetry(manual)).toEqual({ autoFan: false, fanPct: 60 });
    expect(settingsFromTelemetry(telemetry({ ts: 0 }))).toBeNull();
  });

  it('remembers only what a change replaces', () => {
    const before = { frequencyMhz: 525, coreVoltageMv: 1150, autoFan: false, fanPct: 60, tempTargetC: 60 };
    expect(replacedValues(before, { frequencyMhz: 575 })).toEqual({ frequencyMhz: 525 });
    expect(replacedValues(before, { autoFan: true })).toEqual({ autoFan: false, fanPct: 60 });
    expect(replacedValues({ autoFan: true }, { autoFan: false, fanPct: 40 })).toEqual({ autoFan: true });
  });

  it('describes a change as the owner reads it', () => {
    expect(describeChange({ frequencyMhz: 525 }, { frequencyMhz: 575 })).toBe('frequency 525 → 575 MHz');
    expect(describeChange(null, { coreVoltageMv: 1200 })).toBe('core voltage ? → 1200 mV');
    expect(describeChange({ autoFan: true }, { autoFan: false, fanPct: 60 })).toBe('fan auto → manual 60 %');
    expect(describeChange({ tempTargetC: 60 }, { tempTargetC: 62, overheat: false })).toBe('fan target 60 → 62 °C, overheat flag cleared');
  });

  it('confirms frequency and voltage within the firmware float noise', () => {
    const reported = telemetry({ ts: 0, frequencyMhz: 574.9999, coreVoltageMv: 1200 });
    expect(settingsConfirmed(reported, { frequencyMhz: 575, coreVoltageMv: 1200 })).toBe(true);
    expect(settingsConfirmed(reported, { frequencyMhz: 550 })).toBe(false);
    expect(settingsConfirmed(telemetry({ ts: 0 }), { coreVoltageMv: 1200 })).toBe(false);
  });
});
