import { describe, expect, it } from 'vitest';
import { efficiencyJth, isAxeOsInfo, isNerdQAxeInfo, normalizeAsic, normalizeInfo } from '../../../src/axeos/normalize.js';
import type { AsicInfo } from '../../../src/axeos/telemetry.js';

const TS = Date.UTC(2026, 0, 1);

/** A trimmed v2.12-style Gamma answer; each test changes what it is about. */
const gamma = (): Record<string, unknown> => ({
  power: 18.75, voltage: 5093.75, current: 12015.625, temp: 60.125, temp2: -1, vrTemp: 62, hashRate: 1072.2,
  expectedHashrate: 1071, bestDiff: 49224525, bestSessionDiff: 2038368, poolDifficulty: 1000, coreVoltage: 1150,
  coreVoltageActual: 1144, frequency: 525, macAddr: '10:F5:12:33:BB:F0', hostname: 'bitaxe', ipv4: '10.1.10.111',
  sharesAccepted: 4768, sharesRejected: 13, uptimeSeconds: 18574, smallCoreCount: 2040, ASICModel: 'BM1370',
  stratumURL: 'public-pool.io', stratumPort: 21496, isUsingFallbackStratum: 0, version: 'v2.12.2',
  boardVersion: '601', overheat_mode: 0, autofanspeed: 1, fanspeed: 48.42, temptarget: 60, fanrpm: 3915,
});

const normalize = (raw: Record<string, unknown>, asic?: AsicInfo | null) => normalizeInfo(raw, { ts: TS, asic });

describe('isAxeOsInfo', () => {
  it('accepts an object carrying AxeOS info keys', () => {
    expect(isAxeOsInfo(gamma())).toBe(true);
    expect(isAxeOsInfo({ hashRate: 0, version: '2.12.2' })).toBe(true);
  });

  it.each([
    ['an array', [gamma()]],
    ['a string', 'hashRate version'],
    ['null', null],
    ['a number', 42],
    ['an empty object', {}],
    ['the 2.9+ unknown-route answer', { error: 'unknown route' }],
    ['an object with one AxeOS-looking key', { version: '1.2.3', name: 'some other device' }],
  ])('rejects %s', (_label, value) => {
    expect(isAxeOsInfo(value)).toBe(false);
  });
});

