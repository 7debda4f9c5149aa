/**
 * Every real captured `/api/system/info` answer in the shared fixtures normalizes to values read off the file by
 * hand (rounded as normalize documents: 3 decimals, temperatures 0.01).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAxeOsInfo, normalizeInfo } from '../../../src/axeos/normalize.js';
import type { Telemetry } from '../../../src/axeos/telemetry.js';

const FIXTURES = new URL('../../../../shared/fixtures/axeos/', import.meta.url);
const TS = Date.UTC(2026, 0, 1);

const NOTHING: Telemetry = {
  ts: TS, mac: null, hostname: null, ipv4: null, model: null, boardVersion: null, asicModel: null, asicCount: null,
  smallCoreCount: null, firmware: null, hashrateGhs: null, hashrate1mGhs: null, hashrate10mGhs: null,
  hashrate1hGhs: null, expectedHashrateGhs: null, efficiencyJth: null, errorPct: null, chipTempC: null,
  chipTemp2C: null, vrTempC: null, powerW: null, inputVoltageV: null, currentA: null, coreVoltageMv: null,
  coreVoltageActualMv: null, frequencyMhz: null, fanPct: null, fanRpm: null, autoFan: null, tempTargetC: null,
  sharesAccepted: null, sharesRejected: null, bestDiff: null, bestSessionDiff: null, poolDifficulty: null,
  networkDifficulty: null, blocksFound: null, usingFallbackPool: null, poolUrl: null, uptimeS: null, overheat: null,
  powerFault: null, hardwareFault: null, miningPaused: null, wifiRssi: null, poolUser: null, poolResponseMs: null,
};

const EXPECTED: Record<string, Telemetry> = {
  // Gamma, v2.10.1: string diffs with a space, temp2 0 = no sensor, no asicCount (1071 / (525 × 2040 / 1000) = 1).
  'gamma-BM1370-v2.10.1-1.json': {
    ...NOTHING, mac: '66:F3:55:23:1A:BD', hostname: 'BM1370', model: 'gamma', boardVersion: '601', asicModel: 'BM1370',
    asicCount: 1, smallCoreCount: 2040, firmware: 'v2.10.1', hashrateGhs: 1184.809, expectedHashrateGhs: 1071,
    efficiencyJth: 18.62, chipTempC: 64.13, chipTemp2C: null, vrTempC: 86, powerW: 22.061, inputVoltageV: 5.047,
    currentA: 14.938, coreVoltageMv: 1150, coreVoltageActualMv: 1131, frequencyMhz: 525, fanPct: 100, fanRpm: 5471,
    autoFan: true, tempTargetC: 60, sharesAccepted: 20205, sharesRejected: 24, bestDiff: 2_030_000_000,
    bestSessionDiff: 138_170_000, poolDifficulty: 1000, usingFallbackPool: false, poolUrl: '192.168.1.11:3333',
    uptimeS: 258691, overheat: false, wifiRssi: -35, poolUser: '1PKN98VN2z5gwSGZvGKS2bj8aADZBkyhkZ', poolResponseMs: 22.331,
  },
  // Gamma, v2.12.2: numeric diffs, temp2 -1, rolling hashrates, on the fallback pool.
  'gamma-BM1370-v2.12.2-2.json': {
    ...NOTHING, mac: '10:F5:12:33:BB:F0', hostname: 'bitaxe', ipv4: '10.1.10.111', model: 'gamma', boardVersion: '601',
    asicModel: 'BM1370', asicCount: 1, smallCoreCount: 2040, firmware: 'v2.12.2', hashrateGhs: 1072.241,
    hashrate1mGhs: 1088.935, hashrate10mGhs: 1072.327, hashrate1hGhs: 1071.874, expectedHashrateGhs: 1071,
    efficiencyJth: 17.489, errorPct: 0, chipTempC: 60.13, chipTemp2C: null, vrTempC: 62, powerW: 18.752,
    inputVoltageV: 5.094, currentA: 12.016, coreVoltageMv: 1150, coreVoltageActualMv: 1144, frequencyMhz: 525,
    fanPct: 48.42, fanRpm: 3915, autoFan: true, tempTargetC: 60, sharesAccepted: 4768, sharesRejected: 13,
    bestDiff: 49224525, bestSessionDiff: 2038368, poolDifficulty: 1000, networkDifficulty: 146472570619930,
    blocksFound: 0, usingFallbackPool: true, poolUrl: 'solo.ckpool.org:3333', uptimeS: 18574, overheat: false,
    wifiRssi: -44, poolUser: 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq.bitaxe', poolResponseMs: 188.482,
  },
  // Partial (10 keys kept by the issue author): the model comes from the ASIC alone, so no expected hashrate.
  'gamma-BM1370-v2.14.0-partial-1.json': {
    ...NOTHING, model: 'gamma', asicModel: 'BM1370', asicCount: 1, smallCoreCount: 2040, firmware: 'v2.14.0',
    hashrate1mGhs: 1440, sharesAccepted: 0, sharesRejected: 0, bestSessionDiff: 50774,
    poolUrl: '192.168.178.10:34254', uptimeS: 153,
  },
  // Gamma, v2.7.0 at 850 MHz: no expectedHashrate (850 × 2040 × 1 / 1000 = 1734), stratumDiff, redacted "" fields.
  'gamma-BM1370-v2.7.0-1.json': {
    ...NOTHING, hostname: 'bitaxe', model: 'gamma', boardVersion: '601', asicModel: 'BM1370', asicCount: 1,
    smallCoreCount: 2040, firmware: 'v2.7.0', hashrateGhs: 1670.698, expectedHashrateGhs: 1734, efficiencyJth: 16.968,
    chipTempC: 59.88, vrTempC: 63, powerW: 28.348, inputVoltageV: 5.336, currentA: 19.188, coreVoltageMv: 1220,
    coreVoltageActualMv: 1201, frequencyMhz: 850, fanPct: 29, fanRpm: 1264, autoFan: true, tempTargetC: 60,
    sharesAccepted: 12136, sharesRejected: 191, bestDiff: 5_560_000_000, bestSessionDiff: 89_600_000,
    poolDifficulty: 2330, usingFallbackPool: false, uptimeS: 79342, overheat: false, wifiRssi: -69,
  },
  // Hex dev build v2.0.7: capital-S fanSpeed is RPM, no asicCount/smallCoreCount (board 302 → 6 × 894 cores).
  'hex-BM1366-v2.0.7-48-ge561f60-1.json': {
    ...NOTHING, model: 'hex', boardVersion: '302', asicModel: 'BM1366', asicCount: 6, smallCoreCount: 894,
    firmware: 'v2.0.7-48-ge561f60', hashrateGhs: 2372.758, expectedHashrateGhs: 2816.1, efficiencyJth: 24.592,
    chipTempC: 58, powerW: 58.352, inputVoltageV: 11.906, currentA: 16.281, coreVoltageMv: 1200,
    coreVoltageActualMv: 1194, frequencyMhz: 525, fanPct: 35, fanRpm: 0, autoFan: false, sharesAccepted: 19739,
    sharesRejected: 0, bestDiff: 4_290_000_000, poolUrl: '10.0.55.221:2018', poolUser: 'test.hex', uptimeS: 212115,
  },
  // Supra 4 s after boot: hashRate 0 is a real 0 (so no efficiency), vrTemp 0 = no VR sensor, "0" session diff.
  'supra-BM1368-v2.4.5-3-gb5d1e36-dirty-1.json': {
    ...NOTHING, mac: 'AA:BB:CC:DD:EE:FF', hostname: 'bitaxe', model: 'supra', boardVersion: '401', asicModel: 'BM1368',
    asicCount: 1, smallCoreCount: 1276, firmware: 'v2.4.5-3-gb5d1e36-dirty', hashrateGhs: 0,
    expectedHashrateGhs: 625.24, efficiencyJth: null, chipTempC: 27, vrTempC: null, powerW: 2.65, inputVoltageV: 5.175,
    currentA: 0.521, coreVoltageMv: 1166, coreVoltageActualMv: 1172, frequencyMhz: 490, fanPct: 35, fanRpm: 3517,
    autoFan: true, sharesAccepted: 0, sharesRejected: 0, bestDiff: 483_000, bestSessionDiff: 0, poolDifficulty: 0,
    usingFallbackPool: false, poolUrl: 'btc.example.pool:3333', poolUser: 'asic-rs.test', uptimeS: 4, overheat: false,
  },
};

const fixtureFiles = readdirSync(FIXTURES).filter((name) => name.endsWith('.json')).sort();

function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, FIXTURES)), 'utf8')) as unknown;
}

describe('captured AxeOS answers', () => {
  it('finds the shared fixtures directory', () => {
    expect(fileURLToPath(FIXTURES)).toMatch(/shared[\\/]fixtures[\\/]axeos[\\/]$/);
    expect(fixtureFiles.length).toBeGreaterThan(0);
  });

  it('has hand-written expectations for every fixture file, and none for a file that is gone', () => {
    expect(fixtureFiles).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(fixtureFiles)('%s is recognised as AxeOS and normalizes to the values in the file', (name) => {
    const raw = readFixture(name);
    expect(isAxeOsInfo(raw)).toBe(true);
    if (!isAxeOsInfo(raw)) return;
    expect(normalizeInfo(raw, { ts: TS })).toEqual(EXPECTED[name]);
  });
});
