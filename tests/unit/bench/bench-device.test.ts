import { describe, expect, it } from 'vitest';
import { appliesLive, describeDevice } from '../../../src/bench/bench-device.js';
import { modelById } from '../../../src/axeos/models.js';
import { GAMMA_RANGES, reading } from './fakes.js';

describe('what the benchmark knows before its first write', () => {
  it('applies settings live from ESP-Miner 2.2 and on NerdQAxe; older firmware needs a restart per change', () => {
    const gamma = modelById('gamma');
    expect(appliesLive(reading({ ts: 0, firmware: 'v2.12.2' }), gamma)).toBe(true);
    expect(appliesLive(reading({ ts: 0, firmware: 'v2.2.0' }), gamma)).toBe(true);
    expect(appliesLive(reading({ ts: 0, firmware: 'v2.1.8' }), gamma)).toBe(false);
    expect(appliesLive(reading({ ts: 0, firmware: '1.0.36' }), modelById('nerdqaxe++'))).toBe(true);
    expect(appliesLive(reading({ ts: 0, firmware: null }), gamma)).toBe(true);
  });

  it('starts from the settings in force and computes the expected hashrate like the firmware', () => {
    const device = describeDevice({ miner: 'gamma', telemetry: reading({ ts: 0, frequencyMhz: 550, coreVoltageMv: 1120 }), asic: null, ranges: GAMMA_RANGES });
    expect(device.start).toEqual({ frequencyMhz: 550, coreVoltageMv: 1120 });
    expect(device.expectedHashrateGhs({ frequencyMhz: 625, coreVoltageMv: 1100 })).toBeCloseTo(1275, 6);
    expect(device.hasErrorCounter).toBe(true);
    // Without a core count, the firmware's own expected hashrate per MHz scales.
    const unknown = describeDevice({
      miner: 'x', telemetry: reading({ ts: 0, model: null, boardVersion: null, asicModel: null, smallCoreCount: null, expectedHashrateGhs: 1000, frequencyMhz: 500, errorPct: null }),
      asic: null, ranges: GAMMA_RANGES,
    });
    expect(unknown.expectedHashrateGhs({ frequencyMhz: 600, coreVoltageMv: 1100 })).toBeCloseTo(1200, 6);
    expect(unknown.hasErrorCounter).toBe(false);
  });
});