describe('normalizeInfo', () => {
  it('keeps the owner-facing units explicit', () => {
    const t = normalize(gamma());
    expect(t).toMatchObject({
      ts: TS, inputVoltageV: 5.094, currentA: 12.016, powerW: 18.75, chipTempC: 60.13, chipTemp2C: null, vrTempC: 62,
      coreVoltageMv: 1150, frequencyMhz: 525, fanPct: 48.42, fanRpm: 3915, autoFan: true, model: 'gamma', asicCount: 1,
      poolUrl: 'public-pool.io:21496', usingFallbackPool: false, overheat: false,
    });
  });

  it('rounds C-float artefacts away', () => {
    const t = normalize({ ...gamma(), power: 37.5999984741211, temp: 59.87500000001, frequency: 525.0000001 });
    expect(t.powerW).toBe(37.6);
    expect(t.chipTempC).toBe(59.88);
    expect(t.frequencyMhz).toBe(525);
  });

  it('treats the temperature sentinels as no reading', () => {
    const t = normalize({ ...gamma(), temp: -1, temp2: 0, vrTemp: 0 });
    expect([t.chipTempC, t.chipTemp2C, t.vrTempC]).toEqual([null, null, null]);
    expect(normalize({ ...gamma(), temp2: 61.5 }).chipTemp2C).toBe(61.5);
  });

  it('keeps a hashrate of 0 right after boot as a real 0, without an efficiency', () => {
    const t = normalize({ ...gamma(), hashRate: 0 });
    expect(t.hashrateGhs).toBe(0);
    expect(t.efficiencyJth).toBeNull();
  });

  it('computes efficiency as AxeOS shows it, or none without power or hashrate', () => {
    expect(efficiencyJth(18.8, 1072)).toBe(17.537);
    expect(efficiencyJth(null, 1072)).toBeNull();
    expect(efficiencyJth(18.8, -3)).toBeNull();
    expect(efficiencyJth(18.8, null)).toBeNull();
  });

  it('reads capital-S fanSpeed as RPM (2.1.x) and never as a duty', () => {
    const { fanspeed: _duty, fanrpm: _rpm, ...rest } = gamma();
    const t = normalize({ ...rest, fanSpeed: 4200 });
    expect(t.fanRpm).toBe(4200);
    expect(t.fanPct).toBeNull();
    expect(normalize({ ...rest, fanSpeedRpm: 3100 }).fanRpm).toBe(3100);
  });

  it('reads fan mode and flags from numbers or booleans; any NerdQAxe mode but 0 is auto', () => {
    expect(normalize({ ...gamma(), autofanspeed: 0 }).autoFan).toBe(false);
    expect(normalize({ ...gamma(), autofanspeed: 2 }).autoFan).toBe(true);
    expect(normalize({ ...gamma(), autofanspeed: 3 }).autoFan).toBe(true);
    expect(normalize({ ...gamma(), overheat_mode: true }).overheat).toBe(true);
    expect(normalize({ ...gamma(), isUsingFallbackStratum: false }).usingFallbackPool).toBe(false);
    expect(normalize({ ...gamma(), miningPaused: true }).miningPaused).toBe(true);
  });

  it('reports faults only when the firmware sends them', () => {
    expect(normalize(gamma())).toMatchObject({ powerFault: null, hardwareFault: null });
    const t = normalize({ ...gamma(), power_fault: 'Input voltage too low', hardware_fault: 'ASIC not found' });
    expect(t).toMatchObject({ powerFault: 'Input voltage too low', hardwareFault: 'ASIC not found' });
  });

  it('takes the pool difficulty from stratumDiff on 2.5–2.8, and counts blocks', () => {
    const { poolDifficulty: _gone, ...rest } = gamma();
    expect(normalize({ ...rest, stratumDiff: 2330 }).poolDifficulty).toBe(2330);
    expect(normalize({ ...gamma(), blockFound: 1 }).blocksFound).toBe(1);
  });

  it('takes the firmware from version or axeOSVersion, as the device says it', () => {
    const { version: _v, ...rest } = gamma();
    expect(normalize({ ...rest, axeOSVersion: '2.12.2' }).firmware).toBe('2.12.2');
    expect(normalize(gamma()).firmware).toBe('v2.12.2');
  });

  it('shows the fallback pool while the miner uses it', () => {
    const t = normalize({ ...gamma(), isUsingFallbackStratum: 1, fallbackStratumURL: 'solo.ckpool.org', fallbackStratumPort: 3333 });
    expect(t.poolUrl).toBe('solo.ckpool.org:3333');
  });

  describe('asicCount', () => {
    const withoutCount = (): Record<string, unknown> => {
      const { boardVersion: _b, expectedHashrate: _e, ...rest } = gamma();
      return rest;
    };

    it('comes from info when there (before 2.9)', () => {
      // Without the info's own count, the ASIC alone would say a single-chip Gamma.
      expect(normalize({ ...withoutCount(), asicCount: 2 })).toMatchObject({ asicCount: 2, model: 'gammaduo' });
    });

    it('then from /api/system/asic', () => {
      const asic = normalizeAsic({ ASICModel: 'BM1370', asicCount: 2 });
      const t = normalize(withoutCount(), asic);
      expect(t.asicCount).toBe(2);
      expect(t.model).toBe('gammaduo');
      expect(t.expectedHashrateGhs).toBe(2142);
    });

    it('then from expectedHashrate when it divides out whole', () => {
      const { boardVersion: _b, ...rest } = gamma();
      expect(normalize({ ...rest, expectedHashrate: 2142 }).asicCount).toBe(2);
      // 1500 / 1071 is no whole number of chips: the model table's single Gamma decides instead.
      expect(normalize({ ...rest, expectedHashrate: 1500 }).asicCount).toBe(1);
    });

    it('then from the model table', () => {
      expect(normalize({ ...withoutCount(), boardVersion: '302', ASICModel: 'BM1366', smallCoreCount: 894 }).asicCount).toBe(6);
    });

    it('computes expectedHashrate when the firmware does not send it', () => {
      const { expectedHashrate: _e, ...rest } = gamma();
      expect(normalize({ ...rest, frequency: 600 }).expectedHashrateGhs).toBe(1224);
    });
  });

  it('identifies a NerdQAxe from deviceModel and reads its hostip', () => {
    const { ipv4: _ip, expectedHashrate: _e, boardVersion: _b, ...rest } = gamma();
    const raw = { ...rest, deviceModel: 'NerdQAxe++', hostip: '192.168.1.50', autofanspeed: 2, frequency: 600 };
    const t = normalize(raw);
    expect(t).toMatchObject({ model: 'nerdqaxe++', ipv4: '192.168.1.50', asicCount: 4, expectedHashrateGhs: 4896, autoFan: true });
    expect(isNerdQAxeInfo(raw)).toBe(true);
    expect(isNerdQAxeInfo(gamma())).toBe(false);
  });

  describe('one odd field never fails the poll', () => {
    it.each([
      ['a string where a number belongs', 'temp', '60.1', 'chipTempC'],
      ['NaN', 'power', Number.NaN, 'powerW'],
      ['infinity', 'hashRate', Number.POSITIVE_INFINITY, 'hashrateGhs'],
      ['nested garbage', 'frequency', { mhz: [525] }, 'frequencyMhz'],
      ['an array as a string', 'sharesAccepted', '[1,2,3]', 'sharesAccepted'],
      ['an array', 'coreVoltage', [1150], 'coreVoltageMv'],
      ['null', 'uptimeSeconds', null, 'uptimeS'],
      ['an object as a string', 'bestDiff', '{"value":1}', 'bestDiff'],
      ['a number where text belongs', 'macAddr', { mac: 1 }, 'mac'],
      ['a word where a flag belongs', 'overheat_mode', 'maybe', 'overheat'],
    ] as const)('%s yields null for that field only', (_label, key, value, field) => {
      const good = normalize(gamma());
      const odd = normalize({ ...gamma(), [key]: value });
      expect(odd[field]).toBeNull();
      const others = (t: typeof good) => Object.fromEntries(Object.entries(t).filter(([name]) => name !== field && name !== 'efficiencyJth'));
      expect(others(odd)).toEqual(others(good));
    });

    it('ignores arrays encoded as strings and unknown keys', () => {
      const raw = { ...gamma(), sharesRejectedReasons: '[{"message":"Stale","count":13}]', asicTemps: '[60,61]', someForkKey: { a: [1] } };
      expect(normalize(raw)).toEqual(normalize(gamma()));
    });

    it('survives an answer that is all garbage', () => {
      const t = normalize({ hashRate: 'fast', temp: [], version: 7, ASICModel: null, bestDiff: -1 });
      expect(t).toMatchObject({ hashrateGhs: null, chipTempC: null, firmware: '7', asicModel: null, bestDiff: null, model: null });
    });
  });
});

