import { describe, expect, it } from 'vitest';
import { isAtLeast, parseFirmwareVersion } from '../../../src/axeos/firmware-version.js';
import { settingsBody } from '../../../src/axeos/settings-body.js';

const espMiner = (version: string | null) => ({ version, nerdqaxe: false });

describe('parseFirmwareVersion', () => {
  it.each([
    ['v2.10.1', { major: 2, minor: 10, patch: 1 }],
    ['2.12.2', { major: 2, minor: 12, patch: 2 }],
    ['v2.0.7-48-ge561f60', { major: 2, minor: 0, patch: 7 }],
    ['v2.4.5-3-gb5d1e36-dirty', { major: 2, minor: 4, patch: 5 }],
    ['v2.11', { major: 2, minor: 11, patch: 0 }],
  ])('reads %s', (text, expected) => {
    expect(parseFirmwareVersion(text)).toEqual(expected);
  });

  it.each([null, undefined, '', 'unknown', 'build-42'])('gives null for %j', (text) => {
    expect(parseFirmwareVersion(text)).toBeNull();
  });

  it('compares numerically, not as text', () => {
    expect(isAtLeast(parseFirmwareVersion('v2.9.0'), 2, 11)).toBe(false);
    expect(isAtLeast(parseFirmwareVersion('v2.10.9'), 2, 11)).toBe(false);
    expect(isAtLeast(parseFirmwareVersion('v2.11.0'), 2, 11)).toBe(true);
    expect(isAtLeast(parseFirmwareVersion('v3.0.0'), 2, 11)).toBe(true);
    expect(isAtLeast(parseFirmwareVersion('v1.99.0'), 2, 11)).toBe(false);
    expect(isAtLeast(null, 2, 11)).toBeNull();
  });
});

describe('settingsBody', () => {
  it('maps every setting to its PATCH key', () => {
    const body = settingsBody(
      { frequencyMhz: 550, coreVoltageMv: 1180, tempTargetC: 62, overheat: false, autoFan: true },
      espMiner('v2.12.2'),
    );
    expect(body).toEqual({ frequency: 550, coreVoltage: 1180, temptarget: 62, overheat_mode: 0, autofanspeed: 1 });
  });

  it('sends only the keys that were given', () => {
    expect(settingsBody({ frequencyMhz: 500 }, espMiner('v2.12.2'))).toEqual({ frequency: 500 });
    expect(settingsBody({}, espMiner('v2.12.2'))).toEqual({});
  });

  it('uses manualFanSpeed from v2.11 on', () => {
    expect(settingsBody({ autoFan: false, fanPct: 70 }, espMiner('v2.11.0'))).toEqual({ autofanspeed: 0, manualFanSpeed: 70 });
    expect(settingsBody({ fanPct: 70 }, espMiner('2.12.2'))).toEqual({ manualFanSpeed: 70 });
  });

  it('uses fanspeed up to v2.10, dev builds included', () => {
    expect(settingsBody({ autoFan: false, fanPct: 70 }, espMiner('v2.10.1'))).toEqual({ autofanspeed: 0, fanspeed: 70 });
    expect(settingsBody({ fanPct: 40 }, espMiner('v2.4.5-3-gb5d1e36-dirty'))).toEqual({ fanspeed: 40 });
    expect(settingsBody({ fanPct: 40 }, espMiner('v2.0.7-48-ge561f60'))).toEqual({ fanspeed: 40 });
  });

  it('sends both fan keys when the version is unknown or unreadable', () => {
    expect(settingsBody({ fanPct: 55 }, espMiner(null))).toEqual({ manualFanSpeed: 55, fanspeed: 55 });
    expect(settingsBody({ fanPct: 55 }, espMiner('custom-build'))).toEqual({ manualFanSpeed: 55, fanspeed: 55 });
  });

  it('asks NerdQAxe for its automatic fan mode 2, and manual is still 0', () => {
    const nerd = { version: 'v1.0.35', nerdqaxe: true };
    expect(settingsBody({ autoFan: true }, nerd)).toEqual({ autofanspeed: 2 });
    expect(settingsBody({ autoFan: false }, nerd)).toEqual({ autofanspeed: 0 });
    // The fork's version numbers are not ESP-Miner's: both fan keys go.
    expect(settingsBody({ fanPct: 80 }, nerd)).toEqual({ manualFanSpeed: 80, fanspeed: 80 });
  });

  it('never sends overheat_mode unless clearing it', () => {
    expect(settingsBody({ frequencyMhz: 525 }, espMiner('v2.12.2'))).not.toHaveProperty('overheat_mode');
  });
});
