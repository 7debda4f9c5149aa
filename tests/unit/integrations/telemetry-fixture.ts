import type { Telemetry } from '../../../src/axeos/telemetry.js';

/** A Gamma's poll with round numbers, for tests of what integrations make of it. */
export function sampleTelemetry(overrides: Partial<Telemetry> = {}): Telemetry {
  return {
    ts: Date.UTC(2026, 11, 2, 9, 0, 0), mac: 'AA:BB:CC:00:00:01', hostname: 'gamma', ipv4: '192.168.1.20', model: 'gamma',
    boardVersion: '601', asicModel: 'BM1370', asicCount: 1, smallCoreCount: 2040, firmware: 'v2.12.0',
    hashrateGhs: 1200, hashrate1mGhs: 1200, hashrate10mGhs: 1200, hashrate1hGhs: 1200, expectedHashrateGhs: 1250,
    efficiencyJth: 15, errorPct: 0.5, chipTempC: 55.5, chipTemp2C: null, vrTempC: 60, powerW: 18, inputVoltageV: 5.1, currentA: 3.5,
    coreVoltageMv: 1150, coreVoltageActualMv: 1140, frequencyMhz: 525, fanPct: 60, fanRpm: 4000, autoFan: true, tempTargetC: 60,
    sharesAccepted: 1000, sharesRejected: 2, bestDiff: 4.29e9, bestSessionDiff: 1e6, poolDifficulty: 1000, networkDifficulty: 1.2e14,
    blocksFound: 0, usingFallbackPool: false, poolUrl: 'stratum+tcp://pool.example:3333', poolUser: 'bc1qexample.worker', poolResponseMs: 42,
    uptimeS: 3600, overheat: false, powerFault: null, hardwareFault: null, miningPaused: false, wifiRssi: -55,
    ...overrides,
  };
}