describe('normalizeAsic', () => {
  it('reads the /api/system/asic answer', () => {
    const asic = normalizeAsic({
      ASICModel: 'BM1370', deviceModel: 'Gamma', asicCount: 1, swarmColor: 'purple', defaultFrequency: 525,
      frequencyOptions: [400, 490, 525, 550, 600, 625], defaultVoltage: 1150, voltageOptions: [1000, 1060, 1100, 1150, 1200, 1250],
    });
    expect(asic).toEqual({
      asicModel: 'BM1370', deviceModel: 'Gamma', asicCount: 1, defaultFrequencyMhz: 525, defaultCoreVoltageMv: 1150,
      frequencyOptionsMhz: [400, 490, 525, 550, 600, 625], voltageOptionsMv: [1000, 1060, 1100, 1150, 1200, 1250],
    });
  });

  it('reads option lists that a fork encoded as strings', () => {
    const asic = normalizeAsic({ frequencyOptions: '[500, 525, 550]', voltageOptions: '1120,1150' });
    expect(asic.frequencyOptionsMhz).toEqual([500, 525, 550]);
    expect(asic.voltageOptionsMv).toEqual([1120, 1150]);
  });

  it('gives empty lists and nulls for garbage, never throws', () => {
    const asic = normalizeAsic({ asicCount: 'four', frequencyOptions: [500, 'x'], voltageOptions: { a: 1 }, defaultFrequency: Number.NaN });
    expect(asic).toEqual({
      asicModel: null, deviceModel: null, asicCount: null, defaultFrequencyMhz: null, defaultCoreVoltageMv: null,
      frequencyOptionsMhz: [], voltageOptionsMv: [],
    });
    expect(normalizeAsic('not json').frequencyOptionsMhz).toEqual([]);
    expect(normalizeAsic(null).asicCount).toBeNull();
  });
});
